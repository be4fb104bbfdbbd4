namespace BreakoutBot.Infrastructure.Credentials;

/// <summary>
/// A stored key set cannot be decrypted, almost always because the Data Protection key folder was lost or is not the
/// one the key set was saved with. The message names the key set, never a secret.
/// </summary>
public sealed class OkxKeysUnreadableException : InvalidOperationException
{
    public OkxKeysUnreadableException()
    {
    }

    public OkxKeysUnreadableException(string message)
        : base(message)
    {
    }

    public OkxKeysUnreadableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

namespace BreakoutBot.Infrastructure.Credentials;

/// <summary>Limits that <see cref="OkxKeyStore"/> checks before anything is written.</summary>
public static class OkxKeyRules
{
    public const int MaxOwnerIdLength = 128;
    public const int MaxLabelLength = 64;
    public const int MinApiKeyLength = 8;
    public const int MaxApiKeyLength = 128;
    public const int MinSecretKeyLength = 8;
    public const int MaxSecretKeyLength = 256;
    public const int MaxPassphraseLength = 128;
    public const int MaxTestMessageLength = 500;

    /// <summary>How many key sets one user may keep.</summary>
    public const int MaxKeySetsPerUser = 20;
}

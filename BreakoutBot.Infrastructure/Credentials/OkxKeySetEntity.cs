namespace BreakoutBot.Infrastructure.Credentials;

/// <summary>
/// One user's OKX key set as stored in the <c>OkxKeySets</c> table. <see cref="ApiKey"/>, <see cref="SecretKey"/> and
/// <see cref="Passphrase"/> hold ASP.NET Core Data Protection payloads (see <see cref="OkxKeyStore"/>), never the
/// plain values; only the last four characters of the API key are kept readable, in <see cref="ApiKeyHint"/>.
/// </summary>
public sealed class OkxKeySetEntity
{
    public Guid Id { get; set; }

    /// <summary>The Identity user id of the owner; only the owner can list, use, test or delete the key set.</summary>
    public string OwnerUserId { get; set; } = "";

    /// <summary>The owner's name for the key set, unique per owner (ignoring case).</summary>
    public string Label { get; set; } = "";

    /// <summary>The protected API key.</summary>
    public string ApiKey { get; set; } = "";

    /// <summary>The protected secret key.</summary>
    public string SecretKey { get; set; } = "";

    /// <summary>The protected passphrase.</summary>
    public string Passphrase { get; set; } = "";

    /// <summary>The last four characters of the API key, shown as <c>****abcd</c>.</summary>
    public string ApiKeyHint { get; set; } = "";

    /// <summary>True for an OKX demo-trading key (requests carry <c>x-simulated-trading: 1</c>).</summary>
    public bool IsDemo { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public DateTimeOffset? LastTestedAt { get; set; }

    public bool? LastTestOk { get; set; }

    public string? LastTestMessage { get; set; }
}

namespace BreakoutBot.Infrastructure.Credentials;

/// <summary>What the owner sees of a stored key set: never the key, the secret or the passphrase.</summary>
public sealed record OkxKeySetSummary(
    Guid Id,
    string Label,
    string MaskedApiKey,
    bool IsDemo,
    DateTimeOffset CreatedAt,
    DateTimeOffset? LastTestedAt,
    bool? LastTestOk,
    string? LastTestMessage);

namespace BreakoutBot.Infrastructure.Credentials;

/// <summary>Audit action names for OKX key sets. Entries name the key set and its masked key, never a secret.</summary>
public static class OkxKeyAuditActions
{
    public const string Saved = "okx-keys.saved";
    public const string Deleted = "okx-keys.deleted";
    public const string Tested = "okx-keys.tested";
}

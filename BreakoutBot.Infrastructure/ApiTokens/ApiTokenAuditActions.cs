namespace BreakoutBot.Infrastructure.ApiTokens;

/// <summary>Audit action names for personal access tokens. Entries name the token and its scope, never its value.</summary>
public static class ApiTokenAuditActions
{
    public const string Created = "api-token.created";
    public const string Revoked = "api-token.revoked";
}

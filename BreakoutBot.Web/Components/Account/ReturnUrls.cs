namespace BreakoutBot.Web.Components.Account;

/// <summary>Return URLs after log-in: only paths on this site, so a crafted link cannot send a user elsewhere.</summary>
public static class ReturnUrls
{
    public static string Safe(string? returnUrl)
    {
        if (string.IsNullOrWhiteSpace(returnUrl)
            || !returnUrl.StartsWith('/')
            || returnUrl.StartsWith("//", StringComparison.Ordinal)
            || returnUrl.StartsWith("/\\", StringComparison.Ordinal)
            || returnUrl.StartsWith("/Account/Log", StringComparison.OrdinalIgnoreCase))
        {
            return "/";
        }

        return returnUrl;
    }
}

namespace BreakoutBot.Web.Monitoring;

/// <summary>What <see cref="ScrapeAccess"/> decided about one request to <c>/metrics</c>.</summary>
public enum ScrapeDecision
{
    /// <summary>The right token, or an allow-listed address.</summary>
    Allowed = 0,

    /// <summary>No token, or a wrong one, while a token is configured: 401.</summary>
    Unauthenticated = 1,

    /// <summary>No token is configured and the address is not allow-listed: 403.</summary>
    Forbidden = 2,
}

namespace BreakoutBot.Infrastructure.ApiTokens;

/// <summary>What a personal access token may do on the HTTP API, on top of its owner's role and ownership.</summary>
public enum ApiTokenScope
{
    /// <summary>Read routes only; every command route answers 403.</summary>
    Read = 0,

    /// <summary>Read routes and commands (what the owner's role allows).</summary>
    Control = 1,
}

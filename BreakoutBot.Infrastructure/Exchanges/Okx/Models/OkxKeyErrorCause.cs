namespace BreakoutBot.Infrastructure.Exchanges.Okx.Models;

/// <summary>
/// What an OKX refusal of a key set means, in plain words (wrong secret, wrong passphrase, unknown key, demo/live
/// mismatch, IP whitelist, permission, clock): for the keys page's connection test and for an engine whose account
/// reads are refused. Fixed text only; nothing OKX sent back is repeated.
/// </summary>
public static class OkxKeyErrorCause
{
    /// <summary>
    /// The cause of <paramref name="error"/> when it is a refusal of the key set, else null. <paramref name="isDemo"/>
    /// (the key set's own flag) names which way a demo/live mismatch goes; null when it is not known.
    /// </summary>
    public static string? For(OkxError error, bool? isDemo)
    {
        ArgumentNullException.ThrowIfNull(error);
        return error.Code.Split('_', 2)[0] switch
        {
            "50111" or "50119" => "OKX does not know this API key (invalid or deleted key).",
            "50105" or "50104" => "The passphrase is wrong for this API key.",
            "50113" or "50106" => "OKX rejected the request signature: the secret key is wrong.",
            "50101" => isDemo switch
            {
                true => "This key set is marked demo, but OKX says the key belongs to live trading: untick demo.",
                false => "This key set is marked live, but OKX says the key is a demo-trading key: tick demo.",
                null => "The key set's demo/live setting does not match the key on OKX.",
            },
            "50110" => "This server's IP address is not in the key's IP whitelist on OKX.",
            "50120" => "The key has no permission for this (enable read and trade on OKX).",
            "50102" => "Timestamps are still refused after re-syncing the clock: check this computer's clock.",
            _ => null,
        };
    }
}

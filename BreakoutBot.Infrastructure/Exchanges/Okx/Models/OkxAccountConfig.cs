using System.Text.Json;

namespace BreakoutBot.Infrastructure.Exchanges.Okx.Models;

/// <summary><c>/account/config</c>: account level (1 Spot, 2 Futures, 3 Multi-currency, 4 Portfolio), position mode, uid, permissions.</summary>
public sealed record OkxAccountConfig
{
    public required string Uid { get; init; }

    public string? MainUid { get; init; }

    /// <summary><c>acctLv</c>: "1" Spot mode (cannot trade SWAP), "2" Futures, "3" Multi-currency margin, "4" Portfolio margin.</summary>
    public required string AccountLevel { get; init; }

    /// <summary><c>posMode</c>: net_mode or long_short_mode.</summary>
    public required string PositionMode { get; init; }

    /// <summary><c>perm</c> split at commas: read_only, trade, withdraw.</summary>
    public required IReadOnlyList<string> Permissions { get; init; }

    public string? Label { get; init; }

    public bool? AutoLoan { get; init; }

    public bool IsNetMode => PositionMode == "net_mode";

    public bool CanTrade => Permissions.Contains("trade");

    /// <summary>False in Spot mode (acctLv 1), where SWAP orders are refused.</summary>
    public bool CanTradeDerivatives => AccountLevel is "2" or "3" or "4";

    public static OkxAccountConfig FromJson(JsonElement item) => new()
    {
        Uid = OkxJson.Text(item, "uid"),
        MainUid = OkxJson.TextOrNull(item, "mainUid"),
        AccountLevel = OkxJson.Text(item, "acctLv"),
        PositionMode = OkxJson.Text(item, "posMode"),
        Permissions = OkxJson.Text(item, "perm").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
        Label = OkxJson.TextOrNull(item, "label"),
        AutoLoan = OkxJson.Boolean(item, "autoLoan"),
    };
}

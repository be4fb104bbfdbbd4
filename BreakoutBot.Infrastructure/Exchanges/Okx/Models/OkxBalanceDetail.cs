using System.Text.Json;

namespace BreakoutBot.Infrastructure.Exchanges.Okx.Models;

/// <summary>One currency of <c>/account/balance</c> <c>details[]</c>. Values OKX leaves <c>""</c> (account-mode dependent) are null.</summary>
public sealed record OkxBalanceDetail
{
    public required string Currency { get; init; }

    /// <summary><c>eq</c>: equity of the currency.</summary>
    public decimal? Equity { get; init; }

    /// <summary><c>cashBal</c>: wallet balance.</summary>
    public decimal? CashBalance { get; init; }

    /// <summary><c>availBal</c>: available balance.</summary>
    public decimal? AvailableBalance { get; init; }

    /// <summary><c>availEq</c>: available equity (margin modes).</summary>
    public decimal? AvailableEquity { get; init; }

    /// <summary><c>frozenBal</c>: balance frozen by orders and isolated margin.</summary>
    public decimal? FrozenBalance { get; init; }

    /// <summary><c>upl</c>: unrealised P&amp;L of the currency's positions.</summary>
    public decimal? UnrealizedPnl { get; init; }

    /// <summary><c>isoUpl</c>: unrealised P&amp;L of isolated positions.</summary>
    public decimal? IsolatedUnrealizedPnl { get; init; }

    /// <summary><c>eqUsd</c>: equity in USD.</summary>
    public decimal? EquityUsd { get; init; }

    public bool? CollateralEnabled { get; init; }

    public DateTimeOffset? UpdateTime { get; init; }

    public static OkxBalanceDetail FromJson(JsonElement item) => new()
    {
        Currency = OkxJson.Text(item, "ccy"),
        Equity = OkxJson.Decimal(item, "eq"),
        CashBalance = OkxJson.Decimal(item, "cashBal"),
        AvailableBalance = OkxJson.Decimal(item, "availBal"),
        AvailableEquity = OkxJson.Decimal(item, "availEq"),
        FrozenBalance = OkxJson.Decimal(item, "frozenBal"),
        UnrealizedPnl = OkxJson.Decimal(item, "upl"),
        IsolatedUnrealizedPnl = OkxJson.Decimal(item, "isoUpl"),
        EquityUsd = OkxJson.Decimal(item, "eqUsd"),
        CollateralEnabled = OkxJson.Boolean(item, "collateralEnabled"),
        UpdateTime = OkxJson.Time(item, "uTime"),
    };
}

using System.Text.Json;

namespace BreakoutBot.Infrastructure.Exchanges.Okx.Models;

/// <summary>The account totals of <c>/account/balance</c> (<c>data[0]</c>) with one <see cref="OkxBalanceDetail"/> per currency.</summary>
public sealed record OkxBalance
{
    /// <summary><c>totalEq</c>: total equity in USD.</summary>
    public decimal? TotalEquity { get; init; }

    /// <summary><c>isoEq</c>: isolated margin equity in USD.</summary>
    public decimal? IsolatedEquity { get; init; }

    /// <summary><c>adjEq</c>: adjusted equity (margin modes only).</summary>
    public decimal? AdjustedEquity { get; init; }

    /// <summary><c>upl</c>: account unrealised P&amp;L (margin modes only).</summary>
    public decimal? UnrealizedPnl { get; init; }

    public DateTimeOffset? UpdateTime { get; init; }

    public required IReadOnlyList<OkxBalanceDetail> Details { get; init; }

    /// <summary>The detail for a currency, or null.</summary>
    public OkxBalanceDetail? For(string currency) =>
        Details.FirstOrDefault(detail => string.Equals(detail.Currency, currency, StringComparison.OrdinalIgnoreCase));

    public static OkxBalance FromJson(JsonElement item) => new()
    {
        TotalEquity = OkxJson.Decimal(item, "totalEq"),
        IsolatedEquity = OkxJson.Decimal(item, "isoEq"),
        AdjustedEquity = OkxJson.Decimal(item, "adjEq"),
        UnrealizedPnl = OkxJson.Decimal(item, "upl"),
        UpdateTime = OkxJson.Time(item, "uTime"),
        Details = OkxJson.Array(item, "details").Select(OkxBalanceDetail.FromJson).ToList(),
    };
}

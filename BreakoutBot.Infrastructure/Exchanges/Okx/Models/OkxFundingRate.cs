using System.Text.Json;

namespace BreakoutBot.Infrastructure.Exchanges.Okx.Models;

/// <summary>
/// One settlement of <c>GET /api/v5/public/funding-rate-history</c>: the rate of <see cref="InstrumentId"/> settled at
/// <see cref="FundingTime"/> (<c>fundingTime</c>, Unix ms), as a fraction per settlement (<c>fundingRate</c>, 0.0001 =
/// 1 bp), and the rate actually realised (<c>realizedRate</c>) when OKX gives it.
/// </summary>
public sealed record OkxFundingRate(string InstrumentId, DateTimeOffset FundingTime, decimal FundingRate, decimal? RealizedRate)
{
    /// <summary>
    /// Reads one row. <c>instId</c>, <c>fundingTime</c> and <c>fundingRate</c> are required: a missing, empty or
    /// unreadable value throws <see cref="FormatException"/> naming the field (the response parser turns it into an error).
    /// </summary>
    public static OkxFundingRate FromJson(JsonElement item)
    {
        if (item.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException($"OKX funding-rate row is a {item.ValueKind}, not an object.");
        }
        var instrumentId = OkxJson.TextOrNull(item, "instId")
            ?? throw new FormatException("OKX field 'instId' is required but missing or empty.");
        return new OkxFundingRate(
            instrumentId,
            OkxJson.RequiredTime(item, "fundingTime"),
            OkxJson.RequiredDecimal(item, "fundingRate"),
            OkxJson.Decimal(item, "realizedRate"));
    }
}

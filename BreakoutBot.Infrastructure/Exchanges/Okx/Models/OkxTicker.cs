using System.Text.Json;
using BreakoutBot.Domain.Markets;

namespace BreakoutBot.Infrastructure.Exchanges.Okx.Models;

/// <summary>
/// One ticker (<c>/market/ticker</c>, <c>/market/tickers</c>, WS <c>tickers</c>). <see cref="Volume24h"/> is contracts
/// for derivatives and base currency for SPOT; <see cref="VolumeCurrency24h"/> is base currency for derivatives and
/// quote currency for SPOT.
/// </summary>
public sealed record OkxTicker
{
    public required string InstrumentId { get; init; }

    public required string InstrumentType { get; init; }

    public decimal? Last { get; init; }

    public decimal? LastSize { get; init; }

    public decimal? AskPrice { get; init; }

    public decimal? AskSize { get; init; }

    public decimal? BidPrice { get; init; }

    public decimal? BidSize { get; init; }

    public decimal? Open24h { get; init; }

    public decimal? High24h { get; init; }

    public decimal? Low24h { get; init; }

    public decimal? Volume24h { get; init; }

    public decimal? VolumeCurrency24h { get; init; }

    public decimal? StartOfDayUtc0 { get; init; }

    public required DateTimeOffset Time { get; init; }

    public static OkxTicker FromJson(JsonElement item) => new()
    {
        InstrumentId = OkxJson.Text(item, "instId"),
        InstrumentType = OkxJson.Text(item, "instType"),
        Last = OkxJson.Decimal(item, "last"),
        LastSize = OkxJson.Decimal(item, "lastSz"),
        AskPrice = OkxJson.Decimal(item, "askPx"),
        AskSize = OkxJson.Decimal(item, "askSz"),
        BidPrice = OkxJson.Decimal(item, "bidPx"),
        BidSize = OkxJson.Decimal(item, "bidSz"),
        Open24h = OkxJson.Decimal(item, "open24h"),
        High24h = OkxJson.Decimal(item, "high24h"),
        Low24h = OkxJson.Decimal(item, "low24h"),
        Volume24h = OkxJson.Decimal(item, "vol24h"),
        VolumeCurrency24h = OkxJson.Decimal(item, "volCcy24h"),
        StartOfDayUtc0 = OkxJson.Decimal(item, "sodUtc0"),
        Time = OkxJson.RequiredTime(item, "ts"),
    };

    /// <summary>
    /// 24 h volume in quote currency: <c>volCcy24h</c> for SPOT; for SWAP <c>volCcy24h</c> (coins) × last price.
    /// </summary>
    public decimal Volume24hQuote
    {
        get
        {
            var volumeCurrency = VolumeCurrency24h ?? 0m;
            return InstrumentType == "SPOT" ? volumeCurrency : volumeCurrency * (Last ?? 0m);
        }
    }

    /// <summary>The engine's ticker; missing prices become 0.</summary>
    public Ticker ToTicker() => new(InstrumentId, Last ?? 0m, BidPrice ?? 0m, AskPrice ?? 0m, Volume24hQuote, Time);
}

using BreakoutBot.Infrastructure.Exchanges.Okx.MarketData;
using BreakoutBot.Infrastructure.Exchanges.Okx.Rest;

namespace BreakoutBot.Infrastructure.DataSets;

/// <summary>
/// How long a download takes at OKX's limit, which bounds it: one history-candles request per 100 bars of an instrument,
/// at most 20 requests per 2 s per IP (10 per second). Funding pages (a few per swap, on their own per-instrument limit)
/// are left out.
/// </summary>
public static class DataSetDownloadEstimate
{
    /// <summary>History-candles requests per second OKX allows one IP.</summary>
    public static double RequestsPerSecond => OkxEndpoints.HistoryCandles.PermitsPerWindow / 2.0;

    /// <summary>Requests needed for <paramref name="instruments"/> instruments of <paramref name="barsPerInstrument"/> bars each.</summary>
    public static long Requests(long barsPerInstrument, int instruments) =>
        (barsPerInstrument + OkxHistoryClient.BarsPerRequest - 1) / OkxHistoryClient.BarsPerRequest * instruments;

    /// <summary>The shortest time OKX's limit allows for those requests.</summary>
    public static TimeSpan Duration(long barsPerInstrument, int instruments) =>
        TimeSpan.FromSeconds(Requests(barsPerInstrument, instruments) / RequestsPerSecond);
}

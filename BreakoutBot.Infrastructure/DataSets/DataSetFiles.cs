using System.Globalization;
using System.Text;
using BreakoutBot.Domain.Markets;
using BreakoutBot.Infrastructure.MarketData;

namespace BreakoutBot.Infrastructure.DataSets;

/// <summary>
/// Reads and writes a data set's files in the formats the loaders accept: <c>INSTRUMENT.csv</c> with
/// <see cref="CandleCsvLoader.Header"/> (bar open time in Unix ms, one row per bar, oldest first) and
/// <c>funding/INSTRUMENT.csv</c> with <c>timestamp,funding_rate</c>. Series are keyed by time, so nothing is held twice;
/// each write goes to a temporary file that then replaces the old one, so a file on disk is always whole.
/// </summary>
public static class DataSetFiles
{
    public const string FundingHeader = "timestamp,funding_rate";
    private const string PartialSuffix = ".partial";

    public static string CandlePath(string folder, string instrumentId) => Path.Combine(folder, instrumentId + ".csv");

    public static string FundingPath(string folder, string instrumentId) => Path.Combine(folder, FundingRateSeries.FolderName, instrumentId + ".csv");

    /// <summary>The bars already on disk by open time (empty when there is no file yet).</summary>
    public static SortedDictionary<DateTimeOffset, Candle> ReadCandles(string folder, string instrumentId)
    {
        var path = CandlePath(folder, instrumentId);
        var series = new SortedDictionary<DateTimeOffset, Candle>();
        if (File.Exists(path))
        {
            foreach (var candle in new CandleCsvLoader().LoadFile(path).Candles)
            {
                series[candle.Time] = candle;
            }
        }
        return series;
    }

    public static async Task WriteCandlesAsync(string folder, string instrumentId, IEnumerable<Candle> candles, CancellationToken cancellationToken)
    {
        var text = new StringBuilder(CandleCsvLoader.Header).Append('\n');
        foreach (var c in candles)
        {
            text.Append(c.Time.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture)).Append(',')
                .Append(Number(c.Open)).Append(',').Append(Number(c.High)).Append(',').Append(Number(c.Low)).Append(',')
                .Append(Number(c.Close)).Append(',').Append(Number(c.Volume)).Append('\n');
        }
        await ReplaceAsync(CandlePath(folder, instrumentId), text.ToString(), cancellationToken);
    }

    /// <summary>The funding rates on disk (settlement time → rate as a fraction), empty when there is no file.</summary>
    public static SortedDictionary<DateTimeOffset, decimal> ReadFunding(string folder, string instrumentId)
    {
        var path = FundingPath(folder, instrumentId);
        var rates = new SortedDictionary<DateTimeOffset, decimal>();
        if (File.Exists(path))
        {
            foreach (var (time, bps) in FundingRateSeries.Parse(File.ReadAllLines(path), Path.GetFileName(path)))
            {
                rates[time] = bps / 10_000m;
            }
        }
        return rates;
    }

    public static async Task WriteFundingAsync(string folder, string instrumentId, IEnumerable<KeyValuePair<DateTimeOffset, decimal>> rates, CancellationToken cancellationToken)
    {
        var text = new StringBuilder(FundingHeader).Append('\n');
        foreach (var (time, rate) in rates)
        {
            text.Append(time.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture)).Append(',').Append(Number(rate)).Append('\n');
        }
        var path = FundingPath(folder, instrumentId);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await ReplaceAsync(path, text.ToString(), cancellationToken);
    }

    private static async Task ReplaceAsync(string path, string content, CancellationToken cancellationToken)
    {
        var partial = path + PartialSuffix;
        await File.WriteAllTextAsync(partial, content, new UTF8Encoding(false), cancellationToken);
        File.Move(partial, path, overwrite: true);
    }

    // Without trailing zeros: 43466.40 and 43466.4 are the same price and are written the same way.
    private static string Number(decimal value) => (value / 1.0000000000000000000000000000m).ToString(CultureInfo.InvariantCulture);
}

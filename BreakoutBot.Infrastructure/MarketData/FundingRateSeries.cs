using System.Globalization;
using BreakoutBot.Domain.Common;
using BreakoutBot.Infrastructure.Exchanges.Paper;

namespace BreakoutBot.Infrastructure.MarketData;

/// <summary>
/// Funding rates of perpetual swaps by settlement time, from a <c>funding/</c> folder next to the candle files: one
/// <c>INSTRUMENT.csv</c> per instrument (<c>funding/BTC-USDT-SWAP.csv</c>) with the header
/// <c>timestamp,funding_rate</c>, the settlement time in Unix milliseconds or ISO-8601 UTC and the rate as a fraction
/// per settlement, as OKX's <c>fundingRate</c> (0.0001 = 1 bp). A settlement the file does not list has no rate here
/// (the paper exchange then uses its flat rate). The subfolder keeps these files out of the candle loader's <c>*.csv</c>.
/// </summary>
public sealed class FundingRateSeries : IFundingSchedule
{
    public const string FolderName = "funding";
    private const string Header = "timestamp,funding_rate";
    // Per instrument, the settlement times (UTC ticks, ascending) and their rates in bps.
    private readonly Dictionary<string, (long[] Ticks, decimal[] Bps)> _sorted = new(StringComparer.Ordinal);

    private FundingRateSeries(Dictionary<string, Dictionary<DateTimeOffset, decimal>> ratesBps, string source)
    {
        Source = source;
        foreach (var (instrument, rates) in ratesBps)
        {
            var ticks = new long[rates.Count];
            var bps = new decimal[rates.Count];
            var i = 0;
            foreach (var (time, rate) in rates)
            {
                (ticks[i], bps[i]) = (time.UtcTicks, rate);
                i++;
            }
            Array.Sort(ticks, bps);
            _sorted[instrument] = (ticks, bps);
        }
    }

    /// <summary>A series from rates in bps by instrument and settlement time (files are read by <see cref="LoadFromDataFolder"/>).</summary>
    public static FundingRateSeries Of(string source, IReadOnlyDictionary<string, IReadOnlyDictionary<DateTimeOffset, decimal>> ratesBps)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(source);
        ArgumentNullException.ThrowIfNull(ratesBps);
        var copy = new Dictionary<string, Dictionary<DateTimeOffset, decimal>>(StringComparer.Ordinal);
        foreach (var (instrument, rates) in ratesBps)
        {
            copy[instrument] = new Dictionary<DateTimeOffset, decimal>(rates);
        }
        return new FundingRateSeries(copy, source);
    }

    /// <summary>Names the series in reports: "FUNDING csv (n instruments)".</summary>
    public string Source { get; }

    public IReadOnlyCollection<string> Instruments => _sorted.Keys;

    /// <summary>The rate in bps of the settlement at <paramref name="time"/>, or null when the series has none.</summary>
    public decimal? RateBps(string instrumentId, DateTimeOffset time) =>
        _sorted.TryGetValue(instrumentId, out var series) && Array.BinarySearch(series.Ticks, time.UtcTicks) is var i and >= 0 ? series.Bps[i] : null;

    /// <summary>Loads <c>folder/funding/*.csv</c>; null when the data set has no funding folder or it holds no file.</summary>
    public static FundingRateSeries? LoadFromDataFolder(string folder)
    {
        ArgumentNullException.ThrowIfNull(folder);
        var dir = Path.Combine(folder, FolderName);
        if (!Directory.Exists(dir))
        {
            return null;
        }
        var paths = Directory.GetFiles(dir, "*.csv", SearchOption.TopDirectoryOnly);
        Array.Sort(paths, StringComparer.Ordinal);
        var all = new Dictionary<string, Dictionary<DateTimeOffset, decimal>>(StringComparer.Ordinal);
        foreach (var path in paths)
        {
            all[Path.GetFileNameWithoutExtension(path)] = Parse(File.ReadAllLines(path), FolderName + "/" + Path.GetFileName(path));
        }
        return all.Count == 0 ? null : new FundingRateSeries(all, $"FUNDING csv ({all.Count} instruments)");
    }

    /// <summary>
    /// The settlements of <paramref name="instrumentId"/> in (<paramref name="after"/>, <paramref name="upTo"/>], in time
    /// order: every settlement the series lists, at its own time and rate, whatever the instrument's schedule (every 8 h,
    /// 4 h or hour, or a schedule that changed); and, without a rate, each time of the flat <paramref name="grid"/> (from
    /// 00:00 UTC) the series does not cover: before its first settlement, after its last, or in a gap (no listed
    /// settlement in the grid interval ending there). An instrument without a file gets the grid alone.
    /// </summary>
    public void SettlementsInto(string instrumentId, DateTimeOffset after, DateTimeOffset upTo, TimeSpan grid, List<FundingSettlement> into)
    {
        ArgumentNullException.ThrowIfNull(into);
        var series = _sorted.GetValueOrDefault(instrumentId, ([], []));
        FundingSettlement.MergeInto(series.Ticks, series.Bps, after, upTo, grid, into);
    }

    /// <summary>Largest funding rate accepted either way, as a fraction per settlement (1 = 100 %).</summary>
    public const decimal MaxRate = 1m;

    /// <summary>
    /// Parses the lines of one funding file into settlement time → rate in bps. Every bad line is a
    /// <see cref="DomainException"/> naming the file and line: a time not written as the candle files write theirs
    /// (Unix milliseconds or ISO-8601, from 2000 to 2100), a rate that is not a number or beyond ±<see cref="MaxRate"/>,
    /// or a settlement time that repeats an earlier line.
    /// </summary>
    public static Dictionary<DateTimeOffset, decimal> Parse(IReadOnlyList<string> lines, string sourceName)
    {
        ArgumentNullException.ThrowIfNull(lines);
        if (lines.Count == 0 || !string.Equals(lines[0].Trim(), Header, StringComparison.OrdinalIgnoreCase))
        {
            throw new DomainException($"{sourceName}: the first line must be '{Header}'.");
        }
        var rates = new Dictionary<DateTimeOffset, decimal>();
        var lineOf = new Dictionary<DateTimeOffset, int>();
        for (var i = 1; i < lines.Count; i++)
        {
            var line = lines[i].Trim();
            if (line.Length == 0)
            {
                continue;
            }
            var number = i + 1;
            var parts = line.Split(',');
            if (parts.Length != 2)
            {
                throw Error(sourceName, number, $"expected 'timestamp,funding_rate', got '{Shorten(line)}'.");
            }
            var timeText = parts[0].Trim();
            if (CandleCsvLoader.ParseTimeText(timeText) is not { } time)
            {
                throw Error(sourceName, number, string.Create(CultureInfo.InvariantCulture,
                    $"field 'timestamp' value '{Shorten(timeText)}' is not Unix milliseconds or an ISO-8601 UTC time from {CandleCsvLoader.MinTime:yyyy-MM-dd} to {CandleCsvLoader.MaxTime:yyyy-MM-dd}."));
            }
            var rateText = parts[1].Trim();
            if (!decimal.TryParse(rateText, NumberStyles.Float, CultureInfo.InvariantCulture, out var rate))
            {
                throw Error(sourceName, number, $"field 'funding_rate' value '{Shorten(rateText)}' is not a number.");
            }
            if (Math.Abs(rate) > MaxRate)
            {
                throw Error(sourceName, number, string.Create(CultureInfo.InvariantCulture,
                    $"field 'funding_rate' value '{Shorten(rateText)}' is outside -{MaxRate} to {MaxRate} (a fraction per settlement: 0.0001 = 1 bp)."));
            }
            if (!lineOf.TryAdd(time, number))
            {
                throw Error(sourceName, number, string.Create(CultureInfo.InvariantCulture,
                    $"the timestamp {time.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss'Z'} repeats line {lineOf[time]}; each settlement must appear once."));
            }
            rates[time] = rate * 10_000m;
        }
        return rates;
    }

    private static DomainException Error(string sourceName, int line, string message) =>
        new(string.Create(CultureInfo.InvariantCulture, $"{sourceName} line {line}: {message}"));

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "…";
}

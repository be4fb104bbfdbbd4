using System.Globalization;
using BreakoutBot.Domain.Common;

namespace BreakoutBot.Infrastructure.MarketData;

/// <summary>
/// Funding rates of perpetual swaps by settlement time, from a <c>funding/</c> folder next to the candle files: one
/// <c>INSTRUMENT.csv</c> per instrument (<c>funding/BTC-USDT-SWAP.csv</c>) with the header
/// <c>timestamp,funding_rate</c>, the settlement time in Unix milliseconds or ISO-8601 UTC and the rate as a fraction
/// per settlement, as OKX's <c>fundingRate</c> (0.0001 = 1 bp). A settlement the file does not list has no rate here
/// (the paper exchange then uses its flat rate). The subfolder keeps these files out of the candle loader's <c>*.csv</c>.
/// </summary>
public sealed class FundingRateSeries
{
    public const string FolderName = "funding";
    private const string Header = "timestamp,funding_rate";
    private readonly Dictionary<string, Dictionary<DateTimeOffset, decimal>> _ratesBps;

    private FundingRateSeries(Dictionary<string, Dictionary<DateTimeOffset, decimal>> ratesBps, string source)
    {
        _ratesBps = ratesBps;
        Source = source;
    }

    /// <summary>Names the series in reports: "FUNDING csv (n instruments)".</summary>
    public string Source { get; }

    public IReadOnlyCollection<string> Instruments => _ratesBps.Keys;

    /// <summary>The rate in bps of the settlement at <paramref name="time"/>, or null when the series has none.</summary>
    public decimal? RateBps(string instrumentId, DateTimeOffset time) =>
        _ratesBps.TryGetValue(instrumentId, out var rates) && rates.TryGetValue(time, out var bps) ? bps : null;

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
            all[Path.GetFileNameWithoutExtension(path)] = Parse(File.ReadAllLines(path), path);
        }
        return all.Count == 0 ? null : new FundingRateSeries(all, $"FUNDING csv ({all.Count} instruments)");
    }

    /// <summary>Parses the lines of one funding file into settlement time → rate in bps.</summary>
    public static Dictionary<DateTimeOffset, decimal> Parse(IReadOnlyList<string> lines, string sourceName)
    {
        ArgumentNullException.ThrowIfNull(lines);
        if (lines.Count == 0 || !string.Equals(lines[0].Trim(), Header, StringComparison.OrdinalIgnoreCase))
        {
            throw new DomainException($"{sourceName}: the first line must be '{Header}'.");
        }
        var rates = new Dictionary<DateTimeOffset, decimal>();
        for (var i = 1; i < lines.Count; i++)
        {
            var line = lines[i].Trim();
            if (line.Length == 0)
            {
                continue;
            }
            var parts = line.Split(',');
            if (parts.Length != 2 || ParseTime(parts[0].Trim()) is not { } time
                || !decimal.TryParse(parts[1].Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var rate))
            {
                throw new DomainException($"{sourceName} line {i + 1}: expected 'timestamp,funding_rate', got '{line}'.");
            }
            rates[time] = rate * 10_000m;
        }
        return rates;
    }

    private static DateTimeOffset? ParseTime(string text)
    {
        if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var ms))
        {
            return DateTimeOffset.FromUnixTimeMilliseconds(ms);
        }
        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var t)
            ? t.ToUniversalTime()
            : null;
    }
}

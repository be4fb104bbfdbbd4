using System.Globalization;
using System.Text;
using BreakoutBot.Domain.Common;
using BreakoutBot.Domain.Markets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace BreakoutBot.Infrastructure.MarketData;

/// <summary>
/// Reads candle CSV files: a required header <c>timestamp,open,high,low,close,volume</c>, then one bar per line.
/// The timestamp is the bar's open time, in Unix milliseconds or ISO-8601 (e.g. <c>2022-05-01T00:00:00Z</c>; no offset
/// means UTC); numbers use <c>.</c> as decimal separator (invariant culture). One file per instrument, named by its
/// id (<c>BTC-USDT-SWAP.csv</c>).
/// </summary>
/// <remarks>
/// A malformed line is an error naming the file and line number; nothing is skipped silently. Zero-volume flat bars
/// and time gaps are accepted. Rows must be in strictly increasing time order: a row earlier than or at the same time
/// as the one before it is an error naming file and line, as is a file with the header but no rows. With
/// <c>repair</c> the rows are sorted and exact duplicates (every field equal) dropped, both counted; a repeated
/// timestamp with different values is always an error. Values outside sane bounds are errors too (file, line and field
/// named), so that no reader overflows on them later: times from <see cref="MinTime"/> to before <see cref="MaxTime"/>,
/// prices from <see cref="MinPrice"/> to <see cref="MaxPrice"/>, volume up to <see cref="MaxVolume"/> and close × volume
/// up to <see cref="MaxQuoteVolume"/> (sums of a whole file of bars still fit a decimal). Parsing works on UTF-8 spans
/// without a string per line.
/// </remarks>
public sealed class CandleCsvLoader
{
    public const string Header = "timestamp,open,high,low,close,volume";

    /// <summary>Earliest bar time accepted.</summary>
    public static readonly DateTimeOffset MinTime = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Bar times must be before this.</summary>
    public static readonly DateTimeOffset MaxTime = new(2100, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Smallest price accepted (a price below it makes sizes that overflow).</summary>
    public const decimal MinPrice = 0.000000000001m;

    public const decimal MaxPrice = 1_000_000_000_000m;

    public const decimal MaxVolume = 1_000_000_000_000_000_000m;

    /// <summary>Largest close × volume of one bar: 10^20, so a file of 20 million bars still sums to less than a decimal holds.</summary>
    public const decimal MaxQuoteVolume = 100_000_000_000_000_000_000m;

    private const int FieldCount = 6;
    private static readonly string[] FieldNames = ["timestamp", "open", "high", "low", "close", "volume"];
    private static readonly string[] IsoFormats =
    [
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK",
        "yyyy-MM-dd'T'HH:mmK",
        "yyyy-MM-dd HH:mm:ss.FFFFFFFK",
    ];

    private readonly ILogger _logger;
    private readonly bool _repair;

    /// <param name="logger">Where repairs are reported.</param>
    /// <param name="repair">Sort out-of-order rows and drop exact duplicates instead of refusing the file.</param>
    public CandleCsvLoader(ILogger<CandleCsvLoader>? logger = null, bool repair = false)
    {
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _repair = repair;
    }

    /// <summary>Loads every <c>*.csv</c> file of a folder: instrument id (file name without extension) → sorted candles.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<Candle>> LoadFolder(string folder)
    {
        var result = new Dictionary<string, IReadOnlyList<Candle>>(StringComparer.Ordinal);
        foreach (var file in LoadFiles(folder))
        {
            result.Add(file.InstrumentId, file.Candles);
        }
        return result;
    }

    /// <summary>Loads every <c>*.csv</c> file of a folder, in file-name order, with the per-file counts.</summary>
    public IReadOnlyList<CandleCsvFile> LoadFiles(string folder)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        if (!Directory.Exists(folder))
        {
            throw new DomainException($"Candle folder '{folder}' does not exist.");
        }
        var paths = Directory.GetFiles(folder, "*.csv", SearchOption.TopDirectoryOnly);
        if (paths.Length == 0)
        {
            throw new DomainException($"Candle folder '{folder}' holds no .csv files.");
        }
        Array.Sort(paths, StringComparer.Ordinal);
        return paths.Select(LoadFile).ToArray();
    }

    /// <summary>Loads one file; the instrument id is the file name without its extension.</summary>
    public CandleCsvFile LoadFile(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var file = Parse(File.ReadAllBytes(path), Path.GetFileNameWithoutExtension(path), Path.GetFileName(path), _repair);
        if (file.DuplicatesDropped > 0 || file.RowsReordered > 0)
        {
            _logger.LogWarning(
                "{File}: repaired: sorted {Reordered} out-of-order rows and dropped {Count} exact duplicates",
                Path.GetFileName(path),
                file.RowsReordered,
                file.DuplicatesDropped);
        }
        return file;
    }

    /// <summary>
    /// Parses CSV content (UTF-8, optional BOM). <paramref name="sourceName"/> names the source in errors;
    /// <paramref name="repair"/> sorts rows and drops exact duplicates instead of refusing them.
    /// </summary>
    public static CandleCsvFile Parse(ReadOnlySpan<byte> utf8, string instrumentId, string sourceName, bool repair = false) =>
        ParseCore(utf8, instrumentId, sourceName, repair, null, 0)!;

    /// <summary>
    /// Every problem of the content, one message per bad line (file and line named), at most <paramref name="max"/>;
    /// empty when <see cref="Parse"/> would accept it. For uploads: the user sees all bad lines at once.
    /// </summary>
    public static IReadOnlyList<string> Problems(ReadOnlySpan<byte> utf8, string instrumentId, string sourceName, int max = 200)
    {
        var problems = new List<string>();
        ParseCore(utf8, instrumentId, sourceName, false, problems, Math.Max(1, max));
        return problems;
    }

    // Throws at the first problem, or, with a problem list, records each one and goes on with the next line.
    private static CandleCsvFile? ParseCore(ReadOnlySpan<byte> utf8, string instrumentId, string sourceName, bool repair, List<string>? problems, int max)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(instrumentId);
        if (utf8.StartsWith("\uFEFF"u8))
        {
            utf8 = utf8[3..];
        }

        var candles = new List<Candle>(Math.Max(16, utf8.Length / 40));
        var lines = new List<int>(candles.Capacity);
        var lineNumber = 0;
        var headerSeen = false;
        var blankLine = 0;
        var reordered = 0;
        Span<Range> fields = stackalloc Range[FieldCount + 1];
        while (!utf8.IsEmpty)
        {
            lineNumber++;
            var end = utf8.IndexOf((byte)'\n');
            var line = end < 0 ? utf8 : utf8[..end];
            utf8 = end < 0 ? [] : utf8[(end + 1)..];
            if (!line.IsEmpty && line[^1] == (byte)'\r')
            {
                line = line[..^1];
            }
            if (line.Trim((byte)' ').IsEmpty)
            {
                blankLine = blankLine == 0 ? lineNumber : blankLine;
                continue;
            }
            if (blankLine != 0)
            {
                if (Report(problems, Error(sourceName, blankLine, "the line is empty but data follows it."), max))
                {
                    return null;
                }
                blankLine = 0;
            }
            if (!headerSeen)
            {
                var header = Encoding.UTF8.GetString(line).Trim();
                if (!header.Replace(" ", "", StringComparison.Ordinal).Equals(Header, StringComparison.OrdinalIgnoreCase)
                    && Report(problems, Error(sourceName, lineNumber, $"the header must be '{Header}' (was '{header}')."), max))
                {
                    return null;
                }
                headerSeen = true;
                continue;
            }

            Candle candle;
            try
            {
                candle = ParseLine(line, fields, sourceName, lineNumber);
            }
            catch (DomainException ex) when (problems is not null)
            {
                if (Report(problems, ex, max))
                {
                    return null;
                }
                continue;
            }
            if (candles.Count > 0 && candle.Time <= candles[^1].Time)
            {
                if (!repair)
                {
                    if (Report(problems, Error(sourceName, lineNumber, candle.Time == candles[^1].Time
                        ? $"the timestamp {Iso(candle.Time)} repeats line {lines[^1].ToString(CultureInfo.InvariantCulture)}; each bar must appear once."
                        : $"the timestamp {Iso(candle.Time)} is earlier than line {lines[^1].ToString(CultureInfo.InvariantCulture)} ({Iso(candles[^1].Time)}); rows must be in time order."), max))
                    {
                        return null;
                    }
                    continue;
                }
                if (candle.Time < candles[^1].Time)
                {
                    reordered++;
                }
            }
            candles.Add(candle);
            lines.Add(lineNumber);
        }
        if (!headerSeen)
        {
            Report(problems, Error(sourceName, 1, $"the file is empty; the header '{Header}' is required."), max);
            return null;
        }
        if (candles.Count == 0 && (problems is null || problems.Count == 0))
        {
            Report(problems, new DomainException($"{sourceName}: the file has only the header; at least one candle row is required."), max);
            return null;
        }
        if (problems is not null)
        {
            return null;
        }
        return repair ? Repair(candles, lines, instrumentId, sourceName, reordered) : Counted(instrumentId, [.. candles], 0, 0);
    }

    /// <summary>Sorts (stable, so the first of equal timestamps stays first) and drops exact duplicates; a repeated timestamp with other values is an error.</summary>
    private static CandleCsvFile Repair(List<Candle> candles, List<int> lines, string instrumentId, string sourceName, int reordered)
    {
        var order = Enumerable.Range(0, candles.Count).OrderBy(i => candles[i].Time).ToArray();
        var unique = new List<Candle>(candles.Count);
        var previous = -1;
        foreach (var i in order)
        {
            if (previous >= 0 && candles[i].Time == candles[previous].Time)
            {
                if (candles[i] != candles[previous])
                {
                    throw Error(sourceName, lines[i], string.Create(
                        CultureInfo.InvariantCulture,
                        $"the timestamp {Iso(candles[i].Time)} repeats line {lines[previous]} with different prices or volume; remove one of them (a repair drops only exact duplicates)."));
                }
                continue;
            }
            unique.Add(candles[i]);
            previous = i;
        }
        return Counted(instrumentId, [.. unique], candles.Count - unique.Count, reordered);
    }

    private static CandleCsvFile Counted(string instrumentId, Candle[] candles, int duplicates, int reordered) =>
        new(instrumentId, candles, duplicates, candles.Count(c => c.Volume == 0), reordered);

    private static string Iso(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static Candle ParseLine(ReadOnlySpan<byte> line, Span<Range> fields, string sourceName, int lineNumber)
    {
        var found = SplitFields(line, fields);
        if (found != FieldCount)
        {
            var actual = line.Count((byte)',') + 1;
            throw Error(sourceName, lineNumber, $"expected {FieldCount} fields ({Header}) but found {actual}.");
        }

        var time = ParseTime(line[fields[0]].Trim((byte)' '), sourceName, lineNumber);
        Span<decimal> values = stackalloc decimal[FieldCount - 1];
        for (var i = 1; i < FieldCount; i++)
        {
            var text = line[fields[i]].Trim((byte)' ');
            if (!decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out values[i - 1]))
            {
                throw Error(sourceName, lineNumber, $"field '{FieldNames[i]}' value '{Encoding.UTF8.GetString(text)}' is not a number.");
            }
            var value = values[i - 1];
            var bound = i < FieldCount - 1
                ? value > MaxPrice ? $"above {MaxPrice.ToString(CultureInfo.InvariantCulture)}, the largest price accepted"
                    : value > 0 && value < MinPrice ? $"below {MinPrice.ToString(CultureInfo.InvariantCulture)}, the smallest price accepted" : null
                : value > MaxVolume ? $"above {MaxVolume.ToString(CultureInfo.InvariantCulture)}, the largest volume accepted" : null;
            if (bound is not null)
            {
                throw Error(sourceName, lineNumber, $"field '{FieldNames[i]}' value '{Encoding.UTF8.GetString(text)}' is {bound}.");
            }
        }
        // Divided rather than multiplied: the product of the largest price and volume does not fit a decimal. Only a close
        // above 1 can take a volume within its bound past the limit, and dividing by it cannot overflow (a close of
        // 2e-10 made the quotient larger than a decimal holds).
        if (values[3] > 1 && values[4] > MaxQuoteVolume / values[3])
        {
            throw Error(sourceName, lineNumber, string.Create(CultureInfo.InvariantCulture,
                $"field 'volume' value '{values[4]}' times close {values[3]} is above {MaxQuoteVolume}, the largest quote volume of a bar accepted."));
        }
        try
        {
            return Candle.Create(time, values[0], values[1], values[2], values[3], values[4]);
        }
        catch (DomainException ex)
        {
            throw new DomainException($"{sourceName} line {lineNumber}: {ex.Message}", ex);
        }
    }

    /// <summary>Splits on commas into at most <c>fields.Length</c> ranges; returns how many were found (capped).</summary>
    private static int SplitFields(ReadOnlySpan<byte> line, Span<Range> fields)
    {
        var count = 0;
        var start = 0;
        while (count < fields.Length)
        {
            var comma = line[start..].IndexOf((byte)',');
            if (comma < 0)
            {
                fields[count++] = start..line.Length;
                return count;
            }
            fields[count++] = start..(start + comma);
            start += comma + 1;
        }
        return count;
    }

    private static DateTimeOffset ParseTime(ReadOnlySpan<byte> text, string sourceName, int lineNumber) =>
        TryParseTime(text, out var time) switch
        {
            TimeText.Valid => time,
            TimeText.OutOfRange => throw Error(sourceName, lineNumber, string.Create(CultureInfo.InvariantCulture,
                $"field 'timestamp' value '{Encoding.UTF8.GetString(text)}' is outside {MinTime:yyyy-MM-dd} to {MaxTime:yyyy-MM-dd} (UTC).")),
            _ => throw Error(sourceName, lineNumber,
                $"field 'timestamp' value '{Encoding.UTF8.GetString(text)}' is neither Unix milliseconds nor an ISO-8601 UTC time."),
        };

    /// <summary>
    /// A time written as the candle files write it (Unix milliseconds, or ISO-8601 in the forms above, UTC when no
    /// offset is given), within <see cref="MinTime"/> to before <see cref="MaxTime"/>; null otherwise. For the other
    /// CSV files of a data set (funding rates).
    /// </summary>
    internal static DateTimeOffset? ParseTimeText(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return TryParseTime(Encoding.UTF8.GetBytes(text), out var time) == TimeText.Valid ? time : null;
    }

    private enum TimeText
    {
        Valid,
        Malformed,
        OutOfRange,
    }

    // The one reading of a time field: Unix milliseconds, or ISO-8601 in one of IsoFormats (UTC when no offset is given).
    private static TimeText TryParseTime(ReadOnlySpan<byte> text, out DateTimeOffset time)
    {
        time = default;
        var parsed = false;
        if (!text.IsEmpty && !text.ContainsAnyExceptInRange((byte)'0', (byte)'9'))
        {
            if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var milliseconds)
                && milliseconds <= DateTimeOffset.MaxValue.ToUnixTimeMilliseconds())
            {
                time = DateTimeOffset.FromUnixTimeMilliseconds(milliseconds);
                parsed = true;
            }
        }
        else if (text.Length is > 0 and <= 64)
        {
            Span<char> chars = stackalloc char[64];
            var length = Encoding.UTF8.GetChars(text, chars);
            parsed = DateTimeOffset.TryParseExact(
                chars[..length],
                IsoFormats,
                CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal,
                out time);
        }
        return !parsed ? TimeText.Malformed : time < MinTime || time >= MaxTime ? TimeText.OutOfRange : TimeText.Valid;
    }

    /// <summary>Throws <paramref name="problem"/> when there is no problem list; else records it and says whether the list is full.</summary>
    private static bool Report(List<string>? problems, DomainException problem, int max)
    {
        if (problems is null)
        {
            throw problem;
        }
        problems.Add(problem.Message);
        return problems.Count >= max;
    }

    private static DomainException Error(string sourceName, int lineNumber, string message) =>
        new($"{sourceName} line {lineNumber.ToString(CultureInfo.InvariantCulture)}: {message}");
}

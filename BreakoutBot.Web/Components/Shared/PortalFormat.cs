using System.Globalization;
using System.Text;
using BreakoutBot.Domain.Trading;
using Microsoft.AspNetCore.Identity;

namespace BreakoutBot.Web.Components.Shared;

/// <summary>
/// The one place the portal turns numbers, times and durations into text: every page shows a money amount, a count,
/// an R multiple or a time the same way, always with the invariant culture (whatever the server's culture) and times
/// always in UTC (whatever offset a value carries). It also names the values the portal shows by a machine name
/// elsewhere (why a trade closed, an order's status, the password rules) in the words a trader reads; the API and the
/// report JSON keep the machine names. An engine's mode and commands stay with <see cref="EngineText"/>.
/// </summary>
public static class PortalFormat
{
    private const string MinuteFormat = "yyyy-MM-dd HH:mm";
    private const string SecondFormat = "yyyy-MM-dd HH:mm:ss";
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>A time to the minute, in UTC: "2026-03-01 12:05".</summary>
    public static string Time(DateTimeOffset time) => time.UtcDateTime.ToString(MinuteFormat, Invariant);

    /// <summary>A time to the minute, in UTC ("2026-03-01 12:05"), or <paramref name="none"/> (e.g. "—") when there is none.</summary>
    public static string Time(DateTimeOffset? time, string none) => time is { } t ? Time(t) : none;

    /// <summary>A time to the second, in UTC: "2026-03-01 12:05:07".</summary>
    public static string TimeSeconds(DateTimeOffset time) => time.UtcDateTime.ToString(SecondFormat, Invariant);

    /// <summary>A time to the second, in UTC ("2026-03-01 12:05:07"), or <paramref name="none"/> (e.g. "") when there is none.</summary>
    public static string TimeSeconds(DateTimeOffset? time, string none) => time is { } t ? TimeSeconds(t) : none;

    /// <summary>The time of day to the second, in UTC: "12:05:07".</summary>
    public static string Clock(DateTimeOffset time) => time.UtcDateTime.ToString("HH:mm:ss", Invariant);

    /// <summary>The time of day to the second, in UTC ("12:05:07"), or <paramref name="none"/> (e.g. "—") when there is none.</summary>
    public static string Clock(DateTimeOffset? time, string none) => time is { } t ? Clock(t) : none;

    /// <summary>A calendar month: 2026, 3 → "2026-03".</summary>
    public static string Month(int year, int month) => string.Create(Invariant, $"{year:0000}-{month:00}");

    /// <summary>Money with two decimals and thousands separators: 1234.5 → "1,234.50".</summary>
    public static string Money(decimal value) => value.ToString("N2", Invariant);

    /// <summary>A whole count with thousands separators: 12345 → "12,345".</summary>
    public static string Count(long value) => value.ToString("N0", Invariant);

    /// <summary>A count with its noun, plural unless one: "1 position", "3 positions", "1,200 decisions".</summary>
    public static string Count(long value, string noun) => Count(value, noun, noun + "s");

    /// <summary>
    /// A count with the singular or the plural given, for a plural not made with "s" or words that agree with the count:
    /// (1, "match", "matches") → "1 match"; (1200, "event was", "events were") → "1,200 events were". Never "problem(s)".
    /// </summary>
    public static string Count(long value, string singular, string plural) => Domain.Common.Counted.Of(value, singular, plural);

    /// <summary>
    /// A ratio, an R multiple, a score or a profit factor, with two decimals unless told: 1.5 → "1.50", -0.25 → "-0.25";
    /// a scan score with three: 0.8123 → "0.812".
    /// </summary>
    public static string Ratio(double value, int decimals = 2) => value.ToString(Fixed(decimals), Invariant);

    /// <inheritdoc cref="Ratio(double, int)"/>
    public static string Ratio(decimal value, int decimals = 2) => value.ToString(Fixed(decimals), Invariant);

    /// <summary>A result in R with its sign, two decimals unless told: 1.5 → "+1.50", -0.25 → "-0.25", 0 → "0.00"; one decimal: "+1.0".</summary>
    public static string SignedRatio(double value, int decimals = 2)
    {
        var digits = decimals > 0 ? "0." + new string('0', decimals) : "0";
        return value.ToString($"+{digits};-{digits};{digits}", Invariant);
    }

    /// <summary>A profit factor ("1.85"), or "no loss" when there was no losing trade to divide by.</summary>
    public static string ProfitFactor(double? value) => value is { } pf ? Ratio(pf) : "no loss";

    /// <summary>A fraction as a percentage: 0.1234 → "12.34 %"; with one decimal "12.3 %", with none "12 %".</summary>
    public static string Percent(double fraction, int decimals = 2) => (fraction * 100).ToString(Fixed(decimals), Invariant) + " %";

    /// <summary>Basis points with at most two decimals: 5 → "5 bps", 2.5 → "2.5 bps".</summary>
    public static string Bps(decimal bps) => bps.ToString("0.##", Invariant) + " bps";

    /// <summary>
    /// A price, quantity or fee as traded: up to eight decimals, no trailing zeros, no thousands separators:
    /// 43466.40 → "43466.4", 0.000123456 → "0.00012346".
    /// </summary>
    public static string Amount(decimal value) => value.ToString("0.########", Invariant);

    /// <summary>A price, quantity or fee as traded ("43466.4"), or <paramref name="none"/> (e.g. "") when there is none.</summary>
    public static string Amount(decimal? value, string none) => value is { } v ? Amount(v) : none;

    /// <summary>A price or quantity computed as a double, shown like <see cref="Amount(decimal)"/>: 43466.123456789 → "43466.12345679".</summary>
    public static string Amount(double value) => value.ToString("0.########", Invariant);

    /// <summary>
    /// A measured value (an indicator, a level) to six significant digits, never in exponent notation: 43466.123 →
    /// "43466.1", 618034567 → "618035000", 0.0000123456 → "0.0000123456"; "–" when not measured (NaN).
    /// </summary>
    public static string Measure(double value) => double.IsNaN(value)
        ? "–"
        : double.IsInfinity(value) ? value.ToString(Invariant)
        : double.Parse(value.ToString("G6", Invariant), Invariant).ToString("0.###################", Invariant);

    /// <summary>A size in bytes in the largest unit that fits: "512 B", "12 KB", "3.4 MB", "1.25 GB".</summary>
    public static string Bytes(long bytes) => bytes switch
    {
        >= 1L << 30 => (bytes / (double)(1L << 30)).ToString("F2", Invariant) + " GB",
        >= 1L << 20 => (bytes / (double)(1L << 20)).ToString("F1", Invariant) + " MB",
        >= 1L << 10 => (bytes / (double)(1L << 10)).ToString("F0", Invariant) + " KB",
        _ => bytes.ToString(Invariant) + " B",
    };

    /// <summary>A short span in whole milliseconds: "12 ms".</summary>
    public static string Milliseconds(TimeSpan span) => span.TotalMilliseconds.ToString("0", Invariant) + " ms";

    /// <summary>A span in seconds with at most one decimal: "5 s", "0.3 s", "12.5 s".</summary>
    public static string Seconds(TimeSpan span) => span.TotalSeconds.ToString("0.#", Invariant) + " s";

    /// <summary>An estimate rounded up: seconds under a minute ("45 s"), whole minutes from a minute ("3 min").</summary>
    public static string Duration(TimeSpan span) => span.TotalMinutes >= 1
        ? Math.Ceiling(span.TotalMinutes).ToString("0", Invariant) + " min"
        : Math.Ceiling(span.TotalSeconds).ToString("0", Invariant) + " s";

    /// <summary>
    /// How long ago a heartbeat or lease renewal was (or how long until a lease expires): tenths of a second under two
    /// minutes ("4.0 s"), whole minutes from there ("5 min"); "0 s" when the clocks put it in the future.
    /// </summary>
    public static string Age(TimeSpan span) => span < TimeSpan.Zero ? "0 s"
        : span.TotalSeconds < 120 ? span.TotalSeconds.ToString("0.0", Invariant) + " s"
        : span.TotalMinutes.ToString("0", Invariant) + " min";

    /// <summary>
    /// Why a trade closed, in words, the same in every table and chart: TrailingStop → "Trailing stop",
    /// TakeProfit2 → "Take-profit 2", KillSwitch → "Kill switch".
    /// </summary>
    public static string CloseReason(ExitReason reason) => reason switch
    {
        ExitReason.StopLoss => "Stop loss",
        ExitReason.BreakevenStop => "Breakeven stop",
        ExitReason.TrailingStop => "Trailing stop",
        ExitReason.TakeProfit1 => "Take-profit 1",
        ExitReason.TakeProfit2 => "Take-profit 2",
        ExitReason.MaxHoldTime => "Maximum hold time",
        ExitReason.TimeStop => "Time stop",
        ExitReason.NoProgress => "No progress",
        ExitReason.KillSwitch => "Kill switch",
        ExitReason.Manual => "Manual close",
        ExitReason.EmergencyStop => "Emergency stop",
        ExitReason.Reconciled => "Closed at the exchange (reconciled)",
        _ => Words(reason.ToString()),
    };

    /// <summary>Why a trade closed ("Trailing stop"), or <paramref name="none"/> (e.g. "") while it is open.</summary>
    public static string CloseReason(ExitReason? reason, string none) => reason is { } r ? CloseReason(r) : none;

    /// <summary>
    /// Why a trade closed, from the name a backtest report stores ("TrailingStop" → "Trailing stop"); a name that is
    /// no exit reason is put in words as it is.
    /// </summary>
    public static string CloseReason(string? reason) =>
        reason is { Length: > 0 } && char.IsLetter(reason[0]) && Enum.TryParse<ExitReason>(reason, ignoreCase: false, out var r) && Enum.IsDefined(r)
            ? CloseReason(r)
            : Words(reason ?? "");

    /// <summary>
    /// An order's type in words, named as <see cref="CloseReason(ExitReason)"/> names what it closes: Market → "Market",
    /// Limit → "Limit", StopMarket → "Stop (market)", TakeProfitMarket → "Take-profit (market)".
    /// </summary>
    public static string OrderType(OrderType type) => type switch
    {
        Domain.Trading.OrderType.Market => "Market",
        Domain.Trading.OrderType.Limit => "Limit",
        Domain.Trading.OrderType.StopMarket => "Stop (market)",
        Domain.Trading.OrderType.TakeProfitMarket => "Take-profit (market)",
        _ => Words(type.ToString()),
    };

    /// <summary>A signal's confidence (0.1 to 1) as a whole percentage, the same on every page: 0.48 → "48 %".</summary>
    public static string Confidence(double confidence) => Percent(confidence, 0);

    /// <summary>
    /// A value's name in words, first letter kept and the rest lower-case: PartiallyFilled → "Partially filled",
    /// Buy → "Buy". An order's type has its own labels (<see cref="OrderType"/>).
    /// </summary>
    public static string Words<T>(T value) where T : struct, Enum => Words(value.ToString());

    private static string Words(string name)
    {
        var text = new StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (i > 0 && char.IsUpper(c) && !char.IsUpper(name[i - 1]))
            {
                text.Append(' ').Append(char.ToLowerInvariant(c));
            }
            else
            {
                text.Append(c);
            }
        }
        return text.ToString();
    }

    /// <summary>
    /// The password rules Identity is configured with, as one sentence: "At least 10 characters, with a digit, an
    /// upper-case letter and a lower-case letter, and at least 4 different characters."
    /// </summary>
    public static string PasswordRules(PasswordOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var kinds = new List<string>(4);
        if (options.RequireDigit)
        {
            kinds.Add("a digit");
        }
        if (options.RequireUppercase)
        {
            kinds.Add("an upper-case letter");
        }
        if (options.RequireLowercase)
        {
            kinds.Add("a lower-case letter");
        }
        if (options.RequireNonAlphanumeric)
        {
            kinds.Add("a character that is neither a letter nor a digit");
        }
        var text = new StringBuilder("At least ").Append(Count(options.RequiredLength, "character"));
        if (kinds.Count > 0)
        {
            text.Append(", with ").Append(kinds.Count == 1 ? kinds[0] : string.Join(", ", kinds.Take(kinds.Count - 1)) + " and " + kinds[^1]);
        }
        if (options.RequiredUniqueChars > 1)
        {
            text.Append(kinds.Count > 0 ? ", and at least " : ", at least ").Append(Count(options.RequiredUniqueChars, "different character"));
        }
        return text.Append('.').ToString();
    }

    private static string Fixed(int decimals) => "F" + decimals.ToString(Invariant);
}

using System.Globalization;
using BreakoutBot.Domain.Common;

namespace BreakoutBot.Domain.Scanning;

/// <summary>
/// A filter verdict in words for people: the data-health filter says what is wrong with the data ("stale market data
/// (last candle 3 min old)", "gaps in candles (2 in the last 30 bars)"); the other filters read "name value vs threshold".
/// </summary>
public static class FilterDescriptions
{
    public static string Describe(string name, FilterResult result, ScanResult scan)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(scan);
        if (name == FilterDictionary.Names[FilterDictionary.DataHealth])
        {
            return DataHealth(result, scan);
        }
        return double.IsNaN(result.Value)
            ? $"{name}: {result.Reason}"
            : string.Create(CultureInfo.InvariantCulture, $"{name} {Figures.Text(result.Value)} vs {Figures.Text(result.Threshold)}");
    }

    private static string DataHealth(FilterResult result, ScanResult scan) => result.Reason switch
    {
        MarketScanner.StaleReason => scan.Metrics.LastCandleClose is { } close
            ? $"stale market data (last candle {Age(scan.Time - close)} old)"
            : "stale market data (no candle yet)",
        MarketScanner.TooFewCandlesReason => string.Create(CultureInfo.InvariantCulture, $"too few candles ({result.Value:0} of {result.Threshold:0} needed)"),
        MarketScanner.GapsReason => string.Create(CultureInfo.InvariantCulture, $"gaps in candles ({result.Value:0} in the last {MarketScanner.DataHealthLookbackBars} bars)"),
        MarketScanner.NoDepthReason => "no order-book depth",
        MarketScanner.WideSpreadReason => string.Create(CultureInfo.InvariantCulture, $"spread far too wide ({result.Value:0.#} bps, limit {result.Threshold:0.#})"),
        MarketScanner.NoActivityReason => "no trading activity",
        MarketScanner.HealthyReason => "market data healthy",
        _ => result.Reason,
    };

    /// <summary>An age in the largest whole unit that reads naturally: "45 s", "3 min", "2 h".</summary>
    public static string Age(TimeSpan age)
    {
        var seconds = Math.Max(0, age.TotalSeconds);
        return seconds switch
        {
            < 120 => string.Create(CultureInfo.InvariantCulture, $"{seconds:0} s"),
            < 2 * 3600 => string.Create(CultureInfo.InvariantCulture, $"{Math.Floor(seconds / 60):0} min"),
            _ => string.Create(CultureInfo.InvariantCulture, $"{Math.Floor(seconds / 3600):0} h"),
        };
    }
}

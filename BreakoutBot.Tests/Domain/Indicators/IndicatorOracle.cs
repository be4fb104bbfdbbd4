using System.Globalization;
using System.Text.Json;
using BreakoutBot.Tests.TestSupport;

namespace BreakoutBot.Tests.Domain.Indicators;

/// <summary>
/// Reads the Stock.Indicators reference data in ../shared/data/indicator-oracle: the input quotes
/// (quotes/default.csv) and result series (results/*.standard.json, null during warm-up).
/// </summary>
internal static class IndicatorOracle
{
    public const double Tolerance = 1e-9;

    public static IReadOnlyList<OracleQuote> LoadQuotes()
    {
        var folder = SharedData.RequireFolder("data/indicator-oracle");
        var path = Path.Combine(folder, "quotes", "default.csv");
        var lines = File.ReadAllLines(path);
        lines[0].TrimStart('\uFEFF').ShouldBe("date,open,high,low,close,volume", $"unexpected header in {path}");
        var quotes = new List<OracleQuote>(lines.Length - 1);
        for (var i = 1; i < lines.Length; i++)
        {
            if (lines[i].Length == 0)
            {
                continue;
            }
            var cells = lines[i].Split(',');
            if (cells.Length != 6)
            {
                throw new FormatException($"{path} line {i + 1}: expected 6 cells, got {cells.Length}.");
            }
            quotes.Add(new OracleQuote(
                DateTime.ParseExact(cells[0], "yyyy-MM-dd", CultureInfo.InvariantCulture),
                Number(cells[1], path, i, "open"),
                Number(cells[2], path, i, "high"),
                Number(cells[3], path, i, "low"),
                Number(cells[4], path, i, "close"),
                Number(cells[5], path, i, "volume")));
        }
        return quotes;
    }

    /// <summary>Reads one field of results/{name}.standard.json, checking its timestamps against the quotes.</summary>
    public static double?[] LoadSeries(string name, string field, IReadOnlyList<OracleQuote> quotes)
    {
        var folder = SharedData.RequireFolder("data/indicator-oracle");
        var path = Path.Combine(folder, "results", name + ".standard.json");
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        var rows = document.RootElement;
        rows.GetArrayLength().ShouldBe(quotes.Count, $"{path} must have one row per quote");
        var series = new double?[quotes.Count];
        var i = 0;
        foreach (var row in rows.EnumerateArray())
        {
            var timestamp = DateTime.Parse(row.GetProperty("timestamp").GetString()!, CultureInfo.InvariantCulture);
            timestamp.Date.ShouldBe(quotes[i].Date, $"{path} row {i}: timestamp does not match the quote date");
            if (!row.TryGetProperty(field, out var value))
            {
                throw new FormatException($"{path} row {i}: no field '{field}'.");
            }
            series[i] = value.ValueKind == JsonValueKind.Null ? null : value.GetDouble();
            i++;
        }
        return series;
    }

    /// <summary>
    /// Feeds every quote to <paramref name="update"/>, then checks each bar: where the oracle has a value the
    /// indicator is ready and agrees within a relative tolerance; where the oracle is null it is not ready.
    /// </summary>
    public static void AssertMatches(
        string label,
        double?[] expected,
        IReadOnlyList<OracleQuote> quotes,
        Action<OracleQuote> update,
        Func<bool> isReady,
        Func<double> value,
        double tolerance = Tolerance)
    {
        var compared = 0;
        for (var i = 0; i < quotes.Count; i++)
        {
            update(quotes[i]);
            var ready = isReady();
            if (expected[i] is { } want)
            {
                ready.ShouldBeTrue($"{label}: the oracle has a value at bar {i} ({quotes[i].Date:yyyy-MM-dd}) but the indicator is not ready");
                AssertClose(value(), want, tolerance, $"{label} at bar {i} ({quotes[i].Date:yyyy-MM-dd})");
                compared++;
            }
            else
            {
                ready.ShouldBeFalse($"{label}: the oracle is empty at bar {i} ({quotes[i].Date:yyyy-MM-dd}) but the indicator is ready");
            }
        }
        compared.ShouldBeGreaterThan(quotes.Count / 2, $"{label}: too few oracle values compared");
    }

    public static void AssertClose(double actual, double expected, double tolerance, string what)
    {
        var scale = Math.Max(1, Math.Abs(expected));
        Math.Abs(actual - expected).ShouldBeLessThanOrEqualTo(tolerance * scale, $"{what}: expected {expected.ToString("R", CultureInfo.InvariantCulture)}, got {actual.ToString("R", CultureInfo.InvariantCulture)}");
    }

    private static double Number(string cell, string path, int line, string field)
    {
        if (!double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
        {
            throw new FormatException($"{path} line {line + 1}: {field} '{cell}' is not a number.");
        }
        return value;
    }
}

using System.Globalization;
using System.Text.RegularExpressions;

namespace BreakoutBot.Tests.Web.Metrics;

/// <summary>The samples of one Prometheus text scrape, with a way to sum the series of a name that match some labels.</summary>
public sealed partial class PrometheusScrape
{
    private readonly List<(string Name, Dictionary<string, string> Labels, double Value)> _samples = [];

    public PrometheusScrape(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        Text = text;
        foreach (var line in text.Split('\n'))
        {
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }
            var m = Sample().Match(line);
            if (!m.Success)
            {
                throw new FormatException("Not a Prometheus sample line: " + line);
            }
            var labels = Label().Matches(m.Groups["labels"].Value).ToDictionary(l => l.Groups["k"].Value, l => l.Groups["v"].Value, StringComparer.Ordinal);
            _samples.Add((m.Groups["name"].Value, labels, double.Parse(m.Groups["value"].Value, CultureInfo.InvariantCulture)));
        }
    }

    public string Text { get; }

    /// <summary>The sum of every series named <paramref name="name"/> whose labels include all of <paramref name="labels"/> (0 when none).</summary>
    public double Sum(string name, params (string Key, string Value)[] labels) =>
        _samples.Where(s => s.Name == name && labels.All(l => s.Labels.TryGetValue(l.Key, out var v) && v == l.Value)).Sum(s => s.Value);

    public bool Has(string name) => _samples.Any(s => s.Name == name);

    [GeneratedRegex("""^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?<labels>.*)\})?\s+(?<value>\S+)(\s+\d+)?$""")]
    private static partial Regex Sample();

    [GeneratedRegex(@"(?<k>[a-zA-Z_][a-zA-Z0-9_]*)=""(?<v>(?:[^""\\]|\\.)*)""")]
    private static partial Regex Label();
}

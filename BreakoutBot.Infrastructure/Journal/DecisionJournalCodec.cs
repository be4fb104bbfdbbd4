using System.Text.Json;
using System.Text.Json.Serialization;
using BreakoutBot.Domain.Journal;
using BreakoutBot.Infrastructure.Persistence;

namespace BreakoutBot.Infrastructure.Journal;

/// <summary>
/// The journal row's JSON, kept small because a live engine writes one row per instrument per bar: filters as short
/// keyed objects with values to 6 significant digits and the rule's words only for a filter that did not pass
/// (≈ 0.7 KB a row instead of ≈ 2 KB); levels and signals as they are.
/// </summary>
public static class DecisionJournalCodec
{
    private static readonly JsonSerializerOptions Options = new(PersistenceJson.Options)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        IgnoreReadOnlyProperties = true,
    };

    public static string Encode(DecisionRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var filters = new StoredFilter[record.Filters.Count];
        for (var i = 0; i < filters.Length; i++)
        {
            var f = record.Filters[i];
            filters[i] = new StoredFilter(f.Name, Round(f.Value), Round(f.Threshold), (f.Passed ? 1 : 0) | (f.Available ? 2 : 0), f.Passed ? null : f.Reason);
        }
        return JsonSerializer.Serialize(new StoredDetail(filters, record.NotChecked.Count == 0 ? null : record.NotChecked, record.Levels, record.Signals), Options);
    }

    public static DecisionJournalDetail Decode(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        var stored = JsonSerializer.Deserialize<StoredDetail>(json, Options);
        if (stored is null)
        {
            return new DecisionJournalDetail([], [], [], []);
        }
        var filters = (stored.F ?? []).Select(f => new FilterCheck(f.N, f.V, f.T, (f.S & 1) != 0, (f.S & 2) != 0, f.R ?? "")).ToList();
        return new DecisionJournalDetail(filters, stored.X ?? [], stored.L ?? [], stored.S ?? []);
    }

    private static double Round(double value) =>
        double.IsFinite(value) && value != 0 ? double.Parse(value.ToString("G6", System.Globalization.CultureInfo.InvariantCulture), System.Globalization.CultureInfo.InvariantCulture) : value;

    private sealed record StoredFilter(string N, double V, double T, int S, string? R);

    private sealed record StoredDetail(IReadOnlyList<StoredFilter>? F, IReadOnlyList<string>? X, IReadOnlyList<LevelNote>? L, IReadOnlyList<SignalNote>? S);
}

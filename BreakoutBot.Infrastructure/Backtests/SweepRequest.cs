using System.Globalization;

namespace BreakoutBot.Infrastructure.Backtests;

/// <summary>
/// A sweep: the backtest settings (<see cref="Base"/>: preset, data, in-sample range, costs), one or two preset fields
/// with their values, and optionally a test range for a walk-forward check of every combination.
/// </summary>
public sealed record SweepRequest
{
    public const int MaxCombinations = 100;

    public BacktestRequest Base { get; init; } = new();

    public string Field1 { get; init; } = "";

    /// <summary>Values as typed, comma-separated ("0.01, 0.015, 0.02").</summary>
    public string Values1 { get; init; } = "";

    public string? Field2 { get; init; }

    public string? Values2 { get; init; }

    /// <summary>The out-of-sample range; null: no walk-forward runs.</summary>
    public DateTimeOffset? TestFrom { get; init; }

    public DateTimeOffset? TestTo { get; init; }

    /// <summary>Every combination of the fields' values, or the problems (per field).</summary>
    public (IReadOnlyList<IReadOnlyDictionary<string, decimal>> Combinations, IReadOnlyList<BacktestFieldError> Errors) Combinations()
    {
        var errors = new List<BacktestFieldError>();
        var first = ParseValues(nameof(Values1), Values1, errors);
        if (string.IsNullOrWhiteSpace(Field1))
        {
            errors.Add(new(nameof(Field1), "Choose the field to vary."));
        }
        List<decimal> second = [];
        var two = !string.IsNullOrWhiteSpace(Field2);
        if (two)
        {
            second = ParseValues(nameof(Values2), Values2, errors);
            if (string.Equals(Field1, Field2, StringComparison.Ordinal))
            {
                errors.Add(new(nameof(Field2), "Choose a second field other than the first."));
            }
        }
        var count = first.Count * (two ? Math.Max(1, second.Count) : 1);
        if (count > MaxCombinations)
        {
            errors.Add(new(two ? nameof(Values2) : nameof(Values1), $"{count} combinations; at most {MaxCombinations}."));
        }
        if (TestFrom is { } tf && TestTo is { } tt && tt <= tf)
        {
            errors.Add(new(nameof(TestTo), "The end of the test range must be after its start."));
        }
        if ((TestFrom is null) != (TestTo is null))
        {
            errors.Add(new(TestFrom is null ? nameof(TestFrom) : nameof(TestTo), "Give both ends of the test range, or neither."));
        }
        if (errors.Count > 0)
        {
            return ([], errors);
        }
        var combos = new List<IReadOnlyDictionary<string, decimal>>();
        foreach (var a in first)
        {
            if (!two)
            {
                combos.Add(new Dictionary<string, decimal>(StringComparer.Ordinal) { [Field1] = a });
                continue;
            }
            foreach (var b in second)
            {
                combos.Add(new Dictionary<string, decimal>(StringComparer.Ordinal) { [Field1] = a, [Field2!] = b });
            }
        }
        return (combos, errors);
    }

    private static List<decimal> ParseValues(string field, string? text, List<BacktestFieldError> errors)
    {
        var values = new List<decimal>();
        foreach (var part in (text ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!decimal.TryParse(part, NumberStyles.Number, CultureInfo.InvariantCulture, out var v))
            {
                errors.Add(new(field, $"'{(part.Length > 20 ? part[..20] + "…" : part)}' is not a number."));
                return [];
            }
            if (!values.Contains(v))
            {
                values.Add(v);
            }
        }
        if (values.Count == 0 && !errors.Any(e => e.Field == field))
        {
            errors.Add(new(field, "Give at least one value (comma-separated)."));
        }
        return values;
    }
}

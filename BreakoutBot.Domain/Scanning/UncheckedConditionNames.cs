namespace BreakoutBot.Domain.Scanning;

/// <summary>Names of <see cref="UncheckedConditions"/>, as the filters, score components and signal conditions spell them.</summary>
public static class UncheckedConditionNames
{
    public const string MinOi = "min_oi";
    public const string OiDelta = "oi_delta";
    public const string Correlation = "correlation";
    public const string L2Imbalance = "l2_imbalance";

    private const int Combinations = 16;

    // One list per combination, built once: scan results ask for theirs on every bar.
    private static readonly IReadOnlyList<string>[] Lists = Build();

    /// <summary>The names of the set conditions, in a fixed order (min_oi, oi_delta, correlation, l2_imbalance).</summary>
    public static IReadOnlyList<string> Of(UncheckedConditions conditions) => Lists[(int)conditions & (Combinations - 1)];

    private static IReadOnlyList<string>[] Build()
    {
        var lists = new IReadOnlyList<string>[Combinations];
        for (var mask = 0; mask < Combinations; mask++)
        {
            var names = new List<string>(4);
            var c = (UncheckedConditions)mask;
            if (c.HasFlag(UncheckedConditions.MinOi))
            {
                names.Add(MinOi);
            }
            if (c.HasFlag(UncheckedConditions.OiDelta))
            {
                names.Add(OiDelta);
            }
            if (c.HasFlag(UncheckedConditions.Correlation))
            {
                names.Add(Correlation);
            }
            if (c.HasFlag(UncheckedConditions.L2Imbalance))
            {
                names.Add(L2Imbalance);
            }
            lists[mask] = names.AsReadOnly();
        }
        return lists;
    }
}

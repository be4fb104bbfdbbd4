using System.Runtime.CompilerServices;
using BreakoutBot.Domain.Presets;

namespace BreakoutBot.Domain.Scanning;

/// <summary>
/// A preset's score weights as (component index, weight) pairs, built once per weights dictionary: the scanner scores
/// every instrument on every bar and must neither enumerate a dictionary nor compare names there. An unknown name gets
/// index −1 (no weight).
/// </summary>
public static class CompiledWeights
{
    private static readonly ConditionalWeakTable<IReadOnlyDictionary<string, double>, (int Index, double Weight)[]> Cache = new();

    public static (int Index, double Weight)[] Of(IReadOnlyDictionary<string, double> weights)
    {
        ArgumentNullException.ThrowIfNull(weights);
        return Cache.GetValue(weights, static w => w.Select(p => (IndexOf(p.Key), p.Value)).ToArray());
    }

    private static int IndexOf(string name)
    {
        for (var i = 0; i < ScoreComponents.All.Count; i++)
        {
            if (string.Equals(ScoreComponents.All[i], name, StringComparison.Ordinal))
            {
                return i;
            }
        }
        return -1;
    }
}

using System.Collections;
using System.Diagnostics.CodeAnalysis;
using BreakoutBot.Domain.Presets;

namespace BreakoutBot.Domain.Scanning;

/// <summary>
/// The weighted score components of one instrument (weight × normalised value), keyed by the component names of
/// <see cref="ScoreComponents.All"/>. A flat array with a presence mask behind a read-only dictionary view: built for
/// every instrument on every bar, it must not hash or resize.
/// </summary>
public sealed class ScoreDictionary : IReadOnlyDictionary<string, double>
{
    private static readonly IReadOnlyList<string> Names = ScoreComponents.All.Count == ComponentCount
        ? ScoreComponents.All
        : throw new InvalidOperationException("ScoreDictionary.ComponentCount must equal the number of score components.");
    // Inline in the object (no separate array): one allocation per instrument per bar instead of two.
    private Components _values;
    private int _present;

    [System.Runtime.CompilerServices.InlineArray(ComponentCount)]
    private struct Components
    {
        private double _first;
    }

    private const int ComponentCount = 6;

    /// <summary>The sum of the present components.</summary>
    public double Total { get; private set; }

    public int Count => BitCount(_present);

    public IEnumerable<string> Keys
    {
        get
        {
            for (var i = 0; i < Names.Count; i++)
            {
                if ((_present & (1 << i)) != 0)
                {
                    yield return Names[i];
                }
            }
        }
    }

    public IEnumerable<double> Values
    {
        get
        {
            for (var i = 0; i < Names.Count; i++)
            {
                if ((_present & (1 << i)) != 0)
                {
                    yield return _values[i];
                }
            }
        }
    }

    public double this[string key] => TryGetValue(key, out var v) ? v : throw new KeyNotFoundException($"No score component '{key}'.");

    /// <summary>Sets a component by name; unknown names are ignored (the preset validator refuses them).</summary>
    public bool Set(string key, double weightedValue)
    {
        var i = IndexOf(key);
        if (i < 0)
        {
            return false;
        }
        Set(i, weightedValue);
        return true;
    }

    /// <summary>Sets the component at <paramref name="i"/> (its index in <see cref="ScoreComponents.All"/>).</summary>
    public void Set(int i, double weightedValue)
    {
        if ((_present & (1 << i)) != 0)
        {
            Total -= _values[i];
        }
        _values[i] = weightedValue;
        _present |= 1 << i;
        Total += weightedValue;
    }

    /// <summary>Score components left out because the data source lacks their input (ADR-008).</summary>
    public UncheckedConditions NotChecked { get; private set; }

    /// <summary>Records that a component could not be computed; unknown names and other components are ignored.</summary>
    public void MarkNotAvailable(string key) => MarkNotAvailable(IndexOf(key));

    /// <summary>Marks the component at <paramref name="i"/> as not available from the data source.</summary>
    public void MarkNotAvailable(int i) => NotChecked |= NotCheckedOf(i);

    /// <summary>The condition a component stands for when it is not available (none for components always available).</summary>
    internal static UncheckedConditions NotCheckedOf(int i) => i switch
    {
        ScoreComponentIndex.OiDelta => UncheckedConditions.OiDelta,
        ScoreComponentIndex.Correlation => UncheckedConditions.Correlation,
        _ => UncheckedConditions.None,
    };

    /// <summary>Multiplies every present component by <paramref name="factor"/> (weight renormalisation).</summary>
    public void Scale(double factor)
    {
        Total = 0;
        for (var i = 0; i < ComponentCount; i++)
        {
            if ((_present & (1 << i)) != 0)
            {
                _values[i] *= factor;
                Total += _values[i];
            }
        }
    }

    public bool ContainsKey(string key)
    {
        var i = IndexOf(key);
        return i >= 0 && (_present & (1 << i)) != 0;
    }

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out double value)
    {
        var i = IndexOf(key);
        if (i >= 0 && (_present & (1 << i)) != 0)
        {
            value = _values[i];
            return true;
        }
        value = 0;
        return false;
    }

    public IEnumerator<KeyValuePair<string, double>> GetEnumerator()
    {
        for (var i = 0; i < Names.Count; i++)
        {
            if ((_present & (1 << i)) != 0)
            {
                yield return new KeyValuePair<string, double>(Names[i], _values[i]);
            }
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>Empties this object so a scan can score into it again (only one the scan has not handed out).</summary>
    internal void Clear()
    {
        _values = default;
        _present = 0;
        Total = 0;
        NotChecked = UncheckedConditions.None;
    }

    /// <summary>A copy to hand out (the components are inline, so a shallow copy is a full one).</summary>
    internal ScoreDictionary Copy() => (ScoreDictionary)MemberwiseClone();

    private static int IndexOf(string key) => NameIndex.Of(Names, key);

    private static int BitCount(int v) => System.Numerics.BitOperations.PopCount((uint)v);
}

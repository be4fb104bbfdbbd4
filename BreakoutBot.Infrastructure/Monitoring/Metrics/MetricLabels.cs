using System.Collections.Frozen;
using System.Text;

namespace BreakoutBot.Infrastructure.Monitoring.Metrics;

/// <summary>Label values for enums, snake_case as on the wire ("InsufficientMargin" → "insufficient_margin"), computed once per type.</summary>
public static class MetricLabels
{
    public static string Of<TEnum>(TEnum value)
        where TEnum : struct, Enum =>
        Cache<TEnum>.Names.TryGetValue(value, out var name) ? name : "other";

    /// <summary>"InsufficientMargin" → "insufficient_margin".</summary>
    public static string SnakeCase(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var sb = new StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (char.IsUpper(c) && i > 0)
            {
                sb.Append('_');
            }
            sb.Append(char.ToLowerInvariant(c));
        }
        return sb.ToString();
    }

    private static class Cache<TEnum>
        where TEnum : struct, Enum
    {
        public static readonly FrozenDictionary<TEnum, string> Names =
            Enum.GetValues<TEnum>().Distinct().ToFrozenDictionary(v => v, v => SnakeCase(v.ToString()));
    }
}

namespace BreakoutBot.Domain.Scanning;

/// <summary>Position of a name in a short fixed list of keys (ordinal), or -1; shared by the scanner's flat dictionaries.</summary>
internal static class NameIndex
{
    public static int Of(IReadOnlyList<string> names, string key)
    {
        for (var i = 0; i < names.Count; i++)
        {
            if (string.Equals(names[i], key, StringComparison.Ordinal))
            {
                return i;
            }
        }
        return -1;
    }
}

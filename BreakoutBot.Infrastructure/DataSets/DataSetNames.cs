using System.Text.RegularExpressions;

namespace BreakoutBot.Infrastructure.DataSets;

/// <summary>Rules for data-set names and the instrument ids of their files.</summary>
public static partial class DataSetNames
{
    public const int MaxLength = 80;

    /// <summary>Null when <paramref name="name"/> is a usable data-set name, else why not.</summary>
    public static string? Problem(string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return "Give the data set a name.";
        }
        if (name.Length > MaxLength)
        {
            return $"The name is longer than {MaxLength} characters.";
        }
        return Name().IsMatch(name) ? null : "The name may hold letters, digits, spaces and . _ - ( ) only.";
    }

    /// <summary>True for an OKX-style instrument id such as BTC-USDT-SWAP.</summary>
    public static bool IsInstrumentId(string? id) => id is not null && InstrumentId().IsMatch(id);

    [GeneratedRegex(@"^[\p{L}\p{N} ._\-()]+$")]
    private static partial Regex Name();

    [GeneratedRegex("^[A-Z0-9]{1,20}(-[A-Z0-9]{1,20}){1,3}$")]
    private static partial Regex InstrumentId();
}

using System.Text.RegularExpressions;

namespace BreakoutBot.Domain.Presets;

/// <summary>The free-text and symbol-list rules: length limits, no control characters, instrument id format.</summary>
public static partial class PresetValidator
{
    /// <summary>Longest description accepted (characters).</summary>
    public const int MaxDescriptionLength = 1000;

    /// <summary>Longest target_markets text accepted (characters).</summary>
    public const int MaxTargetMarketsLength = 200;

    /// <summary>Most entries in a symbol white- or blacklist.</summary>
    public const int MaxSymbols = 500;
    /// <summary>Free text: not blank, at most <paramref name="max"/> characters, no control characters other than line breaks and tabs.</summary>
    private static void CheckText(Checker c, string field, string? text, int max)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            c.Add(field, $"{field} must not be empty.");
        }
        else if (text.Length > max)
        {
            c.Add(field, Invariant($"{field} must be at most {max} characters; got {text.Length}."));
        }
        else if (text.Any(ch => char.IsControl(ch) && ch is not ('\n' or '\r' or '\t')))
        {
            c.Add(field, $"{field} must not contain control characters.");
        }
    }

    /// <summary>
    /// Each entry must be an instrument id (<c>BTC-USDT-SWAP</c>: 2..4 groups of A-Z/0-9, up to 20 each, joined by
    /// '-') or a spot pair written the original bot's way (<c>USDT/USD</c>), as the built-in presets' blacklists are.
    /// The message names the entry by index and shows at most its first 40 characters.
    /// </summary>
    private static void CheckSymbols(Checker c, string field, IReadOnlyList<string>? symbols)
    {
        if (symbols is null)
        {
            return;
        }
        if (symbols.Count > MaxSymbols)
        {
            c.Add(field, Invariant($"{field} may list at most {MaxSymbols} symbols; got {symbols.Count}."));
            return;
        }
        for (var i = 0; i < symbols.Count; i++)
        {
            var symbol = symbols[i];
            var entry = Invariant($"{field}[{i}]");
            if (string.IsNullOrWhiteSpace(symbol))
            {
                c.Add(entry, $"{entry} must be a non-empty symbol.");
            }
            else if (!InstrumentId().IsMatch(symbol) && !SpotPair().IsMatch(symbol))
            {
                c.Add(entry, $"{entry} must be an instrument id such as BTC-USDT-SWAP (A-Z and 0-9 groups joined by '-'); got \"{Shown(symbol)}\".");
            }
        }
    }

    /// <summary>A refused value as a message quotes it: at most 40 characters, then "…" (a pasted page is not echoed back).</summary>
    private static string Shown(string value) => value.Length <= 40 ? value : value[..40] + "…";

    [GeneratedRegex("^[A-Z0-9]{1,20}(-[A-Z0-9]{1,20}){1,3}$")]
    private static partial Regex InstrumentId();

    [GeneratedRegex("^[A-Z0-9]{1,20}/[A-Z0-9]{1,20}$")]
    private static partial Regex SpotPair();
}

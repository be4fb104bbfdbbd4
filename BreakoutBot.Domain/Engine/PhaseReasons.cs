using BreakoutBot.Domain.Common;

namespace BreakoutBot.Domain.Engine;

/// <summary>
/// The reasons of the phases that carry counts ("2 of 4 instruments passed the filters"), each written once per count and
/// then reused: a replay goes through these phases on most bars, and the text is the same whenever the counts are.
/// Counts of <see cref="Cached"/> or more are written each time.
/// </summary>
internal static class PhaseReasons
{
    private const int Cached = 64;

    // Written by whichever thread needs a text first; a string is immutable, so a race writes equal texts.
    private static readonly string?[] PassedTexts = new string?[Cached * Cached];
    private static readonly string?[] LevelsTexts = new string?[Cached];
    private static readonly string?[] SignalTexts = new string?[Cached];
    private static readonly string?[] ApprovedTexts = new string?[Cached];
    private static readonly string?[] OpenedTexts = new string?[Cached];

    public static string Passed(int passed, int scanned) =>
        passed is >= 0 and < Cached && scanned is >= 0 and < Cached
            ? PassedTexts[(passed * Cached) + scanned] ??= WritePassed(passed, scanned)
            : WritePassed(passed, scanned);

    public static string LevelsBuilt(int candidates) => Of(LevelsTexts, candidates, static n => "levels built for " + Counted.Of(n, "candidate"));

    public static string Signals(int signals) => Of(SignalTexts, signals, static n => Counted.Of(n, "signal"));

    public static string Approved(int entries) => Of(ApprovedTexts, entries, static n => $"{n} entr{(n == 1 ? "y" : "ies")} approved");

    public static string Opened(int positions) => Of(OpenedTexts, positions, static n => Counted.Of(n, "position") + " opened");

    private static string WritePassed(int passed, int scanned) => $"{passed} of {scanned} instruments passed the filters";

    private static string Of(string?[] texts, int n, Func<int, string> write) =>
        n is >= 0 and < Cached ? texts[n] ??= write(n) : write(n);
}

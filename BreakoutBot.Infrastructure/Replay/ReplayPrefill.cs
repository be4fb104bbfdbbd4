using BreakoutBot.Domain.Markets;
using BreakoutBot.Domain.Presets;
using BreakoutBot.Domain.Scanning;
using BreakoutBot.Infrastructure.MarketData;

namespace BreakoutBot.Infrastructure.Replay;

/// <summary>
/// Scans a replay's bars ahead of it on a spare core, so that the levels the replay is about to read are already in the
/// shared memo of its candle lists (ADR-010, "Ninth round"; the modelled quotes are cheaper to compute than to store, so
/// only which bars were scanned is kept of them, "Sixteenth round"). It has its own clock, market state
/// and scanner over the same candle lists, and no engine: what it stores is what the replay would have computed (the
/// memo answers only for equal inputs: the same bar, window, ATR bit for bit and level rules), so the report is the same
/// byte for byte with or without it. It never waits for the replay, and once the replay catches up it resumes a lead ahead of it.
/// </summary>
public static class ReplayPrefill
{
    /// <summary>How far ahead of the replay the scan resumes once the replay has caught up with it, in bars.</summary>
    public const int Lead = 1_024;

    /// <summary>Runs <paramref name="scanAhead"/> (a call of <see cref="RunAsync"/>) on the thread pool; the task never faults.</summary>
    public static Task InBackground(Func<Task<int>> scanAhead) =>
        Task.Run(async () =>
        {
            try
            {
                await scanAhead();
            }
            catch (Exception)
            {
                // Only a head start is lost: the replay computes whatever the memo does not hold.
            }
        }, CancellationToken.None);

    /// <summary>
    /// Scans every bar from <paramref name="startIndex"/> the replay has not reached yet (<paramref name="replayIndex"/>
    /// says which bar it is at), building the candidates' levels, until <paramref name="stop"/> (the replay finished, or
    /// the core is wanted elsewhere); returns the number of bars scanned.
    /// </summary>
    public static async Task<int> RunAsync(
        IReadOnlyList<Instrument> instruments,
        IReadOnlyDictionary<string, IReadOnlyList<Candle>> candles,
        TradingPreset preset,
        string? benchmarkId,
        IReadOnlyList<DateTimeOffset> timeline,
        int startIndex,
        Func<int> replayIndex,
        CancellationToken stop)
    {
        if (startIndex >= timeline.Count || instruments.Count == 0)
        {
            return 0;
        }
        var clock = new ReplayClock(timeline[startIndex]);
        return await ScanAsync(clock, new ReplayMarketDataProvider(instruments, candles, clock), instruments, preset, benchmarkId, startIndex, replayIndex, stop);
    }

    /// <summary>
    /// <see cref="RunAsync"/> over a provider of <paramref name="instruments"/> already built on <paramref name="clock"/>
    /// (its own: the scan moves it, and it stands at bar <paramref name="startIndex"/> of the provider's timeline).
    /// </summary>
    internal static async Task<int> ScanAsync(
        ReplayClock clock,
        ReplayMarketDataProvider provider,
        IReadOnlyList<Instrument> instruments,
        TradingPreset preset,
        string? benchmarkId,
        int startIndex,
        Func<int> replayIndex,
        CancellationToken stop)
    {
        var timeline = provider.Timeline;
        if (startIndex >= timeline.Count || instruments.Count == 0)
        {
            return 0;
        }
        var scanning = new ScanningManager(provider, benchmarkId) { CatchesUpEveryBar = true, ResultsOnDemand = true };
        scanning.Reconfigure(preset);
        var sentinel = benchmarkId ?? instruments[0].Id;
        var scanned = 0;
        var index = startIndex;
        while (index < timeline.Count && !stop.IsCancellationRequested)
        {
            // The first bar is always scanned: markets are first loaded (their backfill) on the bar the replay's engine
            // first scans, and an ATR started elsewhere would never match. After it, once the replay has caught up, the
            // scan jumps a lead ahead of it (a market brought up later takes every bar since its last one, so it stays
            // the replay's market): the replay computes the bars in between itself, so the two cores share the work.
            if (index > startIndex && replayIndex() is var at && index <= at)
            {
                index = at + Lead;
                continue;
            }
            // A bar some replay of these candles has scanned already (the market scanned first has its quotes modelled
            // there): its levels are in the memo, or were not needed.
            if (index > startIndex && provider.IsModelledAt(sentinel, timeline[index]))
            {
                index++;
                continue;
            }
            clock.SetUtcNow(timeline[index]);
            var scan = await scanning.ScanAsync(preset, stop);
            if (scan.PassedFilters > 0)
            {
                scanning.BuildLevels(scan, preset);
            }
            scanned++;
            index++;
        }
        return scanned;
    }
}

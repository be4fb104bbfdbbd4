using BreakoutBot.Domain.Engine;
using BreakoutBot.Domain.Markets;
using BreakoutBot.Domain.Presets;
using BreakoutBot.Domain.Scanning;
using BreakoutBot.Domain.Trading;
using BreakoutBot.Infrastructure.Engine;
using BreakoutBot.Infrastructure.Exchanges.Paper;
using BreakoutBot.Infrastructure.MarketData;
using Microsoft.Extensions.Logging;

namespace BreakoutBot.Infrastructure.Replay;

/// <summary>
/// Replays stored candles through the full engine in paper mode on a simulated clock: at each bar close the paper
/// exchange first evaluates resting orders on that bar (stops and take-profits on its high/low), then the engine runs
/// its cycles until it rests. Same input, same trades: nothing reads the wall clock or an unseeded random source.
/// </summary>
public sealed partial class ReplayRunner
{
    private readonly ILoggerFactory? _loggerFactory;

    public ReplayRunner(ILoggerFactory? loggerFactory = null)
    {
        _loggerFactory = loggerFactory;
    }

    /// <summary>
    /// Scans ahead of the replay on another core (<see cref="ReplayPrefill"/>), so the levels are
    /// ready when the replay reaches each bar: the same report, sooner, when a core is free. Off by default (one core).
    /// </summary>
    public bool PrefillAhead { get; init; }

    /// <summary>Stops the scan ahead (not the replay): the spare core is wanted elsewhere.</summary>
    public CancellationToken PrefillStandDown { get; init; }

    public async Task<ReplayReport> RunAsync(
        IReadOnlyList<Instrument> instruments,
        IReadOnlyDictionary<string, IReadOnlyList<Candle>> candles,
        TradingPreset preset,
        ReplayOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(preset);
        var results = await RunGroupAsync(instruments, candles, [new ReplayRunSpec(preset, options ?? new ReplayOptions())], cancellationToken);
        if (results[0].Error is { } error)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(error).Throw();
        }
        return results[0].Report!;
    }

    /// <summary>
    /// Derives ahead of time what a replay of <paramref name="preset"/> with <paramref name="options"/> will read of these
    /// candle lists: scans every bar from the replay's first, without an engine, so the levels are in
    /// the lists' shared memo (<see cref="ReplayPrefill"/>, never waiting for a replay). A replay of the same lists is then
    /// faster and reports the same, byte for byte. Returns the number of bars scanned.
    /// </summary>
    public static Task<int> PrepareAsync(
        IReadOnlyList<Instrument> instruments,
        IReadOnlyDictionary<string, IReadOnlyList<Candle>> candles,
        TradingPreset preset,
        ReplayOptions options,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(preset);
        ArgumentNullException.ThrowIfNull(options);
        (instruments, candles) = Window(instruments, candles, options);
        var clock = new ReplayClock(FirstOpen(candles));
        var provider = new ReplayMarketDataProvider(instruments, candles, clock);
        var benchmark = ScanningManager.ChooseBenchmark(instruments, options.BenchmarkInstrumentId);
        var scanPreset = benchmark is not null && !options.TradeBenchmark ? ExcludeFromTrading(preset, benchmark.Id) : preset;
        var startIndex = FirstTradedBar(provider.Timeline, options.From);
        if (startIndex < provider.Timeline.Count)
        {
            clock.SetUtcNow(provider.Timeline[startIndex]);
        }
        return ReplayPrefill.ScanAsync(clock, provider, instruments, scanPreset, benchmark?.Id, startIndex, static () => -1, cancellationToken);
    }

    /// <summary>
    /// Replays several presets over the same candles in one pass (a sweep's runs): one clock, one market state and one
    /// scan per bar shared by every run, each run with its own engine and paper account, so each report is byte for byte
    /// the report of the same run alone (ADR-010, "Seventh round"). The runs must agree on what the scan reads
    /// (<see cref="ReplayGroups.CanShareScan"/>). A run that fails or is cancelled through its own token ends alone with
    /// its error; <paramref name="cancellationToken"/> cancels them all.
    /// </summary>
    public async Task<IReadOnlyList<ReplayRunResult>> RunGroupAsync(
        IReadOnlyList<Instrument> instruments,
        IReadOnlyDictionary<string, IReadOnlyList<Candle>> candles,
        IReadOnlyList<ReplayRunSpec> runs,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(instruments);
        ArgumentNullException.ThrowIfNull(candles);
        ArgumentNullException.ThrowIfNull(runs);
        if (runs.Count == 0)
        {
            return [];
        }
        ReplayGroups.EnsureShareable(runs);
        var shared = runs[0].Options;
        (instruments, candles) = Window(instruments, candles, shared);
        var first = FirstOpen(candles);
        var clock = new ReplayClock(first);
        var provider = new ReplayMarketDataProvider(instruments, candles, clock);
        var benchmark = ScanningManager.ChooseBenchmark(instruments, shared.BenchmarkInstrumentId);
        // One scan per bar for the whole group: the runs agree on everything it reads, and a bar's scan is the same
        // whichever run asks first (a run alone computes it itself).
        // Results built on demand: the engines read each scan within the bar it ran on, and an observer (a journal, an
        // explanation) reads a scan's results during its event (ReplayOptions.Observer); nothing reads them later.
        var scanning = new ScanningManager(provider, benchmark?.Id)
        {
            SharesScansPerBar = runs.Count > 1,
            CatchesUpEveryBar = true,
            ResultsOnDemand = true,
        };
        var timeline = provider.Timeline;
        var startIndex = FirstTradedBar(timeline, shared.From);
        var endIndex = timeline.Count;
        while (shared.StopAfter is { } stopAfter && endIndex > startIndex && timeline[endIndex - 1] > stopAfter)
        {
            endIndex--;
        }
        var traded = endIndex - startIndex;

        var group = new List<ReplayRun>(runs.Count);
        var results = new ReplayRunResult[runs.Count];
        var replayAt = startIndex;
        CancellationTokenSource? prefillStop = null;
        Task? prefill = null;
        try
        {
            TradingPreset? canonical = null;
            foreach (var spec in runs)
            {
                var preset = benchmark is not null && !spec.Options.TradeBenchmark ? ExcludeFromTrading(spec.Preset, benchmark.Id) : spec.Preset;
                // The same scan settings as objects too, so the shared scanner's caches (keyed by reference) serve every run.
                canonical ??= preset;
                preset = ReplayGroups.WithScanSettingsOf(preset, canonical);
                var paper = ReplayPaper.Create(instruments, clock, provider, ReplayPaper.OptionsFor(preset, spec.Options));
                if (spec.Options.Funding is { } funding)
                {
                    paper.UseFundingSchedule(funding);
                }
                var engine = EngineAssembly.Create(
                    "replay", provider, paper, clock, new FixedPresetSource(preset), _loggerFactory, benchmarkInstrumentId: benchmark?.Id, scanning: scanning);
                group.Add(new ReplayRun(spec, preset, paper, engine, traded, cancellationToken));
            }

            if (PrefillAhead && canonical is not null && traded > 1)
            {
                prefillStop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, PrefillStandDown);
                var (scanPreset, stop) = (canonical, prefillStop.Token);
                prefill = ReplayPrefill.InBackground(() => ReplayPrefill.RunAsync(
                    instruments, candles, scanPreset, benchmark?.Id, timeline, startIndex, () => Volatile.Read(ref replayAt), stop));
            }
            var stepper = new ReplayStepper(clock, provider, group.Select(r => r.Paper).ToArray(), instruments);
            long steps = 0;
            for (var index = startIndex; index < endIndex && group.Exists(r => r.Error is null); index++)
            {
                Volatile.Write(ref replayAt, index);
                var closeTime = timeline[index];
                cancellationToken.ThrowIfCancellationRequested();
                steps += stepper.StepTo(closeTime);
                var done = index - startIndex + 1;
                foreach (var run in group)
                {
                    if (run.Error is not null)
                    {
                        continue;
                    }
                    try
                    {
                        await run.StepAsync(closeTime, done, run.Token);
                    }
                    catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
                    {
                        run.Error = ex;
                    }
                }
            }

            // Nothing is left to scan ahead for: the core goes back before the reports are built.
            await StopPrefillAsync(prefillStop, prefill);
            var facts = new ReplayGroupFacts(
                instruments.Select(i => i.Id).ToList(),
                traded > 0 ? timeline[startIndex] : first,
                traded > 0 ? timeline[endIndex - 1] : first,
                benchmark?.Id);
            for (var i = 0; i < group.Count; i++)
            {
                var run = group[i];
                if (run.Error is null)
                {
                    try
                    {
                        results[i] = new ReplayRunResult(await run.FinishAsync(facts, steps, run.Token), null);
                        continue;
                    }
                    catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
                    {
                        run.Error = ex;
                    }
                }
                results[i] = new ReplayRunResult(null, run.Error);
            }
            return results;
        }
        finally
        {
            await StopPrefillAsync(prefillStop, prefill);
            prefillStop?.Dispose();
            foreach (var run in group)
            {
                run.Dispose();
            }
        }
    }

    private static async Task StopPrefillAsync(CancellationTokenSource? stop, Task? prefill)
    {
        if (prefill is not null)
        {
            await stop!.CancelAsync();
            await prefill;
        }
    }

    /// <summary>
    /// The candles a replay may read: none closing after <see cref="ReplayOptions.To"/>, and from
    /// <see cref="ReplayOptions.From"/> only the warm-up history a live engine started then would load. Instruments
    /// with no candle left are dropped.
    /// </summary>
    private static (IReadOnlyList<Instrument>, IReadOnlyDictionary<string, IReadOnlyList<Candle>>) Window(
        IReadOnlyList<Instrument> instruments, IReadOnlyDictionary<string, IReadOnlyList<Candle>> candles, ReplayOptions options)
    {
        if (options.From is null && options.To is null)
        {
            return (instruments, candles);
        }
        if (options.From is { } f && options.To is { } t && t < f)
        {
            throw new ArgumentException($"The replay range ends ({t:yyyy-MM-dd HH:mm}) before it starts ({f:yyyy-MM-dd HH:mm}).", nameof(options));
        }
        var earliestOpen = options.From is { } from ? from - (Candle.Interval * (ScanningManager.BackfillBars + 1)) : DateTimeOffset.MinValue;
        var latestOpen = options.To is { } to ? to - Candle.Interval : DateTimeOffset.MaxValue;
        var sliced = new Dictionary<string, IReadOnlyList<Candle>>(StringComparer.Ordinal);
        foreach (var (id, series) in candles)
        {
            // The same list for the same range each time, so replays of one range share what the first derived from it.
            var kept = ReplaySlices.Of(series, earliestOpen, latestOpen);
            if (kept.Count > 0)
            {
                sliced[id] = kept;
            }
        }
        return (instruments.Where(i => sliced.ContainsKey(i.Id)).ToList(), sliced);
    }

    /// <summary>The earliest bar's open time over all lists (the clock's start), or the Unix epoch when there is none.</summary>
    private static DateTimeOffset FirstOpen(IReadOnlyDictionary<string, IReadOnlyList<Candle>> candles) =>
        candles.Values.Where(c => c.Count > 0).Select(c => c[0].Time).DefaultIfEmpty(DateTimeOffset.UnixEpoch).Min();

    private static int FirstTradedBar(IReadOnlyList<DateTimeOffset> timeline, DateTimeOffset? from)
    {
        if (from is null)
        {
            return 0;
        }
        var i = 0;
        while (i < timeline.Count && timeline[i] < from.Value)
        {
            i++;
        }
        return i;
    }

    private static TradingPreset ExcludeFromTrading(TradingPreset preset, string instrumentId)
    {
        var black = new List<string>(preset.ScannerConfig.SymbolBlacklist ?? []) { instrumentId };
        return preset with { ScannerConfig = preset.ScannerConfig with { SymbolBlacklist = black } };
    }

    private sealed class FixedPresetSource(TradingPreset preset) : Domain.Abstractions.IPresetSource
    {
        public TradingPreset? Find(string name) => string.Equals(name, preset.Name, StringComparison.Ordinal) ? preset : null;
    }
}

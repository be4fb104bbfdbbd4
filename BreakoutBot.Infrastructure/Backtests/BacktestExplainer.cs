using System.Security.Claims;
using BreakoutBot.Domain.Engine;
using BreakoutBot.Domain.Markets;
using BreakoutBot.Domain.Scanning;
using BreakoutBot.Domain.Signals;
using BreakoutBot.Infrastructure.Persistence;
using BreakoutBot.Infrastructure.Presets;
using BreakoutBot.Infrastructure.Replay;
using Microsoft.EntityFrameworkCore;

namespace BreakoutBot.Infrastructure.Backtests;

/// <summary>
/// Answers "why (not) this instrument at this time?" for a finished backtest by replaying it, deterministically and
/// with the same engine code, up to that bar (nothing later is read) and keeping what the engine decided there: the
/// engine's state, the instrument's scan result (every filter's value against its threshold), its levels, and the
/// signals with their conditions and the risk decision.
/// </summary>
public sealed class BacktestExplainer(IDbContextFactory<BreakoutBotDbContext> contexts, IPresetStore presets, BacktestData data)
{
    public async Task<BacktestExplanation?> ExplainAsync(ClaimsPrincipal user, long runId, string instrumentId, DateTimeOffset time, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var run = await db.Set<BacktestRunEntity>().AsNoTracking().Select(BacktestService.WithoutReport).FirstOrDefaultAsync(b => b.Id == runId, cancellationToken);
        if (run is null || !BacktestRuns.CanView(user, run.OwnerId) || run.Status != BacktestStatus.Succeeded)
        {
            return null;
        }
        // The preset exactly as the backtest replayed it (its version with a sweep's overrides).
        var preset = await BacktestRuns.PresetOfAsync(presets, run, cancellationToken);
        var (set, funding) = await data.LoadAsync(run, cancellationToken);
        if (!set.Candles.ContainsKey(instrumentId))
        {
            return new BacktestExplanation(instrumentId, time, null, null, [], $"{instrumentId} is not in this backtest's data.");
        }
        // The bar closing at or just before the time asked about (bars close on 5-minute boundaries).
        var bar = DateTimeOffset.FromUnixTimeMilliseconds(time.ToUnixTimeMilliseconds() / (long)Candle.Interval.TotalMilliseconds * (long)Candle.Interval.TotalMilliseconds);
        if (run.From is { } from && bar < from || run.To is { } to && bar > to)
        {
            return new BacktestExplanation(instrumentId, bar, null, null, [], "The time is outside the backtest's range.");
        }

        ScanResult? scan = null;
        string? state = null;
        var done = false;
        var signals = new List<SignalEvent>();
        var opened = new List<PositionOpenedEvent>();
        var options = new ReplayOptions
        {
            StartingBalance = run.StartingBalance,
            TakerFeeBps = run.TakerFeeBps,
            MakerFeeBps = run.MakerFeeBps,
            SlippageBps = run.SlippageBps,
            FundingRateBps = run.FundingRateBps,
            Funding = funding,
            From = run.From,
            // The backtest's own range, stopped at the bar: the same candle lists as the backtest, so the replay reads the
            // levels it derived instead of deriving them again (nothing after the bar is read either way).
            To = run.To,
            StopAfter = bar,
            Observer = e =>
            {
                switch (e)
                {
                    case StateChangedEvent changed when changed.Time <= bar && !done:
                        state = changed.Transition.To.ToWireName();
                        break;
                    case ScanCompletedEvent s when s.Scan.Time == bar:
                        scan = s.Scan.Results.FirstOrDefault(r => r.InstrumentId == instrumentId);
                        done = true;
                        break;
                    case SignalEvent sig when sig.Signal.InstrumentId == instrumentId && sig.Time == bar:
                        signals.Add(sig);
                        break;
                    case PositionOpenedEvent open when open.Position.InstrumentId == instrumentId:
                        opened.Add(open);
                        break;
                }
            },
        };
        await Task.Run(() => new ReplayRunner().RunAsync(set.Instruments, set.Candles, preset, options, cancellationToken), cancellationToken);
        // An entry placed on an earlier bar (a resting limit, a slice) opens the position when it fills.
        var entry = opened.LastOrDefault(o => o.Time == bar || o.Position.OpenedAt == bar);
        var verdict = entry is null
            ? Verdict(scan, signals, state)
            : $"Traded: a {entry.Position.Strategy} {entry.Position.Side} position opened at {entry.Position.EntryPrice} (signal of {entry.Time:yyyy-MM-dd HH:mm} UTC).";
        return new BacktestExplanation(instrumentId, bar, state, scan, signals, verdict);
    }

    private static string Verdict(ScanResult? scan, List<SignalEvent> signals, string? state)
    {
        if (signals.FirstOrDefault(s => s.Status == SignalStatus.Executed) is { } done)
        {
            return $"Traded: a {done.Signal.Strategy} {done.Signal.Side} signal was executed.";
        }
        if (signals.FirstOrDefault(s => s.Status == SignalStatus.Rejected) is { } rejected)
        {
            return $"A {rejected.Signal.Strategy} signal was rejected: {rejected.Reason}.";
        }
        if (signals.Count > 0)
        {
            return $"A {signals[0].Signal.Strategy} signal was {signals[^1].Status.ToString().ToLowerInvariant()}{(signals[^1].Reason is { } r ? ": " + r : "")}.";
        }
        if (scan is null)
        {
            return state is null ? "The engine had not started at that bar." : $"Not scanned at that bar: the engine was {state}.";
        }
        var failed = scan.Filters.Where(f => f.Value.Failed).Select(f => f.Key).ToList();
        if (failed.Count > 0)
        {
            return "Rejected by the scanner: " + string.Join(", ", failed) + " failed.";
        }
        return scan.Levels.Count == 0
            ? "Passed every filter, but no signal: no valid level near the price, or the signal conditions were not met."
            : "Passed every filter and had levels, but no signal condition was met at that bar.";
    }
}

/// <summary>What the engine saw and decided for one instrument at one bar of a backtest.</summary>
public sealed record BacktestExplanation(string Instrument, DateTimeOffset Bar, string? EngineState, ScanResult? Scan, IReadOnlyList<SignalEvent> Signals, string Verdict);

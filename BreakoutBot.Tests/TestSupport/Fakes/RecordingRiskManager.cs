using System.Collections.Concurrent;
using BreakoutBot.Domain.Abstractions;
using BreakoutBot.Domain.Markets;
using BreakoutBot.Domain.Presets;
using BreakoutBot.Domain.Risk;
using BreakoutBot.Domain.Signals;

namespace BreakoutBot.Tests.TestSupport.Fakes;

/// <summary>Delegates to a real risk manager and keeps every decision it made, keyed by signal id (what SIZING approved).</summary>
public sealed class RecordingRiskManager(IRiskManager inner) : IRiskManager
{
    private readonly ConcurrentDictionary<string, RiskDecision> _decisions = new(StringComparer.Ordinal);

    public IReadOnlyDictionary<string, RiskDecision> Decisions => _decisions;

    public KillSwitchState KillSwitch => inner.KillSwitch;

    public int ConsecutiveLosses => inner.ConsecutiveLosses;

    public RiskSnapshot Observe(decimal equity, DateTimeOffset now, RiskConfig config) => inner.Observe(equity, now, config);

    public KillSwitchState ObserveEquity(decimal equity, DateTimeOffset now, RiskConfig config) => inner.ObserveEquity(equity, now, config);

    public RiskSnapshot Snapshot() => inner.Snapshot();

    public int FreeSlots(RiskConfig config, int activePositions) => inner.FreeSlots(config, activePositions);

    public void RecordClosedTrade(decimal netPnl, double pnlR, DateTimeOffset closedAt) => inner.RecordClosedTrade(netPnl, pnlR, closedAt);

    public KillSwitchState Trigger(string reason, DateTimeOffset now) => inner.Trigger(reason, now);

    public void Reset() => inner.Reset();

    public void Restore(RiskDayState? day, KillSwitchState killSwitch) => inner.Restore(day, killSwitch);

    public IReadOnlyList<RiskDecision> Evaluate(
        IReadOnlyList<Signal> signals,
        PortfolioView portfolio,
        TradingPreset preset,
        decimal equity,
        Func<string, Instrument?> instruments,
        Func<string, OrderBookSummary?> books)
    {
        var decisions = inner.Evaluate(signals, portfolio, preset, equity, instruments, books);
        foreach (var d in decisions)
        {
            _decisions[d.Signal.Id] = d;
        }
        return decisions;
    }
}

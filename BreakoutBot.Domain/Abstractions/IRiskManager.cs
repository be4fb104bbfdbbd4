using BreakoutBot.Domain.Markets;
using BreakoutBot.Domain.Presets;
using BreakoutBot.Domain.Risk;
using BreakoutBot.Domain.Signals;

namespace BreakoutBot.Domain.Abstractions;

/// <summary>Sizing, portfolio limits, daily counters and the kill switch.</summary>
public interface IRiskManager
{
    KillSwitchState KillSwitch { get; }

    int ConsecutiveLosses { get; }

    /// <summary>Feeds the current equity: rolls the day at 00:00 UTC, updates counters and fires the kill switch when a limit is hit.</summary>
    RiskSnapshot Observe(decimal equity, DateTimeOffset now, RiskConfig config);

    /// <summary>
    /// <see cref="Observe"/> for a caller that needs only the kill switch (the engine's cycle, on every bar): the same
    /// counters and limits, without building a snapshot (<see cref="Snapshot"/> builds it when read).
    /// </summary>
    KillSwitchState ObserveEquity(decimal equity, DateTimeOffset now, RiskConfig config);

    RiskSnapshot Snapshot();

    /// <summary>
    /// Entry slots still free under the preset's <c>max_concurrent_positions</c> with <paramref name="activePositions"/>
    /// open or opening (never negative). The one place the slot rule lives: the pipeline asks before scanning, the
    /// status shows it, and <see cref="Evaluate"/> applies the same limit per signal.
    /// </summary>
    int FreeSlots(RiskConfig config, int activePositions);

    void RecordClosedTrade(decimal netPnl, double pnlR, DateTimeOffset closedAt);

    /// <summary>Fires the kill switch by hand (operator command).</summary>
    KillSwitchState Trigger(string reason, DateTimeOffset now);

    /// <summary>
    /// Puts back what was stored before a restart (before the first observation): the day's counters (null: none were
    /// stored, the next observation starts the day) and the kill switch, which stays fired until <see cref="Reset"/>.
    /// </summary>
    void Restore(RiskDayState? day, KillSwitchState killSwitch);

    /// <summary>Re-arms the kill switch and clears the losing streak (operator reset).</summary>
    void Reset();

    IReadOnlyList<RiskDecision> Evaluate(
        IReadOnlyList<Signal> signals,
        PortfolioView portfolio,
        TradingPreset preset,
        decimal equity,
        Func<string, Instrument?> instruments,
        Func<string, OrderBookSummary?> books);
}

using BreakoutBot.Domain.Positions;
using BreakoutBot.Domain.Presets;
using BreakoutBot.Domain.Risk;
using BreakoutBot.Domain.Trading;

namespace BreakoutBot.Domain.Abstractions;

/// <summary>
/// Owns the engine's positions: opens them from approved entries, applies exchange fills, keeps the protective stop
/// and take-profit orders resting, moves the stop (breakeven, chandelier trailing), enforces it, and closes on time
/// rules. Every exit is a real order to the exchange.
/// </summary>
public interface IPositionManager
{
    IReadOnlyList<Position> OpenPositions { get; }

    IReadOnlyList<Position> ClosedPositions { get; }

    /// <summary>Positions closed by this engine (including those closed before a restart).</summary>
    int ClosedCount { get; }

    /// <summary>Net realised P&amp;L (after fees) of every closed position (including those closed before a restart).</summary>
    decimal RealizedNetPnl { get; }

    /// <summary>Open positions plus entries still waiting for their fill.</summary>
    int ActiveCount { get; }

    /// <summary>Adds the instrument of every active position (open, or an entry still executing) to <paramref name="ids"/>.</summary>
    void AddActiveInstrumentIds(ICollection<string> ids);

    /// <summary>Sends the entry order for an approved size and tracks the position. Returns null when the order failed.</summary>
    ValueTask<Position?> OpenAsync(ApprovedEntry entry, TradingPreset preset, CancellationToken cancellationToken = default);

    /// <summary>One management pass: apply new fills, mark to market, move and enforce stops, take time exits.</summary>
    ValueTask<PositionManagementReport> ManageAsync(TradingPreset preset, CancellationToken cancellationToken = default);

    /// <summary>
    /// Stops every entry still executing in slices (kill switch, emergency stop, pause): no further slice is sent and a
    /// resting post-only clip is cancelled; what has filled stays, protected, and gets its targets. Returns how many.
    /// </summary>
    ValueTask<int> StopEntriesAsync(TradingPreset preset, CancellationToken cancellationToken = default);

    /// <summary>
    /// Closes every open position with a reduce-only market order (its stop and targets stay until the exit fills) and
    /// cancels entries still working; called again, it exits only what is still open. One position failing does not stop
    /// the others. Returns the exits sent.
    /// </summary>
    ValueTask<int> FlattenAllAsync(ExitReason reason, CancellationToken cancellationToken = default);

    /// <summary>Positions that closed since the last call (each reported once).</summary>
    IReadOnlyList<Position> DrainClosed();

    /// <summary>
    /// Applies every exchange fill not applied yet to its position at its own price, fee and time (entries, stops,
    /// take-profits, exits), and protects what opened. Reconciliation runs it before comparing quantities.
    /// </summary>
    ValueTask<(int Applied, int Closed)> SyncFillsAsync(TradingPreset preset, CancellationToken cancellationToken = default);

    /// <summary>
    /// Makes each open position's protection right: exactly one live reduce-only stop of this engine covering its whole
    /// quantity at the engine's stop price (adopted, resized, moved or placed; extras cancelled). Returns what was done.
    /// </summary>
    ValueTask<IReadOnlyList<ProtectionAction>> EnsureProtectionAsync(CancellationToken cancellationToken = default);

    /// <summary>Breaches of the protection invariant against the exchange's open orders, in words (empty when it holds).</summary>
    IReadOnlyList<string> ProtectionProblems(IReadOnlyList<Order> openOrders);

    /// <summary>True when the order belongs to a position this manager still holds or is opening.</summary>
    bool Uses(Order order);

    /// <summary>Books quantity the exchange no longer holds (reconciliation) as an exit at the given price; true when the position closed.</summary>
    ValueTask<bool> BookExternalExitAsync(string positionId, decimal quantity, decimal price, DateTimeOffset time, CancellationToken cancellationToken = default);

    /// <summary>
    /// Takes over open positions restored after a restart (before the first cycle), with the fill sequence already
    /// applied, and the count and net realised P&amp;L of the positions closed before the restart; the orders of the run
    /// that stopped, read from the order journal, are linked again to the adopted positions their tags name.
    /// </summary>
    void Adopt(IReadOnlyList<Position> positions, long lastFillSequence, int closedBefore = 0, decimal realizedNetBefore = 0m,
        IReadOnlyList<JournalledOrder>? journalled = null);

    PortfolioView Portfolio(Func<string, double> btcCorrelation);
}

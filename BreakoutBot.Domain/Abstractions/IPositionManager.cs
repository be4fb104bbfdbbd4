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

    /// <summary>Positions closed since the manager was created.</summary>
    int ClosedCount { get; }

    /// <summary>Net realised P&amp;L (after fees) of every closed position.</summary>
    decimal RealizedNetPnl { get; }

    /// <summary>Open positions plus entries still waiting for their fill.</summary>
    int ActiveCount { get; }

    /// <summary>Sends the entry order for an approved size and tracks the position. Returns null when the order failed.</summary>
    ValueTask<Position?> OpenAsync(ApprovedEntry entry, TradingPreset preset, CancellationToken cancellationToken = default);

    /// <summary>One management pass: apply new fills, mark to market, move and enforce stops, take time exits.</summary>
    ValueTask<PositionManagementReport> ManageAsync(TradingPreset preset, CancellationToken cancellationToken = default);

    /// <summary>Closes every open position with market orders after cancelling their resting orders.</summary>
    ValueTask<int> FlattenAllAsync(ExitReason reason, CancellationToken cancellationToken = default);

    /// <summary>Positions that closed since the last call (each reported once).</summary>
    IReadOnlyList<Position> DrainClosed();

    /// <summary>Books quantity the exchange no longer holds (reconciliation) as an exit at the given price; true when the position closed.</summary>
    ValueTask<bool> BookExternalExitAsync(string positionId, decimal quantity, decimal price, DateTimeOffset time, CancellationToken cancellationToken = default);

    /// <summary>Takes over open positions restored after a restart (before the first cycle), with the fill sequence already applied.</summary>
    void Adopt(IReadOnlyList<Position> positions, long lastFillSequence);

    PortfolioView Portfolio(Func<string, double> btcCorrelation);
}

using BreakoutBot.Domain.Trading;
using Microsoft.Extensions.Logging;

namespace BreakoutBot.Domain.Positions;

/// <summary>Flattening: every open position closed at market and every entry still working cancelled (stop, emergency, kill switch).</summary>
public sealed partial class PositionManager
{
    /// <summary>
    /// Sends a reduce-only market exit for every open position (its stop and targets stay until the exit's fills close
    /// it) and cancels entries still working. Safe to call again while anything is left (an engine in EMERGENCY does so
    /// every cycle until flat): only what is still open is exited. A position that fails (an exception from the
    /// exchange) is logged and left for the next call; the others are flattened all the same. Returns the exits sent.
    /// </summary>
    public async ValueTask<int> FlattenAllAsync(ExitReason reason, CancellationToken cancellationToken = default)
    {
        if (_lastPreset is { } preset && ActiveCount > OpenPositions.Count)
        {
            // An entry still opening may have filled: its fills open it first, so it is flattened too.
            await SyncFillsAsync(preset, cancellationToken);
        }
        List<Position> snapshot;
        lock (_gate)
        {
            snapshot = [.. _active];
        }
        var n = 0;
        foreach (var position in snapshot)
        {
            try
            {
                if (await FlattenAsync(position, reason, cancellationToken))
                {
                    n++;
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                _logger.LogError(ex, "{Position} {Instrument}: flattening it failed ({Message}); the other positions are flattened, this one again on the next attempt.", position.Id, position.InstrumentId, ex.Message);
            }
        }
        return n;
    }

    /// <summary>Exits one position at market, or cancels its entry while it is still opening; true when an exit was sent.</summary>
    private async ValueTask<bool> FlattenAsync(Position position, ExitReason reason, CancellationToken cancellationToken)
    {
        await AbandonEntryAsync(position, cancellationToken);
        if (position.Status == PositionStatus.Opening && position.EntryOrderId is { } entryId)
        {
            await _execution.CancelAsync(position.InstrumentId, entryId, cancellationToken);
            return false;
        }
        if (!position.IsOpen)
        {
            return false;
        }
        await ExitAsync(position, reason, cancellationToken);
        return true;
    }
}

using BreakoutBot.Domain.Abstractions;
using BreakoutBot.Domain.Trading;
using BreakoutBot.Infrastructure.Engine;
using BreakoutBot.Infrastructure.Exchanges.Okx.Trading;
using Microsoft.Extensions.Logging;

namespace BreakoutBot.Infrastructure.Engines;

/// <summary>
/// Reads back, when a live OKX engine is restored, the order intents its journal holds from the run that stopped (ADR-006):
/// client ids carry the generation of the run that made them (<see cref="EngineAssembly.IdScope"/>), so intents of
/// earlier runs, settled by the reconciliation of an earlier restore, are left out. The position manager links each one
/// whose tag names a position it adopts (<c>PositionManager.Adopt</c>); the rest links nothing.
/// </summary>
public static class OrderJournalReadback
{
    /// <summary>
    /// The intents of generation <paramref name="stoppedGeneration"/> and later of an engine trading on OKX; null for any
    /// other exchange (a paper account keeps no journal), or when the journal cannot be read (logged: the restore goes on
    /// without, and a fill of an order whose link was lost is then reconciled as before).
    /// </summary>
    public static async Task<IReadOnlyList<JournalledOrder>?> ReadAsync(IExchangeClient exchange, string engineId, int stoppedGeneration, ILogger logger,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(logger);
        if (exchange is not OkxExchangeClient okx)
        {
            return null;
        }
        try
        {
            return await ReadAsync(okx.Journal, engineId, stoppedGeneration, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            logger.LogError(ex, "Engine {Id}: the order journal could not be read back; orders whose link to their position was not stored stay unlinked.", engineId);
            return null;
        }
    }

    /// <summary>The intents in <paramref name="journal"/> made by generation <paramref name="stoppedGeneration"/> or a later one of the engine, oldest first.</summary>
    public static async Task<IReadOnlyList<JournalledOrder>> ReadAsync(IOrderJournal journal, string engineId, int stoppedGeneration, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(journal);
        var intents = await journal.ReadIntentsAsync(EngineAssembly.ClientIdPrefix(engineId), cancellationToken);
        return intents.Where(i => EngineAssembly.GenerationOf(i.ClientOrderId, engineId) >= Math.Max(0, stoppedGeneration)).ToList();
    }
}

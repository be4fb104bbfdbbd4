namespace BreakoutBot.Infrastructure.Engines;

/// <summary>Builds the live OKX market of an engine: market data, and either a paper account on live prices or the OKX account of the owner's key set.</summary>
public interface ILiveMarketFactory
{
    /// <param name="lastFillSequence">Fills already applied by the engine (after a restart), so the exchange's sequence carries on.</param>
    Task<IEngineMarket> CreateAsync(string engineId, string ownerId, EngineCreateOptions options, long lastFillSequence, CancellationToken cancellationToken = default);
}

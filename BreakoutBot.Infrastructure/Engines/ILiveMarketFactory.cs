using BreakoutBot.Domain.Presets;

namespace BreakoutBot.Infrastructure.Engines;

/// <summary>Builds the live OKX market of an engine: market data, and either a paper account on live prices or the OKX account of the owner's key set.</summary>
public interface ILiveMarketFactory
{
    /// <param name="lastFillSequence">Fills already applied by the engine (after a restart), so the exchange's sequence carries on.</param>
    /// <param name="execution">The engine preset's execution settings: a paper account charges its fees (ADR-007).</param>
    Task<IEngineMarket> CreateAsync(string engineId, string ownerId, EngineCreateOptions options, long lastFillSequence, ExecutionConfig? execution = null, CancellationToken cancellationToken = default);
}

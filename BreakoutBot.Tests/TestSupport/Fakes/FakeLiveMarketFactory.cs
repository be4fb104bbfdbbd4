using BreakoutBot.Domain.Presets;
using BreakoutBot.Infrastructure.Engines;

namespace BreakoutBot.Tests.TestSupport.Fakes;

/// <summary>Builds a <see cref="FakeLiveMarket"/> for every engine created on "live OKX data"; the last one is kept for the test.</summary>
public sealed class FakeLiveMarketFactory : ILiveMarketFactory
{
    public FakeLiveMarket? Last { get; private set; }

    public Task<IEngineMarket> CreateAsync(string engineId, string ownerId, EngineCreateOptions options, long lastFillSequence, ExecutionConfig? execution = null, CancellationToken cancellationToken = default)
    {
        Last = new FakeLiveMarket(options);
        return Task.FromResult<IEngineMarket>(Last);
    }
}

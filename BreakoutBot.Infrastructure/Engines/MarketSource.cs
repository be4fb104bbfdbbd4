namespace BreakoutBot.Infrastructure.Engines;

/// <summary>Where an engine's market data comes from.</summary>
public enum MarketSource
{
    /// <summary>Bundled generated candles or a CSV folder, replayed bar by bar (always paper).</summary>
    Replay = 0,

    /// <summary>Live OKX market data (public REST and WebSocket); paper, demo or live execution.</summary>
    OkxLive = 1,
}

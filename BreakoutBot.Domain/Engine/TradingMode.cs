namespace BreakoutBot.Domain.Engine;

public enum TradingMode
{
    /// <summary>Simulated fills (paper exchange) on replayed or live market data.</summary>
    Paper = 0,
    /// <summary>OKX demo trading.</summary>
    LiveDemo = 1,
    /// <summary>Real orders on OKX.</summary>
    Live = 2,
}

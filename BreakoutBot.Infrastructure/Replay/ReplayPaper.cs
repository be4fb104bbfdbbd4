using BreakoutBot.Domain.Markets;
using BreakoutBot.Domain.Presets;
using BreakoutBot.Infrastructure.Exchanges.Paper;
using BreakoutBot.Infrastructure.MarketData;

namespace BreakoutBot.Infrastructure.Replay;

/// <summary>
/// Builds the paper account of a replay or a replay engine: fees from the preset's <c>execution_config</c> (unless
/// overridden), taker fills priced against the replay's modelled book (spread and depth within 0.3 %), see ADR-007.
/// </summary>
public static class ReplayPaper
{
    public static PaperExchangeClient Create(
        IReadOnlyList<Instrument> instruments,
        ReplayClock clock,
        ReplayMarketDataProvider provider,
        PaperExchangeOptions options)
    {
        ArgumentNullException.ThrowIfNull(provider);
        // Fed whole bars: a resting order is matched against the bar's range, so it cannot be judged over less than a bar.
        var paper = new PaperExchangeClient(instruments, clock, options) { RestingFillResolution = Candle.Interval };
        paper.UseOrderBooks(provider.BookAt);
        return paper;
    }

    /// <summary>The paper options of a replay: its own settings, with the preset's fees where the replay gives none.</summary>
    public static PaperExchangeOptions OptionsFor(TradingPreset preset, ReplayOptions options)
    {
        ArgumentNullException.ThrowIfNull(preset);
        ArgumentNullException.ThrowIfNull(options);
        var paper = new PaperExchangeOptions
        {
            StartingBalance = options.StartingBalance,
            SlippageBps = options.SlippageBps,
            DepthImpactBps = options.DepthImpactBps,
            FundingRateBps = options.FundingRateBps,
        }.WithFees(preset.ExecutionConfig);
        paper.TakerFeeBps = options.TakerFeeBps ?? paper.TakerFeeBps;
        paper.MakerFeeBps = options.MakerFeeBps ?? paper.MakerFeeBps;
        return paper;
    }
}

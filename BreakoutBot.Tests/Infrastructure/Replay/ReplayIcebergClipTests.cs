using BreakoutBot.Domain.Markets;
using BreakoutBot.Domain.Presets;
using BreakoutBot.Infrastructure.MarketData;
using BreakoutBot.Infrastructure.Replay;

namespace BreakoutBot.Tests.Infrastructure.Replay;

/// <summary>
/// ADR-011: a replay sees whole 5-minute bars, so a post-only iceberg clip meant to rest for its 8 s deadman cannot be
/// judged; each clip goes as the immediate-or-cancel at the price guard it falls back to, and the report says so. Before,
/// a clip rested a whole bar and filled at the maker fee whenever the bar traded through it, which live trading never
/// gives it (173 of the 994 entry fills of the OKX files' replay were such maker fills).
/// </summary>
public class ReplayIcebergClipTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AReplaySplitsLargeEntriesIntoClipsThatNeverRestAndSaysWhy()
    {
        var market = MarketDataSet.Generated(42, 8, 4_000);
        var preset = PresetCatalog.Get("breakout_v1");
        preset.ExecutionConfig.EnableIceberg.ShouldBeTrue();

        var report = await new ReplayRunner().RunAsync(market.Instruments, market.Candles, preset, cancellationToken: Ct);

        var entryFills = report.Trades.Select(t => t.Fills.Where(f => f.Side == (t.Side == "Long" ? "Buy" : "Sell")).ToList()).ToList();
        entryFills.Count(f => f.Count > 1).ShouldBeGreaterThan(0, "some entries were large enough to be split into clips");
        entryFills.SelectMany(f => f).ShouldAllBe(f => !f.Maker && f.Fee > 0 && f.Spread > 0, "every entry fill paid the taker fee and crossed the spread");
        report.Notes.ShouldContain(ReplayRunner.ClipNote(preset.ExecutionConfig, Candle.Interval)!);
    }

    [Fact]
    public void TheNoteNamesTheDeadmanAndIsGivenOnlyWhenClipsCouldNotRest()
    {
        var execution = PresetCatalog.Get("breakout_v1").ExecutionConfig with { EnableIceberg = true, DeadmanTimeoutMs = 8_000 };

        ReplayRunner.ClipNote(execution, Candle.Interval).ShouldNotBeNull().ShouldContain("deadman_timeout_ms (8000 ms)");
        ReplayRunner.ClipNote(execution with { EnableIceberg = false }, Candle.Interval).ShouldBeNull("no clips without icebergs");
        ReplayRunner.ClipNote(execution with { DeadmanTimeoutMs = 300_000 }, Candle.Interval).ShouldBeNull("a deadman of a whole bar can be judged on bars");
        ReplayRunner.ClipNote(execution, TimeSpan.Zero).ShouldBeNull("an account that matches as the market trades lets clips rest");
    }
}

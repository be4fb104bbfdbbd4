using BreakoutBot.Domain.Levels;
using BreakoutBot.Domain.Markets;
using BreakoutBot.Domain.Presets;
using BreakoutBot.Domain.Scanning;
using BreakoutBot.Infrastructure.MarketData;
using BreakoutBot.Infrastructure.Replay;

namespace BreakoutBot.Tests.Infrastructure.Replay;

/// <summary>
/// The scan ahead on a spare core (ADR-010, "Ninth round") only fills the shared memo of the candle lists: a backtest
/// with it must report exactly what one without it reports, and what it stores must be what the replay then reads.
/// </summary>
public class ReplayPrefillTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("breakout_v1", false)]
    [InlineData("breakout_v1", true)]
    [InlineData("swing_trading_pro", false)]
    public async Task AReplayWithTheScanAheadReportsTheSameBytesAsOneWithout(string presetName, bool withRange)
    {
        var market = MarketDataSet.Generated(21, 6, 4_000);
        var preset = PresetCatalog.Get(presetName);
        var first = market.Candles.Values.Min(c => c[0].Time);
        var options = withRange
            ? new ReplayOptions { From = first + TimeSpan.FromDays(3), To = first + TimeSpan.FromDays(11) }
            : new ReplayOptions();

        var alone = await new ReplayRunner().RunAsync(market.Instruments, Copy(market.Candles), preset, options, Ct);
        var with = ReplayJson.Serialize(await new ReplayRunner { PrefillAhead = true }.RunAsync(market.Instruments, Copy(market.Candles), preset, options, Ct));

        with.ShouldBe(ReplayJson.Serialize(alone));
        alone.Trades.Count.ShouldBeGreaterThan(0, "a replay that trades, so the levels read ahead decide entries");
    }

    [Fact]
    public async Task AReplayWhoseScanAheadIsStoodDownAtOnceStillFinishesWithTheSameReport()
    {
        var market = MarketDataSet.Generated(22, 4, 3_000);
        var preset = PresetCatalog.Get("breakout_v1");
        using var standDown = new CancellationTokenSource();
        await standDown.CancelAsync();

        var without = ReplayJson.Serialize(await new ReplayRunner().RunAsync(market.Instruments, Copy(market.Candles), preset, cancellationToken: Ct));
        var stood = ReplayJson.Serialize(await new ReplayRunner { PrefillAhead = true, PrefillStandDown = standDown.Token }
            .RunAsync(market.Instruments, Copy(market.Candles), preset, cancellationToken: Ct));

        stood.ShouldBe(without);
    }

    [Fact]
    public async Task TheScanAheadStoresTheLevelsAScannerStartedOnTheSameBarReads()
    {
        var market = MarketDataSet.Generated(23, 4, 600);
        var preset = PresetCatalog.Get("breakout_v1");
        var candles = Copy(market.Candles);
        var timeline = new ReplayMarketDataProvider(market.Instruments, candles, new ReplayClock(DateTimeOffset.UnixEpoch)).Timeline;
        var start = InstrumentMarket.WindowSize;

        var scanned = await ReplayPrefill.RunAsync(market.Instruments, candles, preset, null, timeline, start, () => -1, Ct);

        scanned.ShouldBe(timeline.Count - start);
        var read = await CandidateLevelsAsync(market.Instruments, candles, preset, timeline, start);
        var readAgain = await CandidateLevelsAsync(market.Instruments, candles, preset, timeline, start);
        var fresh = await CandidateLevelsAsync(market.Instruments, Copy(market.Candles), preset, timeline, start);
        read.Count.ShouldBeGreaterThan(20, "the generated market gives candidates with levels on many bars");
        read.Keys.ShouldBe(fresh.Keys);
        foreach (var (key, levels) in read)
        {
            // What a scanner detects on its own, and objects read from the memo (the same for every later scanner).
            levels.ShouldBe(fresh[key]);
            levels.ShouldNotBeSameAs(fresh[key]);
            readAgain[key].ShouldBeSameAs(levels);
        }
    }

    [Fact]
    public async Task TheScanAheadSkipsBarsTheReplayHasPassedOrScannedBeforeAndStopsWhenAsked()
    {
        var market = MarketDataSet.Generated(24, 3, 2_000);
        var preset = PresetCatalog.Get("breakout_v1");
        var timeline = new ReplayMarketDataProvider(market.Instruments, market.Candles, new ReplayClock(DateTimeOffset.UnixEpoch)).Timeline;
        var start = InstrumentMarket.WindowSize;
        var replayAt = start + 100;

        // The first bar always (markets load there, as the replay's do), then from a lead past the bar the replay is at.
        timeline.Count.ShouldBeGreaterThan(replayAt + ReplayPrefill.Lead);
        (await ReplayPrefill.RunAsync(market.Instruments, Copy(market.Candles), preset, null, timeline, start, () => replayAt, Ct))
            .ShouldBe(1 + (timeline.Count - (replayAt + ReplayPrefill.Lead)));
        (await ReplayPrefill.RunAsync(market.Instruments, Copy(market.Candles), preset, null, timeline, start, () => timeline.Count, Ct))
            .ShouldBe(1);
        // Candles some replay has scanned already: only the first bar again (every later bar's quotes are modelled).
        var replayed = Copy(market.Candles);
        (await ReplayPrefill.RunAsync(market.Instruments, replayed, preset, null, timeline, start, () => -1, Ct)).ShouldBe(timeline.Count - start);
        (await ReplayPrefill.RunAsync(market.Instruments, replayed, preset, null, timeline, start, () => -1, Ct)).ShouldBe(1);
        using var stop = new CancellationTokenSource();
        await stop.CancelAsync();
        (await ReplayPrefill.RunAsync(market.Instruments, Copy(market.Candles), preset, null, timeline, start, () => -1, stop.Token))
            .ShouldBe(0);
    }

    /// <summary>The candidates' levels a replay's scanner finds bar by bar from <paramref name="start"/> (by instrument and bar).</summary>
    private static async Task<Dictionary<(string Id, DateTimeOffset Bar), IReadOnlyList<TradingLevel>>> CandidateLevelsAsync(
        IReadOnlyList<Instrument> instruments, IReadOnlyDictionary<string, IReadOnlyList<Candle>> candles, TradingPreset preset,
        IReadOnlyList<DateTimeOffset> timeline, int start)
    {
        var clock = new ReplayClock(timeline[start]);
        var scanner = new ScanningManager(new ReplayMarketDataProvider(instruments, candles, clock)) { CatchesUpEveryBar = true };
        var found = new Dictionary<(string, DateTimeOffset), IReadOnlyList<TradingLevel>>();
        for (var i = start; i < timeline.Count; i++)
        {
            clock.SetUtcNow(timeline[i]);
            var scan = await scanner.ScanAsync(preset, Ct);
            foreach (var candidate in scanner.BuildLevels(scan, preset))
            {
                found[(candidate.InstrumentId, timeline[i])] = candidate.Levels;
            }
        }
        return found;
    }

    private static Dictionary<string, IReadOnlyList<Candle>> Copy(IReadOnlyDictionary<string, IReadOnlyList<Candle>> candles) =>
        ReplaySharedDataTests.Copy(candles);
}

using BreakoutBot.Domain.Engine;
using BreakoutBot.Domain.Markets;
using BreakoutBot.Domain.Presets;
using BreakoutBot.Infrastructure.Engine;
using BreakoutBot.Infrastructure.Exchanges.Paper;
using BreakoutBot.Infrastructure.MarketData;
using BreakoutBot.Infrastructure.Replay;
using BreakoutBot.Tests.TestSupport;

namespace BreakoutBot.Tests.Infrastructure.Replay;

public class ReplayRunnerTests
{
    private const int Bars = 3000;
    private const int Instruments = 6;

    /// <summary>First bars of each OKX file replayed in CI (about 69 days of 5-minute bars).</summary>
    private const int OkxBars = 20_000;
    private const int GapFrom = 10_000;
    private const int GapBars = 60;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static TradingPreset Preset => PresetCatalog.Get("breakout_v1");

    [Fact]
    public async Task SameInputGivesTheSameReportByteForByte()
    {
        var market = MarketDataSet.Generated(42, Instruments, Bars);

        var first = await new ReplayRunner().RunAsync(market.Instruments, market.Candles, Preset, cancellationToken: Ct);
        var second = await new ReplayRunner().RunAsync(market.Instruments, market.Candles, Preset, cancellationToken: Ct);

        first.Trades.Count.ShouldBeGreaterThan(0);
        ReplayJson.Serialize(second).ShouldBe(ReplayJson.Serialize(first));
    }

    [Fact]
    public async Task SummaryAgreesWithTheTrades()
    {
        var market = MarketDataSet.Generated(42, Instruments, Bars);

        var report = await new ReplayRunner().RunAsync(market.Instruments, market.Candles, Preset, cancellationToken: Ct);

        var s = report.Summary;
        var trades = report.Trades;
        trades.Count.ShouldBeGreaterThan(0);
        s.Trades.ShouldBe(trades.Count);
        s.NetPnl.ShouldBe(decimal.Round(trades.Sum(t => t.NetPnl), 8));
        s.Fees.ShouldBe(decimal.Round(trades.Sum(t => t.Fees), 8));
        s.Spread.ShouldBe(decimal.Round(trades.Sum(t => t.Spread), 8));
        s.Slippage.ShouldBe(decimal.Round(trades.Sum(t => t.Slippage), 8));
        s.Funding.ShouldBe(decimal.Round(trades.Sum(t => t.Funding), 8));
        s.Spread.ShouldBeGreaterThan(0m);
        s.Slippage.ShouldBeGreaterThan(0m);
        s.Funding.ShouldNotBe(0m);
        s.Costs.TakerFeeBps.ShouldBe(6.5m, "breakout_v1's taker fee");
        s.Costs.MakerFeeBps.ShouldBe(1.5m, "breakout_v1's maker fee");
        s.Costs.FundingSource.ShouldBe("flat");
        s.Wins.ShouldBe(trades.Count(t => t.NetPnl > 0));
        s.Losses.ShouldBe(trades.Count(t => t.NetPnl < 0));
        (s.Wins + s.Losses).ShouldBeLessThanOrEqualTo(s.Trades);
        s.WinRate.ShouldBeInRange(0d, 1d);
        s.WinRate.ShouldBe((double)s.Wins / s.Trades, 1e-6);
        s.StartingBalance.ShouldBe(10_000m);
        // Everything is flattened at the end, so the ending equity is the balance plus the realised net P&L.
        Math.Abs(s.EndingEquity - (s.StartingBalance + s.NetPnl)).ShouldBeLessThanOrEqualTo(0.01m);
        s.MaxDrawdown.ShouldBeGreaterThanOrEqualTo(0m);
        s.MaxDrawdownPct.ShouldBeInRange(0d, 1d);
        s.CandleSteps.ShouldBe(market.TotalBars);
        report.Bars.ShouldBe(Bars);
        report.Instruments.ShouldBe(market.Instruments.Select(i => i.Id).ToList());
        report.From.ShouldBe(market.Candles.Values.Min(c => c[0].CloseTime));
        report.To.ShouldBe(market.Candles.Values.Max(c => c[^1].CloseTime));
        foreach (var t in trades)
        {
            t.NetPnl.ShouldBe(t.GrossPnl - t.Fees - t.Funding, $"trade {t.Id}");
            t.Fills.Sum(f => f.Fee).ShouldBe(t.Fees, $"trade {t.Id} fill fees");
            t.Spread.ShouldBe(t.Fills.Sum(f => f.Spread), $"trade {t.Id} spread");
            t.Exits.Sum(e => e.Quantity).ShouldBe(t.Quantity, $"trade {t.Id} exits");
            t.ClosedAt.ShouldBeGreaterThanOrEqualTo(t.OpenedAt, $"trade {t.Id}");
            report.Instruments.ShouldContain(t.Instrument);
        }
    }

    [Fact]
    public async Task DifferentSeedGivesADifferentReport()
    {
        var seed42 = MarketDataSet.Generated(42, Instruments, Bars);
        var seed43 = MarketDataSet.Generated(43, Instruments, Bars);

        var a = await new ReplayRunner().RunAsync(seed42.Instruments, seed42.Candles, Preset, cancellationToken: Ct);
        var b = await new ReplayRunner().RunAsync(seed43.Instruments, seed43.Candles, Preset, cancellationToken: Ct);

        ReplayJson.Serialize(b).ShouldNotBe(ReplayJson.Serialize(a));
        b.Trades.Select(t => (t.Instrument, t.OpenedAt, t.EntryPrice))
            .ShouldNotBe(a.Trades.Select(t => (t.Instrument, t.OpenedAt, t.EntryPrice)));
    }

    [Fact]
    public async Task ReplaysRealOkxCandlesThroughZeroVolumeBarsAndAGap()
    {
        var folder = SharedData.RequireFolder("data/okx-swap-5m");
        var set = MarketDataSet.FromFolder(folder);
        var candles = set.Candles.ToDictionary(
            kv => kv.Key,
            kv => (IReadOnlyList<Candle>)kv.Value.Take(OkxBars).ToList(),
            StringComparer.Ordinal);
        // The files have exchange-maintenance bars with zero volume but no missing bars, so cut a 5-hour hole into
        // one instrument to replay a data gap as well.
        var gapped = set.Instruments[1].Id;
        var gapStart = candles[gapped][GapFrom].Time;
        var gapEnd = candles[gapped][GapFrom + GapBars].Time;
        candles[gapped] = candles[gapped].Where((_, i) => i < GapFrom || i >= GapFrom + GapBars).ToList();
        candles.Values.Sum(c => c.Count(b => b.Volume == 0)).ShouldBeGreaterThan(0, "the slice has no zero-volume bar");

        var report = await new ReplayRunner().RunAsync(set.Instruments, candles, Preset, cancellationToken: Ct);

        report.Trades.Count.ShouldBeGreaterThan(0);
        report.Bars.ShouldBe(OkxBars);
        report.Summary.CandleSteps.ShouldBe(candles.Values.Sum(c => (long)c.Count));
        report.Summary.Trades.ShouldBe(report.Trades.Count);
        Math.Abs(report.Summary.EndingEquity - (report.Summary.StartingBalance + report.Summary.NetPnl)).ShouldBeLessThanOrEqualTo(0.01m);
        // No entry on the gapped instrument while its data is missing.
        report.Trades.Where(t => t.Instrument == gapped && t.OpenedAt > gapStart && t.OpenedAt <= gapEnd).ShouldBeEmpty();
    }

    [Fact]
    public async Task PaperCashEqualsStartingBalancePlusRealisedPnlMinusFeesAndFundingAfterAWholeReplay()
    {
        // The replay loop of ReplayRunner, driven here so the paper exchange's own books can be inspected at the end.
        const decimal startingBalance = 10_000m;
        var market = MarketGenerator.Generate(new MarketGeneratorOptions { Seed = 42, InstrumentCount = Instruments, BarsPerInstrument = Bars });
        var clock = new ReplayClock(market.Candles.Values.Min(c => c[0].Time));
        var provider = new ReplayMarketDataProvider(market.Instruments, market.Candles, clock);
        var paper = ReplayPaper.Create(market.Instruments, clock, provider, new PaperExchangeOptions { StartingBalance = startingBalance });
        using var engine = EngineAssembly.Create("cash", provider, paper, clock);
        var started = false;
        DateTimeOffset? haltedAt = null;
        var restarts = 0;
        foreach (var closeTime in provider.Timeline)
        {
            clock.SetUtcNow(closeTime);
            foreach (var instrument in market.Instruments)
            {
                if (provider.TryGetCandleClosingAt(instrument.Id, closeTime, out var bar))
                {
                    paper.OnCandle(instrument.Id, bar);
                }
            }
            if (!started)
            {
                (await engine.StartAsync(Preset, TradingMode.Paper, Ct)).Success.ShouldBeTrue();
                started = true;
            }
            if (engine.State == TradingState.Emergency && closeTime.Date > (haltedAt ??= closeTime).Date)
            {
                // Restart the next day after a kill switch, as the replay's operator does, so trading goes on.
                await engine.StopAsync(reason: "test: restart after kill switch", cancellationToken: Ct);
                await engine.ResetAsync(Ct);
                (await engine.StartAsync(Preset, TradingMode.Paper, Ct)).Success.ShouldBeTrue();
                haltedAt = null;
                restarts++;
            }
            await engine.RunUntilRestAsync(12, Ct);
        }
        if (engine.State is not (TradingState.Idle or TradingState.Stopped))
        {
            await engine.StopAsync(flatten: true, reason: "end of test", cancellationToken: Ct);
        }

        var balance = await paper.GetBalanceAsync(Ct);
        var closed = engine.Positions.ClosedPositions;
        var gross = closed.Sum(p => p.GrossRealizedPnl);
        var fees = closed.Sum(p => p.Fees);

        closed.Count.ShouldBeGreaterThan(0);
        engine.Positions.OpenPositions.ShouldBeEmpty();
        (await paper.GetPositionsAsync(Ct)).ShouldBeEmpty();
        Math.Abs(balance.FeesPaid - fees).ShouldBeLessThan(0.000001m);
        Math.Abs(balance.RealizedPnl - gross).ShouldBeLessThan(0.000001m);
        var ledger = new ReplayCostLedger(paper.GetFillCosts(), paper.GetFundingPayments());
        paper.FundingPaid.ShouldNotBe(0m);
        closed.Sum(ledger.FundingOf).ShouldBe(paper.FundingPaid, "all funding settled is attributed to a position");
        Math.Abs(balance.Cash - (startingBalance + gross - fees - paper.FundingPaid)).ShouldBeLessThan(0.000001m);
        balance.Equity.ShouldBe(balance.Cash);
    }
}

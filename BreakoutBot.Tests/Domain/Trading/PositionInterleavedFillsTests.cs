using BreakoutBot.Domain.Markets;
using BreakoutBot.Domain.Trading;
using BreakoutBot.Infrastructure.Exchanges.Paper;
using BreakoutBot.Infrastructure.Persistence;
using Microsoft.Extensions.Time.Testing;

namespace BreakoutBot.Tests.Domain.Trading;

/// <summary>
/// Entry fills that come after an exit (a TWAP or iceberg slice filling after a partial stop or a TP1): P&amp;L is measured
/// from the average price of the quantity open at each exit, the running average the paper account keeps, so a closed
/// position's gross P&amp;L is the cash its fills moved. The entry price shown stays the average of every entry fill.
/// </summary>
public sealed class PositionInterleavedFillsTests
{
    private static readonly DateTimeOffset T0 = new(2026, 2, 2, 10, 0, 0, TimeSpan.Zero);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>
    /// The worked example as a short: sells 100 @ 10.00 and 100 @ 10.10, buys 100 @ 10.20 (the stop on those two), sells
    /// 100 @ 10.30, buys 200 @ 10.40: 3,040 received, 3,100 paid, −60.00. The long is its mirror (prices 20 − x).
    /// </summary>
    private static decimal Price(PositionSide side, decimal shortPrice) => side == PositionSide.Short ? shortPrice : 20m - shortPrice;

    private static Position Opened(PositionSide side)
    {
        var p = new Position("p1", "TEST-USDT-SWAP", side, "Momentum", "s1", 300m, Price(side, 10m), Price(side, 10.5m), Price(side, 9.5m), Price(side, 9m), T0);
        p.ApplyEntryFill(100m, Price(side, 10.00m), 0.01m, T0);
        p.ApplyEntryFill(100m, Price(side, 10.10m), 0.01m, T0.AddMinutes(5));
        p.ApplyExitFill(100m, Price(side, 10.20m), 0.01m, T0.AddMinutes(5), ExitReason.StopLoss, "sl").ShouldBeFalse();
        p.ApplyEntryFill(100m, Price(side, 10.30m), 0.01m, T0.AddMinutes(10));
        return p;
    }

    [Theory]
    [InlineData(PositionSide.Short)]
    [InlineData(PositionSide.Long)]
    public void AClosedPositionRealisesTheCashItsFillsMovedWhenASliceFilledAfterAPartialStop(PositionSide side)
    {
        var p = Opened(side);

        p.ApplyExitFill(200m, Price(side, 10.40m), 0.01m, T0.AddMinutes(15), ExitReason.StopLoss, "sl").ShouldBeTrue();

        // 100 × 0.15 against the 10.05 average of the two open, then 200 × 0.225 against (10.05 + 10.30) / 2 = 10.175.
        p.Exits.Select(e => e.GrossPnl).ShouldBe([-15m, -45m]);
        p.GrossRealizedPnl.ShouldBe(-60m, "the cash the fills moved, not −68.33 from the average of all 300 entered");
        p.NetRealizedPnl.ShouldBe(-60.05m, "less the five fills' fees");
        p.NetPnl.ShouldBe(-60.05m);
        p.EntryQuantity.ShouldBe(300m);
        p.EntryPrice.ShouldBe(Price(side, 3_040m / 300m), 0.000_000_001m, "the entry shown is still the average of every entry fill");
    }

    [Theory]
    [InlineData(PositionSide.Short)]
    [InlineData(PositionSide.Long)]
    public void WhileOpenTheUnrealisedPnlIsMeasuredFromTheOpenQuantitysAverage(PositionSide side)
    {
        var p = Opened(side);

        p.Mark(Price(side, 10.40m), Price(side, 10.40m), Price(side, 10.40m));

        p.UnrealizedPnl.ShouldBe(-45m, "200 open at 10.175");
        p.NetPnl.ShouldBe(-60.04m, "what closing there would book, less the four fills' fees so far");
    }

    [Fact]
    public void APositionRestoredAfterTheInterleavingCarriesOnFromTheOpenQuantitysAverage()
    {
        var stored = EntityMapper.ToRecord(EntityMapper.ToEntity("e1", Opened(PositionSide.Short), T0.AddMinutes(11)), id => id);
        var p = Position.Restore(stored);

        p.ApplyExitFill(200m, 10.40m, 0.01m, T0.AddMinutes(15), ExitReason.StopLoss, "sl").ShouldBeTrue();

        // Rebuilt from the stored average of all entries and the exits' cost bases: exact but for decimal rounding.
        p.Exits[1].GrossPnl.ShouldBe(-45m, 0.000_000_001m);
        p.GrossRealizedPnl.ShouldBe(-60m, 0.000_000_001m, "not −68.33 from the stored average of all 300 entered");
    }

    [Fact]
    public void AReconciledExitRepricedAfterALaterEntryKeepsTheCostBasisItWasBookedAt()
    {
        var p = new Position("p1", "TEST-USDT-SWAP", PositionSide.Long, "Momentum", "s1", 150m, 10m, 9m, 12m, 13m, T0);
        p.ApplyEntryFill(100m, 10m, 0m, T0);
        p.ApplyExitFill(50m, 11m, 0m, T0.AddMinutes(1), ExitReason.Reconciled, Position.ReconciledOrderId);
        p.ApplyEntryFill(50m, 12m, 0m, T0.AddMinutes(2));

        p.ConfirmReconciledExit(50m, 11.5m, 0m, T0.AddMinutes(1), ExitReason.TakeProfit1, "tp1").ShouldBe(50m);
        p.ApplyExitFill(100m, 12m, 0m, T0.AddMinutes(3), ExitReason.TakeProfit2, "tp2").ShouldBeTrue();

        // Paid 1,000 + 600, received 575 + 1,200: 50 × (11.5 − 10), then 100 × (12 − 11) against (50 × 10 + 50 × 12) / 100.
        p.Exits.Select(e => e.GrossPnl).ShouldBe([75m, 100m]);
        p.GrossRealizedPnl.ShouldBe(175m);
    }

    [Fact]
    public async Task ThePositionBooksWhatThePaperAccountBooksFillForFill()
    {
        var instrument = new Instrument("TEST-USDT-SWAP", InstrumentKind.Swap, 0.0001m, 1m, 1m, 1m);
        var paper = new PaperExchangeClient([instrument], new FakeTimeProvider(T0), new PaperExchangeOptions { SlippageBps = 0m, TakerFeeBps = 0m, MakerFeeBps = 0m });
        var p = new Position("p1", instrument.Id, PositionSide.Short, "Momentum", "s1", 60m, 10m, 10.5m, 9.5m, 9m, T0);
        // Awkward quantities and prices, so the averages do not come out round: entries, a stop, a TP1, more entries, the rest.
        (OrderSide Side, decimal Quantity, decimal Price)[] fills =
        [
            (OrderSide.Sell, 7m, 10.0133m), (OrderSide.Sell, 11m, 10.1071m), (OrderSide.Buy, 7m, 10.2209m), (OrderSide.Sell, 13m, 10.3011m),
            (OrderSide.Buy, 9m, 9.8813m), (OrderSide.Sell, 3m, 10.0003m), (OrderSide.Buy, 18m, 10.4437m),
        ];
        var n = 0;
        foreach (var (side, quantity, price) in fills)
        {
            paper.SetMarkPrice(instrument.Id, price);
            var entry = side == OrderSide.Sell;
            var placed = await paper.PlaceOrderAsync(new OrderRequest("c" + (++n).ToString(System.Globalization.CultureInfo.InvariantCulture), instrument.Id, side, OrderType.Market, quantity, ReduceOnly: !entry), Ct);
            var fill = placed.Order.ShouldNotBeNull();
            p.Mark(price, price, price);
            if (entry)
            {
                p.ApplyEntryFill(fill.FilledQuantity, fill.AverageFillPrice, 0m, T0);
            }
            else
            {
                p.ApplyExitFill(fill.FilledQuantity, fill.AverageFillPrice, 0m, T0, ExitReason.StopLoss, fill.OrderId);
            }
            var balance = await paper.GetBalanceAsync(Ct);
            // The account books each fill's P&L to 10 decimals; the position keeps every digit.
            Math.Abs(p.GrossRealizedPnl - balance.RealizedPnl).ShouldBeLessThan(0.000_000_001m, $"realised after fill {n}");
            Math.Abs(p.UnrealizedPnl - balance.UnrealizedPnl).ShouldBeLessThan(0.000_000_001m, $"unrealised after fill {n}");
        }
        p.Status.ShouldBe(PositionStatus.Closed);
    }
}

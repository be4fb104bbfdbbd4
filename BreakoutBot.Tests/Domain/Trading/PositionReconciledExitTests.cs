using BreakoutBot.Domain.Trading;

namespace BreakoutBot.Tests.Domain.Trading;

/// <summary>
/// Reconciliation books quantity no fill explained yet at a guessed price; when OKX then reports the real fill, that
/// booking is re-priced to the fill instead of the quantity being exited a second time.
/// </summary>
public sealed class PositionReconciledExitTests
{
    private static readonly DateTimeOffset T0 = new(2026, 2, 2, 10, 0, 0, TimeSpan.Zero);

    private static Position OpenLong()
    {
        var p = new Position("p1", "BTC-USDT-SWAP", PositionSide.Long, "Momentum", "s1", 0.1m, 50_000m, 49_500m, 50_500m, 51_000m, T0);
        p.ApplyEntryFill(0.1m, 50_000m, 2m, T0);
        return p;
    }

    [Fact]
    public void ALateFillRepricesTheReconciledBookingInsteadOfExitingTwice()
    {
        var p = OpenLong();
        p.ApplyExitFill(0.03m, 50_800m, 0m, T0.AddMinutes(5), ExitReason.Reconciled, Position.ReconciledOrderId).ShouldBeFalse();

        var confirmed = p.ConfirmReconciledExit(0.03m, 51_100m, 0.9m, T0.AddMinutes(4), ExitReason.TakeProfit2, "algo7");

        confirmed.ShouldBe(0.03m);
        p.Quantity.ShouldBe(0.07m, "the quantity left on the exchange is unchanged");
        p.Exits.ShouldHaveSingleItem().ShouldBe(new PositionExit(T0.AddMinutes(4), 0.03m, 51_100m, ExitReason.TakeProfit2, 0.9m, 33m, "algo7"));
        p.GrossRealizedPnl.ShouldBe(33m, "0.03 × (51,100 − 50,000), not the guessed 24");
        p.Fees.ShouldBe(2.9m);
    }

    [Fact]
    public void APartialConfirmationLeavesTheRestReconciledAndReturnsWhatItRepriced()
    {
        var p = OpenLong();
        p.ApplyExitFill(0.04m, 50_500m, 0m, T0, ExitReason.Reconciled, Position.ReconciledOrderId);

        p.ConfirmReconciledExit(0.01m, 50_600m, 0.3m, T0, ExitReason.TakeProfit1, "tp1").ShouldBe(0.01m);
        p.ConfirmReconciledExit(0.05m, 50_700m, 1.5m, T0, ExitReason.TakeProfit1, "tp1b").ShouldBe(0.03m, "only 0.03 was still booked without a fill");

        p.Exits.Select(e => (e.Reason, e.Quantity, e.Price)).ShouldBe([(ExitReason.TakeProfit1, 0.01m, 50_600m), (ExitReason.TakeProfit1, 0.03m, 50_700m)]);
        p.GrossRealizedPnl.ShouldBe((0.01m * 600m) + (0.03m * 700m));
    }

    [Fact]
    public void WithoutAReconciledBookingNothingIsRepriced()
    {
        var p = OpenLong();
        p.ApplyExitFill(0.05m, 50_500m, 1m, T0, ExitReason.TakeProfit1, "tp1");

        p.ConfirmReconciledExit(0.05m, 50_600m, 1m, T0, ExitReason.TakeProfit2, "tp2").ShouldBe(0m);
        p.Exits.ShouldHaveSingleItem().Price.ShouldBe(50_500m);
    }
}

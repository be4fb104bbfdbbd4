using BreakoutBot.Domain.Trading;
using BreakoutBot.Infrastructure.Exchanges.Paper;
using BreakoutBot.Infrastructure.Replay;

namespace BreakoutBot.Tests.Infrastructure.Replay;

public class ReplayCostLedgerTests
{
    private const string Sol = "SOL-USDT-SWAP";
    private const string Eth = "ETH-USDT-SWAP";
    private static readonly DateTimeOffset T0 = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Interval = TimeSpan.FromHours(8);

    [Fact]
    public void APositionPaysTheFundingSettledWhileItWasOpen()
    {
        // SOL settles at 0 h, 8 h, 16 h, 24 h, 32 h (1, 2, 4, 8, 16 paid); ETH at the same times (100 each).
        var funding = Enumerable.Range(0, 5).SelectMany(i => new[]
        {
            Payment(Sol, T0 + (Interval * i), 1m * (1 << i)),
            Payment(Eth, T0 + (Interval * i), 100m),
        }).ToList();
        // Opened between settlements, closed on one: pays 8 h and 16 h (the one at its close included).
        var between = Closed("p1", Sol, T0.AddHours(1), T0.AddHours(16));
        // Opened by a market entry on a settlement: that settlement came first, so 16 h and 24 h only.
        var atSettlement = Closed("p2", Sol, T0.AddHours(8), T0.AddHours(24));
        // Opened by a resting entry filled inside the bar that closes on the settlement: it was open at it (8 h to 24 h).
        var restingEntry = Closed("p3", Sol, T0.AddHours(8), T0.AddHours(24));
        // Open and closed between two settlements: nothing.
        var quick = Closed("p4", Sol, T0.AddHours(9), T0.AddHours(15));
        // Still open after the last settlement paid: every one from its opening on.
        var open = Opened("p5", Sol, T0.AddHours(20));
        var fills = new[] { Fill("entry:p1", false), Fill("entry:p2", false), Fill("entry:p3", true), Fill("sl-of-entry:p3", false) };

        var ledger = new ReplayCostLedger(fills, funding);

        ledger.FundingOf(between).ShouldBe(2m + 4m);
        ledger.FundingOf(atSettlement).ShouldBe(4m + 8m);
        ledger.FundingOf(restingEntry).ShouldBe(2m + 4m + 8m);
        ledger.FundingOf(quick).ShouldBe(0m);
        ledger.FundingOf(open).ShouldBe(8m + 16m);
        ledger.FundingOf(Closed("p6", "BTC-USDT-SWAP", T0, T0.AddDays(2))).ShouldBe(0m);
    }

    [Fact]
    public void EveryPositionGetsWhatWalkingAllPaymentsGives()
    {
        // Payments in time order (a paper account settles them so) are searched; out of order they are walked: the same
        // amounts either way, on positions opened and closed on and between settlements.
        var random = new Random(7);
        var inOrder = Enumerable.Range(0, 60).Select(i => Payment(Sol, T0 + (Interval * i), random.Next(-500, 500) / 7m)).ToList();
        var shuffled = inOrder.OrderBy(_ => random.Next()).ToList();
        var positions = Enumerable.Range(0, 200).Select(i =>
        {
            var opened = T0.AddHours(random.Next(-10, 480));
            var closed = opened.AddHours(random.Next(0, 60));
            return Closed($"q{i}", Sol, opened, closed);
        }).ToList();
        var fills = positions.Select((p, i) => Fill($"entry:{p.Id}", isMaker: i % 3 == 0)).ToList();

        var searched = new ReplayCostLedger(fills, inOrder);
        var walked = new ReplayCostLedger(fills, shuffled);

        for (var i = 0; i < positions.Count; i++)
        {
            var p = positions[i];
            var insideBar = i % 3 == 0;
            // Summed in the order the payments were given (decimal sums of sevenths round differently in another order).
            decimal Walk(List<PaperFundingPayment> payments) => payments
                .Where(f => (f.Time > p.OpenedAt || (insideBar && f.Time == p.OpenedAt)) && f.Time <= p.ClosedAt)
                .Sum(f => f.Amount);
            searched.FundingOf(p).ShouldBe(Walk(inOrder), p.Id);
            walked.FundingOf(p).ShouldBe(Walk(shuffled), p.Id);
        }
        positions.Count(p => searched.FundingOf(p) != 0m).ShouldBeGreaterThan(100);
    }

    private static PaperFundingPayment Payment(string instrument, DateTimeOffset time, decimal amount) =>
        new(instrument, time, 1m, 100m, 1m, amount, "flat");

    private static PaperFillCost Fill(string tag, bool isMaker) =>
        new("F1", "O1", Sol, tag, OrderSide.Buy, T0, 1m, 100m, isMaker, 0m, 0m, 0m);

    private static Position Opened(string id, string instrument, DateTimeOffset opened)
    {
        var position = new Position(id, instrument, PositionSide.Long, "momentum", "s1", 1m, 100m, 90m, 110m, 120m, opened);
        position.ApplyEntryFill(1m, 100m, 0m, opened);
        return position;
    }

    private static Position Closed(string id, string instrument, DateTimeOffset opened, DateTimeOffset closed)
    {
        var position = Opened(id, instrument, opened);
        position.ApplyExitFill(1m, 101m, 0m, closed, ExitReason.Manual, "x" + id);
        return position;
    }
}

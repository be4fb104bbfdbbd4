using BreakoutBot.Domain.Common;
using BreakoutBot.Domain.Markets;
using BreakoutBot.Domain.Trading;
using BreakoutBot.Infrastructure.Exchanges.Paper;
using Microsoft.Extensions.Time.Testing;

namespace BreakoutBot.Tests.Infrastructure.Exchanges;

/// <summary>The accounting identities through a long random run of every order type.</summary>
public partial class PaperExchangeClientTests
{
    [Fact]
    public async Task KeepsTheAccountingIdentitiesThroughFiveHundredRandomActions()
    {
        var random = new Random(20240101);
        var options = new PaperExchangeOptions { SlippageBps = 3m, TakerFeeBps = 5m, MakerFeeBps = 2m, StartingBalance = 50_000m };
        var paper = Create(options);
        var instruments = new[] { SolInstrument, BtcInstrument };
        var marks = new Dictionary<string, decimal> { [Sol] = 100m, [Btc] = 40_000m };
        foreach (var (id, price) in marks)
        {
            paper.SetMarkPrice(id, price);
        }
        var ledger = new Dictionary<string, (decimal Quantity, decimal Average)>();
        var realizedFromFills = 0m;
        long seenFills = 0;

        for (var step = 0; step < 500; step++)
        {
            var instrument = instruments[random.Next(instruments.Length)];
            var mark = marks[instrument.Id];
            var side = random.Next(2) == 0 ? OrderSide.Buy : OrderSide.Sell;
            var quantity = instrument.QuantityStep * random.Next(1, 40);
            var away = instrument.RoundPrice(mark * (decimal)(0.9 + (random.NextDouble() * 0.2)));
            var roll = random.Next(100);
            if (roll < 30)
            {
                await paper.PlaceOrderAsync(new OrderRequest(NextId(), instrument.Id, side, OrderType.Market, quantity, ReduceOnly: random.Next(4) == 0), Ct);
            }
            else if (roll < 50)
            {
                var type = (OrderType)random.Next(1, 4);
                await paper.PlaceOrderAsync(new OrderRequest(
                    NextId(), instrument.Id, side, type, quantity,
                    Price: type == OrderType.Limit ? away : null,
                    TriggerPrice: type == OrderType.Limit ? null : away,
                    ReduceOnly: random.Next(3) == 0), Ct);
            }
            else if (roll < 58)
            {
                var open = await paper.GetOpenOrdersAsync(Ct);
                if (open.Count > 0)
                {
                    var victim = open[random.Next(open.Count)];
                    await paper.CancelOrderAsync(victim.InstrumentId, victim.OrderId, Ct);
                }
            }
            else if (roll < 63)
            {
                var open = await paper.GetOpenOrdersAsync(Ct);
                if (open.Count > 0)
                {
                    var target = open[random.Next(open.Count)];
                    var price = instruments.Single(i => i.Id == target.InstrumentId).RoundPrice(marks[target.InstrumentId] * (decimal)(0.95 + (random.NextDouble() * 0.1)));
                    await (target.Type == OrderType.Limit
                        ? paper.AmendOrderAsync(target.InstrumentId, target.OrderId, price, null, Ct)
                        : paper.AmendOrderAsync(target.InstrumentId, target.OrderId, null, price, Ct));
                }
            }
            else
            {
                var candle = RandomBar(random, instrument, mark);
                _clock.Advance(Candle.Interval);
                paper.OnCandle(instrument.Id, candle);
                marks[instrument.Id] = candle.Close;
            }

            // An independent ledger rebuilt from the fills alone.
            foreach (var fill in await paper.GetFillsAsync(seenFills, Ct))
            {
                fill.Sequence.ShouldBe(seenFills + 1);
                fill.Quantity.ShouldBeGreaterThan(0m);
                fill.Fee.ShouldBeGreaterThanOrEqualTo(0m);
                seenFills = fill.Sequence;
                var (held, average) = ledger.GetValueOrDefault(fill.InstrumentId);
                var signed = fill.Side == OrderSide.Buy ? fill.Quantity : -fill.Quantity;
                if (held == 0 || Math.Sign(held) == Math.Sign(signed))
                {
                    ledger[fill.InstrumentId] = (held + signed, ((Math.Abs(held) * average) + (fill.Quantity * fill.Price)) / Math.Abs(held + signed));
                }
                else
                {
                    var closed = Math.Min(fill.Quantity, Math.Abs(held));
                    realizedFromFills += (held > 0 ? fill.Price - average : average - fill.Price) * closed;
                    var left = held + signed;
                    ledger[fill.InstrumentId] = (left, left == 0 ? 0m : Math.Sign(left) == Math.Sign(held) ? average : fill.Price);
                }
            }

            var fills = await paper.GetFillsAsync(0, Ct);
            var balance = await paper.GetBalanceAsync(Ct);
            var positions = await paper.GetPositionsAsync(Ct);
            var feesFromFills = fills.Sum(f => f.Fee);
            balance.FeesPaid.ShouldBe(feesFromFills);
            Math.Abs(balance.RealizedPnl - realizedFromFills).ShouldBeLessThan(0.000001m, $"step {step}");
            balance.Cash.ShouldBe(options.StartingBalance + balance.RealizedPnl - feesFromFills, $"step {step}");
            balance.Equity.ShouldBe(balance.Cash + positions.Sum(p => p.UnrealizedPnl), $"step {step}");
            foreach (var instrumentId in marks.Keys)
            {
                var held = positions.SingleOrDefault(p => p.InstrumentId == instrumentId)?.Quantity ?? 0m;
                held.ShouldBe(ledger.GetValueOrDefault(instrumentId).Quantity, $"step {step}");
            }
            foreach (var order in await paper.GetOpenOrdersAsync(Ct))
            {
                order.Quantity.ShouldBeGreaterThan(0m);
                order.FilledQuantity.ShouldBe(0m);
            }
        }

        seenFills.ShouldBeGreaterThan(100);
        var filledTypes = new HashSet<OrderType>();
        foreach (var fill in await paper.GetFillsAsync(0, Ct))
        {
            filledTypes.Add((await paper.GetOrderAsync(fill.InstrumentId, fill.OrderId, Ct))!.Type);
        }
        filledTypes.Count.ShouldBe(4, "every order type should have filled at least once in the random run");
    }

    private static Candle RandomBar(Random random, Instrument instrument, decimal previousClose)
    {
        var gap = random.Next(10) == 0 ? (decimal)((random.NextDouble() - 0.5) * 0.06) : 0m;
        var open = instrument.RoundPrice(previousClose * (1m + gap));
        var close = instrument.RoundPrice(open * (decimal)(1 + ((random.NextDouble() - 0.5) * 0.04)));
        var high = instrument.RoundPriceUp(Math.Max(open, close) * (decimal)(1 + (random.NextDouble() * 0.01)));
        var low = instrument.RoundPriceDown(Math.Min(open, close) * (decimal)(1 - (random.NextDouble() * 0.01)));
        return Candle.Create(Start, open, high, low, close, 100m);
    }
}

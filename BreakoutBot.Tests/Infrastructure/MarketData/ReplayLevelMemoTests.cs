using BreakoutBot.Domain.Abstractions;
using BreakoutBot.Domain.Levels;
using BreakoutBot.Domain.Markets;
using BreakoutBot.Infrastructure.MarketData;

namespace BreakoutBot.Tests.Infrastructure.MarketData;

/// <summary>
/// The levels a replay remembers for a bar of a candle list (ADR-010, "Fifth round"): answered only for the same bar,
/// window length, ATR (to the bit) and option values, to any replay of the same list, in any order of bars.
/// </summary>
public class ReplayLevelMemoTests
{
    private const string Sol = "SOL-USDT-SWAP";
    private static readonly DateTimeOffset T0 = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly Instrument SolInstrument = new(Sol, InstrumentKind.Swap, 0.01m, 1m, 1m, 1m);
    private static readonly LevelDetectorOptions Options = new();

    [Fact]
    public void AnswersOnlyForTheInputsTheLevelsWereStoredWith()
    {
        var bars = Bars(50);
        var memo = Memo(bars);
        var stored = Levels(101.5);
        var inputs = new LevelInputs(bars[20].Time, 21, 0.75, Options);
        memo.StoreLevels(Sol, inputs, stored);

        memo.TryGetLevels(Sol, inputs, out var same).ShouldBeTrue();
        same.ShouldBeSameAs(stored);
        memo.TryGetLevels(Sol, inputs with { Options = Options with { } }, out var equalValues).ShouldBeTrue("options of equal values are the same options");
        equalValues.ShouldBeSameAs(stored);

        memo.TryGetLevels(Sol, inputs with { Atr = Math.BitIncrement(0.75) }, out _).ShouldBeFalse("another ATR, by one bit");
        memo.TryGetLevels(Sol, inputs with { WindowCount = 20 }, out _).ShouldBeFalse("another window");
        memo.TryGetLevels(Sol, inputs with { Options = Options with { MinTouches = Options.MinTouches + 1 } }, out _).ShouldBeFalse("other option values");
        memo.TryGetLevels(Sol, inputs with { LastBar = bars[21].Time }, out _).ShouldBeFalse("the next bar");
        memo.TryGetLevels(Sol, inputs with { LastBar = bars[19].Time }, out _).ShouldBeFalse("the bar before");
        memo.TryGetLevels(Sol, inputs with { LastBar = bars[20].Time + TimeSpan.FromMinutes(1) }, out _).ShouldBeFalse("no bar opened then");
        memo.TryGetLevels("ETH-USDT-SWAP", inputs, out _).ShouldBeFalse("another instrument");
    }

    [Fact]
    public void KeepsEveryStoredInputOfABarAndFindsBarsInAnyOrder()
    {
        var bars = Bars(200);
        var memo = Memo(bars);
        // The first hundred bars twice (two ATRs: the memo's capacity of one entry per bar of the list), stored in an order
        // that jumps back and forth.
        var order = Enumerable.Range(0, 100).Select(i => (i * 37) % 100).ToArray();
        foreach (var i in order)
        {
            memo.StoreLevels(Sol, new LevelInputs(bars[i].Time, 20, 1.0, Options), Levels(i));
            memo.StoreLevels(Sol, new LevelInputs(bars[i].Time, 20, 2.0, Options), Levels(-i));
        }

        // Read forwards, backwards and from the jumping order: every entry is its own bar's.
        foreach (var i in Enumerable.Range(0, 100).Concat(Enumerable.Range(0, 100).Reverse()).Concat(order))
        {
            memo.TryGetLevels(Sol, new LevelInputs(bars[i].Time, 20, 1.0, Options), out var one).ShouldBeTrue();
            one[0].Price.ShouldBe(i);
            memo.TryGetLevels(Sol, new LevelInputs(bars[i].Time, 20, 2.0, Options), out var two).ShouldBeTrue();
            two[0].Price.ShouldBe(-i);
        }
    }

    [Fact]
    public void StoresAtMostOneEntryPerBarOfTheList()
    {
        var bars = Bars(10);
        var memo = Memo(bars);
        for (var k = 0; k < 3; k++)
        {
            for (var i = 0; i < bars.Length; i++)
            {
                memo.StoreLevels(Sol, new LevelInputs(bars[i].Time, 5 + k, 1.0, Options), Levels(i));
            }
        }

        var kept = Enumerable.Range(0, 3).Sum(k => Enumerable.Range(0, bars.Length)
            .Count(i => memo.TryGetLevels(Sol, new LevelInputs(bars[i].Time, 5 + k, 1.0, Options), out _)));
        kept.ShouldBe(bars.Length, "ten bars keep ten entries: the first ten stored");
        for (var i = 0; i < bars.Length; i++)
        {
            memo.TryGetLevels(Sol, new LevelInputs(bars[i].Time, 5, 1.0, Options), out _).ShouldBeTrue();
        }
    }

    [Fact]
    public async Task ReplaysOnOtherThreadsShareItWithoutLosingAnEntry()
    {
        var bars = Bars(2_000);
        var memo = Memo(bars);
        // Four writers on two threads each store the same 500 bars, each with its own ATR (four entries a bar, the memo's
        // capacity): the two threads meet at every bar, so they add to the same bar's entries at the same moment.
        using var together = new Barrier(2);
        var writers = new[] { new[] { 1, 2 }, new[] { 3, 4 } }.Select(ws => Task.Run(() =>
        {
            try
            {
                for (var i = 0; i < 500; i++)
                {
                    together.SignalAndWait(TestContext.Current.CancellationToken);
                    foreach (var w in ws)
                    {
                        memo.StoreLevels(Sol, new LevelInputs(bars[i].Time, 20, w, Options), Levels((w * 10_000) + i));
                        memo.TryGetLevels(Sol, new LevelInputs(bars[i].Time, 20, w, Options), out var back).ShouldBeTrue();
                        back[0].Price.ShouldBe((w * 10_000) + i);
                    }
                }
            }
            finally
            {
                // A thread that stops (done or failed) no longer holds the other one at the barrier.
                together.RemoveParticipant();
            }
        }, TestContext.Current.CancellationToken)).ToArray();
        await Task.WhenAll(writers);

        for (var w = 1; w <= 4; w++)
        {
            for (var i = 0; i < 500; i++)
            {
                memo.TryGetLevels(Sol, new LevelInputs(bars[i].Time, 20, w, Options), out var levels).ShouldBeTrue();
                levels[0].Price.ShouldBe((w * 10_000) + i);
            }
        }
    }

    private static ILevelMemo Memo(Candle[] bars) =>
        new ReplayMarketDataProvider([SolInstrument], new Dictionary<string, IReadOnlyList<Candle>> { [Sol] = bars }, new ReplayClock(T0));

    private static TradingLevel[] Levels(double price) =>
    [
        new TradingLevel { Price = price, Type = LevelType.Resistance, TouchCount = 3, Strength = 0.5, FirstTouch = T0, LastTouch = T0 },
    ];

    private static Candle[] Bars(int count) =>
        Enumerable.Range(0, count).Select(i => Candle.Create(T0 + (Candle.Interval * i), 100m, 101m, 99m, 100.5m, 1000m)).ToArray();
}

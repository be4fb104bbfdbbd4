using BreakoutBot.Domain.Indicators;
using static BreakoutBot.Tests.Domain.Indicators.IndicatorOracle;

namespace BreakoutBot.Tests.Domain.Indicators;

/// <summary>
/// Streaming indicators against the Stock.Indicators reference series (502 SPY daily bars). Every bar is checked:
/// the value where the oracle has one, and <c>IsReady</c> false exactly where the oracle is still warming up.
/// </summary>
public sealed class IndicatorOracleTests
{
    [Fact]
    public void Sma20MatchesTheOracle()
    {
        var quotes = LoadQuotes();
        var sma = new Sma(20);
        AssertMatches("SMA(20)", LoadSeries("sma", "sma", quotes), quotes, q => sma.Update(q.Close), () => sma.IsReady, () => sma.Value);
    }

    [Fact]
    public void Ema20SeededWithTheSmaMatchesTheOracle()
    {
        var quotes = LoadQuotes();
        var ema = new Ema(20);
        AssertMatches("EMA(20)", LoadSeries("ema", "ema", quotes), quotes, q => ema.Update(q.Close), () => ema.IsReady, () => ema.Value);
    }

    [Fact]
    public void TrueRangeMatchesTheOracleFromTheSecondBarAndIsHighMinusLowOnTheFirst()
    {
        var quotes = LoadQuotes();
        var expected = LoadSeries("tr", "tr", quotes);
        expected[0].ShouldBeNull();
        var tr = new TrueRange();
        for (var i = 0; i < quotes.Count; i++)
        {
            var q = quotes[i];
            var value = tr.Update(q.High, q.Low, q.Close);
            if (i == 0)
            {
                value.ShouldBe(q.High - q.Low);
                tr.HasPreviousClose.ShouldBeFalse();
            }
            else
            {
                tr.HasPreviousClose.ShouldBeTrue();
                AssertClose(value, expected[i]!.Value, Tolerance, $"TR at bar {i}");
            }
        }
    }

    [Fact]
    public void Atr14WithWilderSmoothingSeededBySmaMatchesTheOracle()
    {
        var quotes = LoadQuotes();
        var atr = new Atr(14);
        AssertMatches("ATR(14)", LoadSeries("atr", "atr", quotes), quotes, q => atr.Update(q.High, q.Low, q.Close), () => atr.IsReady, () => atr.Value);

        var atrPercent = new Atr(14);
        var close = 0d;
        AssertMatches(
            "ATR%(14)",
            LoadSeries("atr", "atrp", quotes),
            quotes,
            q =>
            {
                atrPercent.Update(q.High, q.Low, q.Close);
                close = q.Close;
            },
            () => atrPercent.IsReady,
            () => atrPercent.Value / close * 100);
    }

    [Theory]
    [InlineData("sma")]
    [InlineData("upperBand")]
    [InlineData("lowerBand")]
    [InlineData("percentB")]
    [InlineData("zScore")]
    [InlineData("width")]
    public void Bollinger20x2MatchesTheOracle(string field)
    {
        var quotes = LoadQuotes();
        var bands = new Bollinger(20, 2);
        Func<double> read = field switch
        {
            "sma" => () => bands.Middle,
            "upperBand" => () => bands.Upper,
            "lowerBand" => () => bands.Lower,
            "percentB" => () => bands.PercentB,
            "zScore" => () => bands.ZScore,
            _ => () => bands.Width,
        };
        AssertMatches($"BB(20,2).{field}", LoadSeries("bb", field, quotes), quotes, q => bands.Update(q.Close), () => bands.IsReady, read);
    }

    [Theory]
    [InlineData("upperBand")]
    [InlineData("centerline")]
    [InlineData("lowerBand")]
    [InlineData("width")]
    public void Donchian20ExcludingTheCurrentBarMatchesTheOracle(string field)
    {
        var quotes = LoadQuotes();
        var channel = new Donchian(20, includeCurrentBar: false);
        Func<double> read = field switch
        {
            "upperBand" => () => channel.Upper,
            "centerline" => () => channel.Middle,
            "lowerBand" => () => channel.Lower,
            _ => () => channel.Width,
        };
        AssertMatches($"Donchian(20).{field}", LoadSeries("donchian", field, quotes), quotes, q => channel.Update(q.High, q.Low), () => channel.IsReady, read);
    }

    [Fact]
    public void Donchian20IncludingTheCurrentBarEqualsTheOracleOfTheNextBar()
    {
        var quotes = LoadQuotes();
        var upper = LoadSeries("donchian", "upperBand", quotes);
        var lower = LoadSeries("donchian", "lowerBand", quotes);
        var channel = new Donchian(20, includeCurrentBar: true);
        for (var i = 0; i < quotes.Count - 1; i++)
        {
            channel.Update(quotes[i].High, quotes[i].Low);
            channel.IsReady.ShouldBe(upper[i + 1] is not null, $"readiness at bar {i}");
            if (channel.IsReady)
            {
                channel.Upper.ShouldBe(upper[i + 1]!.Value);
                channel.Lower.ShouldBe(lower[i + 1]!.Value);
            }
        }
    }

    [Fact]
    public void CumulativeVwapMatchesTheOracle()
    {
        var quotes = LoadQuotes();
        var vwap = new Vwap();
        AssertMatches("VWAP", LoadSeries("vwap", "vwap", quotes), quotes, q => vwap.Update(q.High, q.Low, q.Close, q.Volume), () => vwap.IsReady, () => vwap.Value);
    }

    [Fact]
    public void Rsi14WithWilderSmoothingMatchesTheOracle()
    {
        var quotes = LoadQuotes();
        var rsi = new Rsi(14);
        AssertMatches("RSI(14)", LoadSeries("rsi", "rsi", quotes), quotes, q => rsi.Update(q.Close), () => rsi.IsReady, () => rsi.Value);
    }

    [Fact]
    public void AtrTrailingStop21x3OnClosesMatchesTheOracleAtrStop()
    {
        var quotes = LoadQuotes();
        var stop = new AtrTrailingStop(21, 3, AtrStopBasis.Close);
        AssertMatches("ATR stop(21,3).atrStop", LoadSeries("atr-stop", "atrStop", quotes), quotes, q => stop.Update(q.High, q.Low, q.Close), () => stop.IsReady, () => stop.Stop);

        var atr = LoadSeries("atr-stop", "atr", quotes);
        var buyStops = LoadSeries("atr-stop", "buyStop", quotes);
        var sellStops = LoadSeries("atr-stop", "sellStop", quotes);
        var replay = new AtrTrailingStop(21, 3, AtrStopBasis.Close);
        var flips = 0;
        var wasUptrend = true;
        for (var i = 0; i < quotes.Count; i++)
        {
            replay.Update(quotes[i].High, quotes[i].Low, quotes[i].Close);
            if (!replay.IsReady)
            {
                continue;
            }
            AssertClose(replay.Atr, atr[i]!.Value, Tolerance, $"ATR(21) at bar {i}");
            replay.IsUptrend.ShouldBe(sellStops[i] is not null, $"trend at bar {i}");
            if (replay.IsUptrend)
            {
                AssertClose(replay.SellStop, sellStops[i]!.Value, Tolerance, $"sell stop at bar {i}");
                double.IsNaN(replay.BuyStop).ShouldBeTrue();
            }
            else
            {
                AssertClose(replay.BuyStop, buyStops[i]!.Value, Tolerance, $"buy stop at bar {i}");
                double.IsNaN(replay.SellStop).ShouldBeTrue();
            }
            if (replay.IsUptrend != wasUptrend)
            {
                flips++;
                wasUptrend = replay.IsUptrend;
            }
        }
        flips.ShouldBeGreaterThan(1, "the oracle window should exercise trend flips in both directions");
    }

    [Fact]
    public void ChandelierExitIsTheHighestHighAndLowestLowOffsetByTheOracleWilderAtr()
    {
        // The oracle has no chandelier, but it has Wilder ATR(21); the extremes are recomputed here by brute force.
        var quotes = LoadQuotes();
        var atr21 = LoadSeries("atr-stop", "atr", quotes);
        var chandelier = new ChandelierExit(21, 3);
        for (var i = 0; i < quotes.Count; i++)
        {
            chandelier.Update(quotes[i].High, quotes[i].Low, quotes[i].Close);
            chandelier.IsReady.ShouldBe(atr21[i] is not null, $"readiness at bar {i}");
            if (!chandelier.IsReady)
            {
                continue;
            }
            var highest = double.MinValue;
            var lowest = double.MaxValue;
            for (var j = i - 20; j <= i; j++)
            {
                highest = Math.Max(highest, quotes[j].High);
                lowest = Math.Min(lowest, quotes[j].Low);
            }
            AssertClose(chandelier.LongStop, highest - (3 * atr21[i]!.Value), Tolerance, $"long stop at bar {i}");
            AssertClose(chandelier.ShortStop, lowest + (3 * atr21[i]!.Value), Tolerance, $"short stop at bar {i}");
        }
    }
}

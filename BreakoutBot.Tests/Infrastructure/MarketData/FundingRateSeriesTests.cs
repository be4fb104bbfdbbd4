using BreakoutBot.Domain.Common;
using BreakoutBot.Domain.Presets;
using BreakoutBot.Infrastructure.Exchanges.Paper;
using BreakoutBot.Infrastructure.MarketData;
using BreakoutBot.Infrastructure.Replay;

namespace BreakoutBot.Tests.Infrastructure.MarketData;

public class FundingRateSeriesTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public void ParsesSettlementTimesAndRatesAsOkxWritesThem()
    {
        var rates = FundingRateSeries.Parse(
            ["timestamp,funding_rate", "1704096000000,0.0001", "2024-01-01T16:00:00Z,-0.00025", ""], "BTC-USDT-SWAP.csv");

        rates[new DateTimeOffset(2024, 1, 1, 8, 0, 0, TimeSpan.Zero)].ShouldBe(1m);
        rates[new DateTimeOffset(2024, 1, 1, 16, 0, 0, TimeSpan.Zero)].ShouldBe(-2.5m);
        Should.Throw<DomainException>(() => FundingRateSeries.Parse(["time,rate"], "x.csv")).Message.ShouldContain("timestamp,funding_rate");
        Should.Throw<DomainException>(() => FundingRateSeries.Parse(["timestamp,funding_rate", "soon,0.1"], "x.csv")).Message.ShouldContain("line 2");
    }

    [Theory]
    [InlineData("99999999999999999,0.0001", "line 2: field 'timestamp' value '99999999999999999' is not Unix milliseconds or an ISO-8601 UTC time")]
    [InlineData("01/02/2024,0.0001", "line 2: field 'timestamp' value '01/02/2024'")]
    [InlineData("1704096000000,1e25", "line 2: field 'funding_rate' value '1e25' is outside -1 to 1")]
    [InlineData("1704096000000,lots", "line 2: field 'funding_rate' value 'lots' is not a number")]
    [InlineData("1704096000000,0.0001\n2024-01-01T08:00:00Z,0.0002", "line 3: the timestamp 2024-01-01T08:00:00Z repeats line 2")]
    public void EveryBadLineIsAnErrorNamingTheFileAndLine(string rows, string expected)
    {
        string[] lines = ["timestamp,funding_rate", .. rows.Split('\n')];

        Should.Throw<DomainException>(() => FundingRateSeries.Parse(lines, "funding/BTC-USDT-SWAP.csv"))
            .Message.ShouldStartWith("funding/BTC-USDT-SWAP.csv " + expected);
    }

    private static readonly DateTimeOffset Day = new(2024, 3, 1, 0, 0, 0, TimeSpan.Zero);

    private static List<(int Hour, decimal? Bps)> Settlements(FundingRateSeries series, string instrument, DateTimeOffset after, DateTimeOffset upTo)
    {
        var into = new List<FundingSettlement>();
        series.SettlementsInto(instrument, after, upTo, TimeSpan.FromHours(8), into);
        return into.Select(s => ((int)(s.At - Day).TotalHours, s.RateBps)).ToList();
    }

    [Fact]
    public void ASeriesSettlesAtItsOwnTimesAndTheGridFillsWhatItDoesNotCover()
    {
        // Every 4 h from 04:00 to 20:00 (a gap: 12:00 and 16:00 missing), then every hour on the next day from 01:00 to 03:00.
        var hours = new[] { 4, 8, 20, 25, 26, 27 };
        var series = FundingRateSeries.Of("test", new Dictionary<string, IReadOnlyDictionary<DateTimeOffset, decimal>>
        {
            ["A"] = hours.ToDictionary(h => Day.AddHours(h), h => (decimal)h),
        });

        var settled = Settlements(series, "A", Day.AddHours(-16), Day.AddHours(40));

        // Before the file: the 8-h grid at the flat rate (−8 h, 0 h). Then the file's own times; the grid's 16:00 has no
        // listed settlement in (08:00, 16:00] and is charged flat; 24:00 is covered by 20:00; after the file's last
        // settlement (27:00) the grid again (32:00, 40:00).
        settled.ShouldBe([(-8, null), (0, null), (4, 4m), (8, 8m), (16, null), (20, 20m), (25, 25m), (26, 26m), (27, 27m), (32, null), (40, null)]);
        Settlements(series, "B", Day, Day.AddHours(16)).ShouldBe([(8, null), (16, null)], "an instrument without a file: the grid alone");
        Settlements(series, "A", Day.AddHours(4), Day.AddHours(8)).ShouldBe([(8, 8m)], "the range excludes its start and includes its end");
    }

    /// <summary>
    /// A funding folder for every instrument of <paramref name="market"/>, one settlement every <paramref name="hours"/> from
    /// 00:00 UTC at <paramref name="rate"/>, written as <paramref name="time"/> says, read back as the replay reads it.
    /// </summary>
    private static async Task<FundingRateSeries> SeriesEveryAsync(MarketDataSet market, int hours, string rate, Func<DateTime, string> time)
    {
        var dir = Directory.CreateTempSubdirectory("funding-every-");
        try
        {
            var funding = Directory.CreateDirectory(Path.Combine(dir.FullName, FundingRateSeries.FolderName));
            var first = market.Candles.Values.Min(c => c[0].Time);
            var last = market.Candles.Values.Max(c => c[^1].CloseTime);
            foreach (var instrument in market.Instruments)
            {
                var lines = new List<string> { "timestamp,funding_rate" };
                for (var t = first.Date.AddHours(hours); t <= last; t = t.AddHours(hours))
                {
                    lines.Add(time(t) + "," + rate);
                }
                await File.WriteAllLinesAsync(Path.Combine(funding.FullName, instrument.Id + ".csv"), lines, Ct);
            }
            return FundingRateSeries.LoadFromDataFolder(dir.FullName).ShouldNotBeNull();
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    private static string Iso(DateTime t) => t.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);

    private static string UnixMs(DateTime t) => new DateTimeOffset(t, TimeSpan.Zero).ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public async Task AReplayOfInstrumentsFundingEveryFourHoursPaysTwiceAsManySettlementsAsEveryEightHours()
    {
        var market = MarketDataSet.Generated(42, 6, 3000);
        var preset = PresetCatalog.Get("breakout_v1");
        var everyFour = await new ReplayRunner().RunAsync(market.Instruments, market.Candles, preset,
            new ReplayOptions { Funding = await SeriesEveryAsync(market, 4, "0.00001", Iso) }, Ct);
        var everyEight = await new ReplayRunner().RunAsync(market.Instruments, market.Candles, preset,
            new ReplayOptions { Funding = await SeriesEveryAsync(market, 8, "0.00001", Iso) }, Ct);

        everyFour.Summary.Costs.FundingSource.ShouldBe("FUNDING csv (6 instruments)");
        everyFour.Summary.Trades.ShouldBeGreaterThan(20);
        // The same rate paid twice as often, trade by trade (a rate of 0.1 bp leaves the trades as they are).
        everyFour.Trades.Select(t => t.OpenedAt).ShouldBe(everyEight.Trades.Select(t => t.OpenedAt));
        var ratio = everyFour.Trades.Sum(t => Math.Abs(t.Funding)) / everyEight.Trades.Sum(t => Math.Abs(t.Funding));
        ratio.ShouldBeInRange(1.6m, 2.4m);
    }

    [Fact]
    public async Task AReplayWithAFundingFolderSettlesAtItsRatesAndSaysSo()
    {
        var market = MarketDataSet.Generated(42, 6, 3000);
        var series = await SeriesEveryAsync(market, 8, "0.003", UnixMs);
        var preset = PresetCatalog.Get("breakout_v1");

        var flat = await new ReplayRunner().RunAsync(market.Instruments, market.Candles, preset, cancellationToken: Ct);
        var fromSeries = await new ReplayRunner().RunAsync(market.Instruments, market.Candles, preset, new ReplayOptions { Funding = series }, Ct);

        flat.Summary.Costs.FundingSource.ShouldBe("flat");
        fromSeries.Summary.Costs.FundingSource.ShouldBe("FUNDING csv (6 instruments)");
        // 30 bps per settlement instead of 1: the funding line moves with the series.
        Math.Abs(fromSeries.Summary.Funding).ShouldBeGreaterThan(Math.Abs(flat.Summary.Funding));
    }
}

using BreakoutBot.Domain.Common;
using BreakoutBot.Domain.Presets;
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

    [Fact]
    public async Task AFundingFileOffTheReplaysEightHourGridIsAnErrorNamingTheFileAndTheSettlement()
    {
        var market = MarketDataSet.Generated(42, 2, 600);
        var dir = Directory.CreateTempSubdirectory("funding-grid-");
        try
        {
            var funding = Directory.CreateDirectory(Path.Combine(dir.FullName, FundingRateSeries.FolderName));
            var first = market.Candles.Values.Min(c => c[0].Time).UtcDateTime.Date;
            // An instrument settling every 4 hours: 04:00 is not on the 8-hour grid, and would be dropped without a word.
            var lines = new[] { "timestamp,funding_rate", $"{first.AddHours(8):yyyy-MM-dd'T'HH:mm:ss'Z'},0.0001", $"{first.AddHours(12):yyyy-MM-dd'T'HH:mm:ss'Z'},0.0001" };
            await File.WriteAllLinesAsync(Path.Combine(funding.FullName, market.Instruments[0].Id + ".csv"), lines, Ct);
            var series = FundingRateSeries.LoadFromDataFolder(dir.FullName).ShouldNotBeNull();

            var error = await Should.ThrowAsync<DomainException>(() => new ReplayRunner().RunAsync(
                market.Instruments, market.Candles, PresetCatalog.Get("breakout_v1"), new ReplayOptions { Funding = series }, Ct));

            error.Message.ShouldContain($"funding/{market.Instruments[0].Id}.csv");
            error.Message.ShouldContain($"{first.AddHours(12):yyyy-MM-dd'T'HH:mm:ss'Z'}");
            error.Message.ShouldContain("8-hour funding grid");
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task AReplayWithAFundingFolderSettlesAtItsRatesAndSaysSo()
    {
        var market = MarketDataSet.Generated(42, 6, 3000);
        var dir = Directory.CreateTempSubdirectory("wt9-funding-");
        try
        {
            var funding = Directory.CreateDirectory(Path.Combine(dir.FullName, FundingRateSeries.FolderName));
            var first = market.Candles.Values.Min(c => c[0].Time);
            var last = market.Candles.Values.Max(c => c[^1].CloseTime);
            foreach (var instrument in market.Instruments)
            {
                var lines = new List<string> { "timestamp,funding_rate" };
                for (var t = first.Date.AddHours(8); t <= last; t = t.AddHours(8))
                {
                    lines.Add(new DateTimeOffset(t, TimeSpan.Zero).ToUnixTimeMilliseconds() + ",0.003");
                }
                await File.WriteAllLinesAsync(Path.Combine(funding.FullName, instrument.Id + ".csv"), lines, Ct);
            }
            var series = FundingRateSeries.LoadFromDataFolder(dir.FullName).ShouldNotBeNull();
            var preset = PresetCatalog.Get("breakout_v1");

            var flat = await new ReplayRunner().RunAsync(market.Instruments, market.Candles, preset, cancellationToken: Ct);
            var fromSeries = await new ReplayRunner().RunAsync(market.Instruments, market.Candles, preset, new ReplayOptions { Funding = series }, Ct);

            flat.Summary.Costs.FundingSource.ShouldBe("flat");
            fromSeries.Summary.Costs.FundingSource.ShouldBe("FUNDING csv (6 instruments)");
            // 30 bps per settlement instead of 1: the funding line moves with the series.
            Math.Abs(fromSeries.Summary.Funding).ShouldBeGreaterThan(Math.Abs(flat.Summary.Funding));
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}

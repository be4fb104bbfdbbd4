using System.Globalization;
using BreakoutBot.Infrastructure.Engines;
using BreakoutBot.Infrastructure.MarketData;
using BreakoutBot.Tests.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;

namespace BreakoutBot.Tests.Infrastructure.Engines;

/// <summary>An engine replaying a stored data set charges the set's funding files, as a backtest of the same set does.</summary>
public sealed class StoredDataFundingTests
{
    [Fact]
    public async Task AnEngineOnAStoredDataSetPaysTheFundingOfItsFiles()
    {
        var market = MarketDataSet.Generated(7, 2, 600);
        var dir = Directory.CreateTempSubdirectory("engine-funding-");
        try
        {
            var funding = Directory.CreateDirectory(Path.Combine(dir.FullName, FundingRateSeries.FolderName));
            foreach (var instrument in market.Instruments)
            {
                var candles = market.Candles[instrument.Id];
                await File.WriteAllLinesAsync(Path.Combine(dir.FullName, instrument.Id + ".csv"),
                    candles.Select(c => string.Create(CultureInfo.InvariantCulture, $"{c.Time.ToUnixTimeMilliseconds()},{c.Open},{c.High},{c.Low},{c.Close},{c.Volume}"))
                        .Prepend("timestamp,open,high,low,close,volume"), TestContext.Current.CancellationToken);
                await File.WriteAllLinesAsync(Path.Combine(funding.FullName, instrument.Id + ".csv"),
                    ["timestamp,funding_rate", $"{candles[0].Time.Date.AddHours(4):yyyy-MM-dd'T'HH:mm:ss'Z'},0.0003"], TestContext.Current.CancellationToken);
            }
            using var registry = new EngineRegistry(NullLoggerFactory.Instance, TimeProvider.System, new NullEngineEventSink());

            var stored = registry.Create("alice", "stored", "breakout_v1", new EngineCreateOptions { DataFolder = dir.FullName, WarmupBars = 300 });
            var generated = registry.Create("alice", "generated", "breakout_v1", new EngineCreateOptions { Bars = 600, WarmupBars = 300 });

            stored.Market.Paper.ShouldNotBeNull().FundingSource.ShouldBe("FUNDING csv (2 instruments)");
            generated.Market.Paper.ShouldNotBeNull().FundingSource.ShouldBe("flat");
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}

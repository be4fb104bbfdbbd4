using System.IO.Compression;
using System.Text;
using BreakoutBot.Domain.Presets;
using BreakoutBot.Infrastructure.Backtests;
using BreakoutBot.Infrastructure.MarketData;
using BreakoutBot.Infrastructure.Replay;

namespace BreakoutBot.Tests.Infrastructure.Backtests;

/// <summary>A stored backtest report reads back as the replay wrote it, whether stored compact (now) or indented (before).</summary>
public sealed class StoredReportTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AStoredReportReadsBackAsTheReplayWroteItAndTakesLessRoomThanIndentedJson()
    {
        var report = await ReportAsync();

        var stored = StoredReport.Compress(report);

        ReplayJson.Serialize(StoredReport.Decompress(stored)).ShouldBe(ReplayJson.Serialize(report));
        stored.Length.ShouldBeLessThan(Gzip(ReplayJson.Serialize(report)).Length);
    }

    [Fact]
    public async Task AReportStoredIndentedByAnEarlierVersionReadsTheSame()
    {
        var report = await ReportAsync();

        var earlier = StoredReport.Decompress(Gzip(ReplayJson.Serialize(report)));

        ReplayJson.Serialize(earlier).ShouldBe(ReplayJson.Serialize(report));
    }

    private static async Task<ReplayReport> ReportAsync()
    {
        var set = MarketDataSet.Generated(3, 3, 1500);
        var report = await new ReplayRunner().RunAsync(set.Instruments, set.Candles, PresetCatalog.Get("breakout_v1"), cancellationToken: Ct);
        report.Trades.Count.ShouldBeGreaterThan(0, "a report with trades, so their fields are stored too");
        return report;
    }

    // The JSON exactly as given (ReplayJson writes it indented), gzip-compressed as reports were stored before.
    private static byte[] Gzip(string json)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(Encoding.UTF8.GetBytes(json));
        }
        return buffer.ToArray();
    }
}

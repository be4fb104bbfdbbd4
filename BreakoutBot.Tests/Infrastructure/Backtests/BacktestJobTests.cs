using BreakoutBot.Infrastructure.Backtests;
using BreakoutBot.Infrastructure.Replay;
using BreakoutBot.Tests.TestSupport;
using static BreakoutBot.Tests.Infrastructure.Backtests.BacktestTestBed;

namespace BreakoutBot.Tests.Infrastructure.Backtests;

public class BacktestJobTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AQueuedRunReplaysThePresetVersionAndStoresTheSameReportAsTheReplay()
    {
        await using var bed = await CreateAsync();
        var id = (await bed.Service.QueueAsync(Tom, Small with { StartingBalance = 25_000m, TakerFeeBps = 7m }, Ct)).Id!.Value;

        await bed.Job.RunAsync(id, Ct);

        var detail = (await bed.Service.GetAsync(Tom, id, Ct))!;
        detail.Summary.Status.ShouldBe(BacktestStatus.Succeeded);
        detail.Summary.BarsDone.ShouldBe(detail.Summary.BarsTotal);
        detail.Summary.Trades.ShouldBe(detail.Report!.Summary.Trades);
        detail.Summary.NetPnl.ShouldBe(detail.Report.Summary.NetPnl);
        detail.Report.Summary.StartingBalance.ShouldBe(25_000m);
        detail.Report.Summary.Costs.TakerFeeBps.ShouldBe(7m);
        detail.Report.Trades.Count.ShouldBeGreaterThan(0);
        detail.Report.Equity.Count.ShouldBeGreaterThan(100);

        // The same engine code and inputs as the command-line replay: the stored report is that replay's, byte for byte.
        var market = BreakoutBot.Infrastructure.MarketData.MarketDataSet.Generated(42, 4, 2000);
        var direct = await new ReplayRunner().RunAsync(market.Instruments, market.Candles, BreakoutBot.Domain.Presets.PresetCatalog.Get("breakout_v1"),
            new ReplayOptions { StartingBalance = 25_000m, TakerFeeBps = 7m }, Ct);
        ReplayJson.Serialize(detail.Report).ShouldBe(ReplayJson.Serialize(direct));
    }

    [Fact]
    public async Task ACancelRequestStopsARunningReplayAndSaysHowFarItGot()
    {
        await using var bed = await CreateAsync();
        var id = (await bed.Service.QueueAsync(Tom, Small with { GeneratedBars = 200_000, GeneratedInstruments = 20 }, Ct)).Id!.Value;

        var running = bed.Job.RunAsync(id, Ct);
        await Eventually.WaitUntilAsync(async () => (await bed.Service.GetAsync(Tom, id, Ct))!.Summary.BarsDone > 0, "progress written", TimeSpan.FromSeconds(60));
        (await bed.Service.CancelAsync(Tom, id, Ct)).ShouldBeNull();
        await running.WaitAsync(TimeSpan.FromSeconds(30), Ct);

        var run = (await bed.Service.GetAsync(Tom, id, Ct))!.Summary;
        run.Status.ShouldBe(BacktestStatus.Cancelled);
        run.Message.ShouldStartWith("Cancelled after ");
        run.BarsDone.ShouldBeLessThan(run.BarsTotal);
        (await bed.Service.GetAsync(Tom, id, Ct))!.Report.ShouldBeNull();
    }

    [Fact]
    public async Task TheJobStopsItsRunAtOnceWhenThisProcessSaysSo()
    {
        await using var bed = await CreateAsync();
        var id = (await bed.Service.QueueAsync(Tom, Small with { GeneratedBars = 200_000, GeneratedInstruments = 20 }, Ct)).Id!.Value;

        var running = bed.Job.RunAsync(id, Ct);
        await Eventually.WaitUntilAsync(async () => (await bed.Service.GetAsync(Tom, id, Ct))!.Summary.BarsDone > 0, "progress written", TimeSpan.FromSeconds(60), TimeSpan.FromMilliseconds(10));
        // Nothing stored: the job's monitor never sees a request, so only this process's signal can stop the run.
        bed.Notifier.RequestCancel(id);
        await running.WaitAsync(TimeSpan.FromSeconds(30), Ct);

        var run = (await bed.Service.GetAsync(Tom, id, Ct))!.Summary;
        run.Status.ShouldBe(BacktestStatus.Cancelled);
        run.BarsDone.ShouldBeGreaterThan(0);
        run.BarsDone.ShouldBeLessThan(run.BarsTotal);
    }

    [Fact]
    public async Task ACancelRequestMadeOnAnotherNodeIsSeenThroughTheDatabase()
    {
        await using var bed = await CreateAsync();
        var id = (await bed.Service.QueueAsync(Tom, Small with { GeneratedBars = 200_000, GeneratedInstruments = 20 }, Ct)).Id!.Value;
        var otherNode = bed.ServiceOnAnotherNode();

        var running = bed.Job.RunAsync(id, Ct);
        await Eventually.WaitUntilAsync(async () => (await bed.Service.GetAsync(Tom, id, Ct))!.Summary.Status == BacktestStatus.Running, "run started", TimeSpan.FromSeconds(60));
        (await otherNode.CancelAsync(Tom, id, Ct)).ShouldBeNull();
        await running.WaitAsync(TimeSpan.FromSeconds(30), Ct);

        // Seen at the monitor's first look, while the run was loading its data or had just begun.
        var run = (await bed.Service.GetAsync(Tom, id, Ct))!;
        run.Summary.Status.ShouldBe(BacktestStatus.Cancelled);
        run.Summary.Message.ShouldStartWith("Cancelled ");
        run.Report.ShouldBeNull();
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task ACancelMadeWhileTheDataIsStillLoadingEndsTheRunWithoutWaitingForTheLoad()
    {
        await using var bed = await CreateAsync();
        // An imported file that cannot be read until someone writes to it: the load stays in progress as long as the test wants.
        var stuck = Path.Combine(bed.Folders.MarketData, "BTC-USDT-SWAP.csv");
        using (var mkfifo = System.Diagnostics.Process.Start("mkfifo", stuck))
        {
            await mkfifo.WaitForExitAsync(Ct);
            mkfifo.ExitCode.ShouldBe(0);
        }
        try
        {
            var id = (await bed.Service.QueueAsync(Tom, Small with { DataSource = BacktestDataSource.Imported }, Ct)).Id!.Value;
            var running = Task.Run(() => bed.Job.RunAsync(id, Ct), Ct);
            await Eventually.WaitUntilAsync(async () => (await bed.Service.GetAsync(Tom, id, Ct))!.Summary.Status == BacktestStatus.Running, "run started", TimeSpan.FromSeconds(60));

            (await bed.ServiceOnAnotherNode().CancelAsync(Tom, id, Ct)).ShouldBeNull();
            await running.WaitAsync(TimeSpan.FromSeconds(30), Ct);

            var run = (await bed.Service.GetAsync(Tom, id, Ct))!.Summary;
            run.Status.ShouldBe(BacktestStatus.Cancelled);
            run.Message.ShouldBe("Cancelled before its first bar.");
        }
        finally
        {
            // Let the abandoned read finish (an empty file) so no pool thread stays blocked after the test.
            await Task.Run(() => File.WriteAllText(stuck, ""), CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10), CancellationToken.None);
        }
    }

    [Fact]
    public async Task ACancelRequestOfARunningRunIsAlsoSaidInThisProcess()
    {
        await using var bed = await CreateAsync();
        var requested = new List<long>();
        bed.Notifier.CancelRequested += requested.Add;
        var queued = (await bed.Service.QueueAsync(Tom, Small, Ct)).Id!.Value;
        var started = (await bed.Service.QueueAsync(Tom, Small, Ct)).Id!.Value;
        await bed.MarkRunningAsync(started);

        (await bed.Service.CancelAsync(Tom, queued, Ct)).ShouldBeNull();
        (await bed.Service.CancelAsync(Tom, started, Ct)).ShouldBeNull();

        // A queued run is cancelled in the database alone (no job runs it); a running one is also told to the job here.
        requested.ShouldBe([started]);
        (await bed.Service.GetAsync(Tom, started, Ct))!.Summary.Status.ShouldBe(BacktestStatus.Running);
    }

    [Fact]
    public async Task AMissingImportedInstrumentFailsTheRunWithAMessageAndNoServerPath()
    {
        await using var bed = await CreateAsync();
        await File.WriteAllTextAsync(Path.Combine(bed.Folders.MarketData, "ETH-USDT-SWAP.csv"), "timestamp,open,high,low,close,volume\nnot-a-time,1,1,1,1,1\n", Ct);
        // Queuing checks that the file is there; it is removed before the run starts.
        var btc = Path.Combine(bed.Folders.MarketData, "BTC-USDT-SWAP.csv");
        await File.WriteAllTextAsync(btc, "timestamp,open,high,low,close,volume\n", Ct);
        var missing = (await bed.Service.QueueAsync(Tom, Small with { DataSource = BacktestDataSource.Imported, Instruments = ["BTC-USDT-SWAP"] }, Ct)).Id!.Value;
        File.Delete(btc);
        var bad = (await bed.Service.QueueAsync(Tom, Small with { DataSource = BacktestDataSource.Imported, Instruments = ["ETH-USDT-SWAP"] }, Ct)).Id!.Value;

        await bed.Job.RunAsync(missing, Ct);
        await bed.Job.RunAsync(bad, Ct);

        var first = (await bed.Service.GetAsync(Tom, missing, Ct))!.Summary;
        first.Status.ShouldBe(BacktestStatus.Failed);
        first.Message.ShouldBe("Failed: No imported candle file for BTC-USDT-SWAP.");
        var second = (await bed.Service.GetAsync(Tom, bad, Ct))!.Summary;
        second.Status.ShouldBe(BacktestStatus.Failed);
        var message = second.Message ?? "";
        message.ShouldContain("ETH-USDT-SWAP.csv");
        message.ShouldContain("line 2");
        message.ShouldNotContain(bed.Folder);
    }

    [Fact]
    public async Task ARunCancelledWhileQueuedNeverStarts()
    {
        await using var bed = await CreateAsync();
        var id = (await bed.Service.QueueAsync(Tom, Small, Ct)).Id!.Value;
        await bed.Service.CancelAsync(Tom, id, Ct);

        await bed.Job.RunAsync(id, Ct);

        var run = (await bed.Service.GetAsync(Tom, id, Ct))!.Summary;
        run.Status.ShouldBe(BacktestStatus.Cancelled);
        run.StartedAt.ShouldBeNull();
    }
}

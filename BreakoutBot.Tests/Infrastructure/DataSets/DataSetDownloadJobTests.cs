using BreakoutBot.Infrastructure.DataSets;
using BreakoutBot.Infrastructure.MarketData;
using BreakoutBot.Tests.TestSupport;
using BreakoutBot.Tests.TestSupport.FakeOkx;
using BreakoutBot.Tests.TestSupport.Fakes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using static BreakoutBot.Tests.Infrastructure.DataSets.DataSetDownloadTestBed;

namespace BreakoutBot.Tests.Infrastructure.DataSets;

public class DataSetDownloadJobTests
{
    private const string Btc = "BTC-USDT-SWAP";
    private const string Eth = "ETH-USDT-SWAP";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ADownloadHoldsExactlyTheClosedBarsAndFundingRatesTheExchangeHasOverTheRange()
    {
        await using var bed = await CreateAsync();
        var id = await bed.QueueAsync("two days", From, To, Btc, Eth);

        await bed.Job.RunAsync(id, Ct);

        var row = await bed.RowAsync(id);
        row.Status.ShouldBe(DataSetStatus.Ready, row.Message);
        bed.ReadyIds.ShouldBe([id]);
        row.Bars.ShouldBe(2 * 576);
        row.FirstBar.ShouldBe(From.AddMinutes(5), "FirstBar is the first bar's close");
        row.LastBar.ShouldBe(To);
        (row.BarsDone, row.BarsTotal).ShouldBe((1152L, 1152L));
        row.Instruments.ShouldBe("BTC-USDT-SWAP,ETH-USDT-SWAP");
        foreach (var (instId, contractValue) in new[] { (Btc, 0.01m), (Eth, 0.1m) })
        {
            var stored = new CandleCsvLoader().LoadFile(Path.Combine(bed.Folders.DataSet(id), instId + ".csv")).Candles;
            var expected = Expected(instId, From, To);
            stored.Count.ShouldBe(576);
            stored.Select(c => c.Time).Distinct().Count().ShouldBe(576);
            stored.Select(c => (c.Time, c.Open, c.High, c.Low, c.Close, c.Volume))
                .ShouldBe(expected.Select(c => (c.Time, c.Open, c.High, c.Low, c.Close, c.Volume * contractValue)), "same bars, volume in coins");
            // The binary copy a backtest reads is made before the set is ready, and holds the same bars.
            var csv = new FileInfo(Path.Combine(bed.Folders.DataSet(id), instId + ".csv"));
            CandleFileCache.TryRead(CandleFileCache.CachePath(csv.FullName), csv, out var copy).ShouldBeTrue();
            copy.Candles.ShouldBe(stored);
        }
        // 576 bars in windows of 100: 6 requests per instrument, none more.
        bed.CandleRequests(Btc).Count.ShouldBe(6);
        bed.CandleRequests(Eth).Count.ShouldBe(6);

        var funding = FundingRateSeries.LoadFromDataFolder(bed.Folders.DataSet(id))!;
        funding.Instruments.ShouldBe([Btc, Eth], ignoreOrder: true);
        var settlements = FakeOkxHistory.FundingRates(From, To);
        settlements.Count.ShouldBe(7);
        foreach (var (time, rate) in settlements)
        {
            funding.RateBps(Btc, time).ShouldBe(rate * 10_000m);
        }
        funding.RateBps(Btc, From.AddHours(-8)).ShouldBeNull("settlements outside the range are not stored");

        // The set replays: the data-set loader takes it as it is.
        var (set, loadedFunding) = await bed.Service.LoadAsync(id, [], Ct);
        set.Candles.Values.Sum(c => c.Count).ShouldBe(1152);
        loadedFunding.ShouldNotBeNull();
    }

    [Fact]
    public async Task ABarTheExchangeDoesNotHaveOrHasNotClosedIsCountedAndNeverInvented()
    {
        await using var bed = await CreateAsync();
        var gone = From.AddHours(5);
        var forming = From.AddHours(20);
        bed.Okx.RemoveCandle(Btc, "5m", gone).ShouldBeTrue();
        var open = Expected(Btc, forming, forming.AddMinutes(5)).Single();
        bed.Okx.AddCandles(Btc, "5m", [open with { Confirmed = false }]);
        var id = await bed.QueueAsync("gaps", From, To, Btc);

        await bed.Job.RunAsync(id, Ct);

        var row = await bed.RowAsync(id);
        row.Status.ShouldBe(DataSetStatus.Ready);
        row.Bars.ShouldBe(574);
        row.Message.ShouldNotBeNull();
        row.Message.ShouldContain("OKX has no bar for 2 of the 576 bar times in the range (BTC-USDT-SWAP 2); none was invented.");
        var stored = new CandleCsvLoader().LoadFile(Path.Combine(bed.Folders.DataSet(id), Btc + ".csv")).Candles.Select(c => c.Time).ToList();
        stored.ShouldNotContain(gone);
        stored.ShouldNotContain(forming);
    }

    [Fact]
    public async Task AnInstrumentOkxDoesNotListIsLeftOutWithANoteAndTheOthersAreDownloaded()
    {
        await using var bed = await CreateAsync();
        var id = await bed.QueueAsync("typo", From, To, Btc, "BTC-USDT-SWAPP");

        await bed.Job.RunAsync(id, Ct);

        var row = await bed.RowAsync(id);
        row.Status.ShouldBe(DataSetStatus.Ready, row.Message);
        row.Instruments.ShouldBe(Btc);
        row.Bars.ShouldBe(576);
        row.Message.ShouldNotBeNull();
        row.Message.ShouldContain("OKX has no instrument BTC-USDT-SWAPP; it was left out.");
        row.Message.ShouldNotContain("OKX has no bar for");
        bed.CandleRequests("BTC-USDT-SWAPP").Count.ShouldBe(1, "one answer 'no such instrument' is enough");
        File.Exists(Path.Combine(bed.Folders.DataSet(id), "BTC-USDT-SWAPP.csv")).ShouldBeFalse();
    }

    [Fact]
    public async Task AFailedDownloadKeepsItsBarsAndOnResumeAsksOnlyForWhatIsMissingAndFillsTheGap()
    {
        await using var bed = await CreateAsync();
        var gap = From.AddHours(30);
        bed.Okx.RemoveCandle(Btc, "5m", gap).ShouldBeTrue();
        bed.Okx.FailHistoryCandles(Eth, true);
        var id = await bed.QueueAsync("resume after failure", From, To, Btc, Eth);

        await bed.Job.RunAsync(id, Ct);

        var failed = await bed.RowAsync(id);
        failed.Status.ShouldBe(DataSetStatus.Failed);
        failed.Message.ShouldNotBeNull();
        failed.Message.ShouldContain("ETH-USDT-SWAP");
        failed.Message.ShouldContain("resume to try again");
        File.Exists(Path.Combine(bed.Folders.DataSet(id), Btc + ".csv")).ShouldBeTrue("BTC's bars were kept");

        var btcRequestsBefore = bed.CandleRequests(Btc).Count;
        bed.Okx.AddCandles(Btc, "5m", Expected(Btc, gap, gap.AddMinutes(5)));
        bed.Okx.FailHistoryCandles(Eth, false);
        (await bed.Service.ResumeAsync(Tom, id, Ct)).ShouldBeNull();
        await bed.Job.RunAsync(id, Ct);

        var row = await bed.RowAsync(id);
        row.Status.ShouldBe(DataSetStatus.Ready, row.Message);
        row.Bars.ShouldBe(1152);
        bed.CandleRequests(Btc).Count.ShouldBe(btcRequestsBefore + 1, "only the window holding the gap is asked for again");
        bed.CandleRequests(Btc)[^1].PathAndQuery.ShouldContain("before=" + gap.AddMilliseconds(-1).ToUnixTimeMilliseconds());
        var stored = new CandleCsvLoader().LoadFile(Path.Combine(bed.Folders.DataSet(id), Btc + ".csv")).Candles;
        stored.Count.ShouldBe(576);
        stored.Select(c => c.Time).ShouldBe(Expected(Btc, From, To).Select(c => c.Time));
    }

    [Fact]
    public async Task AFailedProgressWriteDoesNotStopTheDownloadHearingACancel()
    {
        await using var bed = await CreateAsync(TimeSpan.FromSeconds(2), days: 12);
        var id = await bed.QueueAsync("busy database", From, From.AddDays(10), Btc, Eth);
        // The job's second use of the database is its first progress write: that one fails (a busy database, say).
        var contexts = new FailingOnce(bed.Database.Contexts, failingCall: 2);
        var job = new DataSetDownloadJob(contexts, bed.History, bed.Folders, TimeProvider.System, NullLogger<DataSetDownloadJob>.Instance);

        var running = job.RunAsync(id, Ct);
        await Eventually.WaitUntilAsync(() => contexts.Failed, "the first progress write failed");
        await Eventually.WaitUntilAsync(async () => (await bed.RowAsync(id)).BarsDone > 0, "progress written after the failure", TimeSpan.FromSeconds(30));
        (await bed.Service.CancelAsync(Tom, id, Ct)).ShouldBeNull();
        await running.WaitAsync(TimeSpan.FromSeconds(30), Ct);

        (await bed.RowAsync(id)).Status.ShouldBe(DataSetStatus.Cancelled, "the cancel was heard");
    }

    /// <summary>The database, except that its <c>failingCall</c>-th use throws as a locked SQLite file would.</summary>
    private sealed class FailingOnce(IDbContextFactory<BreakoutBot.Infrastructure.Persistence.BreakoutBotDbContext> inner, int failingCall)
        : IDbContextFactory<BreakoutBot.Infrastructure.Persistence.BreakoutBotDbContext>
    {
        private int _calls;

        public bool Failed => Volatile.Read(ref _calls) >= failingCall;

        public BreakoutBot.Infrastructure.Persistence.BreakoutBotDbContext CreateDbContext() =>
            Interlocked.Increment(ref _calls) == failingCall ? throw new InvalidOperationException("database is locked") : inner.CreateDbContext();
    }

    [Fact]
    public async Task ACancelledDownloadKeepsItsBarsAndResumesToCompletionWithoutDuplicates()
    {
        // Ten days of two swaps (58 requests) at OKX's real pace, 20 requests per 2 s: the cancel lands midway.
        await using var bed = await CreateAsync(TimeSpan.FromSeconds(2), days: 12);
        var to = From.AddDays(10);
        var id = await bed.QueueAsync("cancel and resume", From, to, Btc, Eth);

        var running = bed.Job.RunAsync(id, Ct);
        // A deadline, not a pace: the first progress write comes within a second or two, later on a loaded machine.
        await Eventually.WaitUntilAsync(async () => (await bed.RowAsync(id)).BarsDone > 0, "progress written", TimeSpan.FromSeconds(30));
        (await bed.Service.CancelAsync(Tom, id, Ct)).ShouldBeNull();
        await running.WaitAsync(TimeSpan.FromSeconds(30), Ct);

        var cancelled = await bed.RowAsync(id);
        cancelled.Status.ShouldBe(DataSetStatus.Cancelled);
        cancelled.BarsDone.ShouldBeGreaterThan(0);
        cancelled.BarsDone.ShouldBeLessThan(cancelled.BarsTotal);
        cancelled.Message.ShouldNotBeNull();
        cancelled.Message.ShouldStartWith("Cancelled after ");
        bed.ReadyIds.ShouldBeEmpty("a cancelled download is not ready");
        var kept = new CandleCsvLoader().LoadFile(Path.Combine(bed.Folders.DataSet(id), Btc + ".csv")).Candles.Count;
        kept.ShouldBeGreaterThan(0);
        var requestsBefore = bed.CandleRequests().Count;

        (await bed.Service.ResumeAsync(Tom, id, Ct)).ShouldBeNull();
        await bed.Job.RunAsync(id, Ct);

        var row = await bed.RowAsync(id);
        row.Status.ShouldBe(DataSetStatus.Ready, row.Message);
        bed.ReadyIds.ShouldBe([id]);
        row.Bars.ShouldBe(2 * 2880);
        foreach (var instId in new[] { Btc, Eth })
        {
            var stored = new CandleCsvLoader().LoadFile(Path.Combine(bed.Folders.DataSet(id), instId + ".csv")).Candles;
            stored.Select(c => c.Time).ShouldBe(Expected(instId, From, to, days: 12).Select(c => c.Time), "every bar once, in order");
        }
        // What was on disk was not fetched again: both runs together asked for the 58 windows (one more if a request was in flight at the cancel).
        var resumedRequests = bed.CandleRequests().Count - requestsBefore;
        resumedRequests.ShouldBeGreaterThan(0);
        resumedRequests.ShouldBeLessThan(58);
        bed.CandleRequests().Count.ShouldBeInRange(58, 59);
    }

    [Fact]
    public async Task ADownloadStoppedByAShutdownIsQueuedAgainAtStartUpAndGoesOnFromItsFiles()
    {
        await using var bed = await CreateAsync(TimeSpan.FromSeconds(2), days: 22);
        var to = From.AddDays(20);
        var id = await bed.QueueAsync("restart", From, to, Btc);
        using var shutdown = CancellationTokenSource.CreateLinkedTokenSource(Ct);

        var running = bed.Job.RunAsync(id, shutdown.Token);
        await Eventually.WaitUntilAsync(async () => (await bed.RowAsync(id)).BarsDone > 0, "progress written");
        await shutdown.CancelAsync();
        await running.WaitAsync(TimeSpan.FromSeconds(30), Ct);

        var interrupted = await bed.RowAsync(id);
        interrupted.Status.ShouldBe(DataSetStatus.Queued, "a shutdown is not a cancel");
        interrupted.Message.ShouldBe("Interrupted by a shutdown; the download resumes when the portal starts.");
        var requestsBefore = bed.CandleRequests().Count;
        var jobs = new RecordingJobClient();
        await new DataSetDownloadRecovery(bed.Database.Contexts, jobs, NullLogger<DataSetDownloadRecovery>.Instance).StartAsync(Ct);
        jobs.Jobs.ShouldHaveSingleItem().Args[0].ShouldBe(id);
        await bed.Job.RunAsync(id, Ct);

        var row = await bed.RowAsync(id);
        row.Status.ShouldBe(DataSetStatus.Ready, row.Message);
        new CandleCsvLoader().LoadFile(Path.Combine(bed.Folders.DataSet(id), Btc + ".csv")).Candles.Select(c => c.Time)
            .ShouldBe(Expected(Btc, From, to, days: 22).Select(c => c.Time));
        bed.CandleRequests().Count.ShouldBeInRange(58, 59, "58 windows in all: what was on disk was not asked for again");
        (bed.CandleRequests().Count - requestsBefore).ShouldBeLessThan(58);
    }

    [Fact]
    public async Task HistoryRequestsArePacedToOkxsLimitOfTwentyPerTwoSecondsAcrossInstruments()
    {
        // 1,500 bars of two swaps: 30 windows of 100 bars, more than one 2 s window allows.
        await using var bed = await CreateAsync(TimeSpan.FromSeconds(2), days: 7);
        var id = await bed.QueueAsync("paced", From, From.AddMinutes(5 * 1_500), Btc, Eth);

        await bed.Job.RunAsync(id, Ct);

        (await bed.RowAsync(id)).Status.ShouldBe(DataSetStatus.Ready);
        var times = bed.CandleRequests().Select(r => r.ReceivedAt).Order().ToList();
        times.Count.ShouldBe(30);
        // No 1.5 s span (the limiter's guarantee is any 1.8 s: it frees permits per 0.2 s segment) holds more than 20.
        var busiest = times.Select((t, i) => times.Skip(i).TakeWhile(u => u - t < TimeSpan.FromSeconds(1.5)).Count()).Max();
        busiest.ShouldBeLessThanOrEqualTo(20);
        (times[20] - times[0]).ShouldBeGreaterThanOrEqualTo(TimeSpan.FromSeconds(1.5), "the 21st request waits for the window to move on");
    }
}

using BreakoutBot.Infrastructure.Backtests;
using BreakoutBot.Infrastructure.DataSets;
using BreakoutBot.Infrastructure.Jobs;
using BreakoutBot.Infrastructure.Replay;
using BreakoutBot.Tests.Infrastructure.DataSets;
using BreakoutBot.Tests.TestSupport.Fakes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace BreakoutBot.Tests.Infrastructure.Backtests;

/// <summary>
/// A data set is read and derived for backtests once it is ready (ADR-010, "Tenth round"): the backtest that follows
/// reports exactly what it would unprepared; the preparation gives way to any backtest, skips data sets above the size
/// limit and can be turned off.
/// </summary>
public sealed class DataSetPreparationTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static DataSetUpload.UploadedFile[] Files(int bars) =>
        [DataSetServiceTests.Csv("BTC-USDT-SWAP", bars), DataSetServiceTests.Csv("ETH-USDT-SWAP", bars, 7)];

    [Fact]
    public async Task AnUploadedDataSetIsPreparedAndItsBacktestReportsWhatAnUnpreparedOneReports()
    {
        await using var bed = await BacktestTestBed.CreateAsync();
        var portal = new Portal(bed, new JobsOptions());
        await portal.Preparation.StartAsync(Ct);

        var setId = (await portal.DataSets.UploadAsync(BacktestTestBed.Tom, "coins", Files(2500), Ct)).Id!.Value;
        await portal.Preparation.Current.WaitAsync(TimeSpan.FromSeconds(60), Ct);

        portal.Logs.Messages.ShouldHaveSingleItem().ShouldContain($"Data set {setId} prepared for backtests: 2500 bars scanned in");
        var request = BacktestTestBed.Small with { DataSource = BacktestDataSource.DataSet, DataSetId = setId };
        var prepared = await portal.BacktestAsync(request);
        prepared.Summary.Trades.ShouldBeGreaterThan(0);
        // The same backtest in a portal that has not read the data set yet.
        var unprepared = await new Portal(bed, new JobsOptions()).BacktestAsync(request);
        ReplayJson.Serialize(prepared).ShouldBe(ReplayJson.Serialize(unprepared));
        await portal.Preparation.StopAsync(Ct);
    }

    [Fact]
    public async Task APreparationGivesWayToABacktestAndSkipsADataSetAboveTheLimit()
    {
        await using var bed = await BacktestTestBed.CreateAsync();
        var portal = new Portal(bed, new JobsOptions { BacktestWarmUpMaxCandles = 1_000 });
        var small = (await portal.DataSets.UploadAsync(BacktestTestBed.Tom, "small", Files(400), Ct)).Id!.Value;
        var large = (await portal.DataSets.UploadAsync(BacktestTestBed.Tom, "large", Files(600), Ct)).Id!.Value;

        using (bed.Activity.Enter())
        {
            await portal.Preparation.Prepare(small, 800).WaitAsync(TimeSpan.FromSeconds(60), Ct);
        }
        await portal.Preparation.Prepare(large, 1200).WaitAsync(TimeSpan.FromSeconds(60), Ct);

        portal.Logs.Messages.Count.ShouldBe(2);
        portal.Logs.Messages[0].ShouldContain($"Data set {small}: its preparation for backtests gave way after");
        portal.Logs.Messages[1].ShouldEndWith($"Data set {large} not prepared for backtests: 1200 candles, more than Jobs:BacktestWarmUpMaxCandles.");
    }

    [Fact]
    public async Task AskedAgainForTheSetItIsPreparingItGoesOnAndAnotherSetReplacesIt()
    {
        await using var bed = await BacktestTestBed.CreateAsync();
        var portal = new Portal(bed, new JobsOptions());
        var first = (await portal.DataSets.UploadAsync(BacktestTestBed.Tom, "first", Files(2500), Ct)).Id!.Value;
        var second = (await portal.DataSets.UploadAsync(BacktestTestBed.Tom, "second", Files(2400), Ct)).Id!.Value;

        // A page prerendered, then interactive, asks twice in a row: one preparation.
        var once = portal.Preparation.Prepare(first, 5000);
        portal.Preparation.Prepare(first, 5000).ShouldBeSameAs(once);
        var other = portal.Preparation.Prepare(second, 4800);
        await Task.WhenAll(once, other).WaitAsync(TimeSpan.FromSeconds(60), Ct);

        portal.Logs.Messages.Count.ShouldBe(2);
        portal.Logs.Messages.ShouldContain(m => m.Contains($"Data set {first}: its preparation for backtests gave way after", StringComparison.Ordinal));
        portal.Logs.Messages.ShouldContain(m => m.Contains($"Data set {second} prepared for backtests: 2400 bars scanned", StringComparison.Ordinal));
    }

    [Fact]
    public async Task TurnedOffNothingIsPreparedOnUpload()
    {
        await using var bed = await BacktestTestBed.CreateAsync();
        var portal = new Portal(bed, new JobsOptions { PrepareDataSets = false });
        await portal.Preparation.StartAsync(Ct);

        var setId = (await portal.DataSets.UploadAsync(BacktestTestBed.Tom, "coins", Files(300), Ct)).Id!.Value;

        portal.Preparation.Current.IsCompleted.ShouldBeTrue();
        portal.Preparation.Prepare(setId, 600).IsCompleted.ShouldBeTrue("asked directly (the form), it stays off too");
        portal.Logs.Messages.ShouldBeEmpty();
    }

    [Fact]
    public void TheGiveWaySourceIsCancelledByTheNextBacktestOrAtOnceWhileOneRuns()
    {
        using var activity = new BacktestActivity(cores: 2);
        using var waiting = activity.CancelledOnAnyJob();
        waiting.IsCancellationRequested.ShouldBeFalse();

        using (activity.Enter())
        {
            waiting.IsCancellationRequested.ShouldBeTrue("a backtest started");
            using var late = activity.CancelledOnAnyJob();
            late.IsCancellationRequested.ShouldBeTrue("a backtest is running");
        }

        using var after = activity.CancelledOnAnyJob();
        after.IsCancellationRequested.ShouldBeFalse("no backtest runs any more");

        // Handed back unused, a source is forgotten: the next backtest does not touch it.
        var released = activity.CancelledOnAnyJob();
        activity.Release(released);
        using (activity.Enter())
        {
            released.IsCancellationRequested.ShouldBeFalse();
            after.IsCancellationRequested.ShouldBeTrue();
        }
    }

    /// <summary>The data set service, loader, job and preparation of one portal process, over the bed's database and folders.</summary>
    private sealed class Portal
    {
        private readonly BacktestTestBed _bed;
        private readonly BacktestData _data;

        public Portal(BacktestTestBed bed, JobsOptions options)
        {
            _bed = bed;
            var signal = new DataSetReadySignal();
            DataSets = new DataSetService(bed.Presets.Contexts, bed.Folders, bed.Presets.Audit, bed.Presets.Time, ready: signal);
            _data = new BacktestData(bed.Folders, DataSets);
            Preparation = new DataSetPreparation(signal, DataSets, bed.Activity, Options.Create(options), new LoggerFactory([Logs]).CreateLogger<DataSetPreparation>());
        }

        public RecordingLoggerProvider Logs { get; } = new();

        public DataSetService DataSets { get; }

        public DataSetPreparation Preparation { get; }

        public async Task<ReplayReport> BacktestAsync(BacktestRequest request)
        {
            var id = (await _bed.Service.QueueAsync(BacktestTestBed.Tom, request, Ct)).Id!.Value;
            var job = new BacktestJob(_bed.Presets.Contexts, _bed.Presets.Store, _data, _bed.Folders, TimeProvider.System, NullLogger<BacktestJob>.Instance, activity: _bed.Activity);
            await job.RunAsync(id, Ct);
            return (await _bed.Service.GetAsync(BacktestTestBed.Tom, id, Ct))!.Report!;
        }
    }
}

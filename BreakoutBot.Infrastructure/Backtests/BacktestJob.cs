using System.Globalization;
using BreakoutBot.Domain.Common;
using BreakoutBot.Infrastructure.Jobs;
using BreakoutBot.Infrastructure.Persistence;
using BreakoutBot.Infrastructure.Presets;
using BreakoutBot.Infrastructure.Replay;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace BreakoutBot.Infrastructure.Backtests;

/// <summary>
/// Runs one queued backtest: the stored preset version replayed by <see cref="ReplayRunner"/> (the live engine's code,
/// the preset's costs unless overridden) over the run's data and range. Progress (bars done of the total) is written
/// about twice a second, and a cancel request is honoured at the next write, or at once when it was made in this process
/// (<see cref="BacktestNotifier.CancelRequested"/>). The report is stored whole.
/// </summary>
public sealed class BacktestJob(
    IDbContextFactory<BreakoutBotDbContext> contexts,
    IPresetStore presets,
    BacktestData data,
    JobFolders folders,
    TimeProvider time,
    ILogger<BacktestJob> logger,
    ILoggerFactory? loggerFactory = null,
    BacktestActivity? activity = null,
    BacktestNotifier? notifier = null,
    RecentReports? recent = null)
{
    /// <summary>How often progress is written and a cancel request looked for.</summary>
    public static readonly TimeSpan ProgressInterval = TimeSpan.FromMilliseconds(500);

    /// <summary>The Hangfire queue backtests run on (served by its own workers).</summary>
    public const string Queue = "backtests";

    [AutomaticRetry(Attempts = 0)]
    [Queue(Queue)]
    public Task RunAsync(long runId, CancellationToken cancellationToken) => RunGroupAsync([runId], cancellationToken);

    /// <summary>
    /// Runs queued backtests of one sweep together: they scan alike (<see cref="ReplayGroups"/>), so one replay serves
    /// them all with one scan per bar (ADR-010, "Seventh round"); each keeps its own progress, cancel and result.
    /// </summary>
    [AutomaticRetry(Attempts = 0)]
    [Queue(Queue)]
    public async Task RunGroupAsync(long[] runIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(runIds);
        var members = new List<Member>();
        Action<long>? cancelled = null;
        try
        {
            foreach (var runId in runIds)
            {
                if (await StartAsync(runId, cancellationToken) is { } run)
                {
                    members.Add(new Member(run, cancellationToken));
                }
            }
            if (members.Count == 0)
            {
                return;
            }
            foreach (var m in members)
            {
                m.Monitor = MonitorAsync(m.Run.Id, m.Progress, m.Cancel, m.MonitorStop.Token);
            }
            cancelled = id => CancelMember(members, id);
            if (notifier is not null)
            {
                notifier.CancelRequested += cancelled;
            }
            using var replaying = activity?.Enter();
            await ReplayAsync(members, replaying?.SpareCoreGone, cancellationToken);
        }
        finally
        {
            if (notifier is not null && cancelled is not null)
            {
                notifier.CancelRequested -= cancelled;
            }
            foreach (var m in members)
            {
                m.Dispose();
            }
        }
    }

    private async Task ReplayAsync(List<Member> members, CancellationToken? spareCoreGone, CancellationToken cancellationToken)
    {
        IReadOnlyList<ReplayRunResult> results;
        Timings? timings = null;
        try
        {
            foreach (var m in members)
            {
                m.Preset = await BacktestRuns.PresetOfAsync(presets, m.Run, cancellationToken);
            }
            // The runs of a group share the data set and the range (ReplayGroups.Partition), so it is read once.
            var started = time.GetTimestamp();
            var (set, funding) = await LoadSharedAsync(members, cancellationToken);
            var loaded = time.GetTimestamp();
            using var engineLogs = loggerFactory is null ? null : new BacktestLoggerFactory(loggerFactory);
            var specs = members.Select(m => new ReplayRunSpec(m.Preset!, OptionsOf(m.Run, funding, m.Progress), m.Cancel.Token)).ToList();
            // With a core to spare (a single backtest, not a sweep filling every core), the scan runs ahead on it.
            var runner = new ReplayRunner(engineLogs)
            {
                PrefillAhead = spareCoreGone is { IsCancellationRequested: false },
                PrefillStandDown = spareCoreGone ?? default,
            };
            results = await Task.Run(() => runner.RunGroupAsync(set.Instruments, set.Candles, specs, cancellationToken), cancellationToken);
            timings = new Timings(time.GetElapsedTime(started, loaded), time.GetElapsedTime(loaded), runner.PrefillAhead);
        }
        catch (Exception ex)
        {
            // Before the replay (a preset or the data set could not be read) or the portal shutting down: every run alike.
            results = members.Select(_ => new ReplayRunResult(null, ex)).ToList();
        }
        for (var i = 0; i < members.Count; i++)
        {
            await FinishMemberAsync(members[i], results[i].Report, results[i].Error, timings, cancellationToken);
        }
    }

    /// <summary>
    /// The group's data, given up as soon as no run of the group wants it any more (each cancelled, or the portal
    /// stopping): a cancel made while a large data set loads ends the run at the monitor's next look, not after the load.
    /// The load itself goes on in the background (a generated market is kept for the next run that asks for it).
    /// </summary>
    private async Task<(MarketData.MarketDataSet Set, MarketData.FundingRateSeries? Funding)> LoadSharedAsync(List<Member> members, CancellationToken cancellationToken)
    {
        using var unwanted = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var registrations = members.Select(m => m.Cancel.Token.Register(() =>
        {
            if (members.TrueForAll(x => x.Cancel.IsCancellationRequested))
            {
                unwanted.Cancel();
            }
        })).ToList();
        try
        {
            // On the pool: reading imported files is synchronous and would hold this thread until it ends.
            return await Task.Run(() => data.LoadAsync(members[0].Run, cancellationToken), CancellationToken.None).WaitAsync(unwanted.Token);
        }
        finally
        {
            foreach (var registration in registrations)
            {
                registration.Dispose();
            }
        }
    }

    private async Task FinishMemberAsync(Member m, ReplayReport? report, Exception? error, Timings? timings, CancellationToken cancellationToken)
    {
        await StopMonitorAsync(m.MonitorStop, m.Monitor);
        var runId = m.Run.Id;
        if (report is not null)
        {
            var storing = time.GetTimestamp();
            // Kept before the run shows as finished, so its page answers from it (only once the report is stored).
            recent?.Put(runId, report);
            await FinishAsync(runId, r =>
            {
                r.Status = BacktestStatus.Succeeded;
                r.BarsDone = report.Bars;
                r.BarsTotal = report.Bars;
                r.Trades = report.Summary.Trades;
                r.NetPnl = report.Summary.NetPnl;
                r.MaxDrawdownPct = report.Summary.MaxDrawdownPct;
                r.ProfitFactor = report.Summary.ProfitFactor;
                r.AverageR = report.Summary.AverageR;
                r.ReportGzip = StoredReport.Compress(report);
                r.Message = report.Bars == 0 ? "The data holds no bar in the chosen range." : null;
            });
            logger.LogInformation(
                "Backtest {Run}: {Trades} trades over {Bars} bars (data {LoadSeconds:0.00} s, replay {ReplaySeconds:0.00} s{Ahead}, report {ReportSeconds:0.00} s)",
                runId, report.Summary.Trades, report.Bars, timings?.Load.TotalSeconds, timings?.Replay.TotalSeconds,
                timings is { ScanAhead: true } ? " with the scan ahead on a spare core" : "", time.GetElapsedTime(storing).TotalSeconds);
            return;
        }
        if (error is OperationCanceledException && (m.Cancel.IsCancellationRequested || cancellationToken.IsCancellationRequested))
        {
            var (done, total) = m.Progress.Read();
            if (cancellationToken.IsCancellationRequested && !m.Progress.CancelledByUser)
            {
                // The portal is shutting down: the run goes back to the queue and starts again with the portal.
                await FinishAsync(runId, r => { r.Status = BacktestStatus.Queued; r.BarsDone = 0; r.StartedAt = null; r.FinishedAt = null; });
                return;
            }
            await FinishAsync(runId, r =>
            {
                r.Status = BacktestStatus.Cancelled;
                r.Message = total == 0
                    ? "Cancelled before its first bar."
                    : string.Create(CultureInfo.InvariantCulture, $"Cancelled after {done:N0} of {total:N0} bars.");
            });
            return;
        }
        if (error is DomainException or InvalidDataException or IOException or FormatException or ArgumentException)
        {
            var message = WithoutServerPaths(error.Message);
            logger.LogWarning("Backtest {Run} failed: {Message}", runId, message);
            await FinishAsync(runId, r => { r.Status = BacktestStatus.Failed; r.Message = "Failed: " + message; });
            return;
        }
        logger.LogError(error, "Backtest {Run} failed", runId);
        await FinishAsync(runId, r => { r.Status = BacktestStatus.Failed; r.Message = "Failed: an internal error stopped the replay (see the server log)."; });
    }

    /// <summary>The replay settings a stored run asks for (also what a sweep groups its runs by, with the preset).</summary>
    public static ReplayOptions OptionsOf(BacktestRunEntity run, MarketData.FundingRateSeries? funding = null, IProgress<ReplayProgress>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(run);
        return new ReplayOptions
        {
            StartingBalance = Normalised(run.StartingBalance),
            TakerFeeBps = run.TakerFeeBps is { } taker ? Normalised(taker) : null,
            MakerFeeBps = run.MakerFeeBps is { } maker ? Normalised(maker) : null,
            SlippageBps = Normalised(run.SlippageBps),
            FundingRateBps = Normalised(run.FundingRateBps),
            Funding = funding,
            From = run.From,
            To = run.To,
            Progress = progress,
        };
    }

    private async Task<BacktestRunEntity?> StartAsync(long runId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var run = await db.Set<BacktestRunEntity>().FirstOrDefaultAsync(b => b.Id == runId, cancellationToken);
        if (run is null || run.Status != BacktestStatus.Queued || run.CancelRequested)
        {
            return null;
        }
        run.Status = BacktestStatus.Running;
        run.StartedAt = time.GetUtcNow();
        run.BarsDone = 0;
        await db.SaveChangesAsync(cancellationToken);
        notifier?.Raise(runId);
        return run;
    }

    /// <summary>A cancel request made in this process for one of the runs being replayed: that run stops at its next cycle.</summary>
    private static void CancelMember(List<Member> members, long runId)
    {
        foreach (var m in members)
        {
            if (m.Run.Id != runId)
            {
                continue;
            }
            m.Progress.CancelledByUser = true;
            try
            {
                m.Cancel.Cancel();
            }
            catch (ObjectDisposedException)
            {
                // The run ended while the request was on its way: nothing left to stop.
            }
        }
    }

    private async Task MonitorAsync(long runId, LatestProgress progress, CancellationTokenSource cancel, CancellationToken stop)
    {
        try
        {
            while (!stop.IsCancellationRequested)
            {
                await Task.Delay(ProgressInterval, time, stop);
                try
                {
                    await using var db = await contexts.CreateDbContextAsync(stop);
                    var run = await db.Set<BacktestRunEntity>().FirstOrDefaultAsync(b => b.Id == runId, stop);
                    if (run is null || run.CancelRequested)
                    {
                        progress.CancelledByUser = true;
                        await cancel.CancelAsync();
                        return;
                    }
                    (run.BarsDone, run.BarsTotal) = progress.Read();
                    await db.SaveChangesAsync(stop);
                }
                catch (Exception ex) when (ex is DbUpdateException or System.Data.Common.DbException or InvalidOperationException)
                {
                    // Progress is best effort: a busy database delays the bar count, never the replay.
                    logger.LogWarning(ex, "Backtest {Run}: progress not written", runId);
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // The replay ended; the final state is written by the job.
        }
    }

    private static async Task StopMonitorAsync(CancellationTokenSource stop, Task monitor)
    {
        await stop.CancelAsync();
        await monitor;
    }

    private async Task FinishAsync(long runId, Action<BacktestRunEntity> change)
    {
        await using var db = await contexts.CreateDbContextAsync(CancellationToken.None);
        var run = await db.Set<BacktestRunEntity>().FirstOrDefaultAsync(b => b.Id == runId, CancellationToken.None);
        if (run is null)
        {
            return;
        }
        change(run);
        if (run.Status is not (BacktestStatus.Queued or BacktestStatus.Running))
        {
            run.FinishedAt = time.GetUtcNow();
        }
        await db.SaveChangesAsync(CancellationToken.None);
        notifier?.Raise(runId);
    }

    // The database hands decimals back with the scale it stored (2 as 2.0); without trailing zeros the report is the
    // same, byte for byte, as a command-line replay with the same settings.
    private static decimal Normalised(decimal value) => value / 1.0000000000000000000000000000m;

    // Loader messages name the file by its full path; users see the file name only.
    private string WithoutServerPaths(string message) =>
        message.Replace(folders.MarketData + Path.DirectorySeparatorChar, "", StringComparison.Ordinal).Replace(folders.MarketData, "market data", StringComparison.Ordinal);

    /// <summary>Where a group's time went, for the log: reading the data set, and the replay (of every run of the group).</summary>
    private sealed record Timings(TimeSpan Load, TimeSpan Replay, bool ScanAhead);

    /// <summary>One run of a group: its row, preset, progress, cancel and progress writer.</summary>
    private sealed class Member(BacktestRunEntity run, CancellationToken portalStopping) : IDisposable
    {
        public BacktestRunEntity Run { get; } = run;

        public Domain.Presets.TradingPreset? Preset { get; set; }

        public LatestProgress Progress { get; } = new();

        /// <summary>Cancelled by the run's own cancel request (the monitor) or the portal stopping.</summary>
        public CancellationTokenSource Cancel { get; } = CancellationTokenSource.CreateLinkedTokenSource(portalStopping);

        public CancellationTokenSource MonitorStop { get; } = new();

        public Task Monitor { get; set; } = Task.CompletedTask;

        public void Dispose()
        {
            Cancel.Dispose();
            MonitorStop.Dispose();
        }
    }

    private sealed class LatestProgress : IProgress<ReplayProgress>
    {
        private long _packed;

        public volatile bool CancelledByUser;

        public void Report(ReplayProgress value) => Interlocked.Exchange(ref _packed, ((long)value.BarsDone << 32) | (uint)value.BarsTotal);

        public (int Done, int Total) Read()
        {
            var packed = Interlocked.Read(ref _packed);
            return ((int)(packed >> 32), (int)(packed & 0xFFFFFFFF));
        }
    }
}

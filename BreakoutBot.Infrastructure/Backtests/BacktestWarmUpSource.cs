using BreakoutBot.Domain.Presets;
using BreakoutBot.Infrastructure.DataSets;
using BreakoutBot.Infrastructure.MarketData;
using BreakoutBot.Infrastructure.Persistence;
using BreakoutBot.Infrastructure.Presets;
using BreakoutBot.Infrastructure.Replay;
using Microsoft.EntityFrameworkCore;

namespace BreakoutBot.Infrastructure.Backtests;

/// <summary>
/// What the start-up warm-up replays when it can do better than a generated market: the newest finished backtest on a
/// stored data set that is still ready and holds at most a given number of candles, with that run's preset, instruments,
/// range and costs. Its data are read the way a backtest reads them (<see cref="BacktestData"/>), so the next backtest of
/// that data set gets the same candle lists, and with them the levels the warm-up derived (ADR-010, "Tenth
/// round"). Nothing is stored.
/// </summary>
public sealed class BacktestWarmUpSource(IDbContextFactory<BreakoutBotDbContext> contexts, IPresetStore presets, BacktestData data)
{
    /// <summary>The run to replay, or null when there is none (no such backtest, data set gone or too large, preset gone).</summary>
    public async Task<WarmUpRun?> FindAsync(long maxCandles, CancellationToken cancellationToken)
    {
        if (maxCandles <= 0)
        {
            return null;
        }
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var ready = db.Set<DataSetEntity>().Where(d => d.Status == DataSetStatus.Ready && d.Bars <= maxCandles);
        // The newest by finish time; the stored report is not read.
        var run = await db.Set<BacktestRunEntity>().AsNoTracking()
            .Where(r => r.Status == BacktestStatus.Succeeded && r.DataSource == BacktestDataSource.DataSet && ready.Any(d => d.Id == r.DataSetId))
            .OrderByDescending(r => r.FinishedAt).ThenByDescending(r => r.Id)
            .Select(BacktestService.WithoutReport)
            .FirstOrDefaultAsync(cancellationToken);
        if (run is null)
        {
            return null;
        }
        var name = await db.Set<DataSetEntity>().Where(d => d.Id == run.DataSetId).Select(d => d.Name).FirstAsync(cancellationToken);
        TradingPreset preset;
        try
        {
            preset = await BacktestRuns.PresetOfAsync(presets, run, cancellationToken);
        }
        catch (Domain.Common.DomainException)
        {
            // Its preset version is gone or no longer valid with the run's overrides.
            return null;
        }
        var (set, funding) = await data.LoadAsync(run, cancellationToken);
        return new WarmUpRun(run.Id, name, preset, set, BacktestJob.OptionsOf(run, funding));
    }

    /// <summary>A stored backtest's replay, ready to run again.</summary>
    public sealed record WarmUpRun(long RunId, string DataSetName, TradingPreset Preset, MarketDataSet Set, ReplayOptions Options);
}

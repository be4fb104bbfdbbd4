using BreakoutBot.Domain.Common;
using BreakoutBot.Infrastructure.Jobs;
using BreakoutBot.Infrastructure.MarketData;

namespace BreakoutBot.Infrastructure.Backtests;

/// <summary>
/// The market data a backtest can replay: the bundled generated market, or the candle files imported into the
/// market-data folder (one <c>INSTRUMENT.csv</c> each, with an optional <c>funding/</c> folder beside them).
/// </summary>
public sealed class BacktestData(JobFolders folders, DataSets.DataSetService dataSets)
{
    private readonly LastLoaded<(MarketDataSet, FundingRateSeries?)> _last = new();

    /// <summary>Instrument ids of the imported candle files, sorted.</summary>
    public IReadOnlyList<string> ImportedInstruments()
    {
        var dir = folders.MarketData;
        return Directory.GetFiles(dir, "*.csv", SearchOption.TopDirectoryOnly)
            .Select(Path.GetFileNameWithoutExtension)
            .OfType<string>()
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>
    /// What stops the request's data from being replayed, by field (a data set that does not exist or is not ready, an
    /// instrument the data does not have, no imported files); empty when the data is there. Checked when a backtest or
    /// sweep is queued; the run checks again when it starts, as the data may change in between.
    /// </summary>
    public async Task<IReadOnlyList<BacktestFieldError>> ProblemsAsync(BacktestRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var wanted = request.Instruments ?? [];
        if (request.DataSource == BacktestDataSource.DataSet)
        {
            return request.DataSetId is { } id && await dataSets.ReplayProblemAsync(id, wanted, cancellationToken) is { } problem ? [problem] : [];
        }
        if (request.DataSource != BacktestDataSource.Imported)
        {
            return [];
        }
        var available = ImportedInstruments();
        return ImportedProblem(available, wanted) is { } imported ? [imported] : [];
    }

    /// <summary>
    /// Adds to <paramref name="errors"/> what stops the request's data from being replayed (<see cref="ProblemsAsync"/>)
    /// for each field not already in error, so a refusal names the data's problems beside the request's other ones.
    /// </summary>
    public async Task AddProblemsAsync(BacktestRequest request, List<BacktestFieldError> errors, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(errors);
        foreach (var problem in await ProblemsAsync(request, cancellationToken))
        {
            if (!errors.Exists(e => e.Field == problem.Field))
            {
                errors.Add(problem);
            }
        }
    }

    /// <summary>Why the imported files cannot be replayed for <paramref name="wanted"/> (none imported, an instrument asked for without a file), or null.</summary>
    private static BacktestFieldError? ImportedProblem(IReadOnlyList<string> available, IReadOnlyList<string> wanted)
    {
        if (available.Count == 0)
        {
            return new(nameof(BacktestRequest.DataSource), "No candle files have been imported yet: import CSV files first, or backtest on the generated market or a data set.");
        }
        var missing = wanted.Where(w => !available.Contains(w, StringComparer.Ordinal)).ToList();
        return missing.Count > 0 ? new(nameof(BacktestRequest.Instruments), $"No imported candle file for {string.Join(", ", missing)}.") : null;
    }

    /// <summary>One instrument's candles of the run's data (regenerated for the generated market); null when it has none.</summary>
    public Task<IReadOnlyList<Domain.Markets.Candle>?> SeriesAsync(BacktestRunEntity run, string instrumentId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(run);
        return Task.Run(() => Series(run, instrumentId), cancellationToken);
    }

    private IReadOnlyList<Domain.Markets.Candle>? Series(BacktestRunEntity run, string instrumentId)
    {
        if (run.DataSource == BacktestDataSource.Generated)
        {
            return MarketDataSet.Generated(run.Seed, run.GeneratedInstruments, run.GeneratedBars).Candles.GetValueOrDefault(instrumentId);
        }
        if (run.DataSource == BacktestDataSource.DataSet)
        {
            return run.DataSetId is { } setId ? dataSets.Series(setId, instrumentId) : null;
        }
        if (!ImportedInstruments().Contains(instrumentId, StringComparer.Ordinal))
        {
            return null;
        }
        return new CandleCsvLoader().LoadFile(Path.Combine(folders.MarketData, instrumentId + ".csv")).Candles;
    }

    /// <summary>The candles the run asks for, and the funding series when the imported data has one.</summary>
    /// <exception cref="DomainException">An instrument has no file, or a file is not valid (the message names file and line).</exception>
    public async Task<(MarketDataSet Set, FundingRateSeries? Funding)> LoadAsync(BacktestRunEntity run, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(run);
        if (run.DataSource == BacktestDataSource.Generated)
        {
            // The generated market depends only on these three numbers: a sweep generates it once.
            var key = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"generated:{run.Seed}:{run.GeneratedInstruments}:{run.GeneratedBars}");
            return await _last.GetAsync(key, () => Task.Run(() => (MarketDataSet.Generated(run.Seed, run.GeneratedInstruments, run.GeneratedBars), (FundingRateSeries?)null)));
        }
        if (run.DataSource == BacktestDataSource.DataSet)
        {
            return await dataSets.LoadAsync(run.DataSetId ?? 0, BacktestRuns.SplitInstruments(run.Instruments), cancellationToken);
        }
        var available = ImportedInstruments();
        var wanted = BacktestRuns.SplitInstruments(run.Instruments);
        if (wanted.Count == 0)
        {
            wanted = available;
        }
        if (ImportedProblem(available, wanted) is { } problem)
        {
            throw new DomainException(problem.Message);
        }
        var loader = new CandleCsvLoader();
        var files = wanted.Select(id => loader.LoadFile(Path.Combine(folders.MarketData, id + ".csv"))).ToList();
        var set = MarketDataSet.FromFiles(files, "imported market data");
        return (set with { Description = $"imported market data ({files.Count} instruments)" }, FundingRateSeries.LoadFromDataFolder(folders.MarketData));
    }
}

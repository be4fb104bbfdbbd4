namespace BreakoutBot.Infrastructure.Backtests;

/// <summary>
/// One backtest: what was asked (preset version, data, range, money and cost settings), how far it is, and its
/// result (the replay report as JSON plus the headline figures as columns for the list).
/// </summary>
public sealed class BacktestRunEntity
{
    public long Id { get; set; }

    /// <summary>The user who started it (Identity user id) and their name at the time.</summary>
    public string OwnerId { get; set; } = "";

    public string OwnerName { get; set; } = "";

    public string PresetName { get; set; } = "";

    public int PresetVersion { get; set; }

    public BacktestDataSource DataSource { get; set; }

    /// <summary>The sweep this run is a combination of (null: a single backtest).</summary>
    public long? SweepId { get; set; }

    /// <summary>Preset fields the sweep changed for this run (JSON path → value; <see cref="PresetOverrides"/>).</summary>
    public string? Overrides { get; set; }

    /// <summary>True for a sweep's out-of-sample (walk-forward test) run.</summary>
    public bool IsTestRun { get; set; }

    /// <summary>The data set replayed (<see cref="BacktestDataSource.DataSet"/>).</summary>
    public long? DataSetId { get; set; }

    /// <summary>Instrument ids, comma-separated; empty: every instrument of the data.</summary>
    public string Instruments { get; set; } = "";

    /// <summary>The generated market's seed, instrument count and bars (<see cref="BacktestDataSource.Generated"/>).</summary>
    public int Seed { get; set; }

    public int GeneratedInstruments { get; set; }

    public int GeneratedBars { get; set; }

    public DateTimeOffset? From { get; set; }

    public DateTimeOffset? To { get; set; }

    public decimal StartingBalance { get; set; }

    /// <summary>Fee overrides; null: the preset version's fees.</summary>
    public decimal? TakerFeeBps { get; set; }

    public decimal? MakerFeeBps { get; set; }

    public decimal SlippageBps { get; set; }

    public decimal FundingRateBps { get; set; }

    public BacktestStatus Status { get; set; }

    public int BarsDone { get; set; }

    public int BarsTotal { get; set; }

    public bool CancelRequested { get; set; }

    public string? HangfireJobId { get; set; }

    public DateTimeOffset QueuedAt { get; set; }

    public DateTimeOffset? StartedAt { get; set; }

    public DateTimeOffset? FinishedAt { get; set; }

    /// <summary>Why it failed or was cancelled, in words for the user.</summary>
    public string? Message { get; set; }

    public int? Trades { get; set; }

    public decimal? NetPnl { get; set; }

    public double? MaxDrawdownPct { get; set; }

    public double? ProfitFactor { get; set; }

    public double? AverageR { get; set; }

    /// <summary>
    /// The whole replay report once it succeeded: its JSON (<see cref="Replay.ReplayJson"/>) gzip-compressed
    /// (<see cref="StoredReport"/>); a year of 10 instruments is about 12 MB of JSON, 10 times less compressed.
    /// </summary>
    public byte[]? ReportGzip { get; set; }

    /// <summary>A queued run of <paramref name="request"/> on preset <paramref name="presetName"/> v<paramref name="presetVersion"/>.</summary>
    public static BacktestRunEntity Queued(BacktestRequest request, string ownerId, string ownerName, string presetName, int presetVersion, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(request);
        return new BacktestRunEntity
        {
            OwnerId = ownerId,
            OwnerName = ownerName,
            PresetName = presetName,
            PresetVersion = presetVersion,
            DataSource = request.DataSource,
            DataSetId = request.DataSource == BacktestDataSource.DataSet ? request.DataSetId : null,
            Instruments = string.Join(',', request.Instruments.Distinct(StringComparer.Ordinal)),
            Seed = request.Seed,
            GeneratedInstruments = request.GeneratedInstruments,
            GeneratedBars = request.GeneratedBars,
            From = request.From,
            To = request.To,
            StartingBalance = request.StartingBalance,
            TakerFeeBps = request.TakerFeeBps,
            MakerFeeBps = request.MakerFeeBps,
            SlippageBps = request.SlippageBps,
            FundingRateBps = request.FundingRateBps,
            Status = BacktestStatus.Queued,
            QueuedAt = now,
        };
    }
}

public enum BacktestDataSource
{
    /// <summary>The bundled generated market (seed, instruments, bars): needs no files and no network.</summary>
    Generated,

    /// <summary>The candle files imported into the market-data folder (one CSV per instrument).</summary>
    Imported,

    /// <summary>A stored data set (uploaded or downloaded from OKX).</summary>
    DataSet,
}

public enum BacktestStatus
{
    Queued,
    Running,
    Succeeded,
    Failed,
    Cancelled,
}

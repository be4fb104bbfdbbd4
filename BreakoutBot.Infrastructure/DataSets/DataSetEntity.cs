namespace BreakoutBot.Infrastructure.DataSets;

/// <summary>
/// A named market data set: 5-minute candles of some instruments over a time range, stored as one strict CSV file per
/// instrument under <c>{DataFolder}/data-sets/{Id}/</c> (funding rates under its <c>funding/</c>), indexed here (ADR-013).
/// </summary>
public sealed class DataSetEntity
{
    public long Id { get; set; }

    public string Name { get; set; } = "";

    public string OwnerId { get; set; } = "";

    public string OwnerName { get; set; } = "";

    public DataSetSource Source { get; set; }

    public DataSetStatus Status { get; set; }

    /// <summary>Instrument ids, comma-separated, sorted.</summary>
    public string Instruments { get; set; } = "";

    /// <summary>Bar size; only 5-minute bars (<c>5m</c>) for now, the engine's bar.</summary>
    public string BarSize { get; set; } = "5m";

    /// <summary>First and last bar close held (null while empty).</summary>
    public DateTimeOffset? FirstBar { get; set; }

    public DateTimeOffset? LastBar { get; set; }

    /// <summary>Candles held over all instruments.</summary>
    public long Bars { get; set; }

    /// <summary>A download's requested range (UTC).</summary>
    public DateTimeOffset? RequestedFrom { get; set; }

    public DateTimeOffset? RequestedTo { get; set; }

    /// <summary>A download's progress: bars fetched (or found on disk) of the bars the range holds.</summary>
    public long BarsDone { get; set; }

    public long BarsTotal { get; set; }

    public bool CancelRequested { get; set; }

    public string? HangfireJobId { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? UpdatedAt { get; set; }

    /// <summary>What happened last, in words for the user (never a server path).</summary>
    public string? Message { get; set; }
}

public enum DataSetSource
{
    /// <summary>CSV files uploaded through the browser (one per instrument, or a zip of them).</summary>
    Upload,

    /// <summary>Downloaded from OKX's public history endpoints.</summary>
    OkxDownload,
}

public enum DataSetStatus
{
    Ready,
    Queued,
    Downloading,
    Failed,
    Cancelled,
}

namespace BreakoutBot.Infrastructure.DataSets;

/// <summary>A data set as the pages show it.</summary>
public sealed record DataSetSummary(
    long Id,
    string Name,
    string OwnerName,
    DataSetSource Source,
    DataSetStatus Status,
    IReadOnlyList<string> Instruments,
    DateTimeOffset? FirstBar,
    DateTimeOffset? LastBar,
    long Bars,
    long BarsDone,
    long BarsTotal,
    DateTimeOffset CreatedAt,
    string? Message,
    bool CanControl)
{
    public bool IsActive => Status is DataSetStatus.Queued or DataSetStatus.Downloading;
}

/// <summary>The answer to an upload: the new data set's id, or every problem found (nothing stored).</summary>
public sealed record DataSetUploadResult(long? Id, IReadOnlyList<string> Problems)
{
    public bool Stored => Id is not null;
}

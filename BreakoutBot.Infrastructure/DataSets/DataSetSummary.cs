using System.Text.Json.Serialization;
using BreakoutBot.Domain.Markets;

namespace BreakoutBot.Infrastructure.DataSets;

/// <summary>
/// A data set as the pages show it. <see cref="FirstBar"/> and <see cref="LastBar"/> are bar close times (as every bar
/// time the engine reports); the time the data covers runs from <see cref="From"/> to <see cref="LastBar"/>.
/// </summary>
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

    /// <summary>
    /// When the data starts: the first bar's open time, so a download asked for 00:00–24:00 lists as 00:00–24:00 (its
    /// first bar closes at 00:05). The pages' "From"; the API keeps the close times.
    /// </summary>
    [JsonIgnore]
    public DateTimeOffset? From => FirstBar - Candle.Interval;
}

/// <summary>The answer to an upload: the new data set's id, or every problem found (nothing stored).</summary>
public sealed record DataSetUploadResult(long? Id, IReadOnlyList<string> Problems)
{
    public bool Stored => Id is not null;
}

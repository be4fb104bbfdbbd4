namespace BreakoutBot.Infrastructure.Jobs;

/// <summary>The job kinds recorded in <see cref="JobRunEntity.Job"/>.</summary>
public static class JobNames
{
    public const string HistoryExport = "history-export";
    public const string CandleImport = "candle-import";
    public const string Retention = "retention";
}

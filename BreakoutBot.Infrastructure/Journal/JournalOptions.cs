using System.ComponentModel.DataAnnotations;

namespace BreakoutBot.Infrastructure.Journal;

/// <summary><c>Journal</c>: the decision journal of live and paper engines.</summary>
public sealed class JournalOptions
{
    public const string SectionName = "Journal";

    /// <summary>When false, engines' decisions are not stored (the dashboard's journal stays empty and says so).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Journal rows written more than this many days ago are deleted by the retention job.</summary>
    [Range(1, 3650)]
    public int RetentionDays { get; set; } = 30;
}

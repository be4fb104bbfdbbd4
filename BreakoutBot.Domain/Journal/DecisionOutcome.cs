namespace BreakoutBot.Domain.Journal;

/// <summary>How far one instrument got through one scan's pipeline, and why it stopped there.</summary>
public enum DecisionOutcome
{
    /// <summary>A scanner filter failed (the journal names it with its value and threshold).</summary>
    FilteredOut = 0,

    /// <summary>Passed every filter, but every position slot was taken, so no levels were built.</summary>
    SlotsFull = 1,

    /// <summary>Passed every filter, but ranked below the preset's <c>max_candidates</c>.</summary>
    NotTopCandidate = 2,

    /// <summary>Passed every filter, but no valid support or resistance level was found.</summary>
    NoLevel = 3,

    /// <summary>Had levels, but no signal's conditions held.</summary>
    NoSignal = 4,

    /// <summary>A signal was generated and the pipeline left it there (abandoned, expired).</summary>
    SignalNotExecuted = 5,

    /// <summary>The risk manager refused the signal (the reason is kept).</summary>
    RiskRejected = 6,

    /// <summary>The entry order was sent and did not fill.</summary>
    EntryFailed = 7,

    /// <summary>A position was opened.</summary>
    Traded = 8,
}

using BreakoutBot.Domain.Engine;

namespace BreakoutBot.Infrastructure.Cluster;

/// <summary>
/// A command (start, stop, pause…), a removal or a preset version to apply that a user sent on a node that does not run
/// the engine, queued for the owner node, which polls for it, runs it and writes the outcome back (ADR-020); or a chart
/// asked for by such a node's dashboard (ADR-021). Authorised on the node that queued it.
/// </summary>
public sealed class EngineCommandRequestEntity
{
    public long Id { get; set; }

    public string EngineId { get; set; } = "";

    public EngineRequestKind Kind { get; set; }

    /// <summary>The command of a <see cref="EngineRequestKind.Command"/> request; null for the other kinds.</summary>
    public EngineCommand? Command { get; set; }

    public string? PresetName { get; set; }

    /// <summary>The preset version of an <see cref="EngineRequestKind.ApplyPresetVersion"/> request.</summary>
    public int? PresetVersion { get; set; }

    public string? UserId { get; set; }

    public string? UserName { get; set; }

    /// <summary>The node the user sent it on.</summary>
    public string RequestedOn { get; set; } = "";

    public DateTimeOffset RequestedAt { get; set; }

    /// <summary>The node that ran it (null while queued).</summary>
    public string? RunOn { get; set; }

    public DateTimeOffset? CompletedAt { get; set; }

    public bool? Success { get; set; }

    public string? Result { get; set; }

    /// <summary>The instrument of a <see cref="EngineRequestKind.Chart"/> request.</summary>
    public string? InstrumentId { get; set; }

    /// <summary>
    /// What the owner node sends back with its answer: the chart of a read (<see cref="EngineRequestKind.Chart"/>, as the
    /// dashboard draws it), a command's states before and after (<see cref="RemoteCommandStates"/>); null otherwise.
    /// </summary>
    public string? Payload { get; set; }
}

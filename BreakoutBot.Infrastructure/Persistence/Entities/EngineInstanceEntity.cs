using BreakoutBot.Domain.Engine;

namespace BreakoutBot.Infrastructure.Persistence.Entities;

/// <summary>An engine a user owns: its preset, mode and paper account, and what it last reported (for restore after a restart).</summary>
public sealed class EngineInstanceEntity
{
    /// <summary>The engine id (the same string the engine's events carry).</summary>
    public string Id { get; set; } = "";

    public string? OwnerUserId { get; set; }

    public string Name { get; set; } = "";

    public string PresetName { get; set; } = "";

    /// <summary>The version of <see cref="PresetName"/> the engine is pinned to; null for rows stored before pinning (latest at restore).</summary>
    public int? PresetVersion { get; set; }

    public TradingMode Mode { get; set; }

    public decimal PaperStartingBalance { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>How the engine's market and paper account are set up (<c>EngineCreateOptions</c> as JSON).</summary>
    public string OptionsJson { get; set; } = "{}";

    /// <summary>How many times the engine was rebuilt after a restart (ids it hands out carry it, so they never collide).</summary>
    public int Generation { get; set; }

    /// <summary>The state the engine was last seen in (a running engine comes back paused after a restart).</summary>
    public TradingState LastKnownState { get; set; }

    /// <summary>
    /// When the engine's kill switch fired (engine time), null while it is armed: set by the kill switch's event, cleared
    /// by the transition to IDLE that only an operator reset makes. A restart or fail-over restores it from here, so it
    /// holds through any number of them and through stop/start, and outlives retention of the transitions.
    /// </summary>
    public DateTimeOffset? KillSwitchFiredAt { get; set; }

    /// <summary>Why the kill switch fired (as the engine reported it); null while it is armed.</summary>
    public string? KillSwitchReason { get; set; }

    /// <summary>The last status snapshot as JSON, for pages that show an engine that is not loaded.</summary>
    public string? LastStatusJson { get; set; }

    public DateTimeOffset? LastStatusAt { get; set; }

    public List<EngineRunEntity> Runs { get; set; } = [];
}

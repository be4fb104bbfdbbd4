using BreakoutBot.Infrastructure.Cluster;
using BreakoutBot.Domain.Engine;
using BreakoutBot.Infrastructure.Engines;

namespace BreakoutBot.Web.Api;

/// <summary>An engine in the list: who owns it, what it trades, where it stands, and what the caller may do with it.</summary>
public sealed record EngineSummaryDto(
    string Id,
    string Name,
    string OwnerId,
    string Preset,
    int? PresetVersion,
    string State,
    TradingMode Mode,
    string Market,
    DateTimeOffset CreatedAt,
    EngineAccess Access,
    string? Node = null)
{
    public static EngineSummaryDto From(EngineHandle handle, EngineAccess access)
    {
        ArgumentNullException.ThrowIfNull(handle);
        return new(handle.Id, handle.Name, handle.OwnerId, handle.PresetName, handle.PresetVersion, handle.Status.StateName,
            handle.Options.Mode, handle.Market.Description, handle.CreatedAt, access);
    }

    /// <summary>An engine another cluster node runs, as its owner last published it; <see cref="Node"/> names that node (ADR-021).</summary>
    public static EngineSummaryDto From(RemoteEngineStatus remote, EngineAccess access)
    {
        ArgumentNullException.ThrowIfNull(remote);
        var e = remote.Engine;
        return new(remote.EngineId, e.Name, remote.OwnerId, e.PresetName, e.PresetVersion, remote.Status.StateName, e.Mode, e.MarketDescription,
            e.CreatedAt, access, remote.LeaseNode ?? remote.PublishedBy);
    }
}

/// <summary>
/// A new engine: by default on the bundled generated market in paper mode; with <c>source</c> "okx" on live OKX data, in
/// <c>mode</c> paper, demo or live (demo and live with one of the caller's OKX key sets, <c>keySetId</c>), watching the
/// <c>maxInstruments</c> most traded USDT swaps. Omitted numbers take the portal's defaults.
/// </summary>
public sealed record CreateEngineRequest(
    string? Name,
    string? Preset,
    decimal? StartingBalance = null,
    int? BarIntervalMs = null,
    int? Seed = null,
    int? Instruments = null,
    int? Bars = null,
    int? WarmupBars = null,
    string? Source = null,
    string? Mode = null,
    Guid? KeySetId = null,
    int? MaxInstruments = null);

/// <summary>Start: the preset to trade (default: the engine's own) and, optionally, the mode, which must be the engine's.</summary>
public sealed record StartEngineRequest(string? Preset = null, string? Mode = null);

/// <summary>What a command did: accepted (done or, for a live start, pending), its message, and the state before and after.</summary>
public sealed record CommandResultDto(string Command, string Status, string Message, string? StateBefore, string? StateAfter)
{
    public static CommandResultDto From(EngineCommand command, EngineCommandOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        return new(ApiCommandNames.Name(command), outcome.Status.ToString().ToLowerInvariant(), outcome.Message,
            outcome.Result?.StateBefore.ToWireName(), outcome.Result?.StateAfter.ToWireName());
    }
}

/// <summary>The commands the caller may send now and the engine's state.</summary>
public sealed record CommandsDto(string EngineId, string State, IReadOnlyList<string> Commands);

/// <summary>The last scan (null before the first) with its funnel and the funnel since the engine was created.</summary>
public sealed record ScanDto(string EngineId, BreakoutBot.Domain.Scanning.ScanOutcome? LastScan, ScanFunnel LastScanFunnel, ScanFunnel Funnel);

using System.Globalization;
using System.Security.Claims;
using BreakoutBot.Domain.Abstractions;
using BreakoutBot.Domain.Common;
using BreakoutBot.Domain.Constants;
using BreakoutBot.Domain.Engine;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace BreakoutBot.Infrastructure.Engines;

/// <summary>
/// Every engine action a user takes goes through here: the role and ownership are checked on the server before the
/// engine is called, and each request is audit-logged. Admin: every engine. Trader: own engines only. Viewer: sees
/// every engine, controls none.
/// </summary>
public sealed partial class EngineCommandService(EngineRegistry registry, IAuditLog audit, TimeProvider? time = null, Cluster.EngineCommandQueue? queue = null,
    ILogger<EngineCommandService>? logger = null)
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly ILogger _logger = logger ?? NullLogger<EngineCommandService>.Instance;

    public const string CommandAction = "engine.command";
    public const string CreateAction = "engine.create";

    /// <summary>The longest engine name (trimmed) a user may give, on the page and in the API.</summary>
    public const int MaxNameLength = 64;

    /// <summary>Why a name cannot be an engine's (null when it can): 1 to <see cref="MaxNameLength"/> characters once trimmed.</summary>
    public static string? NameProblem(string? name) =>
        name?.Trim() is { Length: > 0 and <= MaxNameLength }
            ? null
            : string.Create(CultureInfo.InvariantCulture, $"Give the engine a name of 1 to {MaxNameLength} characters.");
    public const string RemoveAction = "engine.remove";
    public const string ApplyPresetAction = "engine.apply_preset";

    public static string? UserId(ClaimsPrincipal user) => user?.FindFirstValue(ClaimTypes.NameIdentifier);

    public static EngineAccess AccessFor(ClaimsPrincipal user, EngineHandle handle)
    {
        ArgumentNullException.ThrowIfNull(handle);
        return AccessFor(user, handle.OwnerId);
    }

    /// <summary>The access of <paramref name="user"/> to an engine owned by <paramref name="ownerId"/> (one on another cluster node too).</summary>
    public static EngineAccess AccessFor(ClaimsPrincipal user, string ownerId)
    {
        if (user?.Identity?.IsAuthenticated != true)
        {
            return EngineAccess.None;
        }
        if (user.IsInRole(Roles.Admin))
        {
            return EngineAccess.Control;
        }
        var owns = string.Equals(UserId(user), ownerId, StringComparison.Ordinal);
        if (user.IsInRole(Roles.Trader))
        {
            return owns ? EngineAccess.Control : EngineAccess.None;
        }
        return user.IsInRole(Roles.Viewer) ? EngineAccess.View : EngineAccess.None;
    }

    /// <summary>True for Admins and Traders: they may create engines (a Trader owns the ones they create).</summary>
    public static bool CanCreate(ClaimsPrincipal user) =>
        user?.Identity?.IsAuthenticated == true && (user.IsInRole(Roles.Admin) || user.IsInRole(Roles.Trader)) && UserId(user) is not null;

    /// <summary>The engines the user may see: all for Admin and Viewer, own for Trader.</summary>
    public IReadOnlyList<EngineHandle> Visible(ClaimsPrincipal user) =>
        registry.ListAll().Where(h => AccessFor(user, h) != EngineAccess.None).ToList();

    public EngineHandle? Find(ClaimsPrincipal user, string engineId)
    {
        var handle = registry.Get(engineId);
        return handle is not null && AccessFor(user, handle) != EngineAccess.None ? handle : null;
    }

    /// <summary>The commands the user may send now: the engine's available commands when the user controls it, else none.</summary>
    public static IReadOnlyList<EngineCommand> CommandsFor(ClaimsPrincipal user, EngineHandle handle, EngineStatus status)
    {
        ArgumentNullException.ThrowIfNull(status);
        return AccessFor(user, handle) == EngineAccess.Control ? status.AvailableCommands : [];
    }

    /// <summary>Runs a command and returns when it is done (the API and tests use this; pages use <see cref="SubmitAsync"/>).</summary>
    public async Task<EngineCommandOutcome> ExecuteAsync(ClaimsPrincipal user, string engineId, EngineCommand command, string? presetName = null, CancellationToken cancellationToken = default)
    {
        var (handle, refusal) = Authorise(user, engineId, command);
        if (refusal is { Status: EngineCommandStatus.NotFound } && await RouteCommandAsync(user, engineId, command, presetName, cancellationToken) is { } routed)
        {
            return routed;
        }
        return refusal ?? await RunAsync(user, handle!, command, presetName, _ => { }, cancellationToken);
    }

    /// <summary>
    /// True for a command that waits on the exchange before the engine is called: a start or resume on a live market
    /// (the account is reconciled first, and OKX may be slow), so it runs in the background.
    /// </summary>
    public static bool RunsInBackground(EngineHandle handle, EngineCommand command)
    {
        ArgumentNullException.ThrowIfNull(handle);
        return command is EngineCommand.Start or EngineCommand.Resume && !handle.Market.IsReplay;
    }

    /// <summary>
    /// Answers at once. Role and ownership are checked first, as for <see cref="ExecuteAsync"/>; a command that
    /// <see cref="RunsInBackground"/> is then started in the background and answered with
    /// <see cref="EngineCommandStatus.Pending"/> ("starting…"): its steps and final outcome appear in
    /// <see cref="EngineHandle.CommandProgress"/> and the outcome is audit-logged when it is known. Other commands run
    /// here as before. Only one background command runs per engine at a time.
    /// </summary>
    public async Task<EngineCommandOutcome> SubmitAsync(ClaimsPrincipal user, string engineId, EngineCommand command, string? presetName = null)
    {
        var (handle, refusal) = Authorise(user, engineId, command);
        if (refusal is { Status: EngineCommandStatus.NotFound } && await RouteCommandAsync(user, engineId, command, presetName, CancellationToken.None) is { } routed)
        {
            return routed;
        }
        if (refusal is not null)
        {
            return refusal;
        }
        if (!RunsInBackground(handle!, command))
        {
            return await RunAsync(user, handle!, command, presetName, _ => { }, CancellationToken.None);
        }
        var progress = new EngineCommandProgress(command, "accepted", _time.GetUtcNow());
        if (!handle!.TryBeginCommand(progress))
        {
            var running = handle.CommandProgress!;
            return new EngineCommandOutcome(EngineCommandStatus.Refused, $"Engine '{handle.Name}' is still busy with {running.Command} ({running.Step}); wait for it to finish.");
        }
        _ = Task.Run(() => RunInBackgroundAsync(user, handle, command, presetName, progress));
        return new EngineCommandOutcome(EngineCommandStatus.Pending, $"Engine '{handle.Name}': {PendingText(command)}");
    }

    private async Task RunInBackgroundAsync(ClaimsPrincipal user, EngineHandle handle, EngineCommand command, string? presetName, EngineCommandProgress started)
    {
        EngineCommandOutcome outcome;
        try
        {
            outcome = await RunAsync(user, handle, command, presetName, step => handle.ReportCommand(started with { Step = step }), CancellationToken.None);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // The page shows the failure; nothing was half-done silently: the engine's own state says where it stands.
            Audit(user, CommandAction, handle.Id, $"{command}: failed: {ex.Message}", false);
            outcome = new EngineCommandOutcome(EngineCommandStatus.Failed, $"{command} failed: {ex.Message}");
        }
        handle.ReportCommand(started with { Step = outcome.Success ? "done" : "ended", Outcome = outcome, FinishedAt = _time.GetUtcNow() });
    }

    private static string PendingText(EngineCommand command) => command switch
    {
        EngineCommand.Start => "starting…",
        EngineCommand.Resume => "resuming…",
        _ => command.ToString().ToLowerInvariant() + "…",
    };

    /// <summary>Finds the engine and checks the user may control it; the refusal (audit-logged) when not.</summary>
    private (EngineHandle? Handle, EngineCommandOutcome? Refusal) Authorise(ClaimsPrincipal user, string engineId, EngineCommand command)
    {
        ArgumentNullException.ThrowIfNull(user);
        var handle = registry.Get(engineId);
        if (handle is null)
        {
            if (queue is not { Enabled: true })
            {
                // On a cluster node RouteAsync looks further and audits what it finds.
                Audit(user, CommandAction, engineId, $"{command}: no such engine", false);
            }
            return (null, new EngineCommandOutcome(EngineCommandStatus.NotFound, $"No engine '{engineId}'."));
        }
        if (AccessFor(user, handle) != EngineAccess.Control)
        {
            Audit(user, CommandAction, engineId, $"{command}: forbidden", false);
            return (handle, new EngineCommandOutcome(EngineCommandStatus.Forbidden, Refusal("control", engineId)));
        }
        return (handle, null);
    }

    /// <summary>Carries out an authorised command: reconciles first when it will trade on an exchange again, then calls the engine.</summary>
    private async Task<EngineCommandOutcome> RunAsync(ClaimsPrincipal user, EngineHandle handle, EngineCommand command, string? presetName, Action<string> step, CancellationToken cancellationToken)
    {
        if (command is EngineCommand.Start or EngineCommand.Resume && handle.TradesOnExchange)
        {
            // Trading on OKX: the account is compared with the engine (and differences audit-logged) before it may trade again.
            step("reconciling with the exchange");
            var report = await registry.ReconcileAsync(handle, command == EngineCommand.Start ? "start" : "resume", cancellationToken);
            if (report.Error is not null || report.Violations.Count > 0)
            {
                // Never trade on an account the engine could not bring in step: its positions stay managed, nothing new opens.
                var why = report.Error ?? string.Join("; ", report.Violations);
                var message = $"Not {(command == EngineCommand.Start ? "started" : "resumed")}: the account could not be reconciled with the engine ({why}). Try again.";
                Audit(user, CommandAction, handle.Id, $"{command}: {message}", false);
                return new EngineCommandOutcome(EngineCommandStatus.Refused, message);
            }
        }
        step(command == EngineCommand.Start ? "starting the engine" : "sending the command to the engine");
        var result = await handle.ExecuteAsync(command, presetName, cancellationToken);
        Audit(user, CommandAction, handle.Id, string.Create(CultureInfo.InvariantCulture, $"{command}: {result.Message} ({result.StateBefore.ToWireName()} → {result.StateAfter.ToWireName()})"), result.Success);
        return new EngineCommandOutcome(result.Success ? EngineCommandStatus.Done : EngineCommandStatus.Refused, result.Message, result);
    }

    /// <summary>
    /// Pins the engine to <paramref name="version"/> of <paramref name="presetName"/> (the engine keeps trading the version
    /// it has until this is done; edits others save never reach it) and, when the engine is running that preset, reloads
    /// it so the version takes effect now; otherwise it is used from the next start. Only for a user who controls the
    /// engine (its owner, or an Admin); audit-logged either way.
    /// </summary>
    public async Task<EngineCommandOutcome> ApplyPresetVersionAsync(ClaimsPrincipal user, string engineId, string presetName, int version, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        var target = PresetTarget(presetName, version);
        var handle = registry.Get(engineId);
        if (handle is null)
        {
            var request = new Cluster.EngineCommandRequestEntity { Kind = Cluster.EngineRequestKind.ApplyPresetVersion, PresetName = presetName, PresetVersion = version };
            if (await RouteAsync(user, ApplyPresetAction, engineId, target, request, cancellationToken) is { } routed)
            {
                return routed;
            }
            if (queue is not { Enabled: true })
            {
                Audit(user, ApplyPresetAction, engineId, $"{target}: no such engine", false);
            }
            return new EngineCommandOutcome(EngineCommandStatus.NotFound, $"No engine '{engineId}'.");
        }
        if (AccessFor(user, handle) != EngineAccess.Control)
        {
            Audit(user, ApplyPresetAction, engineId, $"{target}: forbidden", false);
            return new EngineCommandOutcome(EngineCommandStatus.Forbidden, Refusal("change the preset of", engineId));
        }
        return await ApplyPresetHereAsync(user, handle, presetName, version, cancellationToken);
    }

    private static string PresetTarget(string presetName, int version) => string.Create(CultureInfo.InvariantCulture, $"{presetName} v{version}");

    /// <summary>Pins and, when the engine trades that preset, reloads it: on the node that runs the engine, for a user already authorised.</summary>
    private async Task<EngineCommandOutcome> ApplyPresetHereAsync(ClaimsPrincipal user, EngineHandle handle, string presetName, int version, CancellationToken cancellationToken)
    {
        var engineId = handle.Id;
        var target = PresetTarget(presetName, version);
        if (!handle.Presets.Pin(presetName, version))
        {
            Audit(user, ApplyPresetAction, engineId, $"{target}: no such version", false);
            return new EngineCommandOutcome(EngineCommandStatus.NotFound, $"Preset '{presetName}' has no version {version.ToString(CultureInfo.InvariantCulture)}.");
        }
        var trading = string.Equals(handle.Engine.Preset?.Name, presetName, StringComparison.Ordinal);
        if (!trading || !handle.Status.AvailableCommands.Contains(EngineCommand.Reload))
        {
            Audit(user, ApplyPresetAction, engineId, $"{target}: pinned, used from the next start", true);
            return new EngineCommandOutcome(EngineCommandStatus.Done, $"Engine '{handle.Name}' will use {target} when it is next started.");
        }
        var result = await handle.ExecuteAsync(EngineCommand.Reload, null, cancellationToken);
        Audit(user, ApplyPresetAction, engineId, $"{target}: pinned; reload: {result.Message}", result.Success);
        return new EngineCommandOutcome(result.Success ? EngineCommandStatus.Done : EngineCommandStatus.Refused,
            result.Success ? $"Engine '{handle.Name}' now trades {target}." : result.Message, result);
    }

    /// <summary>Creates an engine owned by the user; refused for Viewers and anonymous users.</summary>
    public EngineCommandOutcome Create(ClaimsPrincipal user, string name, string preset, EngineCreateOptions options, out EngineHandle? handle)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Source != MarketSource.Replay)
        {
            handle = null;
            return new EngineCommandOutcome(EngineCommandStatus.Refused, "Engines on live OKX data are created asynchronously.");
        }
        // A replay is built synchronously: the task is already complete.
        var task = CreateAsync(user, name, preset, options);
        if (!task.IsCompleted)
        {
            throw new InvalidOperationException("A replay engine must be created synchronously.");
        }
        (var outcome, handle) = task.Result;
        return outcome;
    }

    /// <summary>
    /// Creates an engine owned by the user on a replay or on live OKX data; refused for Viewers and anonymous users. A
    /// key set for demo or live trading must be the user's own (the live-market factory checks it).
    /// </summary>
    public async Task<(EngineCommandOutcome Outcome, EngineHandle? Handle)> CreateAsync(ClaimsPrincipal user, string name, string preset, EngineCreateOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(options);
        if (!CanCreate(user))
        {
            Audit(user, CreateAction, name, "forbidden", false);
            return (new EngineCommandOutcome(EngineCommandStatus.Forbidden, "Only Traders and Admins may create engines."), null);
        }
        ArgumentNullException.ThrowIfNull(name);
        name = name.Trim();
        if (NameProblem(name) is { } refusal)
        {
            // The page and the API both come here: a name the API refuses is refused on the page too.
            Audit(user, CreateAction, name.Length > MaxNameLength ? name[..MaxNameLength] + "…" : name, refusal, false);
            return (new EngineCommandOutcome(EngineCommandStatus.Refused, refusal), null);
        }
        EngineHandle handle;
        try
        {
            handle = await registry.CreateAsync(UserId(user)!, name, preset, options, cancellationToken: cancellationToken);
        }
        catch (DomainException ex)
        {
            Audit(user, CreateAction, name, ex.Message, false);
            return (new EngineCommandOutcome(EngineCommandStatus.Refused, ex.Message), null);
        }
        catch (Exception ex) when (ex is not OperationCanceledException && Persistence.StorageOutage.Is(ex))
        {
            // The registry left nothing behind (no engine, no row, no job); the database's own words stay in the log,
            // which may name its host or file.
            LogCreateNotStored(ex, name);
            Audit(user, CreateAction, name, "not created: the database could not store the engine", false);
            return (new EngineCommandOutcome(EngineCommandStatus.Failed,
                $"Engine '{name}' was not created: the database could not store it right now. Nothing was created; try again in a moment."), null);
        }
        var market = options.Source == MarketSource.Replay
            ? string.Create(CultureInfo.InvariantCulture, $"replay, balance {options.StartingBalance}, {options.BarIntervalMs} ms/bar")
            : string.Create(CultureInfo.InvariantCulture, $"live OKX data, mode {options.Mode}, {options.MaxInstruments} instruments{(options.KeySetId is null ? "" : ", key set " + options.KeySetId)}");
        Audit(user, CreateAction, handle.Id, $"'{handle.Name}' preset {preset}, {market}", true);
        return (new EngineCommandOutcome(EngineCommandStatus.Done, $"Engine '{handle.Name}' created."), handle);
    }

    /// <summary>
    /// Every engine this node runs (whoever owns it) created with or now trading <paramref name="presetName"/>. Only this
    /// node's: the preset store adds, when it deletes, the engines the database holds (every node's, running or not), and
    /// names each to the caller only when theirs to see (<see cref="Presets.PresetEngineUse.DescribeFor"/>).
    /// </summary>
    public IReadOnlyList<Presets.PresetEngineUse> EnginesUsingPreset(string presetName) =>
        registry.ListAll()
            .Where(h => string.Equals(h.PresetName, presetName, StringComparison.Ordinal) || string.Equals(h.Engine.Preset?.Name, presetName, StringComparison.Ordinal))
            .Select(h => new Presets.PresetEngineUse(h.Id, h.OwnerId, h.Name))
            .ToList();

    /// <summary>
    /// Removes an engine the user controls; a running engine must be stopped first. On a cluster node an engine another
    /// node runs is removed there (authorised here against its stored owner, ADR-020).
    /// </summary>
    public async Task<EngineCommandOutcome> RemoveAsync(ClaimsPrincipal user, string engineId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        var handle = registry.Get(engineId);
        if (handle is null)
        {
            var request = new Cluster.EngineCommandRequestEntity { Kind = Cluster.EngineRequestKind.Remove };
            return await RouteAsync(user, RemoveAction, engineId, "remove", request, cancellationToken)
                ?? new EngineCommandOutcome(EngineCommandStatus.NotFound, $"No engine '{engineId}'.");
        }
        if (AccessFor(user, handle) != EngineAccess.Control)
        {
            Audit(user, RemoveAction, engineId, "forbidden", false);
            return new EngineCommandOutcome(EngineCommandStatus.Forbidden, Refusal("remove", engineId));
        }
        return RemoveHere(user, handle);
    }

    /// <summary>Removes a stopped engine on the node that runs it, for a user already authorised.</summary>
    private EngineCommandOutcome RemoveHere(ClaimsPrincipal user, EngineHandle handle)
    {
        var engineId = handle.Id;
        if (handle.IsRunning)
        {
            return new EngineCommandOutcome(EngineCommandStatus.Refused, $"Engine '{handle.Name}' is {handle.Engine.State.ToWireName()}; stop it first.");
        }
        registry.Remove(engineId);
        Audit(user, RemoveAction, engineId, handle.Name, true);
        return new EngineCommandOutcome(EngineCommandStatus.Done, $"Engine '{handle.Name}' removed.");
    }

    /// <summary>
    /// A refusal names the engine by the id the caller sent, never by its name: a Trader refused another Trader's engine
    /// learns nothing of it (as on a cluster node, <see cref="RouteAsync"/>).
    /// </summary>
    private static string Refusal(string what, string engineId) => $"You may not {what} engine '{engineId}'.";

    private void Audit(ClaimsPrincipal user, string action, string target, string details, bool success) =>
        audit.Record(UserId(user), user.Identity?.Name, action, target, details, success);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Engine '{Name}' was not created: the database could not store its row")]
    private partial void LogCreateNotStored(Exception exception, string name);
}

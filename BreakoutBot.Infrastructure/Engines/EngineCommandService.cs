using System.Globalization;
using System.Security.Claims;
using BreakoutBot.Domain.Abstractions;
using BreakoutBot.Domain.Common;
using BreakoutBot.Domain.Constants;
using BreakoutBot.Domain.Engine;

namespace BreakoutBot.Infrastructure.Engines;

/// <summary>
/// Every engine action a user takes goes through here: the role and ownership are checked on the server before the
/// engine is called, and each request is audit-logged. Admin: every engine. Trader: own engines only. Viewer: sees
/// every engine, controls none.
/// </summary>
public sealed class EngineCommandService(EngineRegistry registry, IAuditLog audit)
{
    public const string CommandAction = "engine.command";
    public const string CreateAction = "engine.create";
    public const string RemoveAction = "engine.remove";

    public static string? UserId(ClaimsPrincipal user) => user?.FindFirstValue(ClaimTypes.NameIdentifier);

    public static EngineAccess AccessFor(ClaimsPrincipal user, EngineHandle handle)
    {
        ArgumentNullException.ThrowIfNull(handle);
        if (user?.Identity?.IsAuthenticated != true)
        {
            return EngineAccess.None;
        }
        if (user.IsInRole(Roles.Admin))
        {
            return EngineAccess.Control;
        }
        var owns = string.Equals(UserId(user), handle.OwnerId, StringComparison.Ordinal);
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

    public async Task<EngineCommandOutcome> ExecuteAsync(ClaimsPrincipal user, string engineId, EngineCommand command, string? presetName = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        var handle = registry.Get(engineId);
        if (handle is null)
        {
            Audit(user, CommandAction, engineId, $"{command}: no such engine", false);
            return new EngineCommandOutcome(EngineCommandStatus.NotFound, $"No engine '{engineId}'.");
        }
        if (AccessFor(user, handle) != EngineAccess.Control)
        {
            Audit(user, CommandAction, engineId, $"{command}: forbidden", false);
            return new EngineCommandOutcome(EngineCommandStatus.Forbidden, $"You may not control engine '{handle.Name}'.");
        }
        if (command is EngineCommand.Start or EngineCommand.Resume && handle.TradesOnExchange)
        {
            // Trading on OKX: the account is compared with the engine (and differences audit-logged) before it may trade again.
            await registry.ReconcileAsync(handle, command == EngineCommand.Start ? "start" : "resume", cancellationToken);
        }
        var result = await handle.ExecuteAsync(command, presetName, cancellationToken);
        Audit(user, CommandAction, engineId, string.Create(CultureInfo.InvariantCulture, $"{command}: {result.Message} ({result.StateBefore.ToWireName()} → {result.StateAfter.ToWireName()})"), result.Success);
        return new EngineCommandOutcome(result.Success ? EngineCommandStatus.Done : EngineCommandStatus.Refused, result.Message, result);
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
        var market = options.Source == MarketSource.Replay
            ? string.Create(CultureInfo.InvariantCulture, $"replay, balance {options.StartingBalance}, {options.BarIntervalMs} ms/bar")
            : string.Create(CultureInfo.InvariantCulture, $"live OKX data, mode {options.Mode}, {options.MaxInstruments} instruments{(options.KeySetId is null ? "" : ", key set " + options.KeySetId)}");
        Audit(user, CreateAction, handle.Id, $"'{handle.Name}' preset {preset}, {market}", true);
        return (new EngineCommandOutcome(EngineCommandStatus.Done, $"Engine '{handle.Name}' created."), handle);
    }

    /// <summary>Names of every engine (whoever owns it) created with or now trading <paramref name="presetName"/>.</summary>
    public IReadOnlyList<string> EnginesUsingPreset(string presetName) =>
        registry.ListAll()
            .Where(h => string.Equals(h.PresetName, presetName, StringComparison.Ordinal) || string.Equals(h.Engine.Preset?.Name, presetName, StringComparison.Ordinal))
            .Select(h => h.Name)
            .ToList();

    /// <summary>Removes an engine the user controls; a running engine must be stopped first.</summary>
    public EngineCommandOutcome Remove(ClaimsPrincipal user, string engineId)
    {
        ArgumentNullException.ThrowIfNull(user);
        var handle = registry.Get(engineId);
        if (handle is null)
        {
            return new EngineCommandOutcome(EngineCommandStatus.NotFound, $"No engine '{engineId}'.");
        }
        if (AccessFor(user, handle) != EngineAccess.Control)
        {
            Audit(user, RemoveAction, engineId, "forbidden", false);
            return new EngineCommandOutcome(EngineCommandStatus.Forbidden, $"You may not remove engine '{handle.Name}'.");
        }
        if (handle.IsRunning)
        {
            return new EngineCommandOutcome(EngineCommandStatus.Refused, $"Engine '{handle.Name}' is {handle.Engine.State.ToWireName()}; stop it first.");
        }
        registry.Remove(engineId);
        Audit(user, RemoveAction, engineId, handle.Name, true);
        return new EngineCommandOutcome(EngineCommandStatus.Done, $"Engine '{handle.Name}' removed.");
    }

    private void Audit(ClaimsPrincipal user, string action, string target, string details, bool success) =>
        audit.Record(UserId(user), user.Identity?.Name, action, target, details, success);
}

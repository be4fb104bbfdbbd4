using System.Globalization;
using BreakoutBot.Domain.Engine;
using BreakoutBot.Infrastructure.Cluster;
using BreakoutBot.Infrastructure.Engines;
using MudBlazor;

namespace BreakoutBot.Web.Components.Shared;

/// <summary>
/// The one place the portal turns an engine's mode and market into words and colours, so the Start button, the
/// top bar, the engine list and the dashboard all say the same thing: <b>Paper</b>, <b>OKX demo</b> or <b>LIVE</b>
/// (LIVE in the warning colour). Numbers and times come from <see cref="PortalFormat"/>.
/// </summary>
public static class EngineText
{
    /// <summary>The mode an engine trades in: Paper whenever its fills are simulated, else its configured OKX mode.</summary>
    public static TradingMode ModeOf(EngineHandle handle)
    {
        ArgumentNullException.ThrowIfNull(handle);
        return handle.Market.Paper is not null ? TradingMode.Paper : handle.Options.Mode;
    }

    /// <summary>The colour of a command's answer: done, queued elsewhere, refused by a rule, or failed.</summary>
    public static Severity Severity(EngineCommandOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        return outcome.Status switch
        {
            EngineCommandStatus.Done => MudBlazor.Severity.Success,
            EngineCommandStatus.Pending => MudBlazor.Severity.Info,
            EngineCommandStatus.Refused => MudBlazor.Severity.Warning,
            _ => MudBlazor.Severity.Error,
        };
    }

    public static string Mode(TradingMode mode) => mode switch
    {
        TradingMode.Paper => "Paper",
        TradingMode.LiveDemo => "OKX demo",
        TradingMode.Live => "LIVE",
        _ => mode.ToString(),
    };

    /// <summary>LIVE (real money) in the warning colour, OKX demo as information, paper plain.</summary>
    public static Color ModeColor(TradingMode mode) => mode switch
    {
        TradingMode.Live => Color.Warning,
        TradingMode.LiveDemo => Color.Info,
        _ => Color.Default,
    };

    /// <summary>Where the engine's market data comes from: "bundled market data (replay)" or "live OKX market data".</summary>
    public static string MarketSource(EngineHandle handle)
    {
        ArgumentNullException.ThrowIfNull(handle);
        return MarketSource(handle.Market.IsReplay, !string.IsNullOrWhiteSpace(handle.Options.DataFolder));
    }

    private static string MarketSource(bool replay, bool storedData) =>
        !replay ? "live OKX market data" : storedData ? "stored market data (replay)" : "bundled market data (replay)";

    /// <summary>One line for the top bar and headers, e.g. "OKX demo trading on live OKX market data".</summary>
    public static string Describe(EngineHandle handle) => $"{Mode(ModeOf(handle))} trading on {MarketSource(handle)}";

    /// <summary>The same line for an engine another cluster node runs, from what its owner published (ADR-021).</summary>
    public static string Describe(RemoteEnginePayload remote)
    {
        ArgumentNullException.ThrowIfNull(remote);
        return $"{Mode(remote.Mode)} trading on {MarketSource(remote.IsReplay, remote.StoredData)}";
    }

    /// <summary>Where an engine in the engine list gets its market: replay progress or live data.</summary>
    public static string MarketProgress(bool replay, int barsReplayed, int totalBars) =>
        replay ? string.Create(CultureInfo.InvariantCulture, $"replay {barsReplayed} / {totalBars} bars") : "live OKX data";

    /// <summary>A command's button text; Start names the mode it will trade in ("Start (LIVE)").</summary>
    public static string CommandLabel(EngineCommand command, TradingMode mode) => command switch
    {
        EngineCommand.Start => $"Start ({Mode(mode)})",
        EngineCommand.EmergencyStop => "Emergency stop",
        EngineCommand.KillSwitch => "Kill switch",
        _ => command.ToString(),
    };

    /// <summary>
    /// The restored engine as it is now, from the same status the positions table shows (not the counts at the
    /// restart, which reconciliation may have changed since): "Now 1 open position with 2 resting stop/target orders."
    /// </summary>
    public static string RestoredNow(EngineRestoreNote restored, EngineStatus status)
    {
        ArgumentNullException.ThrowIfNull(restored);
        ArgumentNullException.ThrowIfNull(status);
        var resting = status.Positions.Sum(p => p.RestingOrders);
        var now = string.Create(CultureInfo.InvariantCulture, $"Now {PortalFormat.Count(status.OpenPositions, "open position")} with {PortalFormat.Count(resting, "resting stop/target order")}");
        return restored.OpenPositions == status.OpenPositions
            ? now + "."
            : string.Create(CultureInfo.InvariantCulture, $"{now} ({PortalFormat.Count(restored.OpenPositions, "position")} at the restart; see the reconciliation below).");
    }

    /// <summary>
    /// How far the account's equity change since 00:00 UTC is from the booked trades' P&amp;L, in words, never with a
    /// sign to read backwards: "12.30 more than the booked trades", "410.27 less than the booked trades".
    /// </summary>
    public static string EquityDifference(decimal accountChange, decimal booked)
    {
        var difference = accountChange - booked;
        return $"{PortalFormat.Money(Math.Abs(difference))} {(difference > 0 ? "more" : "less")} than the booked trades";
    }

    /// <summary>
    /// The commands a user may give an engine, named as the dashboard's buttons are ("Stop, Emergency stop, Kill
    /// switch"); for a user who may only watch, that they are read-only rather than the engine's commands.
    /// </summary>
    public static string CommandsFor(EngineAccess access, IReadOnlyList<EngineCommand> commands, TradingMode mode)
    {
        ArgumentNullException.ThrowIfNull(commands);
        if (access != EngineAccess.Control)
        {
            return "Commands: none (read-only: you may watch this engine but not control it)";
        }
        return commands.Count == 0 ? "Commands available: none" : "Commands available: " + string.Join(", ", commands.Select(c => CommandLabel(c, mode)));
    }

    /// <summary>An owner's display name from a lookup (e-mail or user name), the id when unknown; engines nobody owns read "system".</summary>
    public static string Owner(string ownerId, IReadOnlyDictionary<string, string>? names) =>
        names is not null && names.TryGetValue(ownerId, out var name) ? name : ownerId;
}

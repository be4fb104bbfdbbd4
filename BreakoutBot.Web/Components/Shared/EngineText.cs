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

    /// <summary>
    /// The engine's equity: from its status once started; before its first start (when its account has not been read
    /// yet) a paper engine's starting balance, said as such ("10,000.00 USDT (starting balance)"), and for an OKX
    /// account "not started".
    /// </summary>
    public static string Equity(EngineHandle handle, string unit = "")
    {
        ArgumentNullException.ThrowIfNull(handle);
        if (!handle.NeverStarted)
        {
            return PortalFormat.Money(handle.Status.Equity) + unit;
        }
        return ModeOf(handle) == TradingMode.Paper ? $"{PortalFormat.Money(handle.Options.StartingBalance)}{unit} (starting balance)" : "not started";
    }

    /// <summary>
    /// The positions the engine may hold at once: its loaded preset's; before its first start, the preset it was created
    /// with (it loads it at start), 0 when that preset is not found.
    /// </summary>
    public static int Slots(EngineHandle handle)
    {
        ArgumentNullException.ThrowIfNull(handle);
        return handle.NeverStarted ? handle.PresetSlots() ?? 0 : handle.Status.Slots;
    }

    /// <summary>Free slots: the status's once started; before the first start every slot (nothing is open).</summary>
    public static int FreeSlots(EngineHandle handle)
    {
        ArgumentNullException.ThrowIfNull(handle);
        return handle.NeverStarted ? Slots(handle) : handle.Status.FreeSlots;
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
        replay ? $"replay {PortalFormat.Count(barsReplayed)} / {PortalFormat.Count(totalBars)} bars" : "live OKX data";

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
    /// Today's P&amp;L as its two parts, "closed today 340.81 (6.01 R) + open positions 36.23". The engine books R only
    /// for closed trades (the daily R the risk limits use), so the R goes with them, never beside the total that also
    /// counts the open positions.
    /// </summary>
    public static string TodayParts(EngineStatus status)
    {
        ArgumentNullException.ThrowIfNull(status);
        return $"closed today {PortalFormat.Money(status.RealizedNetToday)} ({PortalFormat.Ratio(status.DailyR)} R) + open positions {PortalFormat.Money(status.OpenNetPnl)}";
    }

    /// <summary>Today's P&amp;L for a table cell, "377.04 (closed today 6.01 R)": the R is the closed trades' (<see cref="TodayParts"/>).</summary>
    public static string Today(EngineStatus status)
    {
        ArgumentNullException.ThrowIfNull(status);
        return $"{PortalFormat.Money(status.TodayPnl)} (closed today {PortalFormat.Ratio(status.DailyR)} R)";
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
    /// Why the account's change since 00:00 UTC differs from Today's P&amp;L, after a dash ("" when they agree): when a
    /// position Today's P&amp;L counts was opened before 00:00, that its P&amp;L from before the day began is in Today's
    /// P&amp;L but not in the change (not blamed on funding or fees); otherwise funding, fees or fills the engine did not book.
    /// </summary>
    public static string EquityGap(EngineStatus status)
    {
        ArgumentNullException.ThrowIfNull(status);
        if (Math.Abs(status.DailyPnl - status.TodayPnl) < 0.01m)
        {
            return "";
        }
        var before = status.TodayOpenedBefore;
        var why = before > 0
            ? $"{PortalFormat.Count(before, "position")} counted today {(before == 1 ? "was" : "were")} opened before 00:00 UTC: what {(before == 1 ? "it" : "they")} made before the day began is in Today's P&L but not in this change; any rest is funding, fees or fills the engine did not book"
            : "funding, fees or fills the engine did not book";
        return $" — {EquityDifference(status.DailyPnl, status.TodayPnl)} ({why})";
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

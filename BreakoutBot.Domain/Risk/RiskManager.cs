using System.Globalization;
using BreakoutBot.Domain.Abstractions;
using BreakoutBot.Domain.Common;
using BreakoutBot.Domain.Execution;
using BreakoutBot.Domain.Markets;
using BreakoutBot.Domain.Presets;
using BreakoutBot.Domain.Signals;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace BreakoutBot.Domain.Risk;

/// <summary>
/// Daily risk counters, portfolio limits, sizing and the kill switch. Daily counters (start equity, day high,
/// daily P&amp;L and R, trades) reset at 00:00 UTC; the kill switch stays fired until an operator resets the engine.
/// </summary>
public sealed class RiskManager : IRiskManager
{
    /// <summary>The share of equity × max leverage that entries may use; the rest absorbs fees and adverse moves.</summary>
    public const decimal BuyingPowerUse = 0.95m;

    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private DateOnly _day;
    private decimal _dayStartEquity;
    private decimal _dayHighEquity;
    private decimal _lastEquity;
    private double _dailyR;
    private int _tradesToday;
    private int _consecutiveLosses;
    private bool _dailyLossLimitReached;
    private bool _initialised;
    private KillSwitchState _killSwitch = KillSwitchState.Armed;
    private RiskSnapshot? _lastSnapshot;
    private RiskConfig? _limitsConfig;
    private DayLimits _limits;
    // The configuration of the last observation while nothing but observations has changed the counters since (null
    // otherwise): the same equity on the same day under it observes exactly as before.
    private RiskConfig? _observedConfig;

    public RiskManager(ILogger<RiskManager>? logger = null)
    {
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    public KillSwitchState KillSwitch
    {
        get
        {
            lock (_gate)
            {
                return _killSwitch;
            }
        }
    }

    public int ConsecutiveLosses
    {
        get
        {
            lock (_gate)
            {
                return _consecutiveLosses;
            }
        }
    }

    public int FreeSlots(RiskConfig config, int activePositions)
    {
        ArgumentNullException.ThrowIfNull(config);
        return Math.Max(0, config.MaxConcurrentPositions - activePositions);
    }

    public RiskSnapshot Observe(decimal equity, DateTimeOffset now, RiskConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        lock (_gate)
        {
            ObserveLocked(equity, now, config);
            return SnapshotLocked();
        }
    }

    public KillSwitchState ObserveEquity(decimal equity, DateTimeOffset now, RiskConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        lock (_gate)
        {
            ObserveLocked(equity, now, config);
            return _killSwitch;
        }
    }

    private void ObserveLocked(decimal equity, DateTimeOffset now, RiskConfig config)
    {
        var day = DateOnly.FromDateTime(now.UtcDateTime);
        if (ReferenceEquals(config, _observedConfig) && day == _day && Same(equity, _lastEquity))
        {
            // Nothing an observation reads has changed since the last one (a cycle's later phases within one bar; any
            // other change of the counters clears the observed config): nothing to work out again.
            return;
        }
        if (!_initialised || day != _day)
        {
            _day = day;
            _dayStartEquity = equity;
            _dayHighEquity = equity;
            _dailyR = 0;
            _tradesToday = 0;
            _dailyLossLimitReached = false;
            _initialised = true;
        }
        _lastEquity = equity;
        if (equity > _dayHighEquity)
        {
            _dayHighEquity = equity;
        }

        var dailyPnl = equity - _dayStartEquity;
        var loss = -dailyPnl;
        var limits = LimitsFor(config);
        _dailyLossLimitReached = _dayStartEquity > 0 && loss >= limits.DailyLoss;

        if (!_killSwitch.Triggered)
        {
            string? reason = null;
            if (_dayStartEquity > 0 && loss >= limits.KillSwitchLoss)
            {
                reason = $"Daily loss {Percent(loss, _dayStartEquity)} reached the kill-switch limit {config.KillSwitchLossLimit:P1}.";
            }
            else if (_dayHighEquity > 0 && config.KillSwitchDrawdownFromDayHigh > 0
                && _dayHighEquity - equity >= _dayHighEquity * limits.DrawdownFraction)
            {
                reason = $"Drawdown {Percent(_dayHighEquity - equity, _dayHighEquity)} from the day's high reached the limit {config.KillSwitchDrawdownFromDayHigh:P1}.";
            }
            else if (config.MaxConsecutiveLosses > 0 && _consecutiveLosses >= config.MaxConsecutiveLosses)
            {
                reason = $"{_consecutiveLosses} consecutive losing trades reached the limit {config.MaxConsecutiveLosses}.";
            }
            if (reason is not null)
            {
                _killSwitch = new KillSwitchState(true, reason, now);
                _logger.LogCritical("Kill switch fired: {Reason}", reason);
            }
        }
        _observedConfig = config;
    }

    public RiskSnapshot Snapshot()
    {
        lock (_gate)
        {
            return SnapshotLocked();
        }
    }

    public void RecordClosedTrade(decimal netPnl, double pnlR, DateTimeOffset closedAt)
    {
        lock (_gate)
        {
            var day = DateOnly.FromDateTime(closedAt.UtcDateTime);
            if (_initialised && day == _day)
            {
                _dailyR += pnlR;
                _tradesToday++;
            }
            _consecutiveLosses = netPnl < 0 ? _consecutiveLosses + 1 : 0;
            _observedConfig = null;
        }
    }

    public KillSwitchState Trigger(string reason, DateTimeOffset now)
    {
        lock (_gate)
        {
            if (!_killSwitch.Triggered)
            {
                _killSwitch = new KillSwitchState(true, reason, now);
                _logger.LogCritical("Kill switch fired: {Reason}", reason);
                _observedConfig = null;
            }
            return _killSwitch;
        }
    }

    public void Restore(RiskDayState? day, KillSwitchState killSwitch)
    {
        ArgumentNullException.ThrowIfNull(killSwitch);
        lock (_gate)
        {
            if (day is not null)
            {
                _day = day.Day;
                _dayStartEquity = day.DayStartEquity;
                _dayHighEquity = Math.Max(day.DayHighEquity, day.DayStartEquity);
                _dailyR = day.DailyR;
                _tradesToday = day.TradesToday;
                _consecutiveLosses = day.ConsecutiveLosses;
                _dailyLossLimitReached = false;
                _initialised = day.DayStartEquity > 0;
            }
            _killSwitch = killSwitch;
            _observedConfig = null;
        }
    }

    /// <summary>
    /// Operator reset: re-arms the kill switch and clears the losing streak. The day's baseline (start equity and day
    /// high) is kept until 00:00 UTC, so a reset never grants a second full daily loss: entries stay blocked while the
    /// day's loss is at the daily limit, and a day still beyond a kill-switch limit fires it again at the next observation.
    /// </summary>
    public void Reset()
    {
        lock (_gate)
        {
            _killSwitch = KillSwitchState.Armed;
            _consecutiveLosses = 0;
            _observedConfig = null;
        }
    }

    public IReadOnlyList<RiskDecision> Evaluate(
        IReadOnlyList<Signal> signals,
        PortfolioView portfolio,
        TradingPreset preset,
        decimal equity,
        Func<string, Instrument?> instruments,
        Func<string, OrderBookSummary?> books)
    {
        ArgumentNullException.ThrowIfNull(signals);
        ArgumentNullException.ThrowIfNull(portfolio);
        ArgumentNullException.ThrowIfNull(preset);
        ArgumentNullException.ThrowIfNull(instruments);
        ArgumentNullException.ThrowIfNull(books);
        var cfg = preset.Risk;
        var decisions = new List<RiskDecision>(signals.Count);
        var open = new List<PortfolioEntry>(portfolio.Entries);
        KillSwitchState kill;
        bool dailyLimit;
        decimal dayStart;
        decimal lastEquity;
        lock (_gate)
        {
            kill = _killSwitch;
            dailyLimit = _dailyLossLimitReached;
            dayStart = _dayStartEquity;
            lastEquity = _lastEquity;
        }
        var lossUsed = dayStart > 0 ? (double)((dayStart - lastEquity) / dayStart) : 0d;
        var reduce = cfg.DailyRiskLimit > 0 && lossUsed > 0.8 * cfg.DailyRiskLimit;
        var correlatedAllowed = Math.Max(1, (int)Math.Floor(cfg.MaxCorrelatedPositionsFraction * cfg.MaxConcurrentPositions));

        foreach (var signal in signals)
        {
            if (kill.Triggered)
            {
                decisions.Add(RiskDecision.Reject(signal, RiskVeto.KillSwitch, "Kill switch is active: " + kill.Reason));
                continue;
            }
            if (dailyLimit)
            {
                decisions.Add(RiskDecision.Reject(signal, RiskVeto.DailyLossLimit, $"Daily loss limit {cfg.DailyRiskLimit:P1} reached; no new entries until 00:00 UTC."));
                continue;
            }
            if (open.Count >= cfg.MaxConcurrentPositions)
            {
                decisions.Add(RiskDecision.Reject(signal, RiskVeto.NoFreeSlot, $"No free slot: {open.Count} of {cfg.MaxConcurrentPositions} positions open."));
                continue;
            }
            if (open.Exists(e => e.InstrumentId == signal.InstrumentId))
            {
                decisions.Add(RiskDecision.Reject(signal, RiskVeto.PositionAlreadyOpen, $"A position on {signal.InstrumentId} is already open."));
                continue;
            }
            if (Math.Abs(signal.BtcCorrelation) > cfg.CorrelationLimit)
            {
                var correlated = open.Count(e => e.Side == signal.Side && Math.Abs(e.BtcCorrelation) > cfg.CorrelationLimit);
                if (correlated >= correlatedAllowed)
                {
                    decisions.Add(RiskDecision.Reject(signal, RiskVeto.CorrelatedExposure,
                        string.Create(CultureInfo.InvariantCulture, $"Correlated exposure: {Counted.Of(correlated, $"{signal.Side} position already moves", $"{signal.Side} positions already move")} with BTC (|corr| > {cfg.CorrelationLimit:0.##}); at most {correlatedAllowed}.")));
                    continue;
                }
            }
            var instrument = instruments(signal.InstrumentId);
            if (instrument is null)
            {
                decisions.Add(RiskDecision.Reject(signal, RiskVeto.UnknownInstrument, $"Unknown instrument {signal.InstrumentId}."));
                continue;
            }
            // Buying power: total open notional stays within equity × max leverage (with 5 % kept for fees and moves).
            var openNotional = 0m;
            foreach (var e in open)
            {
                openNotional += e.Notional;
            }
            var buyingPower = (equity * (decimal)cfg.MaxLeverage * BuyingPowerUse) - openNotional;
            if (buyingPower <= 0)
            {
                decisions.Add(RiskDecision.Reject(signal, RiskVeto.NoBuyingPower, $"No buying power left: open notional {openNotional:0.##} at max leverage {cfg.MaxLeverage:0.##}."));
                continue;
            }
            var cap = cfg.MaxPositionSizeUsd is { } maxUsd && maxUsd > 0 ? Math.Min(maxUsd, buyingPower) : buyingPower;
            // Sized on the worst price the entry may fill at (the price guard, up to max_entry_slippage_bps or half the stop
            // distance beyond the signal's entry), so a fill anywhere the guard admits risks at most risk_per_trade.
            var worstEntry = EntryPriceGuard.LimitPrice(signal, preset.ExecutionConfig, instrument);
            var size = PositionSizer.Size(equity, cfg.RiskPerTrade, worstEntry, signal.StopLoss, signal.Side, instrument, cap, books(signal.InstrumentId));
            if (!size.IsValid)
            {
                decisions.Add(new RiskDecision(signal, false, size.Reason, size, false) { Veto = size.Veto });
                continue;
            }
            if (reduce)
            {
                var halfQty = instrument.RoundQuantityDown(size.Quantity / 2m);
                if (halfQty < instrument.MinQuantity || halfQty <= 0)
                {
                    decisions.Add(new RiskDecision(signal, false, "Risk reduced near the daily limit and the half size is below the instrument minimum.", size, true) { Veto = RiskVeto.ReducedSizeBelowMinimum });
                    continue;
                }
                size = size with
                {
                    Quantity = halfQty,
                    Notional = halfQty * signal.Entry,
                    RiskUsd = halfQty * size.StopDistance,
                    RiskR = size.RiskR * (double)(halfQty / size.Quantity),
                    Reason = "halved: daily loss above 80 % of the limit",
                };
            }
            decisions.Add(new RiskDecision(signal, true, size.Reason, size, reduce));
            open.Add(new PortfolioEntry(signal.InstrumentId, signal.Side, size.Notional, signal.BtcCorrelation));
        }
        return decisions;
    }

    /// <summary>
    /// The day's loss limits in money: they change only with the day's start equity or the configuration, so they are
    /// worked out once for each (not on every cycle's observation). Same decimal arithmetic as before, so the same values.
    /// </summary>
    private DayLimits LimitsFor(RiskConfig config)
    {
        if (!ReferenceEquals(config, _limitsConfig) || _limits.DayStartEquity != _dayStartEquity)
        {
            _limits = new DayLimits(
                _dayStartEquity,
                _dayStartEquity * (decimal)config.DailyRiskLimit,
                _dayStartEquity * (decimal)config.KillSwitchLossLimit,
                (decimal)config.KillSwitchDrawdownFromDayHigh);
            _limitsConfig = config;
        }
        return _limits;
    }

    private readonly record struct DayLimits(decimal DayStartEquity, decimal DailyLoss, decimal KillSwitchLoss, decimal DrawdownFraction);

    private RiskSnapshot SnapshotLocked()
    {
        // Observed on every cycle and mostly unchanged: the last snapshot is answered again while every figure is the same.
        var last = _lastSnapshot;
        var dailyPnl = _lastEquity - _dayStartEquity;
        if (last is not null && last.Day == _day && Same(last.DayStartEquity, _dayStartEquity) && Same(last.DayHighEquity, _dayHighEquity)
            && Same(last.Equity, _lastEquity) && Same(last.DailyPnl, dailyPnl) && last.DailyR.Equals(_dailyR)
            && last.TradesToday == _tradesToday && last.ConsecutiveLosses == _consecutiveLosses
            && last.DailyLossLimitReached == _dailyLossLimitReached && ReferenceEquals(last.KillSwitch, _killSwitch))
        {
            return last;
        }
        last = new RiskSnapshot(
            _day,
            _dayStartEquity,
            _dayHighEquity,
            _lastEquity,
            dailyPnl,
            _dailyR,
            _tradesToday,
            _consecutiveLosses,
            _dailyLossLimitReached,
            _killSwitch);
        _lastSnapshot = last;
        return last;
    }

    // Equal and written the same way (1.0 and 1.00 are equal but print differently).
    private static bool Same(decimal a, decimal b) => a == b && a.Scale == b.Scale;

    private static string Percent(decimal part, decimal whole) =>
        whole == 0 ? "n/a" : ((double)(part / whole)).ToString("P2", System.Globalization.CultureInfo.InvariantCulture);
}

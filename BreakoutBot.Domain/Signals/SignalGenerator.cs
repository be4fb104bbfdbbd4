using System.Globalization;
using BreakoutBot.Domain.Abstractions;
using BreakoutBot.Domain.Levels;
using BreakoutBot.Domain.Markets;
using BreakoutBot.Domain.Presets;
using BreakoutBot.Domain.Scanning;
using BreakoutBot.Domain.Trading;

namespace BreakoutBot.Domain.Signals;

/// <summary>
/// The two breakout strategies of the original, made correct:
/// <list type="bullet">
/// <item><b>Momentum</b>: the bar closes beyond a level by ε, on a volume surge, with a real body, and (when there is a
/// real level-2 book) the imbalance leans the trade's way. Stop: the 10-bar extreme or 1.2·ATR from the entry, whichever is closer.</item>
/// <item><b>Retest</b>: a breakout of the level was recorded on an earlier bar, at least <c>retest_min_breakout_age_hours</c>
/// and at most <c>retest_max_breakout_age_hours</c> ago; price is back within 0.5 % of the level and has not closed
/// through it by more than k·ATR (a wick through the level is allowed and recorded), activity holds, and the book leans
/// the trade's way. The side is the recorded breakout's side.</item>
/// </list>
/// The entry reference is the last close (what a market order gets); targets are TP1/TP2 R-multiples of the stop
/// distance. Every condition's value and threshold is kept on the signal. Without a real level-2 book
/// (<see cref="IMarketView.OrderBook"/> null: none, or only a replay's model) <c>l2_imbalance</c> is kept as
/// <see cref="ConditionResult.NotAvailable"/>: never counted as passed, never blocking (ADR-008).
/// </summary>
public sealed class SignalGenerator
{
    public const int MinCandles = 20;
    public const double RetestDistanceMax = 0.005;
    public const double MomentumStopAtrMult = 1.2;
    public const double RetestStopAtrMult = 1.0;
    private readonly BreakoutHistory _history;
    private readonly string _idPrefix;
    private long _counter;

    public SignalGenerator(BreakoutHistory history, string idPrefix = "")
    {
        ArgumentNullException.ThrowIfNull(idPrefix);
        _idPrefix = idPrefix;
        ArgumentNullException.ThrowIfNull(history);
        _history = history;
    }

    public BreakoutHistory History => _history;

    /// <summary>Records closes through the candidate's levels in the breakout history (call once per new bar).</summary>
    public void RecordBreakouts(ScanResult candidate, IMarketView market, TradingPreset preset)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        ArgumentNullException.ThrowIfNull(market);
        ArgumentNullException.ThrowIfNull(preset);
        var w = market.Window;
        if (w.Count < 2)
        {
            return;
        }
        var close = w.Close[^1];
        var prev = w.Close[^2];
        var eps = preset.SignalConfig.MomentumEpsilon;
        // By index: a foreach over the list interface makes an enumerator for every candidate on every bar.
        var levels = candidate.Levels;
        for (var i = 0; i < levels.Count; i++)
        {
            var level = levels[i];
            var up = level.Price * (1 + eps);
            var down = level.Price * (1 - eps);
            if (close > up && prev <= up)
            {
                _history.Record(new BreakoutRecord(candidate.InstrumentId, level.Price, PositionSide.Long, w.TimeAt(w.Count - 1) + Candle.Interval));
            }
            else if (close < down && prev >= down)
            {
                _history.Record(new BreakoutRecord(candidate.InstrumentId, level.Price, PositionSide.Short, w.TimeAt(w.Count - 1) + Candle.Interval));
            }
        }
    }

    /// <summary>Tries the two strongest levels, in the preset's strategy order; at most one signal per instrument.</summary>
    public Signal? Generate(ScanResult candidate, IMarketView market, TradingPreset preset, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        ArgumentNullException.ThrowIfNull(market);
        ArgumentNullException.ThrowIfNull(preset);
        if (market.CandleCount < MinCandles || market.Window.Count < MinCandles || candidate.Levels.Count == 0)
        {
            return null;
        }
        var levels = Math.Min(candidate.Levels.Count, 2);
        var momentumFirst = preset.StrategyPriority == StrategyPriority.Momentum;
        for (var pass = 0; pass < 2; pass++)
        {
            var momentum = pass == 0 ? momentumFirst : !momentumFirst;
            for (var l = 0; l < levels; l++)
            {
                var level = candidate.Levels[l];
                var signal = momentum
                    ? TryMomentum(candidate, market, level, preset, now)
                    : TryRetest(candidate, market, level, preset, now);
                if (signal is not null)
                {
                    return signal;
                }
            }
        }
        return null;
    }

    public Signal? TryMomentum(ScanResult candidate, IMarketView market, TradingLevel level, TradingPreset preset, DateTimeOffset now)
    {
        if (!HasEnoughData(candidate, market, preset, out var w, out var atr))
        {
            return null;
        }
        var cfg = preset.SignalConfig;
        var n = w.Count;
        double open = w.Open[n - 1], high = w.High[n - 1], low = w.Low[n - 1], close = w.Close[n - 1], volume = w.Volume[n - 1];
        var side = level.Type == LevelType.Resistance ? PositionSide.Long : PositionSide.Short;
        var eps = cfg.MomentumEpsilon;
        var breakoutThreshold = side == PositionSide.Long ? level.Price * (1 + eps) : level.Price * (1 - eps);
        var priceBreakout = side == PositionSide.Long ? close > breakoutThreshold : close < breakoutThreshold;
        if (!priceBreakout)
        {
            // The price condition is required and always available: without it no signal is built, whatever the others
            // say, so they are not computed (most levels are not broken on a given bar; the volume median sorts 19 bars).
            return null;
        }

        var medianVol = SignalMath.Median(w.Volume.Slice(n - 20, 19));
        var volRatio = medianVol > 0 ? volume / medianVol : 0d;
        var volumeOk = volRatio >= cfg.MomentumVolumeMultiplier;

        var range = high - low;
        var body = range > 0 ? Math.Abs(close - open) / range : 0d;
        var bodyOk = body >= cfg.MomentumBodyRatioMin;
        var bodyDirectionOk = side == PositionSide.Long ? close > open : close < open;

        var priceCondition = new ConditionResult(priceBreakout, close, breakoutThreshold, true);
        var volumeCondition = new ConditionResult(volumeOk, volRatio, cfg.MomentumVolumeMultiplier, true);
        var bodyCondition = new ConditionResult(bodyOk && bodyDirectionOk, body, cfg.MomentumBodyRatioMin, true);
        var imbalance = 0d;
        ConditionResult l2Condition;
        if (market.OrderBook is { } book)
        {
            imbalance = book.Imbalance;
            var directional = side == PositionSide.Long ? imbalance : -imbalance;
            l2Condition = new(directional >= cfg.L2ImbalanceThreshold, directional, cfg.L2ImbalanceThreshold, true);
        }
        else
        {
            l2Condition = ConditionResult.NotAvailable(cfg.L2ImbalanceThreshold, true);
        }
        var vwap = market.Vwap;
        var vwapGap = double.IsFinite(vwap) && close > 0 ? Math.Abs(close - vwap) / close : double.NaN;
        var vwapLimit = atr / close * cfg.VwapGapMaxAtr;
        var vwapCondition = new ConditionResult(vwapGap <= vwapLimit, vwapGap, vwapLimit, false);

        // Checked on the stack; the dictionary the signal keeps is built only for a signal (most levels give none).
        ReadOnlySpan<ConditionResult> checks = [priceCondition, volumeCondition, bodyCondition, l2Condition, vwapCondition];
        if (!AllRequired(checks))
        {
            return null;
        }
        var conditions = Named(MomentumConditionNames, checks);

        var entry = close;
        double stop;
        if (side == PositionSide.Long)
        {
            stop = Math.Max(SignalMath.Min(w.Low.Slice(n - 10, 10)), entry - (MomentumStopAtrMult * atr));
            if (stop >= entry)
            {
                stop = entry - (MomentumStopAtrMult * atr);
            }
        }
        else
        {
            stop = Math.Min(SignalMath.Max(w.High.Slice(n - 10, 10)), entry + (MomentumStopAtrMult * atr));
            if (stop <= entry)
            {
                stop = entry + (MomentumStopAtrMult * atr);
            }
        }
        var scanConf = SignalMath.Clip((candidate.Score + 2) / 4, 0, 1);
        var confidence = (0.4 * scanConf) + (0.3 * Math.Min(1, volRatio / 5)) + (0.2 * Math.Min(1, body / 0.8)) + (0.1 * Math.Min(1, Math.Abs(imbalance) / 0.5));
        return Build(candidate, market, level, preset, now, SignalStrategy.Momentum, side, entry, stop, confidence, conditions, atr);
    }

    public Signal? TryRetest(ScanResult candidate, IMarketView market, TradingLevel level, TradingPreset preset, DateTimeOffset now)
    {
        if (!HasEnoughData(candidate, market, preset, out var w, out var atr))
        {
            return null;
        }
        var cfg = preset.SignalConfig;
        var n = w.Count;
        double high = w.High[n - 1], low = w.Low[n - 1], close = w.Close[n - 1];
        // The breakout it retests: recorded on an earlier bar (never the bar being evaluated, whose close time is the
        // record time of a breakout on it), and between the preset's minimum and maximum age (both inclusive).
        var barClose = w.TimeAt(n - 1) + Candle.Interval;
        var breakout = _history.FindLatest(candidate.InstrumentId, level.Price, barClose);
        if (breakout is null)
        {
            return null;
        }
        var side = breakout.Side;

        var distance = Math.Abs(close - level.Price) / level.Price;
        // A retest may wick through the level (a liquidity grab); it fails when the bar CLOSES through it by more than k·ATR.
        var pierce = side == PositionSide.Long ? Math.Max(0, level.Price - close) : Math.Max(0, close - level.Price);
        var wick = side == PositionSide.Long ? Math.Max(0, level.Price - low) : Math.Max(0, high - level.Price);
        var pierceLimit = atr * cfg.RetestMaxPierceAtr;
        var recent = SignalMath.Mean(w.Volume.Slice(n - 5, 5));
        var before = SignalMath.Mean(w.Volume.Slice(n - 20, 15));
        var activity = before > 0 ? recent / before : 0d;
        var breakoutAgeHours = (now - breakout.Time).TotalHours;

        ConditionResult l2Condition;
        if (market.OrderBook is { } book)
        {
            var directional = side == PositionSide.Long ? book.Imbalance : -book.Imbalance;
            l2Condition = new(directional >= cfg.L2ImbalanceThreshold, directional, cfg.L2ImbalanceThreshold, true);
        }
        else
        {
            l2Condition = ConditionResult.NotAvailable(cfg.L2ImbalanceThreshold, true);
        }
        ReadOnlySpan<ConditionResult> checks =
        [
            new(distance <= RetestDistanceMax, distance, RetestDistanceMax, true),
            new(pierce <= pierceLimit, pierce, pierceLimit, true),
            new(true, wick, double.NaN, false),
            new(activity >= 0.8, activity, 0.8, true),
            new(breakoutAgeHours >= cfg.RetestMinBreakoutAgeHours, breakoutAgeHours, cfg.RetestMinBreakoutAgeHours, true),
            new(breakoutAgeHours <= cfg.RetestMaxBreakoutAgeHours, breakoutAgeHours, cfg.RetestMaxBreakoutAgeHours, true),
            l2Condition,
        ];
        if (!AllRequired(checks))
        {
            return null;
        }
        var entry = close;
        var stop = side == PositionSide.Long ? level.Price - (RetestStopAtrMult * atr) : level.Price + (RetestStopAtrMult * atr);
        if ((side == PositionSide.Long && stop >= entry) || (side == PositionSide.Short && stop <= entry))
        {
            return null;
        }
        var scanConf = SignalMath.Clip((candidate.Score + 2) / 4, 0, 1);
        var confidence = (0.3 * scanConf) + (0.3 * 0.8) + (0.2 * Math.Max(0.3, 1 - (breakoutAgeHours / 24)))
            + (0.1 * Math.Min(1, level.TouchCount / 5d)) + (0.1 * Math.Min(1, activity));
        return Build(candidate, market, level, preset, now, SignalStrategy.Retest, side, entry, stop, confidence, Named(RetestConditionNames, checks), atr);
    }

    /// <summary>Both strategies need at least <see cref="MinCandles"/> bars and a positive ATR.</summary>
    private static bool HasEnoughData(ScanResult candidate, IMarketView market, TradingPreset preset, out CandleWindow window, out double atr)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        ArgumentNullException.ThrowIfNull(market);
        ArgumentNullException.ThrowIfNull(preset);
        window = market.Window;
        atr = market.Atr;
        return window.Count >= MinCandles && double.IsFinite(atr) && atr > 0;
    }

    private Signal? Build(ScanResult candidate, IMarketView market, TradingLevel level, TradingPreset preset, DateTimeOffset now,
        SignalStrategy strategy, PositionSide side, double entry, double stop, double confidence, Dictionary<string, ConditionResult> conditions, double atr)
    {
        if (!double.IsFinite(entry) || !double.IsFinite(stop) || entry <= 0 || stop <= 0)
        {
            return null;
        }
        var instrument = market.Instrument;
        var entryD = instrument.RoundPrice((decimal)entry);
        // Round the stop away from the entry so the risk taken is never smaller than computed.
        var stopD = side == PositionSide.Long ? instrument.RoundPriceDown((decimal)stop) : instrument.RoundPriceUp((decimal)stop);
        var risk = Math.Abs(entryD - stopD);
        if (risk <= 0)
        {
            return null;
        }
        var dir = side == PositionSide.Long ? 1m : -1m;
        var pos = preset.PositionConfig;
        var tp1 = instrument.RoundPrice(entryD + (dir * risk * (decimal)pos.Tp1R));
        var tp2 = instrument.RoundPrice(entryD + (dir * risk * (decimal)pos.Tp2R));
        var id = _idPrefix + "sig" + Interlocked.Increment(ref _counter).ToString(CultureInfo.InvariantCulture);
        return new Signal(id, candidate.InstrumentId, side, strategy, entryD, stopD, tp1, tp2,
            SignalMath.Clip(confidence, 0.1, 1.0), level, conditions, atr, market.BtcCorrelation, now,
            now + TimeSpan.FromMinutes(preset.SignalConfig.SignalTimeoutMinutes));
    }

    private static bool AllRequired(ReadOnlySpan<ConditionResult> conditions)
    {
        foreach (var c in conditions)
        {
            if (c.Required && c.Failed)
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>The conditions a signal keeps, by name, in the order they were checked.</summary>
    private static Dictionary<string, ConditionResult> Named(string[] names, ReadOnlySpan<ConditionResult> conditions)
    {
        var named = new Dictionary<string, ConditionResult>(names.Length, StringComparer.Ordinal);
        for (var i = 0; i < names.Length; i++)
        {
            named.Add(names[i], conditions[i]);
        }
        return named;
    }

    private static readonly string[] MomentumConditionNames = ["price_breakout", "volume_surge", "body_ratio", "l2_imbalance", "vwap_gap"];

    private static readonly string[] RetestConditionNames =
        ["level_retest", "pierce_tolerance", "wick_through_level", "trading_activity", "breakout_min_age", "breakout_max_age", "l2_imbalance"];
}

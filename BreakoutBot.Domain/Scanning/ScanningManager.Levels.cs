using BreakoutBot.Domain.Abstractions;
using BreakoutBot.Domain.Levels;
using BreakoutBot.Domain.Presets;

namespace BreakoutBot.Domain.Scanning;

/// <summary>The scanner's levels: built for the candidates of a scan, cached per instrument and bar, shared by earlier replays.</summary>
public sealed partial class ScanningManager
{
    public IReadOnlyList<ScanResult> BuildLevels(ScanOutcome scan, TradingPreset preset, List<ScanResult>? engineOwn = null)
    {
        ArgumentNullException.ThrowIfNull(scan);
        ArgumentNullException.ThrowIfNull(preset);
        var options = CachedLevelOptions(preset.LevelsRules);
        var max = Math.Max(1, preset.ScannerConfig.MaxCandidates);
        engineOwn?.Clear();
        var list = engineOwn;
        // By rank, building only the results that passed (a scan published on demand builds nothing else).
        for (var k = 0; k < scan.PassedFilters; k++)
        {
            if (list is not null && list.Count >= max)
            {
                break;
            }
            if (!_markets.TryGetValue(scan.PassedInstrumentId(k), out var market))
            {
                continue;
            }
            var levels = LevelsOf(market, options);
            if (levels.Count > 0)
            {
                // Built only for a candidate with levels (most that pass the filters have none on a given bar).
                (list ??= []).Add(scan.PassedResult(k, levels, copy: engineOwn is null));
            }
        }
        return list ?? (IReadOnlyList<ScanResult>)[];
    }

    public IReadOnlyList<TradingLevel> LevelsFor(string instrumentId, TradingPreset preset)
    {
        ArgumentNullException.ThrowIfNull(preset);
        return _markets.TryGetValue(instrumentId, out var market) && market.CandleCount > 0
            ? LevelsOf(market, CachedLevelOptions(preset.LevelsRules))
            : [];
    }

    /// <summary>
    /// The market's levels for its newest bar: detected once per bar (their inputs, the window and the ATR, change only
    /// when a bar closes), so a live engine cycling every few seconds within a bar reuses them.
    /// </summary>
    private IReadOnlyList<TradingLevel> LevelsOf(InstrumentMarket market, LevelDetectorOptions options)
    {
        var bar = market.LastCandleTime;
        if (_levelCache.TryGetValue(market.Instrument.Id, out var cached) && cached.Bar == bar && ReferenceEquals(cached.Options, options))
        {
            return cached.Levels;
        }
        var window = market.Window;
        var atr = market.Atr;
        var inputs = bar is { } last ? new LevelInputs(last, window.Count, atr, options) : default;
        if (_levelMemo is null || bar is null || !_levelMemo.TryGetLevels(market.Instrument.Id, inputs, out var levels))
        {
            levels = _levelDetector.Detect(window, atr, options);
            if (_levelMemo is not null && bar is not null)
            {
                _levelMemo.StoreLevels(market.Instrument.Id, inputs, levels);
            }
        }
        _levelCache[market.Instrument.Id] = (bar, options, levels);
        return levels;
    }

    // The detector options of the last rules seen: presets change rarely, levels are built on most bars.
    private LevelDetectorOptions CachedLevelOptions(LevelsRules rules)
    {
        var cached = _levelOptions;
        if (cached is not null && ReferenceEquals(cached.Value.Rules, rules))
        {
            return cached.Value.Options;
        }
        var options = LevelOptions(rules);
        _levelOptions = (rules, options);
        return options;
    }

    public static LevelDetectorOptions LevelOptions(LevelsRules rules)
    {
        ArgumentNullException.ThrowIfNull(rules);
        return new LevelDetectorOptions
        {
            MinTouches = rules.MinTouches,
            MaxPiercePct = rules.MaxPiercePct,
            MinLevelSeparationAtr = rules.MinLevelSeparationAtr,
            TouchToleranceAtr = rules.TouchToleranceAtr,
            DonchianPeriods = rules.DonchianPeriods,
            VolumePercentile = rules.VolumeLevelPercentile,
            PreferRoundNumbers = rules.PreferRoundNumbers,
            RoundSteps = rules.RoundStepCandidates,
            CascadeMinLevels = rules.CascadeMinLevels,
            CascadeRadiusBps = rules.CascadeRadiusBps,
            ApproachSlopeMaxPctPerBar = rules.ApproachSlopeMaxPctPerBar,
        };
    }
}

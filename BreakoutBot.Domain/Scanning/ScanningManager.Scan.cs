using BreakoutBot.Domain.Abstractions;
using BreakoutBot.Domain.Markets;
using BreakoutBot.Domain.Presets;

namespace BreakoutBot.Domain.Scanning;

/// <summary>A scan: the preset's markets brought up to date, then measured, filtered, scored and ranked.</summary>
public sealed partial class ScanningManager
{
    public ValueTask<ScanOutcome> ScanAsync(TradingPreset preset, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(preset);
        if (_data is IMarketUpdateSource direct && _universe is { } universe)
        {
            // A source that answers at once (a replay's), once the universe is known: the whole scan is a plain call, without
            // the asynchronous method's frame and steps on every bar (ADR-010, "Twenty-third round").
            var selected = Select(universe, preset.ScannerConfig);
            // The benchmark is always refreshed (first) so correlations can pair bars by time.
            if (_benchmark is not null)
            {
                Update(direct, _benchmark);
            }
            foreach (var m in selected)
            {
                if (!ReferenceEquals(m, _benchmark))
                {
                    Update(direct, m);
                }
            }
            return new ValueTask<ScanOutcome>(Measure(universe.Count, selected, preset));
        }
        return ScanFromSnapshotsAsync(preset, cancellationToken);
    }

    private async ValueTask<ScanOutcome> ScanFromSnapshotsAsync(TradingPreset preset, CancellationToken cancellationToken)
    {
        var universe = await UniverseAsync(cancellationToken);
        var selected = Select(universe, preset.ScannerConfig);
        if (_benchmark is not null)
        {
            await UpdateAsync(_benchmark, cancellationToken);
        }
        foreach (var m in selected)
        {
            if (!ReferenceEquals(m, _benchmark))
            {
                await UpdateAsync(m, cancellationToken);
            }
        }
        return Measure(universe.Count, selected, preset);
    }

    /// <summary>The universe's markets the preset's white and black lists let through, in universe order.</summary>
    private List<InstrumentMarket> Select(IReadOnlyList<Instrument> universe, ScannerConfig cfg)
    {
        // Scratch lists reused scan after scan (scans of one manager never overlap: the engine serialises its cycles).
        var selected = _selected;
        selected.Clear();
        for (var u = 0; u < universe.Count; u++)
        {
            var instrument = universe[u];
            if (cfg.SymbolWhitelist is { Count: > 0 } white && !white.Contains(instrument.Id))
            {
                continue;
            }
            if (cfg.SymbolBlacklist is { Count: > 0 } black && black.Contains(instrument.Id))
            {
                continue;
            }
            selected.Add(_universeMarkets[u]);
        }
        return selected;
    }

    /// <summary>Measures, filters and scores the selected markets with candles (brought up to date), and publishes the outcome.</summary>
    private ScanOutcome Measure(int universeCount, List<InstrumentMarket> selected, TradingPreset preset)
    {
        var cfg = preset.ScannerConfig;
        var markets = _scanMarkets;
        markets.Clear();
        foreach (var m in selected)
        {
            if (m.CandleCount > 0)
            {
                markets.Add(m);
            }
        }
        if (SharesScansPerBar && _sharedScan is { } shared && shared.BarsAdded == _barsAdded && shared.SameSettings(preset))
        {
            return shared.Outcome;
        }

        if (cfg.TopNByVolume is { } topN && topN > 0 && markets.Count > topN)
        {
            markets.Sort((a, b) => b.Volume24hUsd.CompareTo(a.Volume24hUsd));
            markets.RemoveRange(topN, markets.Count - topN);
        }

        var now = LastBarTime ?? DateTimeOffset.UnixEpoch;
        var onDemand = ResultsOnDemand;
        var weights = CachedWeights(cfg.ScoreWeights);
        var thresholds = CachedThresholds(preset.LiquidityFilters);
        var entries = _table.Begin(markets.Count, weights);
        for (var i = 0; i < markets.Count; i++)
        {
            var m = markets[i];
            ScanMetrics metrics;
            FilterDictionary filters;
            ScoreDictionary parts;
            if (onDemand)
            {
                // The market's own objects, measured into again: nothing is allocated per instrument (see ScanTable).
                var own = m.ScanObjects ??= new MarketScanObjects();
                (metrics, filters, parts) = (own.Metrics, own.Filters, own.Parts);
                MarketScanner.FiguresInto(ref metrics.Values, m);
            }
            else
            {
                (metrics, filters, parts) = (MarketScanner.Measure(m), new FilterDictionary(), new ScoreDictionary());
            }
            MarketScanner.FilterInto(filters, m, metrics, preset, thresholds);
            var notChecked = filters.NotChecked | (metrics.HasLevel2 ? UncheckedConditions.None : UncheckedConditions.L2Imbalance);
            if (onDemand && !filters.AllPassed)
            {
                // Scored only if something reads this scan by rank (on most bars nothing does: nothing passed the filters).
                notChecked |= MarketScanner.NotAvailableParts(metrics, weights);
                entries[i] = new ScanTable.Entry(m, metrics, filters, parts, double.NaN, notChecked, m.LastCloseTime) { Scored = false };
            }
            else
            {
                var score = ScanTable.Score(parts, metrics, weights);
                entries[i] = new ScanTable.Entry(m, metrics, filters, parts, score, notChecked | parts.NotChecked, m.LastCloseTime);
            }
        }
        // Ranked by the table when first read by rank (results built at once below read it now).
        ScanOutcome outcome;
        if (onDemand)
        {
            _table.Complete();
            outcome = new ScanOutcome(now, universeCount, _table);
        }
        else
        {
            // The objects were made for this scan: the results take them as they are (their counts are taken from them).
            var results = new ScanResult[entries.Length];
            for (var i = 0; i < results.Length; i++)
            {
                results[i] = _table.Build(i, now, copy: false);
            }
            outcome = new ScanOutcome(now, universeCount, results);
        }
        Volatile.Write(ref _lastScan, outcome);
        if (SharesScansPerBar)
        {
            _sharedScan = new SharedScan(_barsAdded, cfg, preset.LiquidityFilters, preset.VolatilityFilters, preset.Risk.CorrelationLimit, outcome);
        }
        return outcome;
    }

    // The compiled weights of the last weights seen: presets change rarely, and a weak-table lookup on every scan showed
    // in the profile (ADR-010, "Eighteenth round").
    private (int Index, double Weight)[] CachedWeights(IReadOnlyDictionary<string, double> weights)
    {
        if (_compiledWeights is { } cached && ReferenceEquals(cached.Source, weights))
        {
            return cached.Compiled;
        }
        var compiled = CompiledWeights.Of(weights);
        _compiledWeights = (weights, compiled);
        return compiled;
    }

    // The liquidity thresholds of the last filters seen, as doubles (converted once, not per instrument per bar).
    private LiquidityThresholds CachedThresholds(LiquidityFilters filters)
    {
        if (_thresholds is { } cached && ReferenceEquals(cached.Source, filters))
        {
            return cached.Thresholds;
        }
        var thresholds = LiquidityThresholds.Of(filters);
        _thresholds = (filters, thresholds);
        return thresholds;
    }
}

using BreakoutBot.Domain.Engine;
using BreakoutBot.Domain.Markets;
using BreakoutBot.Domain.Presets;
using BreakoutBot.Domain.Scanning;
using BreakoutBot.Domain.Trading;
using BreakoutBot.Infrastructure.Engine;
using BreakoutBot.Infrastructure.Exchanges.Paper;
using BreakoutBot.Infrastructure.MarketData;
using Microsoft.Extensions.Logging;

namespace BreakoutBot.Infrastructure.Replay;

/// <summary>
/// Replays stored candles through the full engine in paper mode on a simulated clock: at each bar close the paper
/// exchange first evaluates resting orders on that bar (stops and take-profits on its high/low), then the engine runs
/// its cycles until it rests. Same input, same trades: nothing reads the wall clock or an unseeded random source.
/// </summary>
public sealed class ReplayRunner
{
    private readonly ILoggerFactory? _loggerFactory;

    public ReplayRunner(ILoggerFactory? loggerFactory = null)
    {
        _loggerFactory = loggerFactory;
    }

    public async Task<ReplayReport> RunAsync(
        IReadOnlyList<Instrument> instruments,
        IReadOnlyDictionary<string, IReadOnlyList<Candle>> candles,
        TradingPreset preset,
        ReplayOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(instruments);
        ArgumentNullException.ThrowIfNull(candles);
        ArgumentNullException.ThrowIfNull(preset);
        options ??= new ReplayOptions();
        (instruments, candles) = Window(instruments, candles, options);
        var first = candles.Values.Where(c => c.Count > 0).Select(c => c[0].Time).DefaultIfEmpty(DateTimeOffset.UnixEpoch).Min();
        var clock = new ReplayClock(first);
        var provider = new ReplayMarketDataProvider(instruments, candles, clock);
        var paper = ReplayPaper.Create(instruments, clock, provider, ReplayPaper.OptionsFor(preset, options));
        if (options.Funding is { } funding)
        {
            paper.UseFundingRates(funding.RateBps, funding.Source);
        }
        var benchmark = ScanningManager.ChooseBenchmark(instruments, options.BenchmarkInstrumentId);
        if (benchmark is not null && !options.TradeBenchmark)
        {
            preset = ExcludeFromTrading(preset, benchmark.Id);
        }
        using var engine = EngineAssembly.Create(
            "replay", provider, paper, clock, new FixedPresetSource(preset), _loggerFactory, benchmarkInstrumentId: benchmark?.Id);
        var notChecked = UncheckedConditions.None;
        var signals = 0;
        var killSwitches = 0;
        // The position manager keeps a bounded history of closed positions; the report needs every one of them.
        var closedById = new Dictionary<string, Position>(StringComparer.Ordinal);
        var signalsById = new Dictionary<string, ReplayTradeSignal>(StringComparer.Ordinal);
        var observer = options.Observer;
        using var subscription = engine.Subscribe(e =>
        {
            observer?.Invoke(e);
            if (e is ScanCompletedEvent scan)
            {
                notChecked |= scan.Scan.NotChecked;
            }
            else if (e is SignalEvent { Status: Domain.Signals.SignalStatus.Active } active)
            {
                signals++;
                var level = active.Signal.Level;
                signalsById[active.Signal.Id] = new ReplayTradeSignal(
                    active.Time, level.Type.ToString().ToLowerInvariant(), level.Price, level.TouchCount, active.Signal.Confidence);
            }
            else if (e is KillSwitchEvent)
            {
                killSwitches++;
            }
            else if (e is PositionClosedEvent closedEvent)
            {
                closedById[closedEvent.Position.Id] = closedEvent.Position;
            }
        });

        var timeline = provider.Timeline;
        var stepper = new ReplayStepper(clock, provider, paper, instruments);
        long steps = 0;
        var peak = options.StartingBalance;
        var maxDrawdown = 0m;
        var maxDrawdownPct = 0d;
        DateOnly? haltedDay = null;
        var started = false;

        var startIndex = FirstTradedBar(timeline, options.From);
        var traded = timeline.Count - startIndex;
        var sampleEvery = Math.Max(1, (traded + Math.Max(1, options.MaxEquityPoints) - 1) / Math.Max(1, options.MaxEquityPoints));
        var progressEvery = Math.Max(1, traded / 200);
        var equityCurve = new List<EquityPoint>(Math.Min(traded, options.MaxEquityPoints) + 1);
        for (var index = startIndex; index < timeline.Count; index++)
        {
            var closeTime = timeline[index];
            cancellationToken.ThrowIfCancellationRequested();
            steps += stepper.StepTo(closeTime);
            if (!started)
            {
                var start = await engine.StartAsync(preset, TradingMode.Paper, cancellationToken);
                if (!start.Success)
                {
                    throw new InvalidOperationException("The engine did not start: " + start.Message);
                }
                started = true;
            }
            if (engine.State == TradingState.Emergency && options.ResetAfterKillSwitchNextDay)
            {
                var today = DateOnly.FromDateTime(closeTime.UtcDateTime);
                haltedDay ??= today;
                if (today > haltedDay)
                {
                    await engine.StopAsync(reason: "replay operator: daily restart after kill switch", cancellationToken: cancellationToken);
                    await engine.ResetAsync(cancellationToken);
                    await engine.StartAsync(preset, TradingMode.Paper, cancellationToken);
                    haltedDay = null;
                }
            }
            await engine.RunUntilRestAsync(12, cancellationToken);

            var equity = (await paper.GetBalanceAsync(cancellationToken)).Equity;
            if (equity > peak)
            {
                peak = equity;
            }
            var dd = peak - equity;
            if (dd > maxDrawdown)
            {
                maxDrawdown = dd;
                maxDrawdownPct = peak > 0 ? (double)(dd / peak) : 0d;
            }
            var done = index - startIndex + 1;
            if ((done - 1) % sampleEvery == 0 || done == traded)
            {
                equityCurve.Add(new EquityPoint(closeTime, decimal.Round(equity, 8)));
            }
            if (done % progressEvery == 0 || done == traded)
            {
                options.Progress?.Report(new ReplayProgress(done, traded));
            }
        }

        // Close what is still open at the last price so the report's P&L is realised.
        if (engine.State is not (TradingState.Idle or TradingState.Stopped))
        {
            await engine.StopAsync(flatten: true, reason: "end of replay", cancellationToken: cancellationToken);
        }
        else if (engine.Positions.OpenPositions.Count > 0)
        {
            await engine.Positions.FlattenAllAsync(ExitReason.Manual, cancellationToken);
            await engine.Positions.ManageAsync(preset, cancellationToken);
        }

        var balance = await paper.GetBalanceAsync(cancellationToken);
        // Positions closed by the final flatten are not published as events; take them from the manager.
        foreach (var p in engine.Positions.ClosedPositions)
        {
            closedById[p.Id] = p;
        }
        var closed = closedById.Values.OrderBy(p => p.ClosedAt).ThenBy(p => p.Id, StringComparer.Ordinal).ToList();
        var ledger = new ReplayCostLedger(paper.GetFillCosts(), paper.GetFundingPayments());
        var trades = closed.Select(p => ToTrade(p, ledger) with { Signal = signalsById.GetValueOrDefault(p.SignalId) }).ToList();
        var summary = Summarise(trades, options.StartingBalance, balance.Equity, maxDrawdown, maxDrawdownPct, killSwitches, signals, steps, CostSettings(paper));
        var funnel = engine.Funnel;
        return new ReplayReport(
            preset.Name,
            instruments.Select(i => i.Id).ToList(),
            traded > 0 ? timeline[startIndex] : first,
            traded > 0 ? timeline[^1] : first,
            traded,
            summary,
            trades)
        {
            Benchmark = benchmark?.Id,
            NotChecked = UncheckedConditionNames.Of(notChecked),
            Notes = Notes(benchmark, notChecked, trades.Count == 0 ? ScanFunnelText.WhereItStopped(funnel) : null),
            Funnel = funnel,
            Equity = equityCurve,
        };
    }

    /// <summary>
    /// The candles a replay may read: none closing after <see cref="ReplayOptions.To"/>, and from
    /// <see cref="ReplayOptions.From"/> only the warm-up history a live engine started then would load. Instruments
    /// with no candle left are dropped.
    /// </summary>
    private static (IReadOnlyList<Instrument>, IReadOnlyDictionary<string, IReadOnlyList<Candle>>) Window(
        IReadOnlyList<Instrument> instruments, IReadOnlyDictionary<string, IReadOnlyList<Candle>> candles, ReplayOptions options)
    {
        if (options.From is null && options.To is null)
        {
            return (instruments, candles);
        }
        if (options.From is { } f && options.To is { } t && t < f)
        {
            throw new ArgumentException($"The replay range ends ({t:yyyy-MM-dd HH:mm}) before it starts ({f:yyyy-MM-dd HH:mm}).", nameof(options));
        }
        var earliestOpen = options.From is { } from ? from - (Candle.Interval * (ScanningManager.BackfillBars + 1)) : DateTimeOffset.MinValue;
        var latestOpen = options.To is { } to ? to - Candle.Interval : DateTimeOffset.MaxValue;
        var sliced = new Dictionary<string, IReadOnlyList<Candle>>(StringComparer.Ordinal);
        foreach (var (id, series) in candles)
        {
            var kept = series.Where(c => c.Time >= earliestOpen && c.Time <= latestOpen).ToList();
            if (kept.Count > 0)
            {
                sliced[id] = kept;
            }
        }
        return (instruments.Where(i => sliced.ContainsKey(i.Id)).ToList(), sliced);
    }

    private static int FirstTradedBar(IReadOnlyList<DateTimeOffset> timeline, DateTimeOffset? from)
    {
        if (from is null)
        {
            return 0;
        }
        var i = 0;
        while (i < timeline.Count && timeline[i] < from.Value)
        {
            i++;
        }
        return i;
    }

    /// <summary>The sentence a replay prints at start and writes in its report when the data has no benchmark series.</summary>
    public const string NoBenchmarkNote =
        "No BTC series in the data: the correlation-with-BTC filter was not applicable and the correlation score weight was spread over the other components (supply one with --benchmark FILE).";

    private static List<string> Notes(Instrument? benchmark, UncheckedConditions notChecked, string? zeroTrades)
    {
        var notes = new List<string>();
        if (zeroTrades is not null)
        {
            notes.Add(zeroTrades);
        }
        if (benchmark is null)
        {
            notes.Add(NoBenchmarkNote);
        }
        if (notChecked.HasFlag(UncheckedConditions.L2Imbalance))
        {
            notes.Add("No level-2 order book in candles: the l2_imbalance signal check was not available and was never counted as passed.");
        }
        if ((notChecked & (UncheckedConditions.MinOi | UncheckedConditions.OiDelta)) != 0)
        {
            notes.Add("No open interest in candles: min_oi and oi_delta were not checked and the oi_delta score weight was spread over the other components.");
        }
        return notes;
    }

    private static TradingPreset ExcludeFromTrading(TradingPreset preset, string instrumentId)
    {
        var black = new List<string>(preset.ScannerConfig.SymbolBlacklist ?? []) { instrumentId };
        return preset with { ScannerConfig = preset.ScannerConfig with { SymbolBlacklist = black } };
    }

    public static ReplaySummary Summarise(IReadOnlyList<ReplayTrade> trades, decimal startingBalance, decimal endingEquity, decimal maxDrawdown, double maxDrawdownPct, int killSwitches, int signals, long steps, ReplayCostSettings costs)
    {
        ArgumentNullException.ThrowIfNull(trades);
        ArgumentNullException.ThrowIfNull(costs);
        var wins = trades.Count(t => t.NetPnl > 0);
        var losses = trades.Count(t => t.NetPnl < 0);
        var grossWin = trades.Where(t => t.NetPnl > 0).Sum(t => t.NetPnl);
        var grossLoss = -trades.Where(t => t.NetPnl < 0).Sum(t => t.NetPnl);
        double? profitFactor = grossLoss > 0 ? (double)(grossWin / grossLoss) : null;
        return new ReplaySummary(
            trades.Count,
            wins,
            losses,
            trades.Count > 0 ? Math.Round((double)wins / trades.Count, 6) : 0d,
            profitFactor is { } pf ? Math.Round(pf, 6) : null,
            decimal.Round(maxDrawdown, 8),
            Math.Round(maxDrawdownPct, 6),
            decimal.Round(trades.Sum(t => t.NetPnl), 8),
            decimal.Round(trades.Sum(t => t.Fees), 8),
            decimal.Round(trades.Sum(t => t.Spread), 8),
            decimal.Round(trades.Sum(t => t.Slippage), 8),
            decimal.Round(trades.Sum(t => t.Funding), 8),
            trades.Count > 0 ? Math.Round(trades.Average(t => t.R), 6) : 0d,
            startingBalance,
            decimal.Round(endingEquity, 8),
            killSwitches,
            signals,
            steps,
            costs);
    }

    private static ReplayCostSettings CostSettings(PaperExchangeClient paper) => CostSettings(paper.Options, paper.FundingSource);

    private static ReplayCostSettings CostSettings(PaperExchangeOptions o, string fundingSource) => new(
        o.TakerFeeBps,
        o.MakerFeeBps,
        o.SlippageBps,
        o.DepthImpactBps,
        o.MaxSlippageBps,
        o.FundingRateBps,
        o.FundingIntervalHours,
        fundingSource,
        "modelled book (ReplayMarketDataProvider)");

    private static ReplayTrade ToTrade(Position p, ReplayCostLedger ledger)
    {
        var fills = ledger.FillsOf(p);
        var funding = ledger.FundingOf(p);
        var exitQty = p.Exits.Sum(e => e.Quantity);
        var exitPrice = exitQty > 0 ? p.Exits.Sum(e => e.Price * e.Quantity) / exitQty : 0m;
        return new ReplayTrade(
            p.Id,
            p.InstrumentId,
            p.Side.ToString(),
            p.Strategy,
            p.OpenedAt ?? p.CreatedAt,
            p.ClosedAt ?? p.CreatedAt,
            p.EntryQuantity,
            p.EntryPrice,
            decimal.Round(exitPrice, 10),
            p.InitialStop,
            p.TakeProfit1,
            p.TakeProfit2,
            decimal.Round(p.GrossRealizedPnl, 10),
            decimal.Round(p.Fees, 10),
            decimal.Round(fills.Sum(f => f.Spread), 10),
            decimal.Round(fills.Sum(f => f.Slippage), 10),
            decimal.Round(funding, 10),
            decimal.Round(p.NetRealizedPnl - funding, 10),
            Math.Round(p.PnlR, 6),
            (p.CloseReason ?? ExitReason.Manual).ToString(),
            p.Exits.Select(e => new ReplayExit(e.Time, e.Quantity, e.Price, e.Reason.ToString(), decimal.Round(e.Fee, 10))).ToList(),
            fills.Select(f => new ReplayFill(f.Time, f.Side.ToString(), f.Quantity, f.Price, f.IsMaker, f.Fee, f.Spread, f.Slippage)).ToList())
        {
            StopMoves = [.. p.StopMoves],
        };
    }

    private sealed class FixedPresetSource(TradingPreset preset) : Domain.Abstractions.IPresetSource
    {
        public TradingPreset? Find(string name) => string.Equals(name, preset.Name, StringComparison.Ordinal) ? preset : null;
    }
}

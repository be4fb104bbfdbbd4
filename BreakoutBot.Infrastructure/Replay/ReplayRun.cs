using BreakoutBot.Domain.Engine;
using BreakoutBot.Domain.Markets;
using BreakoutBot.Domain.Presets;
using BreakoutBot.Domain.Scanning;
using BreakoutBot.Domain.Trading;
using BreakoutBot.Infrastructure.Exchanges.Paper;

namespace BreakoutBot.Infrastructure.Replay;

/// <summary>
/// One replay's own state inside <see cref="ReplayRunner"/>: its engine, paper account, equity and drawdown tracking and
/// what its events say. Runs replayed together share the clock, the candles and the scan (ADR-010, "Seventh round"); all
/// else is here, so each run trades exactly as it would alone.
/// </summary>
internal sealed class ReplayRun : IDisposable
{
    private readonly TradingEngine _engine;
    private readonly IDisposable _subscription;
    private readonly Dictionary<string, Position> _closedById = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ReplayTradeSignal> _signalsById = new(StringComparer.Ordinal);
    private readonly List<EquityPoint> _equityCurve;
    private readonly int _sampleEvery;
    private readonly int _progressEvery;
    private readonly int _traded;
    private int _signals;
    private int _killSwitches;
    private decimal _peak;
    // The equity last measured: most bars move nothing (no position open), and the same equity cannot set a new peak or
    // a deeper fall, so the decimal division is skipped.
    private decimal _tracked;
    private decimal _maxDrawdown;
    private double _maxDrawdownPct;
    private DateOnly? _haltedDay;
    private bool _started;

    private readonly CancellationTokenSource? _linked;

    public ReplayRun(ReplayRunSpec spec, TradingPreset preset, PaperExchangeClient paper, TradingEngine engine, int traded, CancellationToken groupToken)
    {
        // The run's own token and the group's, linked once (a token per bar would register on every step).
        _linked = spec.Cancel.CanBeCanceled ? CancellationTokenSource.CreateLinkedTokenSource(groupToken, spec.Cancel) : null;
        Token = _linked?.Token ?? groupToken;
        Spec = spec;
        Preset = preset;
        Paper = paper;
        _engine = engine;
        _traded = traded;
        var options = spec.Options;
        _peak = options.StartingBalance;
        _tracked = options.StartingBalance;
        _sampleEvery = Math.Max(1, (traded + Math.Max(1, options.MaxEquityPoints) - 1) / Math.Max(1, options.MaxEquityPoints));
        _progressEvery = Math.Max(1, traded / 200);
        _equityCurve = new List<EquityPoint>(Math.Min(traded, options.MaxEquityPoints) + 1);
        var observer = options.Observer;
        // Scans and state changes only for an observer: the run's own bookkeeping (Record) reads the trading events, and
        // takes the conditions not checked from the engine's funnel.
        _subscription = engine.Subscribe(
            e =>
            {
                observer?.Invoke(e);
                Record(e);
            },
            observer is null ? EngineEventKinds.Trading : EngineEventKinds.All);
    }

    private void Record(EngineEvent e)
    {
        if (e is SignalEvent { Status: Domain.Signals.SignalStatus.Active } active)
        {
            _signals++;
            var level = active.Signal.Level;
            _signalsById[active.Signal.Id] = new ReplayTradeSignal(
                active.Time, level.Type.ToString().ToLowerInvariant(), level.Price, level.TouchCount, active.Signal.Confidence);
        }
        else if (e is KillSwitchEvent)
        {
            _killSwitches++;
        }
        else if (e is PositionClosedEvent closedEvent)
        {
            _closedById[closedEvent.Position.Id] = closedEvent.Position;
        }
    }

    public ReplayRunSpec Spec { get; }

    /// <summary>Cancelled when the run's own token or the group's is.</summary>
    public CancellationToken Token { get; }

    /// <summary>The preset the engine trades (the benchmark excluded from trading when the options say so).</summary>
    public TradingPreset Preset { get; }

    public PaperExchangeClient Paper { get; }

    /// <summary>Set when the run failed or was cancelled on its own; the other runs of the group go on.</summary>
    public Exception? Error { get; set; }

    /// <summary>One bar: start the engine on the first, restart it the day after a kill switch, run it until it rests.</summary>
    public async ValueTask StepAsync(DateTimeOffset closeTime, int done, CancellationToken cancellationToken)
    {
        if (!_started)
        {
            var start = await _engine.StartAsync(Preset, TradingMode.Paper, cancellationToken);
            if (!start.Success)
            {
                throw new InvalidOperationException("The engine did not start: " + start.Message);
            }
            _started = true;
        }
        if (_engine.State == TradingState.Emergency && Spec.Options.ResetAfterKillSwitchNextDay)
        {
            var today = DateOnly.FromDateTime(closeTime.UtcDateTime);
            _haltedDay ??= today;
            if (today > _haltedDay)
            {
                await _engine.StopAsync(reason: "replay operator: daily restart after kill switch", cancellationToken: cancellationToken);
                await _engine.ResetAsync(cancellationToken);
                await _engine.StartAsync(Preset, TradingMode.Paper, cancellationToken);
                _haltedDay = null;
            }
        }
        await _engine.RunUntilRestAsync(12, cancellationToken);

        var equity = (await Paper.GetBalanceAsync(cancellationToken)).Equity;
        TrackDrawdown(equity);
        if ((done - 1) % _sampleEvery == 0 || done == _traded)
        {
            _equityCurve.Add(new EquityPoint(closeTime, decimal.Round(equity, 8)));
        }
        if (done % _progressEvery == 0 || done == _traded)
        {
            Spec.Options.Progress?.Report(new ReplayProgress(done, _traded));
        }
    }

    private void TrackDrawdown(decimal equity)
    {
        if (equity == _tracked)
        {
            return;
        }
        _tracked = equity;
        if (equity > _peak)
        {
            _peak = equity;
        }
        var dd = _peak - equity;
        if (dd > _maxDrawdown)
        {
            _maxDrawdown = dd;
        }
        // The deepest fall as a fraction of its own peak: a smaller fall from a lower peak can be the deeper one.
        var pct = _peak > 0 ? (double)(dd / _peak) : 0d;
        if (pct > _maxDrawdownPct)
        {
            _maxDrawdownPct = pct;
        }
    }

    /// <summary>Closes what is still open at the last price (so the P&amp;L is realised) and builds the report.</summary>
    public async Task<ReplayReport> FinishAsync(ReplayGroupFacts facts, long steps, CancellationToken cancellationToken)
    {
        if (_engine.State is not (TradingState.Idle or TradingState.Stopped))
        {
            await _engine.StopAsync(flatten: true, reason: "end of replay", cancellationToken: cancellationToken);
        }
        else if (_engine.Positions.OpenPositions.Count > 0)
        {
            await _engine.Positions.FlattenAllAsync(ExitReason.Manual, cancellationToken);
            await _engine.Positions.ManageAsync(Preset, cancellationToken);
        }

        var balance = await Paper.GetBalanceAsync(cancellationToken);
        // The close at the end of the data paid its fee, spread and slippage at the last bar's close: the drawdown and the
        // curve's last point (that close) count it, as the ending equity does.
        TrackDrawdown(balance.Equity);
        if (_equityCurve.Count > 0)
        {
            _equityCurve[^1] = _equityCurve[^1] with { Equity = decimal.Round(balance.Equity, 8) };
        }
        // Positions closed by the final flatten are not published as events; take them from the manager.
        foreach (var p in _engine.Positions.ClosedPositions)
        {
            _closedById[p.Id] = p;
        }
        var closed = _closedById.Values.OrderBy(p => p.ClosedAt).ThenBy(p => p.Id, StringComparer.Ordinal).ToList();
        var ledger = new ReplayCostLedger(Paper.GetFillCosts(), Paper.GetFundingPayments());
        var trades = closed.Select(p => ReplayRunner.ToTrade(p, ledger) with { Signal = _signalsById.GetValueOrDefault(p.SignalId) }).ToList();
        var summary = ReplayRunner.Summarise(trades, Spec.Options.StartingBalance, balance.Equity, _maxDrawdown, _maxDrawdownPct, _killSwitches, _signals, steps, ReplayRunner.CostSettings(Paper));
        var funnel = _engine.Funnel;
        var notChecked = _engine.NotChecked;
        return new ReplayReport(Preset.Name, facts.InstrumentIds, facts.From, facts.To, _traded, summary, trades)
        {
            Benchmark = facts.Benchmark,
            NotChecked = UncheckedConditionNames.Of(notChecked),
            Notes = ReplayRunner.Notes(facts.Benchmark is not null, notChecked, trades.Count == 0 ? ScanFunnelText.WhereItStopped(funnel) : null,
                ReplayRunner.ClipNote(Preset.ExecutionConfig, Paper.RestingFillResolution)),
            Funnel = funnel,
            Equity = _equityCurve,
        };
    }

    public void Dispose()
    {
        _subscription.Dispose();
        _engine.Dispose();
        _linked?.Dispose();
    }
}

/// <summary>What every run of a group reports the same: the instruments, the traded range and the benchmark.</summary>
internal sealed record ReplayGroupFacts(IReadOnlyList<string> InstrumentIds, DateTimeOffset From, DateTimeOffset To, string? Benchmark);

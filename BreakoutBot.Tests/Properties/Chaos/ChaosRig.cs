using System.Globalization;
using System.Text;
using BreakoutBot.Domain.Abstractions;
using BreakoutBot.Domain.Execution;
using BreakoutBot.Domain.Markets;
using BreakoutBot.Domain.Positions;
using BreakoutBot.Domain.Presets;
using BreakoutBot.Domain.Risk;
using BreakoutBot.Domain.Scanning;
using BreakoutBot.Domain.Trading;
using BreakoutBot.Infrastructure.Engines;
using BreakoutBot.Infrastructure.Persistence;
using BreakoutBot.Tests.TestSupport.Builders;

namespace BreakoutBot.Tests.Properties.Chaos;

/// <summary>
/// The engine's real trading path (execution manager, position manager, reconciler, as <c>EngineAssembly</c> wires
/// them) on one exchange, driven through a <see cref="ChaosStep"/> sequence. After every step the engine has had its
/// management pass and the invariants are checked: no position below zero, every open position protected by resting
/// reduce-only stops covering it, the engine's quantities equal the exchange's, no client order id placed twice, and
/// equity = cash + the positions marked to the last price. A violation throws with the steps so far.
/// </summary>
internal abstract class ChaosRig : IMarketViewSource
{
    public const string Prefix = "bbch";

    private readonly Dictionary<string, InstrumentMarket> _markets = new(StringComparer.Ordinal);
    private readonly StringBuilder _log = new();
    private readonly List<Position> _closedEarlier = [];
    private int _generation;
    private int _signals;

    protected ChaosRig(IReadOnlyList<Instrument> instruments, TradingPreset preset)
    {
        Instruments = instruments;
        Preset = preset;
        foreach (var i in instruments)
        {
            _markets[i.Id] = new InstrumentMarket(i, isBenchmark: _markets.Count == 0);
        }
    }

    public IReadOnlyList<Instrument> Instruments { get; }

    public TradingPreset Preset { get; }

    public PositionManager Positions { get; private set; } = null!;

    public ExchangeReconciler Reconciler { get; private set; } = null!;

    /// <summary>What the run went through (so that a property cannot pass without exercising anything).</summary>
    public ChaosCoverage Coverage { get; } = new();

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>What the engine talks to.</summary>
    protected abstract IExchangeClient Exchange { get; }

    /// <summary>The clock of the engine and of the market.</summary>
    protected abstract TimeProvider Clock { get; }

    /// <summary>Faults queued and not met yet.</summary>
    protected abstract int FaultsPending { get; }

    /// <summary>Faults met so far.</summary>
    protected abstract int FaultsMet { get; }

    /// <summary>True when a restart means reconciling with the exchange (an exchange account, not a simulated one).</summary>
    protected abstract bool ReconcilesAfterRestart { get; }

    public IMarketView? GetMarket(string instrumentId) => _markets.GetValueOrDefault(instrumentId);

    /// <summary>Runs the steps, checking the invariants after each; then with every fault gone, one last pass and a full check.</summary>
    public async Task RunAsync(IReadOnlyList<ChaosStep> steps)
    {
        ArgumentNullException.ThrowIfNull(steps);
        foreach (var step in steps)
        {
            _log.Append(step).Append(" | ");
            var metBefore = FaultsMet;
            await ApplyAsync(step);
            var metDuring = FaultsMet > metBefore;
            if (metDuring && FaultsPending == 0)
            {
                // A fault met during this step may have left something to repair: the engine's next pass does it.
                await PassAsync();
            }
            await CheckAsync(step.ToString()!, protection: FaultsPending == 0);
        }
        ClearFaults();
        await Positions.ManageAsync(Preset, Ct);
        await CheckAsync("end", protection: true);
        Coverage.FaultsMet += FaultsMet;
        foreach (var p in _closedEarlier.Concat(Positions.ClosedPositions))
        {
            Coverage.Closed++;
            Coverage.PartialExits += p.Exits.Count > 1 ? 1 : 0;
            Coverage.CloseReasons.Add(p.CloseReason?.ToString() ?? "?");
        }
    }

    /// <summary>Builds (or rebuilds after a restart) the engine's trading components on <see cref="Exchange"/>.</summary>
    protected void BuildEngine(IReadOnlyList<Position>? adopt = null, long lastFillSequence = 0, int closedBefore = 0, decimal realizedBefore = 0m)
    {
        var scope = _generation == 0 ? "" : "r" + _generation.ToString(CultureInfo.InvariantCulture);
        var execution = new ExecutionManager(Exchange, Clock, Prefix + scope, baseDelay: TimeSpan.Zero);
        Positions = new PositionManager(Exchange, execution, this, Clock, positionIdPrefix: scope, ownClientIdPrefix: Prefix);
        Reconciler = new ExchangeReconciler(Exchange, Positions, Clock, Prefix, () => Preset);
        if (adopt is not null)
        {
            Positions.Adopt(adopt, lastFillSequence, closedBefore, realizedBefore);
        }
        _generation++;
    }

    /// <summary>Feeds one closed bar of an instrument to the exchange (resting orders fill as the price moves through it).</summary>
    protected abstract Task TradeAsync(Instrument instrument, Candle candle);

    protected abstract void InjectFault(int times, ChaosFault kind);

    protected abstract void ClearFaults();

    /// <summary>The next entry on the instrument finds only part of its size (no-op where the exchange cannot do that).</summary>
    protected abstract void ThinOut(Instrument instrument);

    /// <summary>Called after each entry attempt (a thin book recovers).</summary>
    protected virtual void AfterEntry(Instrument instrument)
    {
    }

    /// <summary>Cancels the order with this id directly on the exchange, as another client would.</summary>
    protected abstract Task CancelOnExchangeAsync(string instrumentId, string orderId);

    /// <summary>Replaces whatever the process held in memory (the exchange client, a paper account from storage).</summary>
    protected abstract Task RestartExchangeAsync();

    /// <summary>Client ids placed more than once, in words.</summary>
    protected abstract IReadOnlyList<string> ClientIdViolations();

    /// <summary>Signed net quantity the exchange holds, in coins.</summary>
    protected abstract Task<decimal> ExchangeQuantityAsync(string instrumentId);

    /// <summary>Equity against cash plus the marked positions, in words (empty when they agree).</summary>
    protected abstract Task<IReadOnlyList<string>> EquityViolationsAsync();

    private async Task ApplyAsync(ChaosStep step)
    {
        switch (step)
        {
            case ChaosStep.Bar bar:
                await BarAsync(bar.Instrument, bar.MoveBps, bar.WickBps);
                await PassAsync();
                break;
            case ChaosStep.Open open:
                await OpenAsync(open);
                await PassAsync();
                break;
            case ChaosStep.Fault fault:
                InjectFault(fault.Times, fault.Kind);
                break;
            case ChaosStep.PartialLiquidity thin:
                ThinOut(Instruments[thin.Instrument % Instruments.Count]);
                break;
            case ChaosStep.CancelStop cancel:
                var instrument = Instruments[cancel.Instrument % Instruments.Count].Id;
                if (Positions.OpenPositions.FirstOrDefault(p => p.InstrumentId == instrument)?.StopOrderId is { } stopId)
                {
                    await CancelOnExchangeAsync(instrument, stopId);
                    Coverage.StopsCancelled++;
                }
                await PassAsync();
                break;
            case ChaosStep.Reconnect reconnect:
                for (var i = 0; i < reconnect.Bars; i++)
                {
                    await BarAsync(i % Instruments.Count, (i % 2 == 0 ? 1 : -1) * 120, 60);
                }
                Coverage.ReconnectsWithPositions += Positions.OpenPositions.Count > 0 ? 1 : 0;
                var metBefore = FaultsMet;
                var report = await Reconciler.ReconcileAsync("reconnect", cancellationToken: Ct);
                if (report.Error is not null && FaultsMet == metBefore)
                {
                    Fail("reconnect", "reconciliation failed without a fault: " + report.Error);
                }
                await PassAsync();
                break;
            case ChaosStep.Restart:
                await RestartAsync();
                break;
            case ChaosStep.Flatten:
                await TolerateFaultsAsync(async () => await Positions.FlattenAllAsync(ExitReason.KillSwitch, Ct));
                await PassAsync();
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(step), step, "Unknown step.");
        }
    }

    /// <summary>The engine's management pass, as a cycle runs it.</summary>
    private Task PassAsync() => TolerateFaultsAsync(async () => await Positions.ManageAsync(Preset, Ct));

    /// <summary>
    /// Runs an engine call; an exception caused by an injected fault is what the engine's cycle catches and retries on
    /// the next cycle, so it is counted, not thrown. An exception no fault explains fails the run.
    /// </summary>
    private async Task TolerateFaultsAsync(Func<Task> call)
    {
        var before = FaultsMet;
        try
        {
            await call();
        }
        catch (Exception ex) when (ex is not ShouldAssertException && FaultsMet > before)
        {
            Coverage.FailedCalls++;
        }
    }

    private async Task BarAsync(int index, int moveBps, int wickBps)
    {
        // Every instrument gets a bar (one clock); the chosen one moves, the others drift the other way.
        for (var i = 0; i < Instruments.Count; i++)
        {
            var instrument = Instruments[i];
            var market = _markets[instrument.Id];
            var open = market.LastCandle?.Close ?? throw new InvalidOperationException("Seed the markets first.");
            var move = i == index % Instruments.Count ? moveBps : -moveBps / 3;
            var close = instrument.RoundPriceDown(open * (1m + (move / 10_000m)));
            var wick = open * wickBps / 10_000m;
            var high = instrument.RoundPriceUp(Math.Max(open, close) + wick);
            var low = instrument.RoundPriceDown(Math.Max(instrument.TickSize, Math.Min(open, close) - wick));
            var candle = Candle.Create(market.LastCandle!.Value.Time + Candle.Interval, open, high, low, close, 1_000m);
            await TradeAsync(instrument, candle);
            market.Add(candle);
        }
    }

    /// <summary>Seeds every market with a few flat bars at <paramref name="prices"/> (the engine needs a last bar).</summary>
    protected async Task SeedAsync(IReadOnlyList<decimal> prices, DateTimeOffset start)
    {
        for (var i = 0; i < Instruments.Count; i++)
        {
            var candle = Candle.Create(start, prices[i], prices[i], prices[i], prices[i], 1_000m);
            await TradeAsync(Instruments[i], candle);
            _markets[Instruments[i].Id].Add(candle);
        }
    }

    private async Task OpenAsync(ChaosStep.Open open)
    {
        var instrument = Instruments[open.Instrument % Instruments.Count];
        if (Positions.ActiveCount >= Preset.Risk.MaxConcurrentPositions || Positions.OpenPositions.Any(p => p.InstrumentId == instrument.Id))
        {
            return;
        }
        var price = _markets[instrument.Id].LastCandle!.Value.Close;
        var side = open.Long ? PositionSide.Long : PositionSide.Short;
        var stop = open.Long
            ? instrument.RoundPriceDown(price * (1m - (open.StopBps / 10_000m)))
            : instrument.RoundPriceUp(price * (1m + (open.StopBps / 10_000m)));
        var quantity = instrument.RoundQuantityDown(open.NotionalUsd / price);
        if (quantity < instrument.MinQuantity || stop <= 0)
        {
            return;
        }
        var now = Clock.GetUtcNow();
        var signal = EngineBuilder.MakeSignal("chaos-" + (++_signals).ToString(CultureInfo.InvariantCulture), instrument.Id, side, price, stop, 0d, now);
        Position? position = null;
        await TolerateFaultsAsync(async () => position = await Positions.OpenAsync(new ApprovedEntry(signal, quantity, quantity * price, quantity * Math.Abs(price - stop), now), Preset, Ct));
        AfterEntry(instrument);
        Coverage.Opened += position is null ? 0 : 1;
        Coverage.PartialEntries += position is { IsOpen: true } && position.EntryQuantity < position.PlannedQuantity ? 1 : 0;
    }

    private async Task RestartAsync()
    {
        // What the store keeps of each open position (the same mapping the database uses) is all the new process gets.
        var now = Clock.GetUtcNow();
        var resting = (await Exchange.GetOpenOrdersAsync(Ct)).Select(o => o.OrderId).ToHashSet(StringComparer.Ordinal);
        var records = Positions.OpenPositions
            .Select(p => EntityMapper.ToRecord(EntityMapper.ToEntity("chaos", p, now), id => id is not null && resting.Contains(id) ? id : null))
            .ToList();
        Coverage.RestartsWithPositions += records.Count > 0 ? 1 : 0;
        var lastFill = Positions.LastFillSequence;
        var closed = Positions.ClosedCount;
        var realized = Positions.RealizedNetPnl;
        _closedEarlier.AddRange(Positions.ClosedPositions);
        await RestartExchangeAsync();
        BuildEngine(records.Select(Position.Restore).ToList(), lastFill, closed, realized);
        if (ReconcilesAfterRestart)
        {
            await TolerateFaultsAsync(async () => await Reconciler.ReconcileAsync("restart", cancellationToken: Ct));
        }
        await PassAsync();
    }

    private async Task CheckAsync(string step, bool protection)
    {
        var open = Positions.OpenPositions;
        foreach (var p in open)
        {
            if (p.Quantity <= 0)
            {
                Fail(step, $"open position {p.Id} has quantity {p.Quantity}");
            }
        }
        foreach (var p in _closedEarlier.Concat(Positions.ClosedPositions))
        {
            if (p.Quantity != 0)
            {
                Fail(step, $"closed position {p.Id} still has quantity {p.Quantity}");
            }
        }
        foreach (var instrument in Instruments)
        {
            var engine = open.Where(p => p.InstrumentId == instrument.Id).Sum(p => p.Side == PositionSide.Long ? p.Quantity : -p.Quantity);
            var exchange = await ExchangeQuantityAsync(instrument.Id);
            if (exchange != engine && protection)
            {
                Fail(step, $"{instrument.Id}: the engine holds {engine}, the exchange {exchange}");
            }
        }
        if (protection)
        {
            var orders = await Exchange.GetOpenOrdersAsync(Ct);
            foreach (var p in open)
            {
                var exit = p.Side == PositionSide.Long ? OrderSide.Sell : OrderSide.Buy;
                var stops = orders.Where(o => o.InstrumentId == p.InstrumentId && o.Type == OrderType.StopMarket && o.ReduceOnly && o.Side == exit).ToList();
                var covered = stops.Sum(o => o.Quantity - o.FilledQuantity);
                if (covered < p.Quantity)
                {
                    Fail(step, $"{p.Id} ({p.Quantity} {p.InstrumentId}) is covered by stops for {covered} only");
                }
                if (p.StopOrderId is null || stops.All(o => o.OrderId != p.StopOrderId))
                {
                    Fail(step, $"{p.Id}'s stop {p.StopOrderId ?? "(none)"} is not resting on the exchange");
                }
            }
            if (Positions.ProtectionProblems(orders) is { Count: > 0 } problems)
            {
                Fail(step, "protection: " + string.Join("; ", problems));
            }
        }
        if (ClientIdViolations() is { Count: > 0 } doubled)
        {
            Fail(step, "client ids: " + string.Join("; ", doubled));
        }
        if (await EquityViolationsAsync() is { Count: > 0 } equity)
        {
            Fail(step, "equity: " + string.Join("; ", equity));
        }
    }

    private void Fail(string step, string what) =>
        throw new ShouldAssertException($"After '{step}': {what}. Steps: {_log}");
}

using BreakoutBot.Domain.Abstractions;
using BreakoutBot.Domain.Markets;
using BreakoutBot.Domain.Presets;
using BreakoutBot.Domain.Trading;
using BreakoutBot.Infrastructure.Exchanges.Paper;
using Microsoft.Extensions.Time.Testing;

namespace BreakoutBot.Tests.Properties.Chaos;

/// <summary>
/// The chaos rig on the paper exchange: two swaps, a fake clock moved bar by bar, faults injected in front of the
/// account, and a restart that rebuilds the account from what is stored (cash, positions, resting orders, counters)
/// as the portal does.
/// </summary>
internal sealed class PaperChaosRig : ChaosRig
{
    private static readonly DateTimeOffset Start = new(2024, 3, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly FakeTimeProvider _clock = new(Start);
    private readonly PaperExchangeOptions _options = new() { StartingBalance = 10_000m, Leverage = 10m, FundingRateBps = 0m };
    private readonly ChaosExchange.ClientIdLog _ids = new();
    private readonly ChaosExchange.FaultQueue _faults = new();
    private ChaosExchange _exchange;

    private PaperChaosRig(IReadOnlyList<Instrument> instruments, TradingPreset preset)
        : base(instruments, preset)
    {
        Paper = new PaperExchangeClient(instruments, _clock, _options);
        _exchange = new ChaosExchange(Paper, _ids, _faults);
    }

    public PaperExchangeClient Paper { get; private set; }

    protected override IExchangeClient Exchange => _exchange;

    protected override TimeProvider Clock => _clock;

    protected override int FaultsPending => _faults.Pending;

    protected override int FaultsMet => _faults.Met;

    protected override bool ReconcilesAfterRestart => false;

    public static async Task<PaperChaosRig> StartAsync()
    {
        Instrument[] instruments =
        [
            new("AAA-USDT-SWAP", InstrumentKind.Swap, 0.01m, 0.001m, 0.001m),
            new("BBB-USDT-SWAP", InstrumentKind.Swap, 0.1m, 0.0001m, 0.0001m),
        ];
        var rig = new PaperChaosRig(instruments, PresetCatalog.Get("breakout_v1"));
        await rig.SeedAsync([100m, 2_500m], Start);
        rig.BuildEngine();
        return rig;
    }

    protected override Task TradeAsync(Instrument instrument, Candle candle)
    {
        if (candle.CloseTime > _clock.GetUtcNow())
        {
            _clock.SetUtcNow(candle.CloseTime);
        }
        Paper.OnCandle(instrument.Id, candle);
        return Task.CompletedTask;
    }

    protected override void InjectFault(int times, ChaosFault kind) => _faults.Add(times, kind);

    protected override void ClearFaults() => _faults.Clear();

    // The paper exchange fills an entry whole; partial fills come from the take-profits.
    protected override void ThinOut(Instrument instrument)
    {
    }

    protected override async Task CancelOnExchangeAsync(string instrumentId, string orderId) =>
        await Paper.CancelOrderAsync(instrumentId, orderId, Ct);

    protected override async Task RestartExchangeAsync()
    {
        var balance = await Paper.GetBalanceAsync(Ct);
        var positions = await Paper.GetPositionsAsync(Ct);
        var resting = await Paper.GetOpenOrdersAsync(Ct);
        var fills = await Paper.GetFillsAsync(0, Ct);
        foreach (var o in resting)
        {
            _ids.Seen(o.OrderId);
        }
        var state = new PaperAccountState(balance.Cash, balance.RealizedPnl, balance.FeesPaid,
            positions.Select(p => p with { UnrealizedPnl = 0m, RealizedPnl = 0m }).ToList(), resting, _ids.LastOrderNumber,
            fills.Count == 0 ? Positions.LastFillSequence : fills.Max(f => f.Sequence));
        var marks = Instruments.Select(i => (i.Id, Paper.GetMarkPrice(i.Id))).ToList();
        Paper = new PaperExchangeClient(Instruments, _clock, _options);
        Paper.Restore(state);
        foreach (var (id, mark) in marks)
        {
            if (mark is { } price)
            {
                Paper.SetMarkPrice(id, price);
            }
        }
        _exchange = new ChaosExchange(Paper, _ids, _faults);
    }

    protected override IReadOnlyList<string> ClientIdViolations() => _ids.Violations();

    protected override async Task<decimal> ExchangeQuantityAsync(string instrumentId) =>
        (await Paper.GetPositionsAsync(Ct)).Where(p => p.InstrumentId == instrumentId).Sum(p => p.Quantity);

    protected override async Task<IReadOnlyList<string>> EquityViolationsAsync()
    {
        var problems = new List<string>();
        var balance = await Paper.GetBalanceAsync(Ct);
        var marked = 0m;
        foreach (var p in await Paper.GetPositionsAsync(Ct))
        {
            var mark = Paper.GetMarkPrice(p.InstrumentId) ?? 0m;
            var unrealized = decimal.Round((mark - p.AverageEntryPrice) * p.Quantity, 10);
            if (Math.Abs(unrealized - p.UnrealizedPnl) > 0.000001m)
            {
                problems.Add($"{p.InstrumentId} marked at {mark} is {unrealized}, the exchange says {p.UnrealizedPnl}");
            }
            marked += unrealized;
        }
        if (Math.Abs(balance.Equity - (balance.Cash + marked)) > 0.000001m)
        {
            problems.Add($"equity {balance.Equity} is not cash {balance.Cash} + marked positions {marked}");
        }
        var booked = _options.StartingBalance + balance.RealizedPnl - balance.FeesPaid;
        if (Math.Abs(balance.Cash - booked) > 0.000001m)
        {
            problems.Add($"cash {balance.Cash} is not the start + realised {balance.RealizedPnl} - fees {balance.FeesPaid}");
        }
        return problems;
    }
}

using BreakoutBot.Domain.Abstractions;
using BreakoutBot.Infrastructure.Engines;
using BreakoutBot.Infrastructure.Exchanges.Paper;
using BreakoutBot.Infrastructure.MarketData;

namespace BreakoutBot.Tests.TestSupport.Fakes;

/// <summary>
/// A "live" market for engine tests that trade on an exchange account: a generated replay underneath, but it says it
/// is live and has no simulated account (so the engine reconciles before it trades), and its exchange is gated
/// (<see cref="GatedExchange"/>) so a test decides how slow OKX is.
/// </summary>
public sealed class FakeLiveMarket : IEngineMarket
{
    private readonly EngineMarket _replay;

    public FakeLiveMarket(EngineCreateOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _replay = new EngineMarket(MarketDataSet.Generated(options.Seed, options.Instruments, options.Bars), 10_000m, TimeSpan.FromMilliseconds(1), options.WarmupBars);
        Gate = new GatedExchange(_replay.Paper);
    }

    public GatedExchange Gate { get; }

    public string Description => "fake live OKX market";

    public string? BenchmarkInstrumentId => null;

    public IReadOnlyList<string> InstrumentIds => _replay.InstrumentIds;

    public TimeProvider Clock => _replay.Clock;

    public IMarketDataProvider Provider => _replay.Provider;

    public IExchangeClient Exchange => Gate;

    public PaperExchangeClient? Paper => null;

    public bool IsReplay => false;

    public TimeSpan? BarInterval => null;

    public int BarsReplayed => _replay.BarsReplayed;

    public int TotalBars => _replay.TotalBars;

    public bool Finished => false;

    public event Action? Reconnected
    {
        add { }
        remove { }
    }

    public event Action? ExchangeActivity
    {
        add { }
        remove { }
    }

    public ValueTask<bool> AdvanceAsync(CancellationToken cancellationToken = default) => ValueTask.FromResult(_replay.TryStep());

    public void Dispose() => _replay.Dispose();
}

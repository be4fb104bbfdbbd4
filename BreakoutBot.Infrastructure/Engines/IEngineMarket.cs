using BreakoutBot.Domain.Abstractions;
using BreakoutBot.Infrastructure.Exchanges.Paper;

namespace BreakoutBot.Infrastructure.Engines;

/// <summary>
/// Where one engine trades: its clock, market data and exchange. A replay market (<see cref="EngineMarket"/>) moves one
/// stored bar per cycle on a paper account; a live market reads OKX and either simulates fills on a paper account or
/// trades on OKX itself.
/// </summary>
public interface IEngineMarket : IDisposable
{
    string Description { get; }

    IReadOnlyList<string> InstrumentIds { get; }

    /// <summary>The engine's clock: simulated for a replay, the wall clock when live.</summary>
    TimeProvider Clock { get; }

    IMarketDataProvider Provider { get; }

    /// <summary>The exchange the engine's orders go to (before the recorder wraps it).</summary>
    IExchangeClient Exchange { get; }

    /// <summary>The simulated account when fills are simulated (replay and live paper), null when trading on OKX.</summary>
    PaperExchangeClient? Paper { get; }

    /// <summary>
    /// The instrument the scanner correlates every other one with (<c>Okx:MarketData:BenchmarkInstrumentId</c> when
    /// live); null lets the scanner take the first instrument whose base currency is BTC (replays).
    /// </summary>
    string? BenchmarkInstrumentId { get; }

    /// <summary>True for a stored-data replay (bars are stepped by the cycle job).</summary>
    bool IsReplay { get; }

    /// <summary>Wall-clock time per replayed bar; null when live (the engine's state sets the pace).</summary>
    TimeSpan? BarInterval { get; }

    int BarsReplayed { get; }

    int TotalBars { get; }

    /// <summary>True when a replay has run out of bars (never for a live market).</summary>
    bool Finished { get; }

    /// <summary>Raised when a live feed reconnected (the engine then reconciles with its exchange); never by a replay.</summary>
    event Action? Reconnected;

    /// <summary>Raised when the exchange pushed a change to the engine's orders (a fill, a stop that fired), so a cycle can run now.</summary>
    event Action? ExchangeActivity;

    /// <summary>Moves the market on before a cycle: the next bar of a replay, fresh prices for a live paper account. False when there is nothing new.</summary>
    ValueTask<bool> AdvanceAsync(CancellationToken cancellationToken = default);
}

using System.ComponentModel.DataAnnotations;
using BreakoutBot.Domain.Engine;

namespace BreakoutBot.Infrastructure.Engines;

/// <summary>
/// How a new engine's paper account and market are set up: the bundled generated market (or a CSV folder) replayed
/// at <see cref="BarIntervalMs"/> wall-clock milliseconds per 5-minute bar.
/// </summary>
public sealed record EngineCreateOptions
{
    /// <summary>Replayed candles (default) or live OKX market data.</summary>
    public MarketSource Source { get; init; } = MarketSource.Replay;

    /// <summary>Paper (simulated fills), LiveDemo (OKX demo trading) or Live. Demo and live need live data and a key set.</summary>
    public TradingMode Mode { get; init; } = TradingMode.Paper;

    /// <summary>The owner's OKX key set for LiveDemo and Live.</summary>
    public Guid? KeySetId { get; init; }

    /// <summary>Live data: how many USDT swaps (by 24 h volume) the scanner watches.</summary>
    [Range(1, 500)]
    public int MaxInstruments { get; init; } = 30;

    [Range(typeof(decimal), "100", "100000000")]
    public decimal StartingBalance { get; init; } = 10_000m;

    /// <summary>The replay speed: wall-clock milliseconds per replayed bar.</summary>
    [Range(1, 60_000)]
    public int BarIntervalMs { get; init; } = 1000;

    /// <summary>Folder of OHLCV CSV files (one per instrument). Empty: generate the bundled market.</summary>
    public string? DataFolder { get; init; }

    public int Seed { get; init; } = 42;

    [Range(2, 200)]
    public int Instruments { get; init; } = 6;

    [Range(500, 500_000)]
    public int Bars { get; init; } = 20_000;

    /// <summary>Bars of history the market starts with, so indicators are warm on the first scan.</summary>
    [Range(0, 100_000)]
    public int WarmupBars { get; init; } = 400;

    /// <summary>Checks the ranges; returns the first problem in words, or null when the options are usable.</summary>
    public string? Validate()
    {
        var results = new List<ValidationResult>();
        if (!Validator.TryValidateObject(this, new ValidationContext(this), results, validateAllProperties: true))
        {
            return string.Join("; ", results.Select(r => r.ErrorMessage));
        }
        if (Mode != TradingMode.Paper && Source != MarketSource.OkxLive)
        {
            return $"Mode {Mode} trades on OKX and needs live OKX market data, not a replay.";
        }
        if (Mode != TradingMode.Paper && KeySetId is null)
        {
            return $"Mode {Mode} needs one of your OKX key sets.";
        }
        return null;
    }
}

using BreakoutBot.Domain.Markets;
using BreakoutBot.Domain.Presets;
using BreakoutBot.Domain.Signals;
using BreakoutBot.Domain.Trading;

namespace BreakoutBot.Domain.Execution;

/// <summary>
/// The price guard of an entry. Entries go out as immediate-or-cancel limit orders whose limit is the signal's entry
/// moved against the trader by at most <see cref="ExecutionConfig.MaxEntrySlippageBps"/>, and never by more than
/// half the planned stop distance: whatever fills keeps at least half the planned room to the stop, and what cannot
/// fill at that price is not taken (a partial fill is kept and protected).
/// </summary>
public static class EntryPriceGuard
{
    /// <summary>The share of the planned stop distance a fill must leave between the entry and the stop.</summary>
    public const decimal MinStopRoomShare = 0.5m;

    /// <summary>The worst price the entry may fill at, rounded to the tick towards the signal's entry.</summary>
    public static decimal LimitPrice(Signal signal, ExecutionConfig config, Instrument? instrument)
    {
        ArgumentNullException.ThrowIfNull(signal);
        ArgumentNullException.ThrowIfNull(config);
        var slippage = signal.Entry * (decimal)config.MaxEntrySlippageBps / 10_000m;
        var offset = Math.Min(slippage, signal.StopDistance * (1m - MinStopRoomShare));
        if (signal.Side == PositionSide.Long)
        {
            var limit = signal.Entry + offset;
            return instrument is null ? limit : instrument.RoundPriceDown(limit);
        }
        var sell = signal.Entry - offset;
        return instrument is null ? sell : instrument.RoundPriceUp(sell);
    }
}

using BreakoutBot.Domain.Markets;
using BreakoutBot.Domain.Presets;
using BreakoutBot.Domain.Signals;
using BreakoutBot.Domain.Trading;

namespace BreakoutBot.Domain.Execution;

/// <summary>
/// The price guard of an entry, on both sides. Entries go out as immediate-or-cancel limit orders whose limit is the
/// signal's entry moved against the trader by at most <see cref="ExecutionConfig.MaxEntrySlippageBps"/> and never by
/// more than half the planned stop distance, so no fill pays more than that; what cannot fill there is not taken (a
/// partial fill is kept and protected). On the other side, a market that has already come back towards the stop (a
/// long's ask, a short's bid, within half the planned stop distance of the stop) is not entered at all
/// (<see cref="LeavesTooLittleRoom"/>), and a fill that leaves less than half the planned room is closed at once.
/// </summary>
public static class EntryPriceGuard
{
    /// <summary>The share of the planned stop distance a fill must leave between the entry and the stop.</summary>
    public const decimal MinStopRoomShare = 0.5m;

    /// <summary>
    /// True when entering at <paramref name="price"/> would leave less than half the planned stop distance between the
    /// entry and the stop (or be at or beyond the stop): the trade the signal planned is no longer there.
    /// </summary>
    public static bool LeavesTooLittleRoom(Signal signal, decimal price)
    {
        ArgumentNullException.ThrowIfNull(signal);
        var direction = signal.Side == PositionSide.Long ? 1m : -1m;
        return price > 0 && direction * (price - signal.StopLoss) < signal.StopDistance * MinStopRoomShare;
    }

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

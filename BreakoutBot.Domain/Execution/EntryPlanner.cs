using System.Globalization;
using BreakoutBot.Domain.Common;
using BreakoutBot.Domain.Markets;
using BreakoutBot.Domain.Presets;
using BreakoutBot.Domain.Risk;
using BreakoutBot.Domain.Trading;

namespace BreakoutBot.Domain.Execution;

/// <summary>
/// Chooses how an approved entry is executed from the preset's <see cref="ExecutionConfig"/> and the visible book
/// (ADR-011). Let N be the entry's notional (approved quantity × signal entry) and D the book's depth within 0.3 % on
/// the side the entry takes; one order may take at most <c>max_depth_fraction</c>·D (the depth guard). An entry is split
/// only when one order would break the depth guard (D known and N &gt; fraction·D); then:
/// <list type="number">
/// <item><description><b>Iceberg</b> when <c>enable_iceberg</c>, N ≥ <c>iceberg_min_notional</c> and a best bid/ask is
/// known: ⌈N / (fraction·D)⌉ post-only clips, at most <c>twap_max_slices</c>.</description></item>
/// <item><description>else <b>TWAP</b> when <c>enable_twap</c>: ⌈N / (fraction·D)⌉ immediate-or-cancel slices clamped to
/// [<c>twap_min_slices</c>, <c>twap_max_slices</c>].</description></item>
/// </list>
/// Otherwise (and always without a known depth) <b>single</b>: one immediate-or-cancel limit at the price guard, as
/// before. <c>enable_twap</c> and <c>enable_iceberg</c> choose how a large entry is split; they do not split entries the
/// book can take at once, whose edge is speed.
/// </summary>
public static class EntryPlanner
{
    private const decimal BasisPoints = 10_000m;

    public static EntryPlan Plan(ApprovedEntry entry, ExecutionConfig config, Instrument? instrument, OrderBookSummary? book, Ticker? ticker)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(config);
        var quantity = entry.Quantity;
        var price = entry.Signal.Entry;
        var notional = quantity * price;
        var depth = book is { } b ? (entry.EntrySide == OrderSide.Buy ? b.AskDepth03 : b.BidDepth03) : 0m;
        var clipNotional = depth > 0 ? (decimal)config.MaxDepthFraction * depth : 0m;
        var needed = clipNotional > 0 && notional > clipNotional ? (int)Math.Min(1_000m, Math.Ceiling(notional / clipNotional)) : 1;
        var maxSlice = clipNotional > 0 && price > 0 ? Math.Min(quantity, clipNotional / price) : quantity;
        if (instrument is not null)
        {
            maxSlice = Math.Max(instrument.RoundQuantityDown(maxSlice), instrument.MinQuantity);
        }
        var interval = TimeSpan.FromSeconds(config.TwapIntervalSeconds);
        var deadman = TimeSpan.FromMilliseconds(config.DeadmanTimeoutMs);
        var depthNote = depth > 0 ? $"{Fmt(notional)} against {Fmt(depth)} depth, max_depth_fraction {config.MaxDepthFraction.ToString(CultureInfo.InvariantCulture)}" : Fmt(notional) + " without a known depth";
        if (config.EnableIceberg && needed > 1 && notional >= config.IcebergMinNotional && BestQuote(entry.EntrySide, book, ticker) > 0)
        {
            var clips = Math.Clamp(needed, 1, config.TwapMaxSlices);
            return new EntryPlan(EntryStyle.Iceberg, clips, maxSlice, interval, deadman, $"iceberg: {Counted.Of(clips, "post-only clip")} for {depthNote}, notional at least {Fmt(config.IcebergMinNotional)}");
        }
        if (config.EnableTwap && needed > 1)
        {
            var slices = Math.Clamp(needed, config.TwapMinSlices, config.TwapMaxSlices);
            return new EntryPlan(EntryStyle.Twap, slices, maxSlice, interval, deadman, $"twap: {slices} slices for {depthNote}");
        }
        return new EntryPlan(EntryStyle.Single, 1, quantity, interval, deadman, "single immediate-or-cancel order for " + depthNote);
    }

    /// <summary>
    /// The next slice: what is left spread evenly over the slices left (the last takes all that is left), never more than
    /// the depth guard's largest slice, rounded down to the lot and at least the instrument's minimum; 0 when nothing can
    /// be sent (less than the minimum left).
    /// </summary>
    public static decimal NextSliceQuantity(EntryPlan plan, decimal remaining, int slicesLeft, Instrument? instrument)
    {
        ArgumentNullException.ThrowIfNull(plan);
        if (remaining <= 0 || slicesLeft <= 0)
        {
            return 0m;
        }
        var q = Math.Min(slicesLeft == 1 ? remaining : remaining / slicesLeft, plan.MaxSliceQuantity);
        if (instrument is null)
        {
            return q;
        }
        q = instrument.RoundQuantityDown(q);
        var left = instrument.RoundQuantityDown(remaining);
        if (left < instrument.MinQuantity)
        {
            return 0m;
        }
        return Math.Min(Math.Max(q, instrument.MinQuantity), left);
    }

    /// <summary>
    /// The price of a post-only clip: the best price on the entry's own side (bid for a buy, ask for a sell) moved away
    /// from the market by <c>limit_offset_bps</c>, rounded away from the market, and never beyond the price guard's limit;
    /// null when no best price is known.
    /// </summary>
    public static decimal? PostOnlyPrice(OrderSide side, OrderBookSummary? book, Ticker? ticker, ExecutionConfig config, decimal guardLimit, Instrument? instrument)
    {
        ArgumentNullException.ThrowIfNull(config);
        var best = BestQuote(side, book, ticker);
        if (best <= 0)
        {
            return null;
        }
        var offset = best * (decimal)config.LimitOffsetBps / BasisPoints;
        if (side == OrderSide.Buy)
        {
            var buy = Math.Min(best - offset, guardLimit);
            return instrument is null ? buy : instrument.RoundPriceDown(buy);
        }
        var sell = Math.Max(best + offset, guardLimit);
        return instrument is null ? sell : instrument.RoundPriceUp(sell);
    }

    /// <summary>The spread in bps from the book, else the ticker; infinite when neither has both sides.</summary>
    public static double SpreadBps(OrderBookSummary? book, Ticker? ticker)
    {
        if (book is { BestBid: > 0, BestAsk: > 0 } b)
        {
            return b.SpreadBps;
        }
        return ticker is { Bid: > 0, Ask: > 0 } t ? (double)((t.Ask - t.Bid) / t.Bid) * 10_000d : double.PositiveInfinity;
    }

    /// <summary>The best price on the side an order of <paramref name="side"/> rests (bid for buys), from the book, else the ticker.</summary>
    private static decimal BestQuote(OrderSide side, OrderBookSummary? book, Ticker? ticker)
    {
        var fromBook = book is { } b ? (side == OrderSide.Buy ? b.BestBid : b.BestAsk) : 0m;
        if (fromBook > 0)
        {
            return fromBook;
        }
        return ticker is null ? 0m : side == OrderSide.Buy ? ticker.Bid : ticker.Ask;
    }

    private static string Fmt(decimal value) => decimal.Round(value, 2).ToString("0.##", CultureInfo.InvariantCulture);
}

using BreakoutBot.Domain.Trading;
using BreakoutBot.Infrastructure.Exchanges.Paper;

namespace BreakoutBot.Infrastructure.Replay;

/// <summary>
/// Gives each replayed position its fills (by the position id in the order tag: <c>entry:pos1</c>, <c>sl:pos1</c>,
/// <c>exit:pos1:Stop</c>, <c>sl-of-entry:pos1</c>) and the funding settled on its instrument while it was open
/// (opened before the settlement, closed at or after it; a position opened by a resting entry that filled inside the
/// bar closing at the settlement was open at it).
/// </summary>
public sealed class ReplayCostLedger
{
    private const string AttachedPrefix = "sl-of-";
    private readonly Dictionary<string, List<PaperFillCost>> _fillsByPosition = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<PaperFundingPayment>> _fundingByInstrument = new(StringComparer.Ordinal);

    public ReplayCostLedger(IEnumerable<PaperFillCost> fills, IEnumerable<PaperFundingPayment> funding)
    {
        ArgumentNullException.ThrowIfNull(fills);
        ArgumentNullException.ThrowIfNull(funding);
        foreach (var fill in fills)
        {
            if (PositionIdOf(fill.Tag) is { } id)
            {
                Add(_fillsByPosition, id, fill);
            }
        }
        foreach (var payment in funding)
        {
            Add(_fundingByInstrument, payment.InstrumentId, payment);
        }
        foreach (var (instrument, payments) in _fundingByInstrument)
        {
            if (!InTimeOrder(payments))
            {
                _fundingOutOfOrder.Add(instrument);
            }
        }
    }

    // Instruments whose payments are not in time order (a paper account settles them in order, so none in a replay): their
    // positions' funding is found by walking every payment instead of by a binary search.
    private readonly HashSet<string> _fundingOutOfOrder = new(StringComparer.Ordinal);

    /// <summary>The position id inside an order tag, or null for an untagged order.</summary>
    public static string? PositionIdOf(string? tag)
    {
        if (string.IsNullOrEmpty(tag))
        {
            return null;
        }
        var parts = (tag.StartsWith(AttachedPrefix, StringComparison.Ordinal) ? tag[AttachedPrefix.Length..] : tag).Split(':');
        return parts.Length >= 2 && parts[1].Length > 0 ? parts[1] : null;
    }

    public IReadOnlyList<PaperFillCost> FillsOf(Position position)
    {
        ArgumentNullException.ThrowIfNull(position);
        return _fillsByPosition.TryGetValue(position.Id, out var fills) ? fills : [];
    }

    /// <summary>Funding paid by the position (negative when received).</summary>
    public decimal FundingOf(Position position)
    {
        ArgumentNullException.ThrowIfNull(position);
        if (position.OpenedAt is not { } opened || !_fundingByInstrument.TryGetValue(position.InstrumentId, out var payments))
        {
            return 0m;
        }
        var closed = position.ClosedAt ?? DateTimeOffset.MaxValue;
        // A resting entry (a maker fill) filled inside the bar, before the settlement at that bar's close; an entry the
        // engine sent at the close filled after it.
        var openedInsideBar = OpenedByMakerFill(position);
        if (_fundingOutOfOrder.Contains(position.InstrumentId))
        {
            return payments.Where(p => (p.Time > opened || (openedInsideBar && p.Time == opened)) && p.Time <= closed).Sum(p => p.Amount);
        }
        // The payments while it was open are one stretch of the instrument's (in time order): found by binary search and
        // summed in the same order as walking them all would.
        var from = openedInsideBar ? FirstAfter(payments, opened, inclusive: true) : FirstAfter(payments, opened, inclusive: false);
        var to = FirstAfter(payments, closed, inclusive: false);
        var total = 0m;
        for (var i = from; i < to; i++)
        {
            total += payments[i].Amount;
        }
        return total;
    }

    private bool OpenedByMakerFill(Position position)
    {
        foreach (var fill in FillsOf(position))
        {
            if (fill.Tag?.StartsWith("entry:", StringComparison.Ordinal) == true)
            {
                return fill.IsMaker;
            }
        }
        return false;
    }

    /// <summary>The index of the first payment after <paramref name="time"/> (at or after it when inclusive).</summary>
    private static int FirstAfter(List<PaperFundingPayment> payments, DateTimeOffset time, bool inclusive)
    {
        var low = 0;
        var high = payments.Count;
        while (low < high)
        {
            var middle = (low + high) >>> 1;
            var at = payments[middle].Time;
            if (inclusive ? at < time : at <= time)
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }
        return low;
    }

    private static bool InTimeOrder(List<PaperFundingPayment> payments)
    {
        for (var i = 1; i < payments.Count; i++)
        {
            if (payments[i].Time < payments[i - 1].Time)
            {
                return false;
            }
        }
        return true;
    }

    private static void Add<T>(Dictionary<string, List<T>> map, string key, T item)
    {
        if (!map.TryGetValue(key, out var list))
        {
            map[key] = list = [];
        }
        list.Add(item);
    }
}

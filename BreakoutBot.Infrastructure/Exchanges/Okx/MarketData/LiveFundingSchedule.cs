using BreakoutBot.Infrastructure.Exchanges.Paper;

namespace BreakoutBot.Infrastructure.Exchanges.Okx.MarketData;

/// <summary>
/// The funding settlements of live OKX swaps as read from OKX's current funding rates (<c>/public/funding-rate</c>):
/// each read gives, per swap, the rate that will be settled at its next settlement time. The last rate read before a
/// settlement is the one kept for it, so a paper account on live data pays each swap's own rate at its own times (every
/// 8 h, 4 h or hour). Where nothing was read (before the first read, or when reads failed across a settlement) the paper
/// account's flat rate is charged on the 8-hour grid, as without a schedule (<see cref="FundingSettlement.MergeInto"/>).
/// Keeps the last <see cref="KeptPerInstrument"/> settlements of each swap. Thread-safe.
/// </summary>
public sealed class LiveFundingSchedule : IFundingSchedule
{
    public const int KeptPerInstrument = 16;
    private readonly Dictionary<string, SortedList<long, decimal>> _known = new(StringComparer.Ordinal);
    // What settlement checks read, rebuilt at each record (a read every few minutes) rather than copied at each check
    // (every price update of an open position).
    private readonly Dictionary<string, (long[] Ticks, decimal[] Bps)> _published = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    public string Source => "OKX funding rates";

    /// <summary>Records that <paramref name="instrumentId"/> settles at <paramref name="fundingTime"/> at <paramref name="rate"/> (a fraction, 0.0001 = 1 bp).</summary>
    public void Record(string instrumentId, DateTimeOffset fundingTime, decimal rate)
    {
        ArgumentException.ThrowIfNullOrEmpty(instrumentId);
        lock (_gate)
        {
            if (!_known.TryGetValue(instrumentId, out var settlements))
            {
                settlements = [];
                _known[instrumentId] = settlements;
            }
            settlements[fundingTime.UtcTicks] = rate * 10_000m;
            while (settlements.Count > KeptPerInstrument)
            {
                settlements.RemoveAt(0);
            }
            _published[instrumentId] = ([.. settlements.Keys], [.. settlements.Values]);
        }
    }

    public void SettlementsInto(string instrumentId, DateTimeOffset after, DateTimeOffset upTo, TimeSpan grid, List<FundingSettlement> into)
    {
        (long[] Ticks, decimal[] Bps) known;
        lock (_gate)
        {
            known = _published.GetValueOrDefault(instrumentId, ([], []));
        }
        FundingSettlement.MergeInto(known.Ticks, known.Bps, after, upTo, grid, into);
    }
}

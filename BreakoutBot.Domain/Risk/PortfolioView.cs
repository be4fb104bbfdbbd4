using BreakoutBot.Domain.Trading;

namespace BreakoutBot.Domain.Risk;

/// <summary>What risk needs to know about the open book: each open (or opening) position's instrument, side, notional and BTC correlation.</summary>
public sealed record PortfolioView(IReadOnlyList<PortfolioEntry> Entries)
{
    public static readonly PortfolioView Empty = new([]);

    public int OpenCount => Entries.Count;

    public bool Holds(string instrumentId)
    {
        foreach (var e in Entries)
        {
            if (e.InstrumentId == instrumentId)
            {
                return true;
            }
        }
        return false;
    }
}

namespace BreakoutBot.Infrastructure.Exchanges.Paper;

public sealed partial class PaperExchangeClient
{
    /// <summary>
    /// One instrument's state as the bars arrive: its last (mark) price, the time up to which funding was settled, and its
    /// net position once it has traded. Kept together so a bar finds them with one lookup. Guarded by the client's lock.
    /// </summary>
    private sealed class PaperMarket
    {
        public bool HasPrice { get; private set; }

        public decimal LastPrice { get; private set; }

        /// <summary>False until the first price: the first one only starts the funding clock.</summary>
        public bool FundingSeen { get; set; }

        public DateTimeOffset FundingCheckedUntil { get; set; }

        public PaperPosition? Position { get; set; }

        public void SetLastPrice(decimal price)
        {
            LastPrice = price;
            HasPrice = true;
        }
    }
}

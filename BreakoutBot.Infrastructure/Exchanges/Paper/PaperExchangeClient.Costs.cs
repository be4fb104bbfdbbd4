using BreakoutBot.Domain.Markets;
using BreakoutBot.Domain.Trading;

namespace BreakoutBot.Infrastructure.Exchanges.Paper;

/// <summary>Costs beyond the fee (ADR-007): taker pricing against the modelled book, the cost ledger, and funding.</summary>
public sealed partial class PaperExchangeClient
{
    /// <summary>The funding source named in reports when no series is given.</summary>
    public const string FlatFundingSource = "flat";

    private readonly List<PaperFillCost> _fillCosts = [];
    private readonly List<PaperFundingPayment> _fundingPayments = [];
    private readonly PaperCostModel _costModel;
    private Func<string, OrderBookSummary?>? _books;
    private IFundingSchedule? _fundingSchedule;
    private readonly List<FundingSettlement> _settlements = [];
    private decimal _fundingPaid;

    /// <summary>
    /// Where taker fills read the book (spread and depth within 0.3 %) at the moment they fill: the replay's modelled
    /// book, or a live feed's. Without one, fills use <see cref="PaperExchangeOptions.DefaultSpreadBps"/> and the base slippage.
    /// </summary>
    public void UseOrderBooks(Func<string, OrderBookSummary?> books)
    {
        ArgumentNullException.ThrowIfNull(books);
        lock (_gate)
        {
            _books = books;
        }
    }

    /// <summary>
    /// A funding schedule (a funding-rate series): its settlements at their own times and rates; the grid times it does
    /// not cover are charged at <see cref="PaperExchangeOptions.FundingRateBps"/>.
    /// </summary>
    public void UseFundingSchedule(IFundingSchedule schedule)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        ArgumentException.ThrowIfNullOrWhiteSpace(schedule.Source);
        lock (_gate)
        {
            _fundingSchedule = schedule;
        }
    }

    /// <summary>Where funding rates come from: <see cref="FlatFundingSource"/> or the name given with a series.</summary>
    public string FundingSource
    {
        get
        {
            lock (_gate)
            {
                return _fundingSchedule?.Source ?? FlatFundingSource;
            }
        }
    }

    /// <summary>The options the account trades with (fees, slippage, funding).</summary>
    public PaperExchangeOptions Options => _options;

    /// <summary>The itemised cost of every fill so far, in fill order.</summary>
    public IReadOnlyList<PaperFillCost> GetFillCosts()
    {
        lock (_gate)
        {
            return _fillCosts.ToArray();
        }
    }

    /// <summary>Every funding settlement so far, in time order.</summary>
    public IReadOnlyList<PaperFundingPayment> GetFundingPayments()
    {
        lock (_gate)
        {
            return _fundingPayments.ToArray();
        }
    }

    /// <summary>Funding paid so far (negative when received), already taken from the cash.</summary>
    public decimal FundingPaid
    {
        get
        {
            lock (_gate)
            {
                return _fundingPaid;
            }
        }
    }

    private OrderBookSummary? BookOf(string instrumentId) => _books?.Invoke(instrumentId);

    private PaperFillPricing TakerPricing(string instrumentId, OrderSide side, decimal reference, decimal quantity) =>
        _costModel.Taker(MarketOf(instrumentId).Instrument, side, reference, quantity, BookOf(instrumentId));

    private void RecordFillCost(Fill fill, PaperFillPricing pricing)
    {
        _fillCosts.Add(new PaperFillCost(fill.FillId, fill.OrderId, fill.InstrumentId, fill.Tag, fill.Side, fill.Time, fill.Quantity, fill.Price, fill.IsMaker,
            fill.Fee, Book(pricing.SpreadCost), Book(pricing.SlippageCost)));
    }

    /// <summary>
    /// Settles funding for every settlement in (last check, <paramref name="now"/>] on the instrument's open position, at
    /// the mark price then current: the schedule's settlements, or every <see cref="PaperExchangeOptions.FundingIntervalHours"/>
    /// from 00:00 UTC at the flat rate. The first call for an instrument only starts its clock.
    /// </summary>
    private void SettleFunding(string instrumentId, PaperMarket market, DateTimeOffset now)
    {
        var from = market.FundingCheckedUntil;
        if (market.FundingSeen && now <= from)
        {
            return;
        }
        market.FundingCheckedUntil = now;
        if (!market.FundingSeen)
        {
            market.FundingSeen = true;
            return;
        }
        if (market.Position is not { Quantity: not 0 } position)
        {
            return;
        }
        var interval = TimeSpan.FromHours(_options.FundingIntervalHours);
        if (_fundingSchedule is null && FundingSettlement.FirstGridTimeAfter(from, interval) > now)
        {
            return;
        }
        var settlements = _settlements;
        settlements.Clear();
        if (_fundingSchedule is { } schedule)
        {
            schedule.SettlementsInto(instrumentId, from, now, interval, settlements);
        }
        else
        {
            FundingSettlement.GridInto(from, now, interval, settlements);
        }
        foreach (var (at, seriesRate) in settlements)
        {
            var rateBps = seriesRate ?? _options.FundingRateBps;
            var mark = MarkOf(position);
            var amount = Book(position.Quantity * mark * rateBps / BasisPoints);
            _cash -= amount;
            _fundingPaid += amount;
            _balanceMoved = true;
            _fundingPayments.Add(new PaperFundingPayment(instrumentId, at, position.Quantity, mark, rateBps, amount,
                seriesRate is null ? FlatFundingSource : _fundingSchedule!.Source));
        }
    }
}

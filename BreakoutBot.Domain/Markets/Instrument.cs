using BreakoutBot.Domain.Common;

namespace BreakoutBot.Domain.Markets;

/// <summary>
/// A tradable instrument and its exchange rules. Quantities inside BreakoutBot are always in base-currency
/// units (coins); <see cref="ContractValue"/> converts to exchange contracts (an OKX swap lot is
/// <c>LotSize</c> contracts of <c>ContractValue</c> coins each).
/// </summary>
public sealed record Instrument
{
    public Instrument(string id, InstrumentKind kind, decimal tickSize, decimal lotSize, decimal minSize, decimal contractValue = 1m)
    {
        if (string.IsNullOrWhiteSpace(id))
        {
            throw new DomainException("Instrument id is required.");
        }
        if (tickSize <= 0 || lotSize <= 0 || minSize <= 0 || contractValue <= 0)
        {
            throw new DomainException($"Instrument {id}: tick size, lot size, min size and contract value must be positive.");
        }
        Id = id;
        Kind = kind;
        TickSize = tickSize;
        LotSize = lotSize;
        MinSize = minSize;
        ContractValue = contractValue;
        var dash = id.IndexOf('-', StringComparison.Ordinal);
        BaseCurrency = dash > 0 ? id[..dash] : id;
        var rest = dash > 0 ? id[(dash + 1)..] : "USDT";
        var dash2 = rest.IndexOf('-', StringComparison.Ordinal);
        QuoteCurrency = dash2 > 0 ? rest[..dash2] : rest;
    }

    public string Id { get; }
    public InstrumentKind Kind { get; }
    public decimal TickSize { get; }
    /// <summary>Order size step in exchange units (contracts for swaps, coins for spot).</summary>
    public decimal LotSize { get; }
    /// <summary>Minimum order size in exchange units.</summary>
    public decimal MinSize { get; }
    /// <summary>Coins per contract (1 for spot).</summary>
    public decimal ContractValue { get; }
    public string BaseCurrency { get; }
    public string QuoteCurrency { get; }

    /// <summary>Smallest quantity step in coins.</summary>
    public decimal QuantityStep => LotSize * ContractValue;

    /// <summary>Smallest order quantity in coins.</summary>
    public decimal MinQuantity => MinSize * ContractValue;

    /// <summary>Rounds a coin quantity down to the lot step (never up: the sizer must not exceed its risk).</summary>
    public decimal RoundQuantityDown(decimal quantity)
    {
        if (quantity <= 0)
        {
            return 0m;
        }
        var step = QuantityStep;
        return decimal.Floor(quantity / step) * step;
    }

    public decimal RoundPrice(decimal price) => decimal.Round(price / TickSize, MidpointRounding.AwayFromZero) * TickSize;

    public decimal RoundPriceDown(decimal price) => decimal.Floor(price / TickSize) * TickSize;

    public decimal RoundPriceUp(decimal price) => decimal.Ceiling(price / TickSize) * TickSize;
}

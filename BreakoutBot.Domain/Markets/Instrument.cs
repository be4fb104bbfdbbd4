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
        _tickDecimals = PowerOfTenDecimals(tickSize);
        _tickZero = ZeroWithScaleOf(tickSize);
        _tickAsDouble = (double)tickSize;
        (_tickDigits, _tickScale) = DigitsAndScale(tickSize);
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

    public decimal RoundPrice(decimal price) => RoundToTick(price, MidpointRounding.AwayFromZero);

    public decimal RoundPriceDown(decimal price) => RoundToTick(price, MidpointRounding.ToNegativeInfinity);

    public decimal RoundPriceUp(decimal price) => RoundToTick(price, MidpointRounding.ToPositiveInfinity);

    /// <summary>
    /// <paramref name="price"/> · (1 + <paramref name="offset"/>) rounded to the tick, down for a negative offset (a bid)
    /// and up otherwise (an ask), with the offset taken as a decimal (<c>(decimal)offset</c>): the value and written form
    /// of <see cref="RoundPriceDown"/> or <see cref="RoundPriceUp"/> of that product. When the product lies clearly
    /// between two ticks it is counted in ticks in doubles (their error, under 10⁻⁷ of a tick up to 10⁸ ticks, is far
    /// below the 10⁻⁶ margin), which costs a fraction of the decimal maths; otherwise it is computed in decimals. A replay
    /// models a bid and an ask this way for every instrument on every bar.
    /// </summary>
    public decimal OffsetPrice(decimal price, double offset)
    {
        var ticks = (double)price * (1d + offset) / _tickAsDouble;
        if (ticks is > 0 and < 1e8 && Math.Abs(ticks - Math.Round(ticks)) > 1e-6)
        {
            return TickMultiple((long)(offset < 0 ? Math.Floor(ticks) : Math.Ceiling(ticks)));
        }
        var exact = price * (1m + (decimal)offset);
        return offset < 0 ? RoundPriceDown(exact) : RoundPriceUp(exact);
    }

    /// <summary>
    /// <paramref name="ticks"/> (0 ≤ ticks &lt; 10⁸) times the tick: when the tick's digits fit in 32 bits the product's
    /// digits and scale are set directly (<c>ticks · TickSize</c> in decimals gives exactly these: the product of the
    /// digits at the tick's scale), otherwise multiplied.
    /// </summary>
    private decimal TickMultiple(long ticks)
    {
        if (_tickDigits != 0)
        {
            var digits = (ulong)ticks * _tickDigits;
            return new decimal((int)(uint)digits, (int)(uint)(digits >> 32), 0, false, _tickScale);
        }
        return ticks * TickSize;
    }

    // The tick's digits when they fit in 32 bits (else 0) and its scale: TickSize = digits · 10^−scale.
    private readonly uint _tickDigits;
    private readonly byte _tickScale;

    // The decimals of a tick that is a power of ten (0.1, 0.01, 1: most ticks), else −1.
    private readonly int _tickDecimals;
    private readonly double _tickAsDouble;
    // Zero with the tick's scale: the rounded price is written with the tick's decimals, as a multiple of it would be.
    private readonly decimal _tickZero;

    /// <summary>
    /// The price rounded to a multiple of the tick, down, up or to the nearest (halves away from zero). A power-of-ten tick
    /// rounds at its decimal place, which gives the same value and the same scale as dividing by the tick, rounding to an
    /// integer and multiplying back (the general rule, kept for other ticks), at about half the cost: prices are rounded
    /// for every modelled quote of a replay.
    /// </summary>
    private decimal RoundToTick(decimal price, MidpointRounding mode)
    {
        if (_tickDecimals >= 0 && price > 0)
        {
            return decimal.Round(price, _tickDecimals, mode) + _tickZero;
        }
        var units = price / TickSize;
        var rounded = mode switch
        {
            MidpointRounding.ToNegativeInfinity => decimal.Floor(units),
            MidpointRounding.ToPositiveInfinity => decimal.Ceiling(units),
            _ => decimal.Round(units, mode),
        };
        return rounded * TickSize;
    }

    private static int PowerOfTenDecimals(decimal tick)
    {
        Span<int> bits = stackalloc int[4];
        decimal.GetBits(tick, bits);
        if (bits[1] != 0 || bits[2] != 0)
        {
            return -1;
        }
        var mantissa = (uint)bits[0];
        var scale = (bits[3] >> 16) & 0xFF;
        while (scale > 0 && mantissa % 10 == 0)
        {
            mantissa /= 10;
            scale--;
        }
        return mantissa == 1 ? scale : -1;
    }

    private static (uint Digits, byte Scale) DigitsAndScale(decimal value)
    {
        Span<int> bits = stackalloc int[4];
        decimal.GetBits(value, bits);
        var scale = (byte)((bits[3] >> 16) & 0xFF);
        return bits[1] == 0 && bits[2] == 0 ? ((uint)bits[0], scale) : (0u, scale);
    }

    private static decimal ZeroWithScaleOf(decimal value) => new(0, 0, 0, false, (byte)((decimal.GetBits(value)[3] >> 16) & 0xFF));
}

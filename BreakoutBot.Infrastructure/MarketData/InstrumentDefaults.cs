using BreakoutBot.Domain.Markets;

namespace BreakoutBot.Infrastructure.MarketData;

/// <summary>
/// Exchange rules for instruments loaded from CSV (which carries prices only): OKX's published tick size, lot size,
/// minimum size and contract value for the common USDT swaps, and conservative defaults for anything else.
/// </summary>
public static class InstrumentDefaults
{
    public static Instrument For(string instrumentId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(instrumentId);
        var isSwap = instrumentId.EndsWith("-SWAP", StringComparison.OrdinalIgnoreCase);
        var kind = isSwap ? InstrumentKind.Swap : InstrumentKind.Spot;
        var upper = instrumentId.ToUpperInvariant();
        return upper switch
        {
            "BTC-USDT-SWAP" => new Instrument(instrumentId, kind, 0.1m, 0.01m, 0.01m, 0.01m),
            "ETH-USDT-SWAP" => new Instrument(instrumentId, kind, 0.01m, 0.01m, 0.01m, 0.1m),
            "SOL-USDT-SWAP" => new Instrument(instrumentId, kind, 0.01m, 0.01m, 0.01m, 1m),
            "XRP-USDT-SWAP" => new Instrument(instrumentId, kind, 0.0001m, 0.01m, 0.01m, 100m),
            _ => new Instrument(instrumentId, kind, 0.00001m, 0.0001m, 0.0001m, 1m),
        };
    }
}

using System.Text.Json;
using BreakoutBot.Domain.Common;
using BreakoutBot.Domain.Markets;

namespace BreakoutBot.Infrastructure.Exchanges.Okx.Models;

/// <summary>
/// One instrument from <c>GET /api/v5/public/instruments</c>. Sizes (<see cref="LotSize"/>, <see cref="MinSize"/>,
/// <see cref="MaxMarketSize"/>) are contracts for SWAP and base currency for SPOT (<c>maxMktSz</c> is USDT on SPOT).
/// </summary>
public sealed record OkxInstrument
{
    public required string InstrumentId { get; init; }

    /// <summary><c>instType</c>: SPOT, SWAP, FUTURES, ...</summary>
    public required string InstrumentType { get; init; }

    /// <summary><c>ctType</c>: linear or inverse; null for SPOT.</summary>
    public string? ContractType { get; init; }

    /// <summary><c>ctVal</c>: face value of one contract in <see cref="ContractValueCurrency"/>; null for SPOT.</summary>
    public decimal? ContractValue { get; init; }

    /// <summary><c>ctMult</c>: contract multiplier; null for SPOT.</summary>
    public decimal? ContractMultiplier { get; init; }

    public string? ContractValueCurrency { get; init; }

    public string? SettleCurrency { get; init; }

    public string? BaseCurrency { get; init; }

    public string? QuoteCurrency { get; init; }

    public required decimal TickSize { get; init; }

    public required decimal LotSize { get; init; }

    public required decimal MinSize { get; init; }

    public decimal? MaxMarketSize { get; init; }

    public decimal? MaxLimitSize { get; init; }

    /// <summary><c>lever</c>: the maximum leverage.</summary>
    public decimal? MaxLeverage { get; init; }

    /// <summary><c>state</c>: live, suspend, preopen, test, ...</summary>
    public required string State { get; init; }

    public bool IsLive => State == "live";

    public bool IsSwap => InstrumentType == "SWAP";

    public bool IsSpot => InstrumentType == "SPOT";

    public bool IsLinear => ContractType == "linear";

    /// <summary>
    /// True when BreakoutBot can trade it: SPOT, or a linear SWAP (whose contracts are worth coins). Inverse swaps
    /// (contracts worth USD) and dated futures or options do not fit the engine's coin-quantity model.
    /// </summary>
    public bool CanMapToInstrument => IsSpot || (IsSwap && IsLinear && ContractValue > 0);

    /// <summary>Reads one item of the instruments response.</summary>
    public static OkxInstrument FromJson(JsonElement item) => new()
    {
        InstrumentId = OkxJson.Text(item, "instId"),
        InstrumentType = OkxJson.Text(item, "instType"),
        ContractType = OkxJson.TextOrNull(item, "ctType"),
        ContractValue = OkxJson.Decimal(item, "ctVal"),
        ContractMultiplier = OkxJson.Decimal(item, "ctMult"),
        ContractValueCurrency = OkxJson.TextOrNull(item, "ctValCcy"),
        SettleCurrency = OkxJson.TextOrNull(item, "settleCcy"),
        BaseCurrency = OkxJson.TextOrNull(item, "baseCcy"),
        QuoteCurrency = OkxJson.TextOrNull(item, "quoteCcy"),
        TickSize = OkxJson.RequiredDecimal(item, "tickSz"),
        LotSize = OkxJson.RequiredDecimal(item, "lotSz"),
        MinSize = OkxJson.RequiredDecimal(item, "minSz"),
        MaxMarketSize = OkxJson.Decimal(item, "maxMktSz"),
        MaxLimitSize = OkxJson.Decimal(item, "maxLmtSz"),
        MaxLeverage = OkxJson.Decimal(item, "lever"),
        State = OkxJson.Text(item, "state"),
    };

    /// <summary>
    /// The engine's instrument: SPOT with contract value 1, a linear SWAP with contract value <c>ctVal × ctMult</c> coins.
    /// Throws <see cref="DomainException"/> for instruments that <see cref="CanMapToInstrument"/> rejects.
    /// </summary>
    public Instrument ToInstrument()
    {
        if (!CanMapToInstrument)
        {
            throw new DomainException(
                $"OKX instrument {InstrumentId} ({InstrumentType}{(ContractType is null ? string.Empty : " " + ContractType)}) is not SPOT or a linear SWAP.");
        }
        if (IsSpot)
        {
            return new Instrument(InstrumentId, InstrumentKind.Spot, TickSize, LotSize, MinSize);
        }
        var contractValue = ContractValue!.Value * (ContractMultiplier is > 0 ? ContractMultiplier.Value : 1m);
        return new Instrument(InstrumentId, InstrumentKind.Swap, TickSize, LotSize, MinSize, contractValue);
    }
}

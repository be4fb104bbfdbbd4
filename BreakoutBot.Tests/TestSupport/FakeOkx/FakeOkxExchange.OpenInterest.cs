using System.Text.Json.Nodes;
using static BreakoutBot.Tests.TestSupport.FakeOkx.FakeOkxJson;

namespace BreakoutBot.Tests.TestSupport.FakeOkx;

/// <summary>Open interest served by <c>GET /api/v5/public/open-interest</c>.</summary>
internal sealed partial class FakeOkxExchange
{
    private readonly Dictionary<string, decimal> _openInterestContracts = new(StringComparer.Ordinal);

    /// <summary>Sets a swap's open interest in contracts (coins = contracts × ctVal, USD = coins × last price); null removes it.</summary>
    public void SetOpenInterest(string instId, decimal? contracts)
    {
        lock (_gate)
        {
            var instrument = RequireInstrument(instId);
            if (!instrument.IsSwap)
            {
                throw new ArgumentException($"Fake OKX: {instId} is not a swap; only derivatives have open interest.", nameof(instId));
            }
            if (contracts is { } c)
            {
                ArgumentOutOfRangeException.ThrowIfNegative(c, nameof(contracts));
                _openInterestContracts[instId] = c;
            }
            else
            {
                _openInterestContracts.Remove(instId);
            }
        }
    }

    /// <summary>
    /// Rows for every instrument of <paramref name="instType"/> (or only <paramref name="instId"/>) that has open interest
    /// and a price; null when <paramref name="instId"/> is not listed.
    /// </summary>
    public JsonArray? RenderOpenInterest(string instType, string? instId)
    {
        lock (_gate)
        {
            if (instId is not null && !_instruments.ContainsKey(instId))
            {
                return null;
            }
            var data = new JsonArray();
            foreach (var i in _instruments.Values)
            {
                if (i.InstType != instType || (instId is not null && i.InstId != instId)
                    || !_openInterestContracts.TryGetValue(i.InstId, out var contracts) || LastOrNull(i.InstId) is not { } last)
                {
                    continue;
                }
                var coins = contracts * i.ContractValue;
                data.Add(new JsonObject
                {
                    ["instType"] = i.InstType,
                    ["instId"] = i.InstId,
                    ["oi"] = Num(contracts),
                    ["oiCcy"] = Num(coins),
                    ["oiUsd"] = Num(coins * last),
                    ["ts"] = Ms(Now),
                });
            }
            return data;
        }
    }
}

using System.Text.Json.Nodes;
using static BreakoutBot.Tests.TestSupport.FakeOkx.FakeOkxJson;

namespace BreakoutBot.Tests.TestSupport.FakeOkx;

/// <summary>History the fake serves besides candles: settled funding rates (<c>/public/funding-rate-history</c>).</summary>
internal sealed partial class FakeOkxExchange
{
    private readonly Dictionary<string, SortedDictionary<long, decimal>> _fundingRates = new(StringComparer.Ordinal);
    private readonly HashSet<string> _failingHistory = new(StringComparer.Ordinal);

    /// <summary>While on, history-candles requests for <paramref name="instId"/> get HTTP 500 (code 50026).</summary>
    public void FailHistoryCandles(string instId, bool fail)
    {
        lock (_gate)
        {
            if (fail)
            {
                _failingHistory.Add(instId);
            }
            else
            {
                _failingHistory.Remove(instId);
            }
        }
    }

    public bool HistoryCandlesFail(string instId)
    {
        lock (_gate)
        {
            return _failingHistory.Contains(instId);
        }
    }

    public void AddFundingRates(string instId, IEnumerable<(DateTimeOffset Time, decimal Rate)> rates)
    {
        ArgumentNullException.ThrowIfNull(rates);
        lock (_gate)
        {
            RequireInstrument(instId);
            if (!_fundingRates.TryGetValue(instId, out var series))
            {
                series = [];
                _fundingRates[instId] = series;
            }
            foreach (var (time, rate) in rates)
            {
                series[time.ToUnixTimeMilliseconds()] = rate;
            }
        }
    }

    /// <summary>Removes the bar opening at <paramref name="time"/>, so OKX "does not have" it; false when there was none.</summary>
    public bool RemoveCandle(string instId, string bar, DateTimeOffset time)
    {
        lock (_gate)
        {
            return _candles.TryGetValue((instId, bar), out var series) && series.Remove(time.ToUnixTimeMilliseconds());
        }
    }

    /// <summary>Settlements newest first; <paramref name="after"/>: older than, <paramref name="before"/>: newer than. Null for an unknown or non-swap instrument.</summary>
    public JsonArray? RenderFundingHistory(string instId, long? after, long? before, int limit)
    {
        lock (_gate)
        {
            if (!_instruments.TryGetValue(instId, out var instrument) || !instrument.IsSwap)
            {
                return null;
            }
            var data = new JsonArray();
            if (!_fundingRates.TryGetValue(instId, out var series))
            {
                return data;
            }
            foreach (var (ms, rate) in series.Reverse().Where(r => (after is null || r.Key < after) && (before is null || r.Key > before)).Take(limit))
            {
                data.Add(new JsonObject
                {
                    ["instType"] = "SWAP",
                    ["instId"] = instId,
                    ["fundingRate"] = Num(rate),
                    ["realizedRate"] = Num(rate),
                    ["fundingTime"] = Ms(DateTimeOffset.FromUnixTimeMilliseconds(ms)),
                    ["method"] = "current_period",
                });
            }
            return data;
        }
    }

    /// <summary>
    /// <c>/public/funding-rate</c>: for <paramref name="instId"/> (or every swap for <c>ANY</c>) with funding rates, the next
    /// settlement after now and its rate; null for an unknown or non-swap instrument.
    /// </summary>
    public JsonArray? RenderCurrentFunding(string instId)
    {
        lock (_gate)
        {
            var any = instId == "ANY";
            if (!any && (!_instruments.TryGetValue(instId, out var one) || !one.IsSwap))
            {
                return null;
            }
            var data = new JsonArray();
            var now = Now.ToUnixTimeMilliseconds();
            foreach (var (id, series) in _fundingRates)
            {
                if ((any || id == instId) && series.Keys.Where(ms => ms > now).Order().FirstOrDefault() is var next and > 0)
                {
                    data.Add(new JsonObject
                    {
                        ["instType"] = "SWAP",
                        ["instId"] = id,
                        ["fundingRate"] = Num(series[next]),
                        ["fundingTime"] = Ms(DateTimeOffset.FromUnixTimeMilliseconds(next)),
                        ["method"] = "current_period",
                    });
                }
            }
            return data;
        }
    }
}

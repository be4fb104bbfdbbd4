using System.Globalization;
using System.Text.Json.Nodes;
using static BreakoutBot.Tests.TestSupport.FakeOkx.FakeOkxJson;

namespace BreakoutBot.Tests.TestSupport.FakeOkx;

/// <summary>
/// The state and matching engine behind the fake OKX server: instruments, prices, candles, orders, algo orders,
/// net-mode positions and balances. One lock guards everything; pushes go to the sink while the lock is held, so
/// subscribers see changes in the order they happened.
/// </summary>
internal sealed partial class FakeOkxExchange
{
    private const long FirstId = 2896576259728695296;
    private const int RecentCandleLimit = 1440;
    private const string Usdt = "USDT";

    private readonly Lock _gate = new();
    private readonly FakeOkxOptions _options;
    private readonly TimeProvider _time;
    private readonly IFakeOkxPushSink _sink;
    private readonly Dictionary<string, FakeOkxInstrument> _instruments = new(StringComparer.Ordinal);
    private readonly Dictionary<string, decimal> _lastPrices = new(StringComparer.Ordinal);
    private readonly Dictionary<string, decimal> _baseVolumes24h = new(StringComparer.Ordinal);
    private readonly Dictionary<string, decimal> _immediateLiquidity = new(StringComparer.Ordinal);
    private readonly Dictionary<(string InstId, string Bar), SortedDictionary<long, FakeOkxCandle>> _candles = [];
    private readonly List<FakeOkxOrder> _orders = [];
    private readonly Dictionary<string, int> _orderIndex = new(StringComparer.Ordinal);
    private readonly List<FakeOkxAlgoOrder> _algos = [];
    private readonly Dictionary<string, int> _algoIndex = new(StringComparer.Ordinal);
    private readonly Dictionary<string, FakeOkxPosition> _positions = new(StringComparer.Ordinal);
    private readonly Dictionary<string, decimal> _cash = new(StringComparer.Ordinal);
    private readonly List<FakeOkxFill> _fills = [];
    private readonly Dictionary<string, decimal> _leverage = new(StringComparer.Ordinal);
    private string _positionMode;
    private long _nextId = FirstId;
    private long _bookSeq;

    public FakeOkxExchange(FakeOkxOptions options, IFakeOkxPushSink sink)
    {
        _options = options;
        _time = options.TimeProvider;
        _sink = sink;
        _positionMode = options.PositionMode;
        _cash[Usdt] = options.InitialUsdtBalance;
    }

    public string Uid => "374579799097793561";

    private DateTimeOffset Now => _time.GetUtcNow();

    public DateTimeOffset ServerTime() => Now;

    // ---------- test setup ----------

    /// <summary>Lists <paramref name="instrument"/>; <paramref name="asListed"/> skips the check of its figures (a bad listing, as OKX may send one).</summary>
    public void AddInstrument(FakeOkxInstrument instrument, bool asListed = false)
    {
        ArgumentNullException.ThrowIfNull(instrument);
        if (!asListed && (instrument.TickSize <= 0 || instrument.LotSize <= 0 || instrument.MinSize <= 0 || instrument.ContractValue <= 0))
        {
            throw new ArgumentException($"Instrument {instrument.InstId}: tick, lot, min size and contract value must be positive.", nameof(instrument));
        }
        lock (_gate)
        {
            _instruments[instrument.InstId] = instrument;
        }
    }

    public void SetCash(string currency, decimal amount)
    {
        lock (_gate)
        {
            _cash[currency] = amount;
            _sink.AccountChanged(RenderBalance(null));
        }
    }

    public void AddCandles(string instId, string bar, IEnumerable<FakeOkxCandle> candles)
    {
        ArgumentNullException.ThrowIfNull(candles);
        lock (_gate)
        {
            RequireInstrument(instId);
            var series = Series(instId, bar);
            foreach (var candle in candles)
            {
                series[candle.Time.ToUnixTimeMilliseconds()] = candle;
            }
        }
    }

    /// <summary>Stores the candle (replacing one with the same open time) and returns its wire row.</summary>
    public JsonArray UpsertCandle(string instId, string bar, FakeOkxCandle candle)
    {
        lock (_gate)
        {
            var instrument = RequireInstrument(instId);
            Series(instId, bar)[candle.Time.ToUnixTimeMilliseconds()] = candle;
            return CandleRow(instrument, candle);
        }
    }

    /// <summary>Sets the last price (bid one tick below, ask one tick above), fills crossed limit orders and fires algo orders.</summary>
    public void SetPrice(string instId, decimal last)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(last);
        lock (_gate)
        {
            var instrument = RequireInstrument(instId);
            _lastPrices[instId] = last;
            MatchRestingOrders(instrument, last);
            FireAlgoOrders(instrument, last);
            _sink.MarketChanged(instId, RenderTicker(instrument), RenderBooks(instrument, 5, withInstId: true));
        }
    }

    /// <summary>
    /// Caps what an immediate-or-cancel order on <paramref name="instId"/> fills at once (contracts); the rest is
    /// cancelled. Null removes the cap.
    /// </summary>
    public void SetImmediateLiquidity(string instId, decimal? contracts)
    {
        lock (_gate)
        {
            RequireInstrument(instId);
            if (contracts is { } c)
            {
                _immediateLiquidity[instId] = c;
            }
            else
            {
                _immediateLiquidity.Remove(instId);
            }
        }
    }

    /// <summary>Sets the 24 h traded volume in base currency (coins) that tickers report.</summary>
    public void SetVolume24h(string instId, decimal baseVolume)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(baseVolume);
        lock (_gate)
        {
            RequireInstrument(instId);
            _baseVolumes24h[instId] = baseVolume;
        }
    }

    // ---------- introspection ----------

    public IReadOnlyList<FakeOkxInstrument> Instruments
    {
        get
        {
            lock (_gate)
            {
                return [.. _instruments.Values];
            }
        }
    }

    public IReadOnlyList<FakeOkxOrder> Orders
    {
        get
        {
            lock (_gate)
            {
                return [.. _orders];
            }
        }
    }

    public IReadOnlyList<FakeOkxAlgoOrder> AlgoOrders
    {
        get
        {
            lock (_gate)
            {
                return [.. _algos];
            }
        }
    }

    public IReadOnlyList<FakeOkxPosition> Positions
    {
        get
        {
            lock (_gate)
            {
                return [.. _positions.Values.Where(p => p.IsOpen)];
            }
        }
    }

    public IReadOnlyList<FakeOkxFill> Fills
    {
        get
        {
            lock (_gate)
            {
                return [.. _fills];
            }
        }
    }

    public FakeOkxPosition? Position(string instId)
    {
        lock (_gate)
        {
            return _positions.TryGetValue(instId, out var p) ? p : null;
        }
    }

    public FakeOkxBalance Balance(string currency)
    {
        lock (_gate)
        {
            return ComputeBalance(currency);
        }
    }

    // ---------- public market REST ----------

    public JsonArray RenderInstruments(string instType, string? instId)
    {
        lock (_gate)
        {
            var data = new JsonArray();
            foreach (var i in _instruments.Values.Where(i => i.InstType == instType && (instId is null || i.InstId == instId)))
            {
                data.Add(RenderInstrument(i));
            }
            return data;
        }
    }

    public JsonArray? RenderTickerFor(string instId)
    {
        lock (_gate)
        {
            return _instruments.TryGetValue(instId, out var i) ? [RenderTicker(i)] : null;
        }
    }

    public JsonArray RenderTickers(string instType)
    {
        lock (_gate)
        {
            var data = new JsonArray();
            foreach (var i in _instruments.Values.Where(i => i.InstType == instType && _lastPrices.ContainsKey(i.InstId)))
            {
                data.Add(RenderTicker(i));
            }
            return data;
        }
    }

    public JsonArray? RenderBooksFor(string instId, int depth)
    {
        lock (_gate)
        {
            return _instruments.TryGetValue(instId, out var i) ? [RenderBooks(i, depth, withInstId: false)] : null;
        }
    }

    /// <summary>Candles newest first. <paramref name="after"/>: older than; <paramref name="before"/>: newer than.</summary>
    public JsonArray? RenderCandles(string instId, string bar, long? after, long? before, int limit, bool history)
    {
        lock (_gate)
        {
            if (!_instruments.TryGetValue(instId, out var instrument))
            {
                return null;
            }
            var data = new JsonArray();
            if (!_candles.TryGetValue((instId, bar), out var series))
            {
                return data;
            }
            IEnumerable<FakeOkxCandle> rows = series.Values.Reverse();
            if (!history)
            {
                rows = rows.Take(RecentCandleLimit);
            }
            var times = rows.Where(c => (after is null || c.Time.ToUnixTimeMilliseconds() < after) &&
                                        (before is null || c.Time.ToUnixTimeMilliseconds() > before));
            foreach (var candle in times.Take(limit))
            {
                data.Add(CandleRow(instrument, candle));
            }
            return data;
        }
    }

    // ---------- rendering ----------

    private static JsonObject RenderInstrument(FakeOkxInstrument i)
    {
        var quote = i.QuoteCurrency;
        return new JsonObject
        {
            ["instType"] = i.InstType,
            ["instId"] = i.InstId,
            ["uly"] = i.IsSwap ? $"{i.BaseCurrency}-{quote}" : string.Empty,
            ["instFamily"] = i.IsSwap ? $"{i.BaseCurrency}-{quote}" : string.Empty,
            ["baseCcy"] = i.IsSwap ? string.Empty : i.BaseCurrency,
            ["quoteCcy"] = i.IsSwap ? string.Empty : quote,
            ["settleCcy"] = i.IsSwap ? quote : string.Empty,
            ["ctVal"] = i.IsSwap ? Num(i.ContractValue) : string.Empty,
            ["ctMult"] = i.IsSwap ? "1" : string.Empty,
            ["ctValCcy"] = i.IsSwap ? i.BaseCurrency : string.Empty,
            ["ctType"] = i.IsSwap ? "linear" : string.Empty,
            ["tickSz"] = Num(i.TickSize),
            ["lotSz"] = Num(i.LotSize),
            ["minSz"] = Num(i.MinSize),
            ["maxLmtSz"] = "100000000",
            ["maxMktSz"] = "1000000",
            ["lever"] = Num(i.MaxLeverage),
            ["state"] = i.State,
            ["ruleType"] = "normal",
            ["listTime"] = "1611916828000",
            ["expTime"] = string.Empty,
            ["instIdCode"] = i.InstId.Aggregate(7, (code, c) => ((code * 31) + c) % 100_000),
        };
    }

    private JsonObject RenderTicker(FakeOkxInstrument i)
    {
        var last = LastOrNull(i.InstId);
        var baseVolume = _baseVolumes24h.GetValueOrDefault(i.InstId);
        // Derivatives: vol24h in contracts, volCcy24h in coins. Spot: vol24h in coins, volCcy24h in quote currency.
        var volume = i.IsSwap ? baseVolume / i.ContractValue : baseVolume;
        var volumeCurrency = i.IsSwap ? baseVolume : baseVolume * (last ?? 0m);
        return new JsonObject
        {
            ["instType"] = i.InstType,
            ["instId"] = i.InstId,
            ["last"] = Num(last),
            ["lastSz"] = "1",
            ["askPx"] = Num(last + i.TickSize),
            ["askSz"] = Num(_options.BookLevelSize),
            ["bidPx"] = Num(last - i.TickSize),
            ["bidSz"] = Num(_options.BookLevelSize),
            ["open24h"] = Num(last),
            ["high24h"] = Num(last),
            ["low24h"] = Num(last),
            ["volCcy24h"] = Num(volumeCurrency),
            ["vol24h"] = Num(volume),
            ["sodUtc0"] = Num(last),
            ["sodUtc8"] = Num(last),
            ["ts"] = Ms(Now),
        };
    }

    private JsonObject RenderBooks(FakeOkxInstrument i, int depth, bool withInstId)
    {
        var asks = new JsonArray();
        var bids = new JsonArray();
        if (LastOrNull(i.InstId) is { } last)
        {
            for (var level = 1; level <= depth; level++)
            {
                asks.Add(new JsonArray(Num(last + (level * i.TickSize)), Num(_options.BookLevelSize), "0", "1"));
                var bid = last - (level * i.TickSize);
                if (bid > 0)
                {
                    bids.Add(new JsonArray(Num(bid), Num(_options.BookLevelSize), "0", "1"));
                }
            }
        }
        var book = new JsonObject { ["asks"] = asks, ["bids"] = bids };
        if (withInstId)
        {
            book["instId"] = i.InstId;
        }
        book["ts"] = Ms(Now);
        book["seqId"] = ++_bookSeq;
        return book;
    }

    private static JsonArray CandleRow(FakeOkxInstrument i, FakeOkxCandle c)
    {
        var volCcy = i.IsSwap ? c.Volume * i.ContractValue : c.Volume * c.Close;
        var volQuote = i.IsSwap ? volCcy * c.Close : volCcy;
        return new JsonArray(
            Ms(c.Time), Num(c.Open), Num(c.High), Num(c.Low), Num(c.Close),
            Num(c.Volume), Num(volCcy), Num(volQuote), c.Confirmed ? "1" : "0");
    }

    // ---------- helpers ----------

    private FakeOkxInstrument RequireInstrument(string instId) =>
        _instruments.TryGetValue(instId, out var i)
            ? i
            : throw new ArgumentException($"Fake OKX has no instrument '{instId}'; add it first.", nameof(instId));

    private SortedDictionary<long, FakeOkxCandle> Series(string instId, string bar)
    {
        if (!_candles.TryGetValue((instId, bar), out var series))
        {
            series = [];
            _candles[(instId, bar)] = series;
        }
        return series;
    }

    private decimal? LastOrNull(string instId) => _lastPrices.TryGetValue(instId, out var p) ? p : null;

    private string NextId() => (_nextId++).ToString(CultureInfo.InvariantCulture);

    private decimal LeverageOf(string instId) => _leverage.TryGetValue(instId, out var l) ? l : _options.DefaultLeverage;
}

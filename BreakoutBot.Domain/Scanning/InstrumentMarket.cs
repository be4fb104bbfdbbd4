using BreakoutBot.Domain.Abstractions;
using BreakoutBot.Domain.Indicators;
using BreakoutBot.Domain.Levels;
using BreakoutBot.Domain.Markets;

namespace BreakoutBot.Domain.Scanning;

/// <summary>
/// One instrument's streaming market state: the last <see cref="WindowSize"/> bars as contiguous arrays (for levels and
/// signals) and every indicator the scanner, signals and positions need, each updated once per new bar in O(1).
/// The window lives in arrays of twice its size and slides by one block copy every <see cref="WindowSize"/> bars.
/// </summary>
public sealed partial class InstrumentMarket : IMarketView
{
    public const int WindowSize = 150;
    private const int Capacity = WindowSize * 2;
    private const int DayBars = 288;
    private static readonly long FifteenMinuteTicks = TimeSpan.FromMinutes(15).Ticks;

    private readonly double[] _open = new double[Capacity];
    private readonly double[] _high = new double[Capacity];
    private readonly double[] _low = new double[Capacity];
    private readonly double[] _close = new double[Capacity];
    private readonly double[] _volume = new double[Capacity];
    private readonly long[] _time = new long[Capacity];
    // Gaps counted from the start of the arrays: _gapsUpTo[i] = bars j in [1, i] opened more than 1.2 intervals after
    // bar j − 1, so the gaps in any stretch are one subtraction (the data-health filter asks on every scan).
    private readonly int[] _gapsUpTo = new int[Capacity];
    private static readonly long GapTicks = (long)(Candle.Interval.Ticks * 1.2);
    private int _start;
    private int _end;

    private readonly Atr _atr = new(14);
    private readonly Atr _atr15 = new(14);
    private readonly Bollinger _bollinger = new(20, 2);
    private readonly VolumeSurge _volumeSurge = new(20, 12);
    private readonly RollingVwap _vwap = new(WindowSize);
    private readonly SummedRing _quoteVolume24h = new(DayBars);
    private readonly RollingCorrelation _btcCorrelation = new(20);
    private OpenInterestHistory? _openInterestHistory;

    /// <summary>What this market's scans measure into when results are built on demand (ScanningManager.ResultsOnDemand).</summary>
    internal MarketScanObjects? ScanObjects { get; set; }

    /// <summary>
    /// What the market-data source keeps for this market (a replay's series of the instrument), so that bringing the
    /// market up to date on every bar needs no look-up by id. Set and read only by the source, which checks it is its own.
    /// </summary>
    public object? SourceState { get; set; }

    private Ticker? _ticker;
    private TickerQuote? _quote;
    private long _bucket15 = long.MinValue;
    private double _h15;
    private double _l15;
    private double _c15;

    public InstrumentMarket(Instrument instrument, bool isBenchmark, int chandelierPeriod = 22, double chandelierMultiplier = 3.0)
    {
        ArgumentNullException.ThrowIfNull(instrument);
        Instrument = instrument;
        IsBenchmark = isBenchmark;
        (_chandelierAtr, _chandelierExtremes, _chandelierMultiplier) = Chandelier(chandelierPeriod, chandelierMultiplier);
    }

    public Instrument Instrument { get; }

    public bool IsBenchmark { get; }

    public int CandleCount { get; private set; }

    // The newest bar, held as a plain value: the per-bar paths read its time or close without copying a nullable bar.
    private Candle _lastCandle;

    public Candle? LastCandle => CandleCount > 0 ? _lastCandle : null;

    public DateTimeOffset? LastCandleTime => CandleCount > 0 ? _lastCandle.Time : null;

    /// <summary>The newest bar's close as the indicators hold it (0 before the first bar).</summary>
    public double LastClose => CandleCount > 0 ? _close[_end - 1] : 0d;

    /// <summary>When the newest bar closed, or null before the first bar.</summary>
    public DateTimeOffset? LastCloseTime => CandleCount > 0 ? _lastCandle.CloseTime : null;

    public CandleWindow Window => new(_open, _high, _low, _close, _volume, _time, _start, _end - _start);

    public double Atr => _atr.IsReady ? _atr.Value : double.NaN;

    public double Atr15m => _atr15.IsReady ? _atr15.Value : double.NaN;

    public double BollingerWidthPct => _bollinger.IsReady ? _bollinger.WidthPct : double.NaN;

    public double VolumeSurge1h => _volumeSurge.IsSurge1hReady ? _volumeSurge.Surge1h : double.NaN;

    public double VolumeSurge5m => _volumeSurge.IsSurge5mReady ? _volumeSurge.Surge5m : double.NaN;

    public double Vwap => _vwap.Value;

    /// <summary>Quote volume (volume × close) over the last 288 bars (24 h), scaled up when fewer bars are held.</summary>
    public double Volume24hUsd => _quoteVolume24h.Count == 0 ? 0 : _quoteVolume24h.Sum * DayBars / _quoteVolume24h.Count;

    public double BtcCorrelation => IsBenchmark ? 1d : _btcCorrelation.IsReady && double.IsFinite(_btcCorrelation.Value) ? _btcCorrelation.Value : 0d;

    public bool IsBtcCorrelationReady => IsBenchmark || _btcCorrelation.IsReady;

    /// <summary>
    /// The real level-2 book, null when the source has none: a modelled book (a replay's, see
    /// <see cref="OrderBookSummary.IsModelled"/>) is not one, so the signals' imbalance check is not available (ADR-008).
    /// </summary>
    public OrderBookSummary? OrderBook => LiquidityBook is { IsModelled: false } book ? book : null;

    /// <summary>The book for spread, depth and sizing: the real one, or the source's model of one.</summary>
    public OrderBookSummary? LiquidityBook => HasLiquidityBook ? _book : null;

    // The book once one was applied, read in place by the scan (the struct is large; a scan reads it for every instrument).
    private OrderBookSummary _book;

    /// <summary>True once a book was applied (<see cref="LiquidityBook"/> has a value).</summary>
    public bool HasLiquidityBook { get; private set; }

    /// <summary>The book's fields without a copy of it (default before the first book).</summary>
    internal ref readonly OrderBookSummary Book => ref _book;

    /// <summary>Spread of <see cref="LiquidityBook"/> in bps (NaN without a book).</summary>
    public double BookSpreadBps { get; private set; } = double.NaN;

    /// <summary>Both sides' depth within 0.3 % of <see cref="LiquidityBook"/> (0 without a book).</summary>
    public double BookDepth03Usd { get; private set; }

    /// <summary>Both sides' depth within 0.5 % of <see cref="LiquidityBook"/> (0 without a book).</summary>
    public double BookDepth05Usd { get; private set; }

    /// <summary>False when the scan has no benchmark series at all (correlation with BTC is then not available).</summary>
    public bool HasBenchmark { get; init; } = true;

    /// <summary>The latest ticker: the one a snapshot brought, or made (once) from the quote a replay handed over.</summary>
    public Ticker? Ticker => _ticker ??= _quote is { } q ? q.ToTicker(Instrument.Id) : null;

    /// <summary>
    /// The ticker's last trade when newer than the last bar's close, read without making the ticker (a replay's quote is
    /// its bar's close at the bar's close time: null).
    /// </summary>
    public decimal? LiveLastPrice => _ticker is { } t
        ? IMarketView.LiveLast(LastCandle, t.Last, t.Time)
        : _quote is { } q ? IMarketView.LiveLast(LastCandle, q.Last, q.Time) : null;

    /// <summary>The quote a replay handed over with its bars (null when the latest quotes came with a snapshot's ticker).</summary>
    public TickerQuote? Quote => _quote;

    /// <summary>The ticker's 24 h quote volume, read without making the ticker.</summary>
    public decimal? Volume24hQuote => _quote is { } q ? q.Volume24hQuote : _ticker?.Volume24hQuote;

    public decimal? OpenInterestUsd { get; private set; }

    public double? OpenInterestChange24h { get; private set; }

    public double? TradesPerMinute { get; private set; }

    /// <summary>True when the last snapshot said the data is too old to enter on.</summary>
    public bool IsStale { get; private set; }

    /// <summary>Bars in the window whose open time is more than 1.2 bar lengths after the previous bar's.</summary>
    public int GapsInLast(int bars)
    {
        var n = _end - _start;
        var from = Math.Max(_start + 1, _end - bars);
        return n < 2 || from >= _end ? 0 : _gapsUpTo[_end - 1] - _gapsUpTo[from - 1];
    }

    public void ApplySnapshot(MarketSnapshot snapshot, Func<long, double>? benchmarkCloseAt)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var candles = snapshot.NewCandles;
        for (var i = 0; i < candles.Count; i++)
        {
            Add(candles[i], benchmarkCloseAt);
        }
        ApplyQuotes(snapshot.Ticker, snapshot.OrderBook, snapshot.TradesPerMinute, snapshot.IsStale);
        OpenInterestUsd = snapshot.OpenInterestUsd;
        OpenInterestChange24h = snapshot.OpenInterestChange24h ?? OpenInterestChangeFrom(snapshot);
    }

    /// <summary>
    /// What <see cref="ApplySnapshot"/> does with a snapshot of these bars and quotes and no open interest, without the
    /// snapshot: a replay's provider (<see cref="IMarketUpdateSource"/>) updates every instrument on every bar this way.
    /// </summary>
    /// <param name="bookFigures"><see cref="BookFigures.Of"/> of <paramref name="book"/> when the source has it already (a replay's shared model).</param>
    public void ApplyBars(ReadOnlySpan<Candle> newCandles, Ticker? ticker, OrderBookSummary? book, double? tradesPerMinute, Func<long, double>? benchmarkCloseAt, BookFigures? bookFigures = null)
    {
        foreach (var candle in newCandles)
        {
            Add(candle, benchmarkCloseAt);
        }
        ApplyQuotes(ticker, book, tradesPerMinute, isStale: false, bookFigures);
        OpenInterestUsd = null;
        OpenInterestChange24h = null;
    }

    /// <summary>
    /// <see cref="ApplyBars(ReadOnlySpan{Candle}, Ticker?, OrderBookSummary?, double?, Func{long, double}?, BookFigures?)"/>
    /// with the ticker as a quote: a replay updates every instrument on every bar, and the ticker object is made only if
    /// something reads <see cref="Ticker"/>.
    /// </summary>
    public void ApplyBars(ReadOnlySpan<Candle> newCandles, in TickerQuote quote, in OrderBookSummary book, double tradesPerMinute, Func<long, double>? benchmarkCloseAt, in BookFigures bookFigures)
    {
        AddBars(newCandles, benchmarkCloseAt);
        ApplySourceQuotes(quote, book, tradesPerMinute, bookFigures);
    }

    /// <summary>The bars part of <see cref="ApplyBars(ReadOnlySpan{Candle}, in TickerQuote, in OrderBookSummary, double, Func{long, double}?, in BookFigures)"/>.</summary>
    public void AddBars(ReadOnlySpan<Candle> newCandles, Func<long, double>? benchmarkCloseAt)
    {
        foreach (ref readonly var candle in newCandles)
        {
            Add(candle, benchmarkCloseAt);
        }
    }

    /// <summary>
    /// The quotes part of <see cref="ApplyBars(ReadOnlySpan{Candle}, in TickerQuote, in OrderBookSummary, double, Func{long, double}?, in BookFigures)"/>:
    /// a source holding its model in fields hands them over by reference, and each is copied once, into this market.
    /// </summary>
    public void ApplySourceQuotes(in TickerQuote quote, in OrderBookSummary book, double tradesPerMinute, in BookFigures bookFigures)
    {
        // The book and its figures read in place (the structs are large and this runs per instrument per bar).
        ApplyBook(book, bookFigures);
        TradesPerMinute = tradesPerMinute;
        IsStale = false;
        _quote = quote;
        _ticker = null;
        OpenInterestUsd = null;
        OpenInterestChange24h = null;
    }

    private void ApplyQuotes(Ticker? ticker, OrderBookSummary? orderBook, double? tradesPerMinute, bool isStale, BookFigures? bookFigures = null)
    {
        if (ticker is not null)
        {
            _ticker = ticker;
            _quote = null;
        }
        if (orderBook is { } book)
        {
            // The scanner reads the figures on every scan; the decimal arithmetic is done once per new book.
            ApplyBook(book, bookFigures ?? BookFigures.Of(book));
        }
        TradesPerMinute = tradesPerMinute;
        IsStale = isStale;
    }

    private void ApplyBook(in OrderBookSummary book, in BookFigures figures)
    {
        _book = book;
        HasLiquidityBook = true;
        BookSpreadBps = figures.SpreadBps;
        BookDepth03Usd = figures.Depth03Usd;
        BookDepth05Usd = figures.Depth05Usd;
    }

    /// <summary>Adds one closed bar (bars at or before the last one are ignored).</summary>
    public bool Add(in Candle candle, Func<long, double>? benchmarkCloseAt = null)
    {
        if (CandleCount > 0 && candle.Time <= _lastCandle.Time)
        {
            return false;
        }
        if (_end == Capacity)
        {
            var keep = WindowSize - 1;
            var from = _end - keep;
            Array.Copy(_open, from, _open, 0, keep);
            Array.Copy(_high, from, _high, 0, keep);
            Array.Copy(_low, from, _low, 0, keep);
            Array.Copy(_close, from, _close, 0, keep);
            Array.Copy(_volume, from, _volume, 0, keep);
            Array.Copy(_time, from, _time, 0, keep);
            _start = 0;
            _end = keep;
            _gapsUpTo[0] = 0;
            for (var i = 1; i < keep; i++)
            {
                _gapsUpTo[i] = _gapsUpTo[i - 1] + (_time[i] - _time[i - 1] > GapTicks ? 1 : 0);
            }
        }
        double o = (double)candle.Open, h = (double)candle.High, l = (double)candle.Low, c = (double)candle.Close, v = (double)candle.Volume;
        var t = candle.Time.UtcTicks;
        _open[_end] = o;
        _high[_end] = h;
        _low[_end] = l;
        _close[_end] = c;
        _volume[_end] = v;
        _time[_end] = t;
        _gapsUpTo[_end] = _end == 0 ? 0 : _gapsUpTo[_end - 1] + (t - _time[_end - 1] > GapTicks ? 1 : 0);
        _end++;
        if (_end - _start > WindowSize)
        {
            _start++;
        }
        CandleCount++;
        _lastCandle = candle;

        _atr.Update(h, l, c);
        _bollinger.Update(c);
        _volumeSurge.Update(v);
        _vwap.Update(h, l, c, v);
        _quoteVolume24h.Add(v * c);
        UpdateChandelier(h, l, c);
        Update15m(t, h, l, c);
        if (!IsBenchmark && benchmarkCloseAt is not null)
        {
            var btc = benchmarkCloseAt(t);
            if (double.IsFinite(btc) && btc > 0)
            {
                _btcCorrelation.Add(c, btc);
            }
        }
        return true;
    }

    public double CloseAt(long timeTicks)
    {
        // Newest bars are at the end; the benchmark is asked for times it has usually just added.
        for (var i = _end - 1; i >= _start; i--)
        {
            if (_time[i] == timeTicks)
            {
                return _close[i];
            }
            if (_time[i] < timeTicks)
            {
                break;
            }
        }
        return double.NaN;
    }

    /// <summary>
    /// Records the snapshot's open interest (when it has one, with its time) and returns the 24 h change over what has
    /// been recorded, or null (no open interest this time, or fewer than 24 h of reads). Sources without open interest
    /// (candles) never get here with a value, so a replay allocates nothing for it.
    /// </summary>
    private double? OpenInterestChangeFrom(MarketSnapshot snapshot)
    {
        if (snapshot.OpenInterestUsd is not { } usd || snapshot.OpenInterestTime is not { } time)
        {
            return null;
        }
        var history = _openInterestHistory ??= new OpenInterestHistory();
        history.Add(time, usd);
        return history.ChangeOverWindow();
    }

    private void Update15m(long t, double h, double l, double c)
    {
        var bucket = t - (t % FifteenMinuteTicks);
        if (bucket != _bucket15)
        {
            if (_bucket15 != long.MinValue)
            {
                _atr15.Update(_h15, _l15, _c15);
            }
            _bucket15 = bucket;
            _h15 = h;
            _l15 = l;
            _c15 = c;
            return;
        }
        _h15 = Math.Max(_h15, h);
        _l15 = Math.Min(_l15, l);
        _c15 = c;
    }
}

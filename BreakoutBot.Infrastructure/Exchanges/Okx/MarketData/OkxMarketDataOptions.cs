using BreakoutBot.Domain.Scanning;

namespace BreakoutBot.Infrastructure.Exchanges.Okx.MarketData;

/// <summary>
/// What the live OKX market-data provider tracks and how often it refreshes (configuration section
/// <c>Okx:MarketData</c>). Tests shrink the intervals; the defaults suit production.
/// </summary>
public sealed class OkxMarketDataOptions
{
    public const string SectionName = "Okx:MarketData";

    /// <summary>Also track USDT spot pairs (besides the USDT-margined linear swaps).</summary>
    public bool IncludeSpot { get; set; }

    /// <summary>Keep only the N instruments with the highest 24 h quote volume; 0 keeps every eligible one.</summary>
    public int MaxInstruments { get; set; }

    /// <summary>When not empty, only these instrument ids are eligible (they must still be live and USDT-quoted).</summary>
    public IList<string> AllowList { get; set; } = [];

    /// <summary>
    /// Always tracked when live (even outside the top N or the allow-list): the scanner correlates every instrument
    /// with it. Empty to turn off.
    /// </summary>
    public string BenchmarkInstrumentId { get; set; } = "BTC-USDT-SWAP";

    /// <summary>Closed bars loaded per instrument at start (the scanner asks for this many on its first pass).</summary>
    public int BackfillBars { get; set; } = ScanningManager.BackfillBars;

    /// <summary>Closed bars held per instrument; older ones are dropped.</summary>
    public int MaxBarsKept { get; set; } = ScanningManager.BackfillBars * 2;

    /// <summary>How often the universe (instrument list, rules and volume ranking) is reloaded.</summary>
    public TimeSpan UniverseRefreshInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Pause between passes of the background loop (candle polling of instruments whose next bar is due).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How often all tickers are fetched (one call per instrument type).</summary>
    public TimeSpan TickerRefreshInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>A book fetched over REST (or pushed) is reused for this long.</summary>
    public TimeSpan BookTtl { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Fetch the order book over REST when a snapshot is asked for and the cached one is older than <see cref="BookTtl"/>.</summary>
    public bool FetchBooks { get; set; } = true;

    /// <summary>Read open interest from <c>/public/open-interest</c> (one call for all swaps) for the <c>min_oi</c> and <c>oi_delta</c> conditions.</summary>
    public bool FetchOpenInterest { get; set; } = true;

    /// <summary>How often open interest is read (the original cached it for 60 s).</summary>
    public TimeSpan OpenInterestRefreshInterval { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Open interest older than this (by its OKX timestamp) is not used: the conditions are then not available.</summary>
    public TimeSpan OpenInterestMaxAge { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// How often the current funding rates are read (<c>/public/funding-rate?instId=ANY</c>, one call for all swaps) for
    /// a paper account on live data (<see cref="LiveFundingSchedule"/>).
    /// </summary>
    public TimeSpan FundingRefreshInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Levels per side fetched from <c>/market/books</c> (the original bot's 50; OKX allows up to 400). The depth within
    /// 0.3 % and 0.5 % counts only the levels fetched, so too few understate a liquid book's depth (and with it the
    /// depth filters, the sizing cap and the split of large entries); the imbalance needs 10.
    /// </summary>
    public int BookDepth { get; set; } = 50;

    /// <summary>Candle data is stale once the last closed bar opened more than 2 bar intervals plus this grace ago.</summary>
    public TimeSpan CandleGrace { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>A ticker older than this (by its OKX timestamp) makes the instrument stale.</summary>
    public TimeSpan TickerMaxAge { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>REST calls in flight at once during backfill and polling (the client's rate limiter still applies).</summary>
    public int MaxConcurrentRequests { get; set; } = 4;

    /// <summary>Average trade size assumed to turn quote volume into an estimated trade rate (OKX candles carry no trade count).</summary>
    public decimal AssumedTradeSizeUsd { get; set; } = 500m;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first bad setting.</summary>
    public void Validate()
    {
        Require(MaxInstruments >= 0, nameof(MaxInstruments), "cannot be negative");
        Require(BackfillBars > 0, nameof(BackfillBars), "must be positive");
        Require(MaxBarsKept >= BackfillBars, nameof(MaxBarsKept), "must be at least BackfillBars");
        Require(UniverseRefreshInterval > TimeSpan.Zero, nameof(UniverseRefreshInterval), "must be positive");
        Require(PollInterval > TimeSpan.Zero, nameof(PollInterval), "must be positive");
        Require(TickerRefreshInterval > TimeSpan.Zero, nameof(TickerRefreshInterval), "must be positive");
        Require(BookTtl >= TimeSpan.Zero, nameof(BookTtl), "cannot be negative");
        Require(OpenInterestRefreshInterval > TimeSpan.Zero, nameof(OpenInterestRefreshInterval), "must be positive");
        Require(OpenInterestMaxAge > TimeSpan.Zero, nameof(OpenInterestMaxAge), "must be positive");
        Require(FundingRefreshInterval > TimeSpan.Zero, nameof(FundingRefreshInterval), "must be positive");
        Require(BookDepth is > 0 and <= 400, nameof(BookDepth), "must be between 1 and 400");
        Require(CandleGrace >= TimeSpan.Zero, nameof(CandleGrace), "cannot be negative");
        Require(TickerMaxAge > TimeSpan.Zero, nameof(TickerMaxAge), "must be positive");
        Require(MaxConcurrentRequests > 0, nameof(MaxConcurrentRequests), "must be positive");
        Require(AssumedTradeSizeUsd > 0, nameof(AssumedTradeSizeUsd), "must be positive");
    }

    private static void Require(bool condition, string name, string problem)
    {
        if (!condition)
        {
            throw new ArgumentException($"{SectionName}:{name} {problem}.", name);
        }
    }
}

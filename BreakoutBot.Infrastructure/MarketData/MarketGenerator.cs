using System.Globalization;
using BreakoutBot.Domain.Common;
using BreakoutBot.Domain.Markets;

namespace BreakoutBot.Infrastructure.MarketData;

/// <summary>
/// Generates a deterministic synthetic market of 5-minute USDT swap candles for demos, tests and replays.
/// </summary>
/// <remarks>
/// <para>Each instrument runs its own regime machine on its log price: <b>ranges</b> (mean reversion inside a band
/// with soft walls, volume drying up), <b>breakouts</b> (an impulse bar out of the band on a 3.5–6× volume surge,
/// then a drifting continuation), <b>failed breakouts</b> (a pierce of the band on 2–3× volume, then a fall back to
/// the middle), <b>trends</b> up or down, and short <b>volatility bursts</b>. The first instrument is a BTC-like
/// benchmark; the others' random shocks are mixed with the benchmark's shock (correlation 0.5–0.8), so they move
/// partly with it while keeping their own ranges and breakouts.</para>
/// <para>Prices are exponentials of the log price (always positive), rounded to the tick; the open of a bar is the
/// previous close; high and low enclose open and close. Volume (in coins) is a per-instrument quote volume per bar
/// (0.3–20 M USDT) scaled by the regime, the size of the move, an intraday cycle and log-normal noise, so 24-hour
/// volume is far above common liquidity filters. Everything comes from one <see cref="Random"/> seeded with
/// <see cref="MarketGeneratorOptions.Seed"/>, drawn in a fixed order: same options, same market.</para>
/// </remarks>
public static class MarketGenerator
{
    private static readonly Profile[] KnownProfiles =
    [
        new("BTC", 42_000m, 0.1m, 0.01m, 0.0018, 20_000_000, 1.0),
        new("ETH", 2_300m, 0.01m, 0.1m, 0.0022, 10_000_000, 0.8),
        new("SOL", 100m, 0.01m, 1m, 0.0035, 4_000_000, 0.65),
        new("XRP", 0.6m, 0.0001m, 100m, 0.0030, 2_000_000, 0.6),
        new("DOGE", 0.09m, 0.00001m, 1000m, 0.0038, 1_500_000, 0.6),
        new("ADA", 0.6m, 0.0001m, 100m, 0.0032, 800_000, 0.6),
        new("LINK", 15m, 0.001m, 1m, 0.0035, 600_000, 0.55),
        new("AVAX", 35m, 0.01m, 1m, 0.0040, 600_000, 0.55),
        new("DOT", 7m, 0.001m, 1m, 0.0033, 400_000, 0.55),
        new("LTC", 70m, 0.01m, 1m, 0.0030, 400_000, 0.6),
    ];

    /// <summary>Generates the market described by <paramref name="options"/> (defaults when null).</summary>
    public static GeneratedMarket Generate(MarketGeneratorOptions? options = null)
    {
        options ??= new MarketGeneratorOptions();
        if (options.InstrumentCount < 1 || options.BarsPerInstrument < 1)
        {
            throw new DomainException("Market generator: InstrumentCount and BarsPerInstrument must be at least 1.");
        }
        if (options.Start.Offset != TimeSpan.Zero)
        {
            throw new DomainException($"Market generator: Start {options.Start:O} must be UTC.");
        }

        var random = new Random(options.Seed);
        var profiles = Enumerable.Range(0, options.InstrumentCount).Select(i => ProfileFor(i, random)).ToArray();
        var instruments = profiles.Select(p => new Instrument(p.Id, InstrumentKind.Swap, p.Tick, 1m, 1m, p.ContractValue)).ToArray();
        var walkers = profiles.Select((p, i) => new Walker(p, instruments[i], options.BarsPerInstrument)).ToArray();

        for (var bar = 0; bar < options.BarsPerInstrument; bar++)
        {
            var time = options.Start + (Candle.Interval * bar);
            var commonShock = Gaussian(random);
            foreach (var walker in walkers)
            {
                walker.Step(random, time, commonShock);
            }
        }

        var candles = new Dictionary<string, IReadOnlyList<Candle>>(StringComparer.Ordinal);
        foreach (var walker in walkers)
        {
            candles.Add(walker.Instrument.Id, walker.Candles.AsReadOnly());
        }
        return new GeneratedMarket(instruments.AsReadOnly(), candles);
    }

    private static Profile ProfileFor(int index, Random random)
    {
        if (index < KnownProfiles.Length)
        {
            return KnownProfiles[index];
        }
        // Synthetic alts: a price between 0.5 and 50, a tick of about 1/10,000 of it.
        var price = decimal.Round((decimal)(0.5 * Math.Pow(100, random.NextDouble())), 3);
        var tick = price >= 5m ? 0.001m : 0.0001m;
        var name = "SYN" + (index - KnownProfiles.Length + 1).ToString("D2", CultureInfo.InvariantCulture);
        return new Profile(name, Math.Max(price, 0.5m), tick, 1m, 0.0035 + (0.0015 * random.NextDouble()), 300_000 + (500_000 * random.NextDouble()), 0.5);
    }

    /// <summary>Standard normal draw (Box–Muller; uses two uniforms).</summary>
    private static double Gaussian(Random random)
    {
        var u1 = 1.0 - random.NextDouble();
        var u2 = random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }

    private static double Uniform(Random random, double min, double max) => min + ((max - min) * random.NextDouble());

    private sealed record Profile(string Base, decimal StartPrice, decimal Tick, decimal ContractValue, double BarVolatility, double QuotePerBar, double Correlation)
    {
        public string Id => Base + "-USDT-SWAP";
    }

    private enum Regime
    {
        Range,
        Breakout,
        FailedBreakout,
        Trend,
        Burst,
    }

    /// <summary>One instrument's price path and regime state.</summary>
    private sealed class Walker
    {
        private const double AnchorPull = 0.0002;
        private const double MaxLogDistanceFromStart = 1.6;

        private readonly Profile _profile;
        private readonly double _anchor;
        private readonly double _sigma;
        private double _logPrice;
        private decimal _lastClose;
        private Regime _regime = Regime.Range;
        private int _barsLeft;
        private int _barsIn;
        private double _center;
        private double _halfWidth;
        private int _direction = 1;
        private double _drift;
        private double _impulse;
        private double _volatilityMultiplier = 1.0;
        private bool _started;

        public Walker(Profile profile, Instrument instrument, int bars)
        {
            _profile = profile;
            Instrument = instrument;
            Candles = new List<Candle>(bars);
            _anchor = Math.Log((double)profile.StartPrice);
            _logPrice = _anchor;
            _sigma = profile.BarVolatility;
            _lastClose = instrument.RoundPrice(profile.StartPrice);
        }

        public Instrument Instrument { get; }

        public List<Candle> Candles { get; }

        public void Step(Random random, DateTimeOffset time, double commonShock)
        {
            if (!_started)
            {
                StartRange(random, keepCenter: false);
                _started = true;
            }
            else if (_barsLeft <= 0)
            {
                NextRegime(random);
            }

            var ownShock = Gaussian(random);
            var rho = _profile.Correlation;
            var shock = (rho * commonShock) + (Math.Sqrt(1.0 - (rho * rho)) * ownShock);
            var previous = _logPrice;
            var step = RegimeStep(shock);
            step += AnchorPull * (_anchor - _logPrice);
            _logPrice = Math.Clamp(_logPrice + step, _anchor - MaxLogDistanceFromStart, _anchor + MaxLogDistanceFromStart);
            _barsLeft--;
            _barsIn++;

            Candles.Add(BuildCandle(random, time, previous));
        }

        private double RegimeStep(double shock)
        {
            var sigma = _sigma * _volatilityMultiplier;
            switch (_regime)
            {
                case Regime.Range:
                    {
                        var proposed = _logPrice + (0.08 * (_center - _logPrice)) + (0.7 * sigma * shock);
                        var top = _center + _halfWidth;
                        var bottom = _center - _halfWidth;
                        // Soft walls: a move past the band edge is reflected back inside (price "tests" the level).
                        if (proposed > top)
                        {
                            proposed = top - (0.5 * (proposed - top));
                        }
                        else if (proposed < bottom)
                        {
                            proposed = bottom + (0.5 * (bottom - proposed));
                        }
                        return proposed - _logPrice;
                    }
                case Regime.Breakout when _barsIn == 0:
                    {
                        // The impulse bar: from wherever it is in the band to well beyond the edge.
                        var target = _center + (_direction * (_halfWidth + (_sigma * _impulse)));
                        return target - _logPrice + (0.3 * _sigma * Math.Abs(shock) * _direction);
                    }
                case Regime.FailedBreakout when _barsIn < 2:
                    {
                        var target = _center + (_direction * (_halfWidth + (_sigma * _impulse)));
                        return (0.7 * (target - _logPrice)) + (0.3 * sigma * shock);
                    }
                case Regime.FailedBreakout:
                    return (0.3 * (_center - _logPrice)) + (0.6 * sigma * shock);
                default:
                    return (_direction * _drift * _sigma) + (sigma * shock);
            }
        }

        private void NextRegime(Random random)
        {
            var roll = random.NextDouble();
            switch (_regime)
            {
                case Regime.Range when roll < 0.40:
                    _regime = Regime.Breakout;
                    _direction = random.NextDouble() < 0.55 ? 1 : -1;
                    _impulse = Uniform(random, 2.0, 4.0); // how far beyond the edge the impulse bar closes, in sigmas
                    _drift = Uniform(random, 0.25, 0.5);  // continuation drift per bar, in sigmas
                    _barsLeft = random.Next(12, 41);
                    _volatilityMultiplier = 1.2;
                    break;
                case Regime.Range when roll < 0.60:
                    _regime = Regime.FailedBreakout;
                    _direction = random.NextDouble() < 0.5 ? 1 : -1;
                    _impulse = Uniform(random, 1.0, 2.0);
                    _barsLeft = random.Next(6, 13);
                    _volatilityMultiplier = 1.1;
                    break;
                case Regime.Range when roll < 0.75:
                case Regime.Trend when roll < 0.15:
                    StartTrend(random, _regime == Regime.Trend ? -_direction : (random.NextDouble() < 0.5 ? 1 : -1));
                    break;
                case Regime.Range when roll < 0.90:
                case Regime.Trend when roll < 0.30:
                    _regime = Regime.Burst;
                    _direction = random.NextDouble() < 0.5 ? 1 : -1;
                    _drift = Uniform(random, 0.0, 0.4);
                    _barsLeft = random.Next(6, 25);
                    _volatilityMultiplier = Uniform(random, 3.0, 5.0);
                    break;
                case Regime.Breakout when roll < 0.5:
                    StartTrend(random, _direction);
                    break;
                case Regime.FailedBreakout:
                    StartRange(random, keepCenter: true);
                    break;
                default:
                    StartRange(random, keepCenter: false);
                    break;
            }
            _barsIn = 0;
        }

        private void StartRange(Random random, bool keepCenter)
        {
            _regime = Regime.Range;
            if (!keepCenter)
            {
                _center = _logPrice;
                _halfWidth = _sigma * Uniform(random, 4.0, 8.0);
            }
            _barsLeft = keepCenter ? random.Next(30, 81) : random.Next(48, 161);
            _volatilityMultiplier = 1.0;
            _drift = 0;
        }

        private void StartTrend(Random random, int direction)
        {
            _regime = Regime.Trend;
            _direction = direction;
            _drift = Uniform(random, 0.15, 0.35);
            _barsLeft = random.Next(60, 201);
            _volatilityMultiplier = 1.0;
        }

        private double VolumeMultiplier(Random random) =>
            _regime switch
            {
                // Volume dries up as a range matures.
                Regime.Range => 0.9 - (0.25 * Math.Min(1.0, _barsIn / 150.0)),
                Regime.Breakout when _barsIn == 1 => Uniform(random, 3.5, 6.0),
                Regime.Breakout when _barsIn <= 3 => Uniform(random, 1.8, 2.8),
                Regime.Breakout => 1.3,
                Regime.FailedBreakout when _barsIn <= 2 => Uniform(random, 2.0, 3.0),
                Regime.FailedBreakout => 1.4,
                Regime.Trend => 1.2,
                _ => Uniform(random, 2.5, 4.0),
            };

        private Candle BuildCandle(Random random, DateTimeOffset time, double previousLog)
        {
            var instrument = Instrument;
            var open = _lastClose;
            var close = Math.Max(instrument.RoundPrice((decimal)Math.Exp(_logPrice)), instrument.TickSize);
            var sigma = _sigma * _volatilityMultiplier;
            var upperWick = Math.Exp(0.6 * sigma * Math.Abs(Gaussian(random)));
            var lowerWick = Math.Exp(-0.6 * sigma * Math.Abs(Gaussian(random)));
            var high = instrument.RoundPriceUp(Math.Max(open, close) * (decimal)upperWick);
            var low = Math.Max(instrument.RoundPriceDown(Math.Min(open, close) * (decimal)lowerWick), instrument.TickSize);
            _lastClose = close;

            var move = Math.Abs(_logPrice - previousLog) / _sigma;
            var minuteOfDay = time.Hour * 60 + time.Minute;
            var intraday = 1.0 + (0.25 * Math.Sin(2.0 * Math.PI * ((minuteOfDay / 1440.0) - 0.375)));
            var noise = Math.Exp((0.35 * Gaussian(random)) - 0.06);
            var quote = _profile.QuotePerBar * VolumeMultiplier(random) * intraday * noise * (1.0 + (0.15 * Math.Min(move, 4.0)));
            var coins = (decimal)quote / close;
            var decimals = close >= 1000m ? 4 : close >= 1m ? 2 : 0;
            var volume = Math.Max(decimal.Round(coins, decimals), decimals == 0 ? 1m : 0.01m);
            return Candle.Create(time, open, high, low, close, volume);
        }
    }
}

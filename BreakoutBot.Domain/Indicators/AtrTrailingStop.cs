namespace BreakoutBot.Domain.Indicators;

/// <summary>
/// ATR trailing stop (the oracle's "ATR stop", default period 21, multiplier 3, close basis). Each bar forms an
/// upper band (price + ATR·mult) and a lower band (price − ATR·mult) from <see cref="AtrStopBasis"/>. The upper
/// band only moves down and the lower band only up, unless the previous close crossed the band, which resets it.
/// In an uptrend the stop is the lower band (a sell stop below price); when the close falls to or through it the
/// trend flips and the stop becomes the upper band (a buy stop above price), and vice versa.
/// </summary>
/// <remarks>
/// The ATR is Wilder's <see cref="Indicators.Atr"/>, so the first stop appears on bar Period + 1. The trend of that
/// first bar is up when its close is at or above the previous close.
/// </remarks>
public sealed class AtrTrailingStop
{
    private readonly Atr _atr;
    private double _previousClose = double.NaN;
    private double _upperBand = double.NaN;
    private double _lowerBand = double.NaN;

    public AtrTrailingStop(int period = 21, double multiplier = 3.0, AtrStopBasis basis = AtrStopBasis.Close)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(period, 1);
        if (!double.IsFinite(multiplier) || multiplier < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(multiplier), multiplier, "The ATR multiplier must be a finite number >= 0.");
        }
        _atr = new Atr(period);
        Multiplier = multiplier;
        Basis = basis;
    }

    public int Period => _atr.Period;

    public double Multiplier { get; }

    public AtrStopBasis Basis { get; }

    public int Count => _atr.Count;

    public bool IsReady => _atr.IsReady;

    /// <summary>The ATR used for the bands.</summary>
    public double Atr => _atr.Value;

    /// <summary>True when the trend is up and <see cref="Stop"/> is a sell stop below price.</summary>
    public bool IsUptrend { get; private set; }

    /// <summary>The active stop: the lower band in an uptrend, the upper band in a downtrend; NaN during warm-up.</summary>
    public double Stop => IsReady ? (IsUptrend ? _lowerBand : _upperBand) : double.NaN;

    /// <summary>The stop when it sits below price (uptrend), else NaN.</summary>
    public double SellStop => IsReady && IsUptrend ? _lowerBand : double.NaN;

    /// <summary>The stop when it sits above price (downtrend), else NaN.</summary>
    public double BuyStop => IsReady && !IsUptrend ? _upperBand : double.NaN;

    /// <summary>Feeds the next bar.</summary>
    public void Update(double high, double low, double close)
    {
        var atr = _atr.Update(high, low, close);
        var previousClose = _previousClose;
        _previousClose = close;
        if (!_atr.IsReady)
        {
            return;
        }
        var offset = atr * Multiplier;
        var upper = (Basis == AtrStopBasis.Close ? close : high) + offset;
        var lower = (Basis == AtrStopBasis.Close ? close : low) - offset;
        if (_atr.Count == Period + 1)
        {
            IsUptrend = close >= previousClose;
            _upperBand = upper;
            _lowerBand = lower;
        }
        if (upper < _upperBand || previousClose > _upperBand)
        {
            _upperBand = upper;
        }
        if (lower > _lowerBand || previousClose < _lowerBand)
        {
            _lowerBand = lower;
        }
        IsUptrend = close > (IsUptrend ? _lowerBand : _upperBand);
    }

    public void Reset()
    {
        _atr.Reset();
        _previousClose = double.NaN;
        _upperBand = double.NaN;
        _lowerBand = double.NaN;
        IsUptrend = false;
    }
}

namespace BreakoutBot.Domain.Indicators;

/// <summary>Which prices the <see cref="AtrTrailingStop"/> offsets by ATR·mult to form its bands.</summary>
public enum AtrStopBasis
{
    /// <summary>close ± ATR·mult (the oracle's ATR stop(21, 3)).</summary>
    Close = 0,

    /// <summary>high + ATR·mult for the upper band, low − ATR·mult for the lower band.</summary>
    HighLow = 1,
}

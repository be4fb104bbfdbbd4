namespace BreakoutBot.Domain.Presets;

/// <summary>Take-profit, stop, hold-time and add-on rules for open positions. R is the initial entry-to-stop distance.</summary>
public sealed record PositionConfig
{
    /// <summary>First take-profit distance in R.</summary>
    public double Tp1R { get; init; } = 1;

    /// <summary>Fraction of the position closed at TP1. In (0, 1].</summary>
    public double Tp1SizePct { get; init; } = 0.5;

    /// <summary>Second take-profit distance in R; must exceed <see cref="Tp1R"/>.</summary>
    public double Tp2R { get; init; } = 2;

    /// <summary>Fraction of the position closed at TP2. In (0, 1]; TP1 + TP2 sizes may not exceed 1.</summary>
    public double Tp2SizePct { get; init; } = 0.5;

    /// <summary>Chandelier trailing stop: ATR multiple below the highest high (above the lowest low for shorts).</summary>
    public double ChandelierAtrMult { get; init; } = 3;

    public int ChandelierLookbackBars { get; init; } = 22;

    /// <summary>Move the stop to entry plus a buffer once TP1 has filled.</summary>
    public bool BreakevenEnabled { get; init; } = true;

    /// <summary>
    /// Buffer beyond entry for the breakeven stop, in bps. 10 reproduces the original's entry·1.001 (entry 100 → 100.1);
    /// its schema's declared default of 5 was never used by the live position manager.
    /// </summary>
    public double BreakevenBufferBps { get; init; } = 10;

    /// <summary>Trail the stop with the chandelier exit once breakeven has moved.</summary>
    public bool TrailingEnabled { get; init; } = true;

    public double MaxHoldTimeHours { get; init; } = 24;

    /// <summary>Close a position after this many minutes; null disables the time stop.</summary>
    public int? TimeStopMinutes { get; init; }

    /// <summary>Close when TP1 has not filled after this many hours and the trade is below <see cref="NoProgressMinR"/>.</summary>
    public double NoProgressHours { get; init; } = 8;

    public double NoProgressMinR { get; init; } = 0.3;

    public bool AddOnEnabled { get; init; }

    /// <summary>Add-on size as a fraction of the current position. In (0, 1].</summary>
    public double AddOnMaxSizePct { get; init; } = 0.5;

    public bool PanicExitOnActivityDrop { get; init; }

    /// <summary>Activity ratio (recent over baseline) below which a panic exit fires. In (0, 1).</summary>
    public double ActivityDropThreshold { get; init; } = 0.4;
}

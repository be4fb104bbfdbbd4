namespace BreakoutBot.Domain.Indicators;

/// <summary>
/// A confirmed swing high or low: its price, the zero-based index of its bar since the detector was created or
/// reset, and the time ticks passed with that bar (e.g. <c>candle.Time.UtcTicks</c>; 0 if none were given).
/// </summary>
public readonly record struct SwingPoint(double Price, long BarIndex, long TimeTicks);

namespace BreakoutBot.Web.Components.Shared;

/// <summary>One series of a <see cref="TimeSeriesChart"/>: points as (UTC time, value), drawn as a line, an area or bars.</summary>
public sealed record ChartSeries(string Name, string Color, IReadOnlyList<ChartPoint> Points, ChartKind Kind = ChartKind.Line, bool Percent = false);

/// <summary>A point of a chart series; <see cref="Time"/> in Unix seconds (the chart library's time unit).</summary>
public readonly record struct ChartPoint(long Time, double Value)
{
    public static ChartPoint At(DateTimeOffset time, double value) => new(time.ToUnixTimeSeconds(), value);
}

public enum ChartKind
{
    Line,
    Area,
    Histogram,
}

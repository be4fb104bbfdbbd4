using System.Numerics;

namespace BreakoutBot.Domain.Common;

/// <summary>
/// How many values lie on one side of a line, counted a vector at a time without branches (the level detector's pierce
/// counts, the volume-surge windows' positions). A comparison gives all-ones (−1) lanes, which are subtracted from the
/// count; the values after the last whole vector are counted one by one.
/// </summary>
public static class VectorCounts
{
    /// <summary>Values strictly above <paramref name="line"/>.</summary>
    public static int Above(ReadOnlySpan<double> values, double line) => Count<IsAbove>(values, line);

    /// <summary>Values strictly below <paramref name="line"/>.</summary>
    public static int Below(ReadOnlySpan<double> values, double line) => Count<IsBelow>(values, line);

    /// <summary>Values at or below <paramref name="line"/>.</summary>
    public static int AtOrBelow(ReadOnlySpan<double> values, double line) => Count<IsAtOrBelow>(values, line);

    private static int Count<TSide>(ReadOnlySpan<double> values, double line)
        where TSide : struct, ISide
    {
        var width = Vector<double>.Count;
        var lineV = new Vector<double>(line);
        var countV = Vector<long>.Zero;
        var i = 0;
        for (; i <= values.Length - width; i += width)
        {
            countV -= TSide.Lanes(new Vector<double>(values[i..]), lineV);
        }
        var count = (int)Vector.Sum(countV);
        for (; i < values.Length; i++)
        {
            count += TSide.Holds(values[i], line) ? 1 : 0;
        }
        return count;
    }

    private interface ISide
    {
        static abstract Vector<long> Lanes(Vector<double> values, Vector<double> line);

        static abstract bool Holds(double value, double line);
    }

    private readonly struct IsAbove : ISide
    {
        public static Vector<long> Lanes(Vector<double> values, Vector<double> line) => Vector.GreaterThan(values, line);

        public static bool Holds(double value, double line) => value > line;
    }

    private readonly struct IsBelow : ISide
    {
        public static Vector<long> Lanes(Vector<double> values, Vector<double> line) => Vector.LessThan(values, line);

        public static bool Holds(double value, double line) => value < line;
    }

    private readonly struct IsAtOrBelow : ISide
    {
        public static Vector<long> Lanes(Vector<double> values, Vector<double> line) => Vector.LessThanOrEqual(values, line);

        public static bool Holds(double value, double line) => value <= line;
    }
}

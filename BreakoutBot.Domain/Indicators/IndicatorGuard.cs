using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using BreakoutBot.Domain.Common;

namespace BreakoutBot.Domain.Indicators;

/// <summary>
/// Cheap input checks shared by the streaming indicators. A NaN or infinite input is a broken invariant (the
/// candle factory already rejects such bars), so it throws rather than silently poisoning every later value.
/// The throwing paths are kept out of line so the hot update methods stay small enough to inline.
/// </summary>
internal static class IndicatorGuard
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Finite(double value, string name)
    {
        if (!double.IsFinite(value))
        {
            ThrowNotFinite(value, name);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void NonNegative(double value, string name)
    {
        if (!(value >= 0) || double.IsPositiveInfinity(value))
        {
            ThrowNegative(value, name);
        }
    }

    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowNotFinite(double value, string name) =>
        throw new DomainException(FormattableString.Invariant($"Indicator input '{name}' must be a finite number, got {value}."));

    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowNegative(double value, string name) =>
        throw new DomainException(FormattableString.Invariant($"Indicator input '{name}' must be a finite number >= 0, got {value}."));
}

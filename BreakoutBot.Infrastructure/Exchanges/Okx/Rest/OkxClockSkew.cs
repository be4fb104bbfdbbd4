using BreakoutBot.Infrastructure.Exchanges.Okx.Models;

namespace BreakoutBot.Infrastructure.Exchanges.Okx.Rest;

/// <summary>
/// The server clock against ours, measured the NTP way: each sample compares the server's timestamp with the midpoint
/// of our send and receive times, so a symmetric delay cancels out. Several samples are taken; those whose round trip
/// is above <see cref="MaxRoundTrip"/> or above the median are ignored (a queue or a retry on one leg makes the
/// midpoint wrong by up to half the round trip), and the skew of the fastest remaining sample is reported. When every
/// sample was slow the measurement is not <see cref="Reliable"/>: a slow round trip never shows as skew.
/// </summary>
public sealed record OkxClockSkew(TimeSpan Offset, TimeSpan RoundTrip, int Samples, int Used, bool Reliable)
{
    /// <summary>A round trip longer than this says more about the network than about the clocks.</summary>
    public static readonly TimeSpan MaxRoundTrip = TimeSpan.FromSeconds(1);

    public const int DefaultSamples = 5;

    /// <param name="serverTime">Reads the server's time once (one round trip).</param>
    public static async Task<OkxResult<OkxClockSkew>> MeasureAsync(Func<CancellationToken, Task<OkxResult<DateTimeOffset>>> serverTime, TimeProvider clock, int samples, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(serverTime);
        ArgumentNullException.ThrowIfNull(clock);
        ArgumentOutOfRangeException.ThrowIfLessThan(samples, 1);
        var taken = new List<(TimeSpan Offset, TimeSpan RoundTrip)>(samples);
        OkxError? lastError = null;
        for (var i = 0; i < samples; i++)
        {
            var sent = clock.GetUtcNow();
            var server = await serverTime(cancellationToken);
            var received = clock.GetUtcNow();
            if (!server.IsSuccess)
            {
                lastError = server.Error;
                continue;
            }
            var midpoint = sent + ((received - sent) / 2);
            taken.Add((server.Value - midpoint, received - sent));
        }
        if (taken.Count == 0)
        {
            return OkxResults.Fail<OkxClockSkew>(lastError!);
        }
        var median = Median(taken.Select(t => t.RoundTrip));
        var usable = taken.Where(t => t.RoundTrip <= MaxRoundTrip && t.RoundTrip <= median).ToList();
        var best = (usable.Count > 0 ? usable : taken).MinBy(t => t.RoundTrip);
        return OkxResults.Ok(new OkxClockSkew(best.Offset, best.RoundTrip, taken.Count, usable.Count, usable.Count > 0));
    }

    private static TimeSpan Median(IEnumerable<TimeSpan> values)
    {
        var sorted = values.Order().ToList();
        var mid = sorted.Count / 2;
        return sorted.Count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }
}

using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using BreakoutBot.Infrastructure.Monitoring.Metrics;

namespace BreakoutBot.Tests.Infrastructure.Monitoring;

/// <summary>
/// Listens to the BreakoutBot meter and keeps every measurement. Other tests record on the same meter at the same time,
/// so assertions select by a label unique to the test (an engine id, an endpoint).
/// </summary>
public sealed class MeasurementRecorder : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentQueue<(string Instrument, double Value, Dictionary<string, string?> Tags)> _measurements = new();

    public MeasurementRecorder()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == BotMetrics.MeterName)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((i, v, tags, _) => Add(i, v, tags));
        _listener.SetMeasurementEventCallback<double>((i, v, tags, _) => Add(i, v, tags));
        _listener.Start();
    }

    /// <summary>The measurements of <paramref name="instrument"/> whose tags include all of <paramref name="tags"/>.</summary>
    public IReadOnlyList<double> Values(string instrument, params (string Key, string Value)[] tags) =>
        _measurements
            .Where(m => m.Instrument == instrument && tags.All(t => m.Tags.TryGetValue(t.Key, out var v) && v == t.Value))
            .Select(m => m.Value)
            .ToList();

    public double Sum(string instrument, params (string Key, string Value)[] tags) => Values(instrument, tags).Sum();

    public void Dispose() => _listener.Dispose();

    private void Add(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var copy = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var tag in tags)
        {
            copy[tag.Key] = tag.Value?.ToString();
        }
        _measurements.Enqueue((instrument.Name, value, copy));
    }
}

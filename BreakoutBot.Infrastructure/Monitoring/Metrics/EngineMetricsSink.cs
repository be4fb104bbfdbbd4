using BreakoutBot.Domain.Abstractions;
using BreakoutBot.Domain.Engine;
using BreakoutBot.Infrastructure.Persistence.Events;

namespace BreakoutBot.Infrastructure.Monitoring.Metrics;

/// <summary>
/// Counts the engine events on their way to the real sink (transitions, signals, kill-switch firings, errors, fills)
/// and passes every event on unchanged. The Domain publishes these events anyway; counting them here keeps it free of
/// any metrics library. A counter that fails never stops the event reaching <paramref name="inner"/>.
/// </summary>
public sealed class EngineMetricsSink(IEngineEventSink inner) : IEngineEventSink
{
    public IEngineEventSink Inner { get; } = inner ?? throw new ArgumentNullException(nameof(inner));

    public void Publish(EngineEvent engineEvent)
    {
        ArgumentNullException.ThrowIfNull(engineEvent);
        Record(engineEvent);
        Inner.Publish(engineEvent);
    }

    /// <summary>Adds the event to the counters it belongs to (most events, e.g. orders and equity, are counted elsewhere or not at all).</summary>
    public static void Record(EngineEvent engineEvent)
    {
        ArgumentNullException.ThrowIfNull(engineEvent);
        var engine = new KeyValuePair<string, object?>("engine", engineEvent.EngineId);
        switch (engineEvent)
        {
            case StateChangedEvent e:
                BotMetrics.Transitions.Add(1, engine,
                    new KeyValuePair<string, object?>("from", e.Transition.From.ToWireName()),
                    new KeyValuePair<string, object?>("to", e.Transition.To.ToWireName()));
                break;
            case SignalEvent e:
                BotMetrics.Signals.Add(1, engine,
                    new KeyValuePair<string, object?>("strategy", MetricLabels.Of(e.Signal.Strategy)),
                    new KeyValuePair<string, object?>("status", MetricLabels.Of(e.Status)));
                break;
            case KillSwitchEvent:
                BotMetrics.KillSwitchFirings.Add(1, engine);
                break;
            case EngineErrorEvent e:
                BotMetrics.EngineErrors.Add(1, engine, new KeyValuePair<string, object?>("category", MetricLabels.Of(e.Decision.Category)));
                break;
            case FillRecordedEvent e:
                BotMetrics.Fills.Add(1, engine, new KeyValuePair<string, object?>("side", MetricLabels.Of(e.Fill.Side)));
                break;
        }
    }
}

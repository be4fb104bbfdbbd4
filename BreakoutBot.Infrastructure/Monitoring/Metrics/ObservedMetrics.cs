using System.Diagnostics.Metrics;
using BreakoutBot.Domain.Engine;
using BreakoutBot.Domain.Engine.Errors;
using BreakoutBot.Infrastructure.Engines;
using BreakoutBot.Infrastructure.Persistence;
using Microsoft.Extensions.Hosting;

namespace BreakoutBot.Infrastructure.Monitoring.Metrics;

/// <summary>
/// The measurements read only when metrics are collected (nothing on any hot path): the write-behind queues (depth,
/// held, dropped, retried, failed, written), engines by state, risk vetoes by reason from each engine's cached funnel,
/// and OKX circuit breakers by state. Its meter comes from the host's <see cref="IMeterFactory"/>, so these callbacks
/// end with the host. Built at start-up (a hosted service that does nothing else).
/// </summary>
public sealed class ObservedMetrics : IHostedService
{
    public ObservedMetrics(IMeterFactory meters, EngineRegistry registry, EngineEventWriter? events = null, EfAuditLog? audit = null, Journal.DecisionJournalWriter? journal = null)
    {
        ArgumentNullException.ThrowIfNull(meters);
        ArgumentNullException.ThrowIfNull(registry);
        var meter = meters.Create(BotMetrics.MeterName);
        var queues = new List<(string Name, IWriteBehindQueue Queue)>();
        if (events is not null)
        {
            queues.Add(("engine_events", events));
        }
        if (audit is not null)
        {
            queues.Add(("audit_log", audit));
        }
        if (journal is not null)
        {
            queues.Add(("decision_journal", journal));
        }
        meter.CreateObservableGauge("writebehind.queue.depth", () => Each(queues, q => (long)q.QueueDepth), null, "Items waiting in a write-behind queue, by queue.");
        meter.CreateObservableGauge("writebehind.held", () => Each(queues, q => (long)q.Held), null, "Items taken from a write-behind queue and not written yet (in a batch or held for a retry), by queue.");
        meter.CreateObservableCounter("writebehind.dropped", () => Each(queues, q => q.Dropped), null, "Items a full write-behind queue refused (lost), by queue.");
        meter.CreateObservableCounter("writebehind.retries", () => Each(queues, q => q.Retries), null, "Writes the database could not take and that were retried, by queue.");
        meter.CreateObservableCounter("writebehind.failed", () => Each(queues, q => q.Failed), null, "Items the database refused as bad in themselves, by queue.");
        meter.CreateObservableCounter("writebehind.written", () => Each(queues, q => q.Written), null, "Items written to the database, by queue.");
        meter.CreateObservableGauge("engines", () => EnginesByState(registry), null, "Engines in the portal, by state.");
        meter.CreateObservableCounter("engine.risk.rejections", () => RiskVetoes(registry), null, "Signals the risk manager refused, by engine and reason (the veto category).");
        meter.CreateObservableGauge("okx.circuit_breakers", CircuitBreakers, null, "OKX REST circuit breakers, by state (closed, open, half_open).");
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private static IEnumerable<Measurement<long>> Each(List<(string Name, IWriteBehindQueue Queue)> queues, Func<IWriteBehindQueue, long> read) =>
        queues.Select(q => new Measurement<long>(read(q.Queue), new KeyValuePair<string, object?>("queue", q.Name)));

    /// <summary>Every state with its count (zero included), so a state's series does not vanish when no engine is in it.</summary>
    public static IEnumerable<Measurement<long>> EnginesByState(EngineRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        var counts = Enum.GetValues<TradingState>().ToDictionary(s => s, _ => 0L);
        foreach (var handle in registry.ListAll())
        {
            counts[handle.Status.State]++;
        }
        return counts.Select(c => new Measurement<long>(c.Value, new KeyValuePair<string, object?>("state", c.Key.ToWireName())));
    }

    /// <summary>Each engine's cumulative risk vetoes by reason, from its cached status (the engine is not touched).</summary>
    public static IEnumerable<Measurement<long>> RiskVetoes(EngineRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        foreach (var handle in registry.ListAll())
        {
            foreach (var (reason, count) in handle.Status.Funnel.RiskVetoesByReason)
            {
                yield return new Measurement<long>(count,
                    new KeyValuePair<string, object?>("engine", handle.Id),
                    new KeyValuePair<string, object?>("reason", reason));
            }
        }
    }

    private static IEnumerable<Measurement<long>> CircuitBreakers() =>
        CircuitBreakerGauge.CountByState().Select(c => new Measurement<long>(c.Value, new KeyValuePair<string, object?>("state", MetricLabels.Of<CircuitState>(c.Key))));
}

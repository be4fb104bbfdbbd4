using System.Diagnostics.Metrics;
using BreakoutBot.Domain.Engine;

namespace BreakoutBot.Infrastructure.Monitoring.Metrics;

/// <summary>
/// The portal's measurements, pushed where things happen (ADR-016): one <see cref="Meter"/> named
/// <see cref="MeterName"/> from System.Diagnostics.Metrics, exported as Prometheus text by the web host. Recording costs
/// a flag check while nothing listens. Labels are bounded sets only (engine ids, states, enum names, endpoint paths,
/// job types): never a user name, a symbol from user input, a key or a message.
/// </summary>
public static class BotMetrics
{
    public const string MeterName = "BreakoutBot";

    private static readonly Meter Meter = new(MeterName);

    /// <summary>Seconds one engine cycle took, by engine and the phase (state) it ran in.</summary>
    public static readonly Histogram<double> CycleDuration = Meter.CreateHistogram<double>(
        "engine.cycle.duration.seconds", "s", "Duration of one engine cycle, by engine and the phase (state) it ran in.");

    public static readonly Counter<long> Cycles = Meter.CreateCounter<long>(
        "engine.cycles", null, "Engine cycles that ran (an idle or stopped engine runs none), by engine.");

    public static readonly Counter<long> Transitions = Meter.CreateCounter<long>(
        "engine.transitions", null, "State transitions, by engine, from and to state.");

    public static readonly Counter<long> Signals = Meter.CreateCounter<long>(
        "engine.signals", null, "Signal events, by engine, strategy and status (active when generated; executed, rejected, failed later).");

    public static readonly Counter<long> OrderRequests = Meter.CreateCounter<long>(
        "engine.order.requests", null, "Order calls to the engine's exchange, by engine, action (place, cancel, amend, resize) and result (the order's status, or the error code).");

    public static readonly Counter<long> Fills = Meter.CreateCounter<long>(
        "engine.fills", null, "Executions recorded, by engine and side.");

    public static readonly Counter<long> KillSwitchFirings = Meter.CreateCounter<long>(
        "engine.kill_switch.firings", null, "Times the kill switch fired, by engine.");

    public static readonly Counter<long> EngineErrors = Meter.CreateCounter<long>(
        "engine.errors", null, "Cycle errors, by engine and error category.");

    public static readonly Histogram<double> ExchangeRequestDuration = Meter.CreateHistogram<double>(
        "okx.request.duration.seconds", "s", "OKX REST round trips (one per HTTP request, retries counted apart), by endpoint and outcome (ok or the error kind).");

    public static readonly Counter<long> ExchangeRequestErrors = Meter.CreateCounter<long>(
        "okx.request.errors", null, "OKX REST requests that failed, by endpoint and error kind.");

    public static readonly Counter<long> RateLimitWaits = Meter.CreateCounter<long>(
        "okx.rate_limit.waits", null, "OKX REST requests that had to wait for a rate-limit permit, by endpoint.");

    public static readonly Histogram<double> RateLimitWaitDuration = Meter.CreateHistogram<double>(
        "okx.rate_limit.wait.duration.seconds", "s", "How long a request waited for a rate-limit permit, by endpoint.");

    public static readonly Counter<long> WebSocketReconnects = Meter.CreateCounter<long>(
        "okx.websocket.reconnects", null, "OKX WebSocket reconnects, by endpoint (public, private, business).");

    public static readonly Histogram<double> JobDuration = Meter.CreateHistogram<double>(
        "job.duration.seconds", "s", "Background job runs, by scheduler (quartz, hangfire), job type and outcome.");

    public static readonly UpDownCounter<long> BlazorCircuits = Meter.CreateUpDownCounter<long>(
        "blazor.circuits", null, "Blazor Server circuits open now.");

    /// <summary>Records one cycle that ran: its duration by the phase it started in, and the cycle count.</summary>
    public static void RecordCycle(string engineId, TradingState phase, TimeSpan duration)
    {
        var engine = new KeyValuePair<string, object?>("engine", engineId);
        if (CycleDuration.Enabled)
        {
            CycleDuration.Record(duration.TotalSeconds, engine, new KeyValuePair<string, object?>("phase", phase.ToWireName()));
        }
        Cycles.Add(1, engine);
    }
}

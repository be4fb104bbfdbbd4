using BreakoutBot.Infrastructure.Monitoring.Metrics;
using Microsoft.AspNetCore.Components.Server.Circuits;

namespace BreakoutBot.Web.Monitoring;

/// <summary>Counts the Blazor Server circuits open now (<c>breakoutbot_blazor_circuits</c>).</summary>
public sealed class CircuitMetricsHandler : CircuitHandler
{
    public override Task OnCircuitOpenedAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        BotMetrics.BlazorCircuits.Add(1);
        return Task.CompletedTask;
    }

    public override Task OnCircuitClosedAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        BotMetrics.BlazorCircuits.Add(-1);
        return Task.CompletedTask;
    }
}

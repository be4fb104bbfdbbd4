using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace BreakoutBot.Infrastructure.Identity;

/// <summary>
/// Every <see cref="LiveSessionRecheckOptions.RecheckSeconds"/>, each open live connection of this node (interactive
/// circuit, live-event hub connection) checks its session against the store, as a revocation signal would make it do.
/// The signal (<see cref="SessionRevocations.Revoke"/>) reaches the node where a log-out, lock, role change or token
/// revocation happened and, on a cluster with Redis, the other nodes; this bounds how long a connection whose user was
/// changed in the database directly, or whose node missed the relayed signal, goes on with rights it no longer has (ADR-012).
/// </summary>
public sealed class LiveSessionRecheck(SessionRevocations revocations, IOptions<LiveSessionRecheckOptions> options, TimeProvider time) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = TimeSpan.FromSeconds(options.Value.RecheckSeconds);
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                await Task.Delay(interval, time, stoppingToken);
                revocations.CheckAll();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }
}

/// <summary>Section <c>Sessions</c>.</summary>
public sealed class LiveSessionRecheckOptions
{
    public const string SectionName = "Sessions";

    /// <summary>Seconds between the periodic checks of every open live connection's session (default 60).</summary>
    [Range(1, 3600)]
    public int RecheckSeconds { get; set; } = 60;
}

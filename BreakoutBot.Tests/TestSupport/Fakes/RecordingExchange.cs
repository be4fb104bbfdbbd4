using BreakoutBot.Domain.Abstractions;
using BreakoutBot.Domain.Trading;
using BreakoutBot.Infrastructure.Exchanges;

namespace BreakoutBot.Tests.TestSupport.Fakes;

/// <summary>
/// Wraps an exchange and records every order request sent to it (in order), so a test can see exactly what the engine
/// asked for (time in force, attached stop) and count the stops it placed itself. Everything passes straight through.
/// </summary>
public sealed class RecordingExchange(IExchangeClient inner) : DelegatingExchangeClient(inner)
{
    private readonly Lock _gate = new();
    private readonly List<OrderRequest> _placed = [];

    /// <summary>Every request given to <see cref="PlaceOrderAsync"/> so far, accepted or not.</summary>
    public IReadOnlyList<OrderRequest> Placed
    {
        get
        {
            lock (_gate)
            {
                return [.. _placed];
            }
        }
    }

    public override ValueTask<OrderResult> PlaceOrderAsync(OrderRequest request, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            _placed.Add(request);
        }
        return Inner.PlaceOrderAsync(request, cancellationToken);
    }

}

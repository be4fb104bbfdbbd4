using BreakoutBot.Domain.Abstractions;
using BreakoutBot.Domain.Trading;
using BreakoutBot.Infrastructure.Exchanges;

namespace BreakoutBot.Tests.TestSupport.Fakes;

/// <summary>
/// Wraps an exchange and, while closed, holds <see cref="GetPositionsAsync"/> (the first thing a reconciliation reads)
/// until <see cref="Open"/> or <see cref="Fail"/>: a slow (or failing) OKX without sleeps. Everything else passes straight through.
/// </summary>
public sealed class GatedExchange(IExchangeClient inner) : DelegatingExchangeClient(inner)
{
    private readonly TaskCompletionSource _entered = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Not "paper": the engine treats it as an exchange account, so demo and live modes may start on it.</summary>
    public override string Name => "fake-okx";

    /// <summary>Completes when a call has reached the gate and waits there.</summary>
    public Task Entered => _entered.Task;

    public void Open() => _gate.TrySetResult();

    public void Fail(Exception error) => _gate.TrySetException(error);

    /// <summary>When set, only the positions cannot be read (everything else answers).</summary>
    public Exception? PositionsError { get; set; }

    public override async ValueTask<IReadOnlyList<ExchangePosition>> GetPositionsAsync(CancellationToken cancellationToken = default)
    {
        _entered.TrySetResult();
        await _gate.Task.WaitAsync(cancellationToken);
        return PositionsError is { } error ? throw error : await Inner.GetPositionsAsync(cancellationToken);
    }

    /// <summary>After <see cref="Fail"/> the account cannot be read either (OKX is down).</summary>
    public override ValueTask<AccountBalance> GetBalanceAsync(CancellationToken cancellationToken = default) =>
        _gate.Task.IsFaulted ? ValueTask.FromException<AccountBalance>(_gate.Task.Exception!.InnerException!) : Inner.GetBalanceAsync(cancellationToken);
}

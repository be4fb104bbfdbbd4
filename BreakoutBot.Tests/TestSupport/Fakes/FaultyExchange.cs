using BreakoutBot.Domain.Abstractions;
using BreakoutBot.Domain.Trading;
using BreakoutBot.Infrastructure.Exchanges;

namespace BreakoutBot.Tests.TestSupport.Fakes;

/// <summary>
/// Wraps an exchange (usually the paper exchange) and injects faults on demand: exceptions from
/// <see cref="GetBalanceAsync"/>, a gate that holds <see cref="GetBalanceAsync"/> until released, and transient
/// error results or exceptions from <see cref="PlaceOrderAsync"/>. Everything else passes straight through; the name is the inner one.
/// </summary>
public sealed class FaultyExchange(IExchangeClient inner) : DelegatingExchangeClient(inner)
{
    private readonly Lock _gate = new();
    private Func<Exception>? _balanceFault;
    private int _balanceFailuresLeft;
    private TaskCompletionSource? _balanceBlock;
    private TaskCompletionSource _balanceEntered = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private ExchangeErrorCode _orderError;
    private int _orderFailuresLeft;
    private (Func<OrderRequest, bool> Which, Func<Exception> Fault)? _orderFault;
    private int _balanceCalls;
    private int _balanceFailures;

    /// <summary>Calls of <see cref="GetBalanceAsync"/> so far, failed ones included.</summary>
    public int BalanceCalls => Volatile.Read(ref _balanceCalls);

    /// <summary>Calls of <see cref="GetBalanceAsync"/> that threw an injected fault.</summary>
    public int BalanceFailures => Volatile.Read(ref _balanceFailures);

    /// <summary>Completes when a blocked <see cref="GetBalanceAsync"/> call has entered and is waiting.</summary>
    public Task BalanceEntered
    {
        get
        {
            lock (_gate)
            {
                return _balanceEntered.Task;
            }
        }
    }

    /// <summary>The next <paramref name="times"/> balance calls throw what <paramref name="fault"/> makes.</summary>
    public void FailBalance(int times, Func<Exception> fault)
    {
        ArgumentNullException.ThrowIfNull(fault);
        lock (_gate)
        {
            _balanceFault = fault;
            _balanceFailuresLeft = times;
        }
    }

    public void HealBalance()
    {
        lock (_gate)
        {
            _balanceFault = null;
            _balanceFailuresLeft = 0;
        }
    }

    /// <summary>From now on balance calls wait until <see cref="ReleaseBalance"/>.</summary>
    public void BlockBalance()
    {
        lock (_gate)
        {
            _balanceBlock = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _balanceEntered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
    }

    /// <summary>Lets every waiting and future balance call through.</summary>
    public void ReleaseBalance()
    {
        TaskCompletionSource? block;
        lock (_gate)
        {
            block = _balanceBlock;
            _balanceBlock = null;
        }
        block?.TrySetResult();
    }

    /// <summary>The next <paramref name="times"/> order placements come back as <paramref name="error"/> without reaching the exchange.</summary>
    public void FailOrders(int times, ExchangeErrorCode error)
    {
        lock (_gate)
        {
            _orderError = error;
            _orderFailuresLeft = times;
        }
    }

    public override async ValueTask<AccountBalance> GetBalanceAsync(CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _balanceCalls);
        TaskCompletionSource? block;
        Exception? fault = null;
        lock (_gate)
        {
            block = _balanceBlock;
            if (block is not null)
            {
                _balanceEntered.TrySetResult();
            }
            if (_balanceFault is not null && _balanceFailuresLeft > 0)
            {
                _balanceFailuresLeft--;
                fault = _balanceFault();
            }
        }
        if (block is not null)
        {
            await block.Task.WaitAsync(cancellationToken);
        }
        if (fault is not null)
        {
            Interlocked.Increment(ref _balanceFailures);
            throw fault;
        }
        return await Inner.GetBalanceAsync(cancellationToken);
    }

    /// <summary>
    /// From now on placing an order <paramref name="which"/> matches throws what <paramref name="fault"/> makes (a network
    /// failure rather than an exchange's answer), until <see cref="HealOrders"/>.
    /// </summary>
    public void ThrowOnOrders(Func<OrderRequest, bool> which, Func<Exception> fault)
    {
        ArgumentNullException.ThrowIfNull(which);
        ArgumentNullException.ThrowIfNull(fault);
        lock (_gate)
        {
            _orderFault = (which, fault);
        }
    }

    /// <summary>Order placements go through again (<see cref="FailOrders"/> and <see cref="ThrowOnOrders"/> end).</summary>
    public void HealOrders()
    {
        lock (_gate)
        {
            _orderFault = null;
            _orderFailuresLeft = 0;
        }
    }

    public override ValueTask<OrderResult> PlaceOrderAsync(OrderRequest request, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            if (_orderFault is { } thrown && thrown.Which(request))
            {
                throw thrown.Fault();
            }
            if (_orderFailuresLeft > 0)
            {
                _orderFailuresLeft--;
                return ValueTask.FromResult(OrderResult.Fail(_orderError, "injected " + _orderError));
            }
        }
        return Inner.PlaceOrderAsync(request, cancellationToken);
    }

}

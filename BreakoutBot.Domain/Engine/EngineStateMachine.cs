using System.Collections.Frozen;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace BreakoutBot.Domain.Engine;

/// <summary>
/// The engine's single state machine. Transitions are checked against <see cref="TradingStates"/>, serialised by
/// one async lock with a timeout, kept in a 100-entry history and published to subscribers.
/// </summary>
/// <remarks>
/// <para>
/// Reading <see cref="Current"/>, <see cref="Previous"/>, <see cref="History"/> and the predicates never takes the
/// transition lock, so they are safe from anywhere, including a subscriber.
/// </para>
/// <para>
/// Subscribers run <b>inside</b> the transition lock, after the state has been updated, one after another in
/// subscription order. That keeps notifications in exactly the order of the history, which the UI relies on. The
/// price: a subscriber must be quick (hand work to a channel) and must not await another transition on this
/// machine; such a nested request cannot take the lock and comes back <see cref="TransitionOutcome.TimedOut"/>
/// after the lock timeout instead of deadlocking. Starting a transition without awaiting it is fine.
/// </para>
/// <para>
/// The lock timeout is measured on the real clock (SemaphoreSlim cannot use a <see cref="TimeProvider"/>); the
/// injected <see cref="TimeProvider"/> stamps the transitions.
/// </para>
/// </remarks>
public sealed class EngineStateMachine : IDisposable
{
    /// <summary>How many transitions the history keeps.</summary>
    public const int HistoryCapacity = 100;

    private const int NoState = -1;

    private static readonly TimeSpan DefaultLockTimeout = TimeSpan.FromSeconds(5);

    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Lock _historyLock = new();
    private readonly Lock _subscribersLock = new();
    private readonly StateTransition[] _history = new StateTransition[HistoryCapacity];
    private readonly TimeProvider _time;
    private readonly ILogger<EngineStateMachine> _logger;
    private readonly TimeSpan _lockTimeout;

    private Subscription[] _subscribers = [];
    private int _current;
    private int _previous = NoState;
    private int _historyStart;
    private int _historyCount;
    private int _transitionCount;

    public EngineStateMachine(
        TradingState initial,
        TimeProvider time,
        ILogger<EngineStateMachine>? logger = null,
        TimeSpan? lockTimeout = null)
    {
        ArgumentNullException.ThrowIfNull(time);
        if (!Enum.IsDefined(initial))
        {
            throw new ArgumentOutOfRangeException(nameof(initial), initial, "Unknown initial trading state.");
        }
        var timeout = lockTimeout ?? DefaultLockTimeout;
        if (timeout <= TimeSpan.Zero && timeout != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(nameof(lockTimeout), timeout, "The lock timeout must be positive.");
        }
        _current = (int)initial;
        _time = time;
        _logger = logger ?? NullLogger<EngineStateMachine>.Instance;
        _lockTimeout = timeout;
    }

    /// <summary>The current state. Never blocks.</summary>
    public TradingState Current => (TradingState)Volatile.Read(ref _current);

    /// <summary>The state before the last recorded transition, or null before the first one.</summary>
    public TradingState? Previous
    {
        get
        {
            var previous = Volatile.Read(ref _previous);
            return previous == NoState ? null : (TradingState)previous;
        }
    }

    /// <summary>The states the table allows from <see cref="Current"/>.</summary>
    public IReadOnlySet<TradingState> ValidNextStates => TradingStates.ValidTargets(Current);

    public bool IsTerminal => Current.IsTerminal();

    public bool IsError => Current.IsError();

    public bool IsTradingActive => Current.IsTradingActive();

    /// <summary>Transitions recorded since construction (not capped by the history size).</summary>
    public int TransitionCount => Volatile.Read(ref _transitionCount);

    /// <summary>
    /// The last <paramref name="limit"/> recorded transitions, oldest first and newest last; all kept transitions
    /// (at most <see cref="HistoryCapacity"/>) when <paramref name="limit"/> is zero or negative.
    /// </summary>
    public IReadOnlyList<StateTransition> History(int limit = HistoryCapacity)
    {
        lock (_historyLock)
        {
            var take = limit <= 0 ? _historyCount : Math.Min(limit, _historyCount);
            var result = new StateTransition[take];
            var skip = _historyCount - take;
            for (var i = 0; i < take; i++)
            {
                result[i] = _history[(_historyStart + skip + i) % HistoryCapacity];
            }
            return result;
        }
    }

    /// <summary>
    /// Requests a move to <paramref name="target"/>. Never throws for an ignored, rejected or timed-out request:
    /// the outcome says what happened. Cancelling <paramref name="cancellationToken"/> while waiting for the lock
    /// throws <see cref="OperationCanceledException"/> as usual.
    /// </summary>
    /// <param name="target">The requested state.</param>
    /// <param name="reason">Why, for the operator.</param>
    /// <param name="metadata">Extra context, copied.</param>
    /// <param name="force">Bypass the transition table; a forced same-state request is recorded.</param>
    /// <param name="cancellationToken">Cancels the wait for the lock.</param>
    public async Task<TransitionResult> TransitionToAsync(
        TradingState target,
        string reason,
        IReadOnlyDictionary<string, string>? metadata = null,
        bool force = false,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reason);
        if (!Enum.IsDefined(target))
        {
            throw new ArgumentOutOfRangeException(nameof(target), target, "Unknown trading state.");
        }

        if (!await _gate.WaitAsync(_lockTimeout, cancellationToken))
        {
            var seen = Current;
            var message = $"Transition {seen.ToWireName()} -> {target.ToWireName()} timed out: the state lock was not acquired within {_lockTimeout.TotalMilliseconds:0} ms.";
            _logger.LogError("State transition {From} -> {To} timed out after {TimeoutMs} ms waiting for the lock ({Reason})",
                seen, target, _lockTimeout.TotalMilliseconds, reason);
            return new TransitionResult(TransitionOutcome.TimedOut, seen, target, message, null);
        }

        try
        {
            var from = Current;
            if (from == target && !force)
            {
                if (TradingStates.CanTransition(from, target))
                {
                    // The Managing self-loop: valid and successful, but not a change worth recording.
                    return new TransitionResult(TransitionOutcome.Done, from, target,
                        $"Stayed in {from.ToWireName()}.", null);
                }
                _logger.LogDebug("State transition to {To} ignored: already there ({Reason})", target, reason);
                return new TransitionResult(TransitionOutcome.Ignored, from, target,
                    $"Already in {from.ToWireName()}; nothing to do.", null);
            }

            var allowed = TradingStates.CanTransition(from, target);
            if (!force && !allowed)
            {
                _logger.LogWarning("State transition {From} -> {To} rejected: not allowed by the transition table ({Reason})",
                    from, target, reason);
                return new TransitionResult(TransitionOutcome.Rejected, from, target,
                    $"Transition {from.ToWireName()} -> {target.ToWireName()} is not allowed.", null);
            }

            var transition = new StateTransition(from, target, reason, Copy(metadata), _time.GetUtcNow(), force);
            Record(transition);
            if (allowed)
            {
                _logger.LogInformation("State {From} -> {To}{Forced}: {Reason}", from, target, force ? " (forced)" : "", reason);
            }
            else
            {
                _logger.LogWarning("State {From} -> {To} forced outside the transition table: {Reason}", from, target, reason);
            }

            await NotifyAsync(transition);
            return new TransitionResult(TransitionOutcome.Done, from, target,
                $"Moved {from.ToWireName()} -> {target.ToWireName()}.", transition);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Calls <paramref name="handler"/> for every recorded transition until the returned handle is disposed. A
    /// handler that throws is logged and never affects the transition or the other handlers.
    /// </summary>
    public IDisposable Subscribe(Func<StateTransition, ValueTask> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        var subscription = new Subscription(this, handler);
        lock (_subscribersLock)
        {
            _subscribers = [.. _subscribers, subscription];
        }
        return subscription;
    }

    public void Dispose() => _gate.Dispose();

    private static FrozenDictionary<string, string> Copy(IReadOnlyDictionary<string, string>? metadata) =>
        metadata is null || metadata.Count == 0
            ? FrozenDictionary<string, string>.Empty
            : metadata.ToFrozenDictionary(StringComparer.Ordinal);

    private void Record(StateTransition transition)
    {
        lock (_historyLock)
        {
            if (_historyCount < HistoryCapacity)
            {
                _history[(_historyStart + _historyCount) % HistoryCapacity] = transition;
                _historyCount++;
            }
            else
            {
                _history[_historyStart] = transition;
                _historyStart = (_historyStart + 1) % HistoryCapacity;
            }
            Volatile.Write(ref _previous, (int)transition.From);
            Volatile.Write(ref _current, (int)transition.To);
            Volatile.Write(ref _transitionCount, _transitionCount + 1);
        }
    }

    private async ValueTask NotifyAsync(StateTransition transition)
    {
        var subscribers = Volatile.Read(ref _subscribers);
        foreach (var subscriber in subscribers)
        {
            try
            {
                await subscriber.Handler(transition);
            }
#pragma warning disable CA1031 // A subscriber's failure must never break the transition or the other subscribers.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                _logger.LogError(ex, "State transition subscriber failed for {From} -> {To}", transition.From, transition.To);
            }
        }
    }

    private void Unsubscribe(Subscription subscription)
    {
        lock (_subscribersLock)
        {
            _subscribers = Array.FindAll(_subscribers, s => !ReferenceEquals(s, subscription));
        }
    }

    private sealed class Subscription(EngineStateMachine owner, Func<StateTransition, ValueTask> handler) : IDisposable
    {
        public Func<StateTransition, ValueTask> Handler { get; } = handler;

        public void Dispose() => owner.Unsubscribe(this);
    }
}

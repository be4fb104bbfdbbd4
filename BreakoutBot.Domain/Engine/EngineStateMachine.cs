using System.Collections.Frozen;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace BreakoutBot.Domain.Engine;

/// <summary>
/// The engine's single state machine. Transitions are checked against <see cref="TradingStates"/>, serialised by one
/// lock (no timeout: nothing is awaited while it is held), kept in a 100-entry history and published to subscribers.
/// The history holds values: a transition allocates nothing unless a subscriber that wants it is listening (its
/// <see cref="StateTransition"/> is made once for them); <see cref="History"/> and <see cref="TransitionResult.Transition"/>
/// make the records when read.
/// </summary>
/// <remarks>
/// <para>
/// Reading <see cref="Current"/>, <see cref="Previous"/> and the predicates never takes the lock, so they are safe from
/// anywhere, including a subscriber.
/// </para>
/// <para>
/// Subscribers run synchronously <b>inside</b> the lock, after the state has been updated, one after another in
/// subscription order. That keeps notifications in exactly the order of the history, which the UI relies on. The price:
/// a subscriber must be quick (hand work to a channel). A subscriber that requests another transition on this machine
/// gets <see cref="TransitionOutcome.Nested"/> at once and nothing changes; it neither deadlocks nor reorders the history.
/// </para>
/// </remarks>
public sealed class EngineStateMachine
{
    /// <summary>How many transitions the history keeps.</summary>
    public const int HistoryCapacity = 100;

    private const int NoState = -1;

    private readonly Lock _gate = new();
    private readonly Lock _subscribersLock = new();
    private readonly TransitionRecord[] _history = new TransitionRecord[HistoryCapacity];
    private readonly TimeProvider _time;
    private readonly ILogger<EngineStateMachine> _logger;

    private Subscription[] _subscribers = [];
    private int _current;
    private int _previous = NoState;
    private int _historyStart;
    private int _historyCount;
    private int _transitionCount;
    private bool _notifying;

    public EngineStateMachine(TradingState initial, TimeProvider time, ILogger<EngineStateMachine>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(time);
        if (!Enum.IsDefined(initial))
        {
            throw new ArgumentOutOfRangeException(nameof(initial), initial, "Unknown initial trading state.");
        }
        _current = (int)initial;
        _time = time;
        _logger = logger ?? NullLogger<EngineStateMachine>.Instance;
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
        lock (_gate)
        {
            var take = limit <= 0 ? _historyCount : Math.Min(limit, _historyCount);
            var result = new StateTransition[take];
            var skip = _historyCount - take;
            for (var i = 0; i < take; i++)
            {
                result[i] = _history[(_historyStart + skip + i) % HistoryCapacity].ToTransition();
            }
            return result;
        }
    }

    /// <summary>
    /// Requests a move to <paramref name="target"/>. Never throws for an ignored, rejected or nested request: the
    /// outcome says what happened.
    /// </summary>
    /// <param name="target">The requested state.</param>
    /// <param name="reason">Why, for the operator.</param>
    /// <param name="metadata">Extra context, copied.</param>
    /// <param name="force">Bypass the transition table; a forced same-state request is recorded.</param>
    public TransitionResult TransitionTo(
        TradingState target,
        string reason,
        IReadOnlyDictionary<string, string>? metadata = null,
        bool force = false)
    {
        ArgumentNullException.ThrowIfNull(reason);
        if (!Enum.IsDefined(target))
        {
            throw new ArgumentOutOfRangeException(nameof(target), target, "Unknown trading state.");
        }

        lock (_gate)
        {
            var from = Current;
            if (_notifying)
            {
                // Only the thread holding the lock can get here: a subscriber asking for another transition.
                _logger.LogError("State transition {From} -> {To} requested from a transition subscriber was refused ({Reason})", from, target, reason);
                return new TransitionResult(TransitionOutcome.Nested, from, target, null);
            }
            if (from == target && !force)
            {
                if (TradingStates.CanTransition(from, target))
                {
                    // The Managing self-loop: valid and successful, but not a change worth recording.
                    return new TransitionResult(TransitionOutcome.Done, from, target, null);
                }
                return new TransitionResult(TransitionOutcome.Ignored, from, target, null);
            }

            var allowed = TradingStates.CanTransition(from, target);
            if (!force && !allowed)
            {
                if (_logger.IsEnabled(LogLevel.Warning))
                {
                    _logger.LogWarning("State transition {From} -> {To} rejected: not allowed by the transition table ({Reason})", from, target, reason);
                }
                return new TransitionResult(TransitionOutcome.Rejected, from, target, null);
            }

            var transition = new TransitionRecord(from, target, reason, Copy(metadata), _time.GetUtcNow(), force);
            Record(transition);
            if (!allowed)
            {
                _logger.LogWarning("State {From} -> {To} forced outside the transition table: {Reason}", from, target, reason);
            }
            else if (_logger.IsEnabled(LogLevel.Information))
            {
                _logger.LogInformation("State {From} -> {To}{Forced}: {Reason}", from, target, force ? " (forced)" : "", reason);
            }

            Notify(transition);
            return new TransitionResult(TransitionOutcome.Done, from, target, transition);
        }
    }

    /// <summary>
    /// Calls <paramref name="handler"/> for every recorded transition until the returned handle is disposed. A
    /// handler that throws is logged and never affects the transition or the other handlers.
    /// </summary>
    public IDisposable Subscribe(Action<StateTransition> handler) => Subscribe(handler, null);

    /// <summary>
    /// As <see cref="Subscribe(Action{StateTransition})"/>, for a handler that takes transitions only while
    /// <paramref name="wants"/> says so (asked on every transition): while no subscriber wants them, a transition makes no
    /// <see cref="StateTransition"/> object.
    /// </summary>
    public IDisposable Subscribe(Action<StateTransition> handler, Func<bool>? wants)
    {
        ArgumentNullException.ThrowIfNull(handler);
        var subscription = new Subscription(this, handler, wants);
        lock (_subscribersLock)
        {
            _subscribers = [.. _subscribers, subscription];
        }
        return subscription;
    }

    private static FrozenDictionary<string, string> Copy(IReadOnlyDictionary<string, string>? metadata) =>
        metadata is null || metadata.Count == 0
            ? FrozenDictionary<string, string>.Empty
            : metadata.ToFrozenDictionary(StringComparer.Ordinal);

    private void Record(in TransitionRecord transition)
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

    private void Notify(in TransitionRecord record)
    {
        var subscribers = Volatile.Read(ref _subscribers);
        StateTransition? transition = null;
        _notifying = true;
        try
        {
            foreach (var subscriber in subscribers)
            {
                if (subscriber.Wants is { } wants && !wants())
                {
                    continue;
                }
                try
                {
                    // One record for every subscriber that takes this transition.
                    transition ??= record.ToTransition();
                    subscriber.Handler(transition);
                }
#pragma warning disable CA1031 // A subscriber's failure must never break the transition or the other subscribers.
                catch (Exception ex)
#pragma warning restore CA1031
                {
                    _logger.LogError(ex, "State transition subscriber failed for {From} -> {To}", record.From, record.To);
                }
            }
        }
        finally
        {
            _notifying = false;
        }
    }

    private void Unsubscribe(Subscription subscription)
    {
        lock (_subscribersLock)
        {
            _subscribers = Array.FindAll(_subscribers, s => !ReferenceEquals(s, subscription));
        }
    }

    private sealed class Subscription(EngineStateMachine owner, Action<StateTransition> handler, Func<bool>? wants) : IDisposable
    {
        public Action<StateTransition> Handler { get; } = handler;

        public Func<bool>? Wants { get; } = wants;

        public void Dispose() => owner.Unsubscribe(this);
    }
}

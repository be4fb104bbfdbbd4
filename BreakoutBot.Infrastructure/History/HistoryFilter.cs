namespace BreakoutBot.Infrastructure.History;

/// <summary>
/// Filters for a history list. <see cref="State"/> is the row's status by name: position status for trades, order
/// status for orders, signal status for signals, the target state (wire name such as <c>scanning</c> or enum name) for
/// transitions. <see cref="From"/> is inclusive, <see cref="To"/> exclusive. <see cref="Page"/> counts from 1.
/// </summary>
public sealed record HistoryFilter
{
    public const int DefaultPageSize = 25;
    public const int MaxPageSize = 500;

    public string? EngineId { get; init; }

    public DateTimeOffset? From { get; init; }

    public DateTimeOffset? To { get; init; }

    public string? Symbol { get; init; }

    public string? State { get; init; }

    public int Page { get; init; } = 1;

    public int PageSize { get; init; } = DefaultPageSize;

    /// <summary>Page clamped to at least 1, page size to 1..<see cref="MaxPageSize"/>.</summary>
    public HistoryFilter Normalized() => this with
    {
        Page = Math.Max(1, Page),
        PageSize = Math.Clamp(PageSize, 1, MaxPageSize),
        EngineId = string.IsNullOrWhiteSpace(EngineId) ? null : EngineId.Trim(),
        Symbol = string.IsNullOrWhiteSpace(Symbol) ? null : Symbol.Trim(),
        State = string.IsNullOrWhiteSpace(State) ? null : State.Trim(),
    };
}

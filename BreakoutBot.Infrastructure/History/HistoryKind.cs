namespace BreakoutBot.Infrastructure.History;

/// <summary>The lists the history pages and exports offer.</summary>
public enum HistoryKind
{
    Trades = 0,
    Orders = 1,
    Signals = 2,
    Transitions = 3,
}

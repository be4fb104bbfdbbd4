using BreakoutBot.Domain.Trading;

namespace BreakoutBot.Infrastructure.Exchanges.Paper;

/// <summary>
/// A paper account as stored: wallet cash, realised P&amp;L and fees so far, net positions, the orders still resting,
/// the highest order number used (ids are "P" + number) and the last fill sequence.
/// </summary>
public sealed record PaperAccountState(
    decimal Cash,
    decimal RealizedPnl,
    decimal FeesPaid,
    IReadOnlyList<ExchangePosition> Positions,
    IReadOnlyList<Order> OpenOrders,
    long LastOrderNumber,
    long LastFillSequence);

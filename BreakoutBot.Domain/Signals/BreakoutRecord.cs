using BreakoutBot.Domain.Trading;

namespace BreakoutBot.Domain.Signals;

/// <summary>A level the price closed through: when, at what level price, and in which direction.</summary>
public sealed record BreakoutRecord(string InstrumentId, double LevelPrice, PositionSide Side, DateTimeOffset Time);

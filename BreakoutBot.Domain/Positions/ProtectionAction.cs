namespace BreakoutBot.Domain.Positions;

/// <summary>What was done to one position's protective stop (adopted, resized, moved, placed, an extra cancelled), in words.</summary>
public sealed record ProtectionAction(string PositionId, string InstrumentId, string Action);

namespace BreakoutBot.Infrastructure.Replay;

public sealed record ReplayExit(DateTimeOffset Time, decimal Quantity, decimal Price, string Reason, decimal Fee);

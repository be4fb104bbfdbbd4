namespace BreakoutBot.Infrastructure.Monitoring;

public enum ResourceLevel
{
    Ok = 0,
    Warning = 1,
    Critical = 2,
}

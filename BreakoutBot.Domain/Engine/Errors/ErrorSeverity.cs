namespace BreakoutBot.Domain.Engine.Errors;

/// <summary>How bad an engine error is.</summary>
public enum ErrorSeverity
{
    Low = 0,
    Medium = 1,
    High = 2,
    Critical = 3,
}

namespace BreakoutBot.Domain.Engine.Errors;

/// <summary>Where an engine error comes from.</summary>
public enum ErrorCategory
{
    Network = 0,
    Data = 1,
    Trading = 2,
    System = 3,
    External = 4,
    Logic = 5,
    Config = 6,
}

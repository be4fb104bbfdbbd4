namespace BreakoutBot.Domain.Levels;

/// <summary>
/// Result of <see cref="ApproachQuality.Assess"/>: whether price approached the level calmly and is sitting near it,
/// and the fitted slope in percent of price per bar (NaN when the window is too short to fit it).
/// </summary>
public readonly record struct ApproachAssessment(bool IsAcceptable, double SlopePctPerBar);

namespace BreakoutBot.Tests.Domain.Indicators;

/// <summary>One daily bar of the indicator oracle's input quotes.</summary>
internal sealed record OracleQuote(DateTime Date, double Open, double High, double Low, double Close, double Volume);

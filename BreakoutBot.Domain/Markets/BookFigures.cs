namespace BreakoutBot.Domain.Markets;

/// <summary>
/// The figures the scanner reads from a book on every scan, in doubles: its spread in bps and both sides' depth within
/// 0.3 % and 0.5 %. Computed once per new book (the decimal arithmetic is the costly part), or once per bar for all the
/// replays that share a modelled book.
/// </summary>
public readonly record struct BookFigures(double SpreadBps, double Depth03Usd, double Depth05Usd)
{
    public static BookFigures Of(in OrderBookSummary book) => new(book.SpreadBps, (double)book.TotalDepth03, (double)book.TotalDepth05);
}

namespace BreakoutBot.Infrastructure.Exchanges.Okx.Trading;

/// <summary>
/// Where fill numbering continues after a restart: the last <see cref="LastSequence"/> handed to the engine and the
/// <see cref="Domain.Trading.Fill.FillId"/>s already recorded, so fills seen before the restart are not handed out again
/// while fills that happened while the process was down (a stop that fired) still are.
/// </summary>
public sealed record OkxFillCursor(long LastSequence, IReadOnlyCollection<string> KnownFillIds)
{
    public static OkxFillCursor Empty { get; } = new(0, []);
}

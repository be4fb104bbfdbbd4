namespace BreakoutBot.Infrastructure.Persistence.Configurations;

/// <summary>Maximum lengths of string columns (enforced by PostgreSQL; SQLite ignores them).</summary>
internal static class ColumnLengths
{
    public const int Id = 128;
    public const int Name = 256;
    public const int Enum = 32;
    public const int Text = 2000;

    /// <summary>A comma-separated list of instrument ids (a data set's, a backtest's); varchar on PostgreSQL.</summary>
    public const int InstrumentList = 4000;
}

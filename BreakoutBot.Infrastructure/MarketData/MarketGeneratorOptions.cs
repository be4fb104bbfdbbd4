using System.ComponentModel.DataAnnotations;

namespace BreakoutBot.Infrastructure.MarketData;

/// <summary>Settings of <see cref="MarketGenerator"/>. The same settings always give the same market.</summary>
public sealed class MarketGeneratorOptions
{
    public const string SectionName = "MarketGenerator";

    /// <summary>Seed of the <see cref="System.Random"/> that drives everything.</summary>
    public int Seed { get; set; } = 42;

    /// <summary>Number of instruments; the first is the BTC-like benchmark.</summary>
    [Range(1, 500)]
    public int InstrumentCount { get; set; } = 6;

    /// <summary>5-minute bars per instrument.</summary>
    [Range(1, 1_000_000)]
    public int BarsPerInstrument { get; set; } = 4000;

    /// <summary>Open time of the first bar (UTC).</summary>
    public DateTimeOffset Start { get; set; } = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);
}

using System.ComponentModel.DataAnnotations;

namespace BreakoutBot.Infrastructure.Engines;

/// <summary>
/// How a new engine's paper account and market are set up: the bundled generated market (or a CSV folder) replayed
/// at <see cref="BarIntervalMs"/> wall-clock milliseconds per 5-minute bar.
/// </summary>
public sealed record EngineCreateOptions
{
    [Range(typeof(decimal), "100", "100000000")]
    public decimal StartingBalance { get; init; } = 10_000m;

    /// <summary>The replay speed: wall-clock milliseconds per replayed bar.</summary>
    [Range(1, 60_000)]
    public int BarIntervalMs { get; init; } = 1000;

    /// <summary>Folder of OHLCV CSV files (one per instrument). Empty: generate the bundled market.</summary>
    public string? DataFolder { get; init; }

    public int Seed { get; init; } = 42;

    [Range(2, 200)]
    public int Instruments { get; init; } = 6;

    [Range(500, 500_000)]
    public int Bars { get; init; } = 20_000;

    /// <summary>Bars of history the market starts with, so indicators are warm on the first scan.</summary>
    [Range(0, 100_000)]
    public int WarmupBars { get; init; } = 400;

    /// <summary>Checks the ranges; returns the first problem in words, or null when the options are usable.</summary>
    public string? Validate()
    {
        var results = new List<ValidationResult>();
        return Validator.TryValidateObject(this, new ValidationContext(this), results, validateAllProperties: true)
            ? null
            : string.Join("; ", results.Select(r => r.ErrorMessage));
    }
}

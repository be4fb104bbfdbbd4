using System.ComponentModel.DataAnnotations;

namespace BreakoutBot.Infrastructure.Hosting;

/// <summary>The portal's default paper engine on bundled (generated or CSV) market data, created in the engine registry at start-up.</summary>
public sealed class DemoEngineOptions
{
    public const string SectionName = "DemoEngine";

    public bool Enabled { get; set; } = true;

    [Required]
    public string Preset { get; set; } = "breakout_v1";

    /// <summary>The user id that owns the default engine; empty: the system (controlled by Admins).</summary>
    public string? OwnerId { get; set; }

    /// <summary>Folder of OHLCV CSV files (one per instrument). Empty: generate the bundled market.</summary>
    public string? DataFolder { get; set; }

    public int Seed { get; set; } = 42;

    [Range(2, 200)]
    public int Instruments { get; set; } = 6;

    [Range(500, 500_000)]
    public int Bars { get; set; } = 20_000;

    /// <summary>Bars replayed at once before the live pace starts, so indicators are warm on the first page view.</summary>
    [Range(0, 100_000)]
    public int WarmupBars { get; set; } = 400;

    /// <summary>Wall-clock milliseconds per replayed 5-minute bar.</summary>
    [Range(1, 60_000)]
    public int BarIntervalMs { get; set; } = 1000;

    [Range(typeof(decimal), "100", "100000000")]
    public decimal StartingBalance { get; set; } = 10_000m;
}

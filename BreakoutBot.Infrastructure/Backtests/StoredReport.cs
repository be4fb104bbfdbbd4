using System.IO.Compression;
using System.Text.Json;
using BreakoutBot.Infrastructure.Replay;

namespace BreakoutBot.Infrastructure.Backtests;

/// <summary>A replay report as a backtest stores it: its JSON (<see cref="ReplayJson"/>), gzip-compressed.</summary>
public static class StoredReport
{
    public static byte[] Compress(ReplayReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
        {
            JsonSerializer.Serialize(gzip, report, ReplayJson.Options);
        }
        return buffer.ToArray();
    }

    public static ReplayReport Decompress(byte[] stored)
    {
        ArgumentNullException.ThrowIfNull(stored);
        using var gzip = new GZipStream(new MemoryStream(stored), CompressionMode.Decompress);
        return JsonSerializer.Deserialize<ReplayReport>(gzip, ReplayJson.Options)
            ?? throw new InvalidDataException("The stored backtest report is empty.");
    }
}

using System.Buffers.Binary;
using System.IO.Hashing;
using BreakoutBot.Domain.Markets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace BreakoutBot.Infrastructure.MarketData;

/// <summary>
/// A binary copy of a checked candle CSV file, kept in a <c>.cache</c> folder beside it and read instead of parsing the
/// CSV again while the CSV is unchanged (ADR-013). The CSV stays the data: the copy is made from what
/// <see cref="CandleCsvLoader"/> accepted, names the CSV's length and last write time, and is ignored (and made again)
/// when either differs, when it is damaged (length, checksum, times not strictly increasing) or cannot be read.
/// </summary>
/// <remarks>
/// Layout, little-endian: a header (magic, CSV length, CSV write time in UTC ticks, bar count, the loader's three counts,
/// an XxHash3 of the records), then per bar its open time in UTC ticks and open, high, low, close and volume each as a
/// 64-bit signed mantissa and a scale byte. A file holding a value that does not fit (a mantissa beyond 63 bits) gets
/// no copy. Writes go to a temporary file that replaces the old copy, so a copy on disk is always whole.
/// </remarks>
public static class CandleFileCache
{
    public const string FolderName = ".cache";
    private const string Extension = ".candles";
    private const int ValueSize = 9;
    private const int RecordSize = 8 + (5 * ValueSize);
    private const int HeaderSize = 8 + 8 + 8 + 4 + 4 + 4 + 4 + 8;
    private static readonly ulong Magic = BinaryPrimitives.ReadUInt64LittleEndian("BBCNDL01"u8);

    /// <summary>Where the copy of <paramref name="csvPath"/> lives.</summary>
    public static string CachePath(string csvPath)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(csvPath);
        return Path.Combine(Path.GetDirectoryName(Path.GetFullPath(csvPath))!, FolderName, Path.GetFileNameWithoutExtension(csvPath) + Extension);
    }

    /// <summary>
    /// The file's candles: from its binary copy when that is current, else parsed from the CSV (errors as
    /// <see cref="CandleCsvLoader.LoadFile"/> gives them), after which the copy is written. A copy that cannot be written
    /// is only logged.
    /// </summary>
    public static CandleCsvFile Load(string csvPath, ILogger? logger = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(csvPath);
        logger ??= NullLogger.Instance;
        var csv = new FileInfo(csvPath);
        var cachePath = CachePath(csvPath);
        if (csv.Exists && TryRead(cachePath, csv, out var cached))
        {
            return cached;
        }
        var file = new CandleCsvLoader().LoadFile(csvPath);
        try
        {
            csv.Refresh();
            Write(cachePath, csv, file);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            logger.LogWarning("Could not keep a binary copy of {File}: {Message}", csv.Name, ex.Message);
        }
        return file;
    }

    /// <summary>The copy's candles when it exists and is current and whole; false otherwise.</summary>
    public static bool TryRead(string cachePath, FileInfo csv, out CandleCsvFile file)
    {
        file = null!;
        byte[] bytes;
        try
        {
            if (!File.Exists(cachePath))
            {
                return false;
            }
            bytes = File.ReadAllBytes(cachePath);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
        if (bytes.Length < HeaderSize)
        {
            return false;
        }
        var header = bytes.AsSpan(0, HeaderSize);
        var count = BinaryPrimitives.ReadInt32LittleEndian(header[24..]);
        if (BinaryPrimitives.ReadUInt64LittleEndian(header) != Magic
            || BinaryPrimitives.ReadInt64LittleEndian(header[8..]) != csv.Length
            || BinaryPrimitives.ReadInt64LittleEndian(header[16..]) != csv.LastWriteTimeUtc.Ticks
            || count <= 0
            || bytes.Length != HeaderSize + ((long)count * RecordSize))
        {
            return false;
        }
        var records = bytes.AsSpan(HeaderSize);
        if (XxHash3.HashToUInt64(records) != BinaryPrimitives.ReadUInt64LittleEndian(header[40..]))
        {
            return false;
        }
        var candles = new Candle[count];
        var previous = long.MinValue;
        for (var i = 0; i < count; i++)
        {
            var r = records.Slice(i * RecordSize, RecordSize);
            var ticks = BinaryPrimitives.ReadInt64LittleEndian(r);
            if (ticks <= previous || ticks < DateTimeOffset.MinValue.UtcTicks || ticks > DateTimeOffset.MaxValue.UtcTicks
                || !TryValue(r[8..], out var open) || !TryValue(r[17..], out var high) || !TryValue(r[26..], out var low)
                || !TryValue(r[35..], out var close) || !TryValue(r[44..], out var volume))
            {
                return false;
            }
            previous = ticks;
            candles[i] = new Candle(new DateTimeOffset(ticks, TimeSpan.Zero), open, high, low, close, volume);
        }
        file = new CandleCsvFile(
            Path.GetFileNameWithoutExtension(csv.Name),
            candles,
            BinaryPrimitives.ReadInt32LittleEndian(header[28..]),
            BinaryPrimitives.ReadInt32LittleEndian(header[32..]),
            BinaryPrimitives.ReadInt32LittleEndian(header[36..]));
        return true;
    }

    /// <summary>Writes the copy of <paramref name="file"/>, read from <paramref name="csv"/>; false when a value does not fit.</summary>
    public static bool Write(string cachePath, FileInfo csv, CandleCsvFile file)
    {
        var count = file.Candles.Count;
        if (count == 0)
        {
            return false;
        }
        var bytes = new byte[HeaderSize + ((long)count * RecordSize)];
        var records = bytes.AsSpan(HeaderSize);
        for (var i = 0; i < count; i++)
        {
            var c = file.Candles[i];
            var r = records.Slice(i * RecordSize, RecordSize);
            if (c.Time.Offset != TimeSpan.Zero
                || !TryWrite(r[8..], c.Open) || !TryWrite(r[17..], c.High) || !TryWrite(r[26..], c.Low)
                || !TryWrite(r[35..], c.Close) || !TryWrite(r[44..], c.Volume))
            {
                return false;
            }
            BinaryPrimitives.WriteInt64LittleEndian(r, c.Time.UtcTicks);
        }
        var header = bytes.AsSpan(0, HeaderSize);
        BinaryPrimitives.WriteUInt64LittleEndian(header, Magic);
        BinaryPrimitives.WriteInt64LittleEndian(header[8..], csv.Length);
        BinaryPrimitives.WriteInt64LittleEndian(header[16..], csv.LastWriteTimeUtc.Ticks);
        BinaryPrimitives.WriteInt32LittleEndian(header[24..], count);
        BinaryPrimitives.WriteInt32LittleEndian(header[28..], file.DuplicatesDropped);
        BinaryPrimitives.WriteInt32LittleEndian(header[32..], file.ZeroVolumeBars);
        BinaryPrimitives.WriteInt32LittleEndian(header[36..], file.RowsReordered);
        BinaryPrimitives.WriteUInt64LittleEndian(header[40..], XxHash3.HashToUInt64(records));

        Directory.CreateDirectory(Path.GetDirectoryName(cachePath)!);
        var temporary = cachePath + "." + Guid.NewGuid().ToString("N") + ".tmp";
        try
        {
            File.WriteAllBytes(temporary, bytes);
            File.Move(temporary, cachePath, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
        return true;
    }

    private static bool TryWrite(Span<byte> target, decimal value)
    {
        Span<int> bits = stackalloc int[4];
        decimal.GetBits(value, bits);
        if (bits[2] != 0 || bits[1] < 0)
        {
            return false;
        }
        var magnitude = ((long)bits[1] << 32) | (uint)bits[0];
        var negative = bits[3] < 0;
        if (negative && magnitude == 0)
        {
            return false;
        }
        BinaryPrimitives.WriteInt64LittleEndian(target, negative ? -magnitude : magnitude);
        target[8] = (byte)((bits[3] >> 16) & 0xFF);
        return true;
    }

    private static bool TryValue(ReadOnlySpan<byte> source, out decimal value)
    {
        var mantissa = BinaryPrimitives.ReadInt64LittleEndian(source);
        var scale = source[8];
        if (scale > 28 || mantissa == long.MinValue)
        {
            value = default;
            return false;
        }
        var negative = mantissa < 0;
        var magnitude = (ulong)Math.Abs(mantissa);
        value = new decimal((int)(uint)magnitude, (int)(uint)(magnitude >> 32), 0, negative, scale);
        return true;
    }
}

using System.IO.Compression;
using System.Text;

namespace BreakoutBot.Infrastructure.Exchanges.Okx.WebSocket;

/// <summary>Turns a binary WebSocket frame into text: gzip (magic 1f 8b), zlib (78 xx) or raw deflate.</summary>
internal static class OkxFrameDecoder
{
    /// <summary>The decompressed UTF-8 text, or null when the frame is not compressed data.</summary>
    public static string? DecodeBinary(ReadOnlySpan<byte> frame)
    {
        if (frame.IsEmpty)
        {
            return string.Empty;
        }
        var bytes = frame.ToArray();
        try
        {
            using var input = new MemoryStream(bytes, writable: false);
            using Stream decompressor = bytes.Length >= 2 && bytes[0] == 0x1f && bytes[1] == 0x8b
                ? new GZipStream(input, CompressionMode.Decompress)
                : bytes.Length >= 2 && bytes[0] == 0x78
                    ? new ZLibStream(input, CompressionMode.Decompress)
                    : new DeflateStream(input, CompressionMode.Decompress);
            using var output = new MemoryStream();
            decompressor.CopyTo(output);
            return Encoding.UTF8.GetString(output.GetBuffer(), 0, (int)output.Length);
        }
        catch (InvalidDataException)
        {
            return null;
        }
    }
}

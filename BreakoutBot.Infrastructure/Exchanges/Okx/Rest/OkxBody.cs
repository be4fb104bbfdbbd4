using System.Buffers;
using System.Text;
using System.Text.Json;
using BreakoutBot.Infrastructure.Exchanges.Okx.Models;

namespace BreakoutBot.Infrastructure.Exchanges.Okx.Rest;

/// <summary>Writes request bodies as OKX wants them: numbers as strings, booleans as JSON booleans, absent values omitted.</summary>
internal static class OkxBody
{
    public static string Write(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            write(writer);
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    public static void Text(Utf8JsonWriter writer, string name, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            writer.WriteString(name, value);
        }
    }

    public static void Number(Utf8JsonWriter writer, string name, decimal? value)
    {
        if (value is { } number)
        {
            writer.WriteString(name, OkxJson.Format(number));
        }
    }

    public static void Boolean(Utf8JsonWriter writer, string name, bool? value)
    {
        if (value is { } flag)
        {
            writer.WriteBoolean(name, flag);
        }
    }
}

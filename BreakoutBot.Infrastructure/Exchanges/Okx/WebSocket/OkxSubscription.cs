using System.Text.Json;

namespace BreakoutBot.Infrastructure.Exchanges.Okx.WebSocket;

/// <summary>
/// One subscription arg: a channel plus the fields that select what it streams (<c>instId</c>, <c>instType</c>,
/// <c>instFamily</c>, <c>ccy</c>, <c>extraParams</c>). Value equality, so a set of them holds each once; the
/// <c>arg</c> of a push parses back to an equal value (extra fields such as <c>uid</c> are ignored).
/// </summary>
public sealed record OkxSubscription
{
    public OkxSubscription(string channel, string? instId = null, string? instType = null, string? instFamily = null, string? ccy = null, string? extraParams = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(channel);
        Channel = channel;
        InstId = NullIfEmpty(instId);
        InstType = NullIfEmpty(instType);
        InstFamily = NullIfEmpty(instFamily);
        Ccy = NullIfEmpty(ccy);
        ExtraParams = NullIfEmpty(extraParams);
    }

    public string Channel { get; }
    public string? InstId { get; }
    public string? InstType { get; }
    public string? InstFamily { get; }
    public string? Ccy { get; }
    public string? ExtraParams { get; }

    /// <summary>A channel of one instrument, e.g. <c>("candle1m", "BTC-USDT-SWAP")</c> or <c>("tickers", "BTC-USDT")</c>.</summary>
    public static OkxSubscription ForInstrument(string channel, string instId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(instId);
        return new OkxSubscription(channel, instId: instId);
    }

    /// <summary>
    /// A channel of a whole instrument type, e.g. <c>("orders", "SWAP")</c> or <c>("positions", "ANY")</c>. Market-data
    /// channels (tickers, books, trades, candles) take one <c>instId</c> each: OKX answers an instType-only subscription
    /// with 60018, so they are refused here (use <see cref="ForInstrument"/>).
    /// </summary>
    public static OkxSubscription ForInstrumentType(string channel, string instType)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(channel);
        ArgumentException.ThrowIfNullOrWhiteSpace(instType);
        if (NeedsInstrumentId(channel))
        {
            throw new ArgumentException($"The OKX channel '{channel}' is subscribed per instId, not per instType.", nameof(channel));
        }
        return new OkxSubscription(channel, instType: instType);
    }

    /// <summary>True for the public market-data channels that OKX streams per instrument only.</summary>
    public static bool NeedsInstrumentId(string channel) =>
        channel is "tickers" or "books" or "books5" or "bbo-tbt" or "books50-l2-tbt" or "books-l2-tbt" or "trades" or "trades-all"
        || channel.StartsWith("candle", StringComparison.Ordinal);

    /// <summary>Writes the arg object as OKX expects it, leaving out empty fields.</summary>
    public void WriteTo(Utf8JsonWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStartObject();
        writer.WriteString("channel", Channel);
        WriteIfPresent(writer, "instType", InstType);
        WriteIfPresent(writer, "instFamily", InstFamily);
        WriteIfPresent(writer, "instId", InstId);
        WriteIfPresent(writer, "ccy", Ccy);
        WriteIfPresent(writer, "extraParams", ExtraParams);
        writer.WriteEndObject();
    }

    /// <summary>Reads an <c>arg</c> object of an ack or a push; null when it has no channel.</summary>
    public static OkxSubscription? FromJson(JsonElement arg)
    {
        if (arg.ValueKind != JsonValueKind.Object || !arg.TryGetProperty("channel", out var channel)
            || channel.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(channel.GetString()))
        {
            return null;
        }
        return new OkxSubscription(
            channel.GetString()!,
            ReadString(arg, "instId"),
            ReadString(arg, "instType"),
            ReadString(arg, "instFamily"),
            ReadString(arg, "ccy"),
            ReadString(arg, "extraParams"));
    }

    public override string ToString()
    {
        var selector = InstId ?? InstFamily ?? InstType ?? Ccy;
        return selector is null ? Channel : Channel + ":" + selector;
    }

    internal static string? ReadString(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static void WriteIfPresent(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is not null)
        {
            writer.WriteString(name, value);
        }
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}

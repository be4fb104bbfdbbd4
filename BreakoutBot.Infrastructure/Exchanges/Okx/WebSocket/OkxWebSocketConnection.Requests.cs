using System.Buffers;
using System.Globalization;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace BreakoutBot.Infrastructure.Exchanges.Okx.WebSocket;

/// <summary>The frames a connection sends: the login, and subscribe/unsubscribe requests in batches.</summary>
public sealed partial class OkxWebSocketConnection
{
    private static string BuildLoginFrame(OkxCredentials credentials, string unixSeconds)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("op", "login");
            writer.WriteStartArray("args");
            writer.WriteStartObject();
            writer.WriteString("apiKey", credentials.ApiKey);
            writer.WriteString("passphrase", credentials.Passphrase);
            writer.WriteString("timestamp", unixSeconds);
            writer.WriteString("sign", OkxSigner.SignWebSocketLogin(credentials.SecretKey, unixSeconds));
            writer.WriteEndObject();
            writer.WriteEndArray();
            writer.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private async Task TrySendArgsAsync(Session session, string op, IReadOnlyList<OkxSubscription> args, CancellationToken cancellationToken)
    {
        try
        {
            await SendArgsAsync(session, op, args, cancellationToken);
        }
        catch (Exception ex) when (ex is WebSocketException or ObjectDisposedException or InvalidOperationException or IOException)
        {
            // The socket is going down; the supervisor reconnects and sends the whole set again.
            _logger.LogDebug("OKX {Endpoint} WebSocket {Op} not sent now ({Reason}); it follows the reconnect", Endpoint, op, ex.Message);
        }
    }

    /// <summary>Sends <paramref name="args"/> in as few requests as fit under <see cref="MaxRequestBytes"/> each.</summary>
    private async Task SendArgsAsync(Session session, string op, IReadOnlyList<OkxSubscription> args, CancellationToken cancellationToken)
    {
        foreach (var request in BuildRequests(op, args, () => Interlocked.Increment(ref _requestId)))
        {
            await session.SendTextAsync(request, cancellationToken);
        }
        if (args.Count > 0)
        {
            _logger.LogDebug("OKX {Endpoint} WebSocket sent {Op} for {Count} channel(s)", Endpoint, op, args.Count);
        }
    }

    /// <summary>
    /// Splits args into <c>{"id","op","args"}</c> requests of at most <see cref="MaxRequestBytes"/> bytes and
    /// <see cref="MaxArgsPerRequest"/> args.
    /// </summary>
    internal static List<string> BuildRequests(string op, IReadOnlyList<OkxSubscription> args, Func<long> nextId)
    {
        var requests = new List<string>();
        var encoded = new List<byte[]>();
        var size = 0;
        foreach (var arg in args)
        {
            var buffer = new ArrayBufferWriter<byte>(128);
            using (var writer = new Utf8JsonWriter(buffer))
            {
                arg.WriteTo(writer);
            }
            var bytes = buffer.WrittenSpan.ToArray();
            // 64 bytes cover the envelope: id, op and the brackets.
            if (encoded.Count > 0 && (encoded.Count >= MaxArgsPerRequest || size + bytes.Length + 1 + 64 > MaxRequestBytes))
            {
                requests.Add(Envelope(op, encoded, nextId()));
                encoded.Clear();
                size = 0;
            }
            encoded.Add(bytes);
            size += bytes.Length + 1;
        }
        if (encoded.Count > 0)
        {
            requests.Add(Envelope(op, encoded, nextId()));
        }
        return requests;
    }

    private static string Envelope(string op, List<byte[]> args, long id)
    {
        var buffer = new ArrayBufferWriter<byte>(MaxRequestBytes);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("id", id.ToString(CultureInfo.InvariantCulture));
            writer.WriteString("op", op);
            writer.WriteStartArray("args");
            foreach (var arg in args)
            {
                writer.WriteRawValue(arg, skipInputValidation: true);
            }
            writer.WriteEndArray();
            writer.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}

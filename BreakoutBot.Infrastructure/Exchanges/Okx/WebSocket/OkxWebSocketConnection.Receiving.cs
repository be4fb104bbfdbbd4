using System.Buffers;
using System.Net.WebSockets;
using System.Text;
using Microsoft.Extensions.Logging;

namespace BreakoutBot.Infrastructure.Exchanges.Okx.WebSocket;

/// <summary>Reading a socket: frames to events, acks, notices and errors; and the ping/pong keep-alive.</summary>
public sealed partial class OkxWebSocketConnection
{
    private async Task ReceiveLoopAsync(Session session, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(ReceiveBufferBytes);
        using var message = new MemoryStream();
        try
        {
            while (true)
            {
                message.SetLength(0);
                ValueWebSocketReceiveResult result;
                do
                {
                    result = await session.Socket.ReceiveAsync(buffer.AsMemory(), cancellationToken);
                    if (result.MessageType == WebSocketMessageType.Close)
                    {
                        var status = session.Socket.CloseStatus;
                        session.End($"server closed the socket ({(int?)status} {session.Socket.CloseStatusDescription})".Trim(), upgrade: false);
                        return;
                    }
                    message.Write(buffer, 0, result.Count);
                    if (message.Length > MaxMessageBytes)
                    {
                        throw new InvalidDataException($"message larger than {MaxMessageBytes} bytes");
                    }
                }
                while (!result.EndOfMessage);
                var text = result.MessageType == WebSocketMessageType.Binary
                    ? OkxFrameDecoder.DecodeBinary(message.GetBuffer().AsSpan(0, (int)message.Length))
                    : Encoding.UTF8.GetString(message.GetBuffer(), 0, (int)message.Length);
                if (text is null)
                {
                    _logger.LogWarning("OKX {Endpoint} WebSocket skipped a binary frame of {Length} bytes that is not gzip or deflate", Endpoint, message.Length);
                    continue;
                }
                HandleText(session, text);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            session.End("closed by the client", upgrade: false);
        }
        catch (Exception ex) when (ex is WebSocketException or IOException or InvalidDataException or ObjectDisposedException or OperationCanceledException)
        {
            session.End("socket error: " + ex.Message, upgrade: false);
        }
        catch (Exception ex)
        {
            // A bug in message handling must not leave the supervisor waiting on a socket nobody reads.
            _logger.LogError(ex, "OKX {Endpoint} WebSocket receive loop failed", Endpoint);
            session.End("receive loop failed: " + ex.GetType().Name, upgrade: false);
            session.Socket.Abort();
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private async Task KeepAliveLoopAsync(Session session, CancellationToken cancellationToken)
    {
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var silence = _time.GetElapsedTime(session.LastReceived);
                if (silence < _options.WsPingInterval)
                {
                    await Task.Delay(_options.WsPingInterval - silence, _time, cancellationToken);
                    continue;
                }
                var pingAt = _time.GetTimestamp();
                await session.SendTextAsync("ping", cancellationToken);
                Interlocked.Increment(ref _pingsSent);
                await Task.Delay(_options.WsPongTimeout, _time, cancellationToken);
                if (session.LastPong < pingAt)
                {
                    session.End($"no pong within {(long)_options.WsPongTimeout.TotalMilliseconds} ms", upgrade: false);
                    session.Socket.Abort();
                    return;
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Session closing.
        }
        catch (Exception ex)
        {
            // Without keepalive the socket cannot be trusted: end it so the supervisor reconnects.
            session.End("ping failed: " + ex.Message, upgrade: false);
            session.Socket.Abort();
        }
    }

    private void HandleText(Session session, string text)
    {
        var now = _time.GetUtcNow();
        session.LastReceived = _time.GetTimestamp();
        Interlocked.Increment(ref _messagesReceived);
        Interlocked.Exchange(ref _lastMessageUtcTicks, now.UtcTicks);
        if (text == "pong")
        {
            session.LastPong = _time.GetTimestamp();
            return;
        }
        var message = OkxMessageClassifier.Classify(text, Endpoint, now);
        switch (message.Kind)
        {
            case OkxMessageKind.Push:
                Publish(message.Push!);
                break;
            case OkxMessageKind.Login:
                session.LoginCompleted.TrySetResult();
                break;
            case OkxMessageKind.Subscribe:
                session.Confirm(message.Arg, confirmed: true);
                break;
            case OkxMessageKind.Unsubscribe:
                session.Confirm(message.Arg, confirmed: false);
                break;
            case OkxMessageKind.Error:
                HandleError(session, message, now);
                break;
            case OkxMessageKind.Notice:
                _logger.LogWarning("OKX {Endpoint} WebSocket notice {Code}: {Message}", Endpoint, message.Code, Redact(message.Message));
                if (message.Code == UpgradeNoticeCode)
                {
                    session.End("service upgrade notice 64008", upgrade: true);
                }
                break;
            case OkxMessageKind.ChannelConnectionCount:
                if (message.Event == "channel-conn-count-error")
                {
                    HandleError(session, message with { Code = message.Code ?? "channel-conn-count-error", Message = message.Message ?? "too many connections for a channel" }, now);
                }
                break;
            case OkxMessageKind.OperationResponse:
                _logger.LogDebug("OKX {Endpoint} WebSocket response to op {Op}: code {Code}", Endpoint, message.Operation, message.Code);
                break;
            default:
                _logger.LogDebug("OKX {Endpoint} WebSocket ignored an unrecognised message of {Length} chars", Endpoint, text.Length);
                break;
        }
    }

    private void HandleError(Session session, OkxWebSocketMessage message, DateTimeOffset now)
    {
        var code = message.Code ?? string.Empty;
        var text = Redact(message.Message) ?? string.Empty;
        if (_credentials is not null && !session.LoginCompleted.Task.IsCompleted)
        {
            // Before login completes every error is the login's answer; its msg may echo the request, so it is not logged.
            _logger.LogWarning("OKX {Endpoint} WebSocket login rejected with code {Code}", Endpoint, code);
            session.LoginCompleted.TrySetException(new InvalidOperationException($"OKX WebSocket login rejected with code {code}"));
            text = "login rejected";
        }
        else
        {
            _logger.LogWarning("OKX {Endpoint} WebSocket error {Code}: {Message}", Endpoint, code, text);
        }
        Publish(new OkxErrorEvent(Endpoint, now, code, text, message.RequestId, message.ConnectionId));
    }

    private void Publish(OkxWebSocketEvent item)
    {
        if (!_hub.Publish(item))
        {
            _logger.LogWarning("OKX {Endpoint} WebSocket dropped an event because a listener's queue is full ({Dropped} dropped so far)", Endpoint, _hub.DroppedCount);
        }
    }

    private string? Redact(string? text)
    {
        if (text is null || _credentials is null)
        {
            return text;
        }
        return text
            .Replace(_credentials.SecretKey, "***", StringComparison.Ordinal)
            .Replace(_credentials.Passphrase, "***", StringComparison.Ordinal)
            .Replace(_credentials.ApiKey, _credentials.MaskedApiKey, StringComparison.Ordinal);
    }
}

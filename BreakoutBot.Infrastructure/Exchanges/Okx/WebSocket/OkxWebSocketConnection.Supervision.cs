using System.Globalization;
using System.Net.WebSockets;
using BreakoutBot.Infrastructure.Monitoring.Metrics;
using Microsoft.Extensions.Logging;

namespace BreakoutBot.Infrastructure.Exchanges.Okx.WebSocket;

/// <summary>The supervisor: opens sessions, reconnects with backoff and jitter, replaces a socket on an upgrade notice, and records each loss.</summary>
public sealed partial class OkxWebSocketConnection
{
    private async Task SuperviseAsync(CancellationToken stopping)
    {
        Session? current = null;
        var failures = 0;
        var everConnected = false;
        long? lostAt = null;
        long readyAt = 0;
        try
        {
            while (!stopping.IsCancellationRequested)
            {
                if (current is null)
                {
                    _state = everConnected ? OkxConnectionState.Reconnecting : OkxConnectionState.Connecting;
                    try
                    {
                        current = await OpenSessionAsync(stopping);
                    }
                    catch (Exception ex) when (!stopping.IsCancellationRequested)
                    {
                        failures++;
                        var delay = ReconnectDelay(failures);
                        _logger.LogWarning("OKX {Endpoint} WebSocket connect attempt {Attempt} failed ({Reason}); retrying in {Delay} ms",
                            Endpoint, failures, ex.Message, (long)delay.TotalMilliseconds);
                        await Task.Delay(delay, _time, stopping);
                        continue;
                    }
                    readyAt = _time.GetTimestamp();
                    OnReady(everConnected, lostAt);
                    everConnected = true;
                    lostAt = null;
                }

                var end = await current.Ended.Task.WaitAsync(stopping);
                lostAt = _time.GetTimestamp();
                RecordLoss(end.Reason);
                // A socket that dies soon after it became ready counts as a failure, so a server that accepts and
                // drops at once is not hammered; one that lived a while reconnects almost at once.
                failures = _time.GetElapsedTime(readyAt) < _options.WsPingInterval ? failures + 1 : 0;
                if (end.Upgrade)
                {
                    _logger.LogInformation("OKX {Endpoint} WebSocket got service-upgrade notice 64008; opening a new socket before closing the old one", Endpoint);
                    var old = current;
                    try
                    {
                        current = await OpenSessionAsync(stopping);
                        readyAt = _time.GetTimestamp();
                        OnReady(everConnected: true, lostAt);
                        lostAt = null;
                    }
                    catch (Exception ex) when (!stopping.IsCancellationRequested)
                    {
                        _logger.LogWarning("OKX {Endpoint} WebSocket could not open the replacement socket ({Reason})", Endpoint, ex.Message);
                        current = null;
                    }
                    await old.DisposeAsync();
                    if (current is not null)
                    {
                        continue;
                    }
                }
                else
                {
                    await current.DisposeAsync();
                    current = null;
                }
                var wait = ReconnectDelay(failures);
                _logger.LogWarning("OKX {Endpoint} WebSocket lost ({Reason}); reconnecting in {Delay} ms", Endpoint, end.Reason, (long)wait.TotalMilliseconds);
                await Task.Delay(wait, _time, stopping);
            }
        }
        catch (Exception ex) when (stopping.IsCancellationRequested)
        {
            // Disposing: whatever the attempt in flight failed with (cancelled, or a login answered while closing) ends here.
            _logger.LogDebug("OKX {Endpoint} WebSocket supervisor stopped ({Reason})", Endpoint, ex.Message);
        }
        finally
        {
            lock (_gate)
            {
                _active = null;
            }
            if (current is not null)
            {
                await current.DisposeAsync();
            }
        }
    }

    private void OnReady(bool everConnected, long? lostAt)
    {
        var now = _time.GetUtcNow();
        TimeSpan? duration = lostAt is null ? null : _time.GetElapsedTime(lostAt.Value);
        long reconnects;
        lock (_gate)
        {
            _connectedSince = now;
            if (everConnected)
            {
                _lastReconnectDuration = duration;
            }
            _state = OkxConnectionState.Connected;
        }
        if (everConnected)
        {
            reconnects = Interlocked.Increment(ref _reconnectCount);
            BotMetrics.WebSocketReconnects.Add(1, new KeyValuePair<string, object?>("endpoint", MetricLabels.Of(Endpoint)));
            _logger.LogInformation("OKX {Endpoint} WebSocket reconnected in {Duration} ms (reconnect {Count})",
                Endpoint, (long)(duration ?? TimeSpan.Zero).TotalMilliseconds, reconnects);
            _hub.Publish(new OkxConnectionEvent(Endpoint, now, OkxConnectionEventKind.Reconnected, null, duration, reconnects));
        }
        else
        {
            reconnects = Interlocked.Read(ref _reconnectCount);
            _logger.LogInformation("OKX {Endpoint} WebSocket connected to {Url}", Endpoint, Url);
            _hub.Publish(new OkxConnectionEvent(Endpoint, now, OkxConnectionEventKind.Connected, null, null, reconnects));
            _firstConnected.TrySetResult();
        }
    }

    private void RecordLoss(string reason)
    {
        lock (_gate)
        {
            _lastDisconnectReason = reason;
            _connectedSince = null;
            _state = OkxConnectionState.Reconnecting;
        }
        _hub.Publish(new OkxConnectionEvent(Endpoint, _time.GetUtcNow(), OkxConnectionEventKind.Disconnected, reason, null, Interlocked.Read(ref _reconnectCount)));
    }

    private TimeSpan ReconnectDelay(int failures)
    {
        var maxMs = Math.Max(0, _options.WsMaxReconnectDelay.TotalMilliseconds);
        var baseMs = Math.Min(Math.Max(0, _options.WsReconnectBaseDelay.TotalMilliseconds), maxMs);
        if (failures <= 0)
        {
            // First retry after a healthy socket: quick, but spread so many clients do not reconnect in lockstep.
            return TimeSpan.FromMilliseconds(baseMs * Random.Shared.NextDouble());
        }
        var exponential = Math.Min(maxMs, baseMs * Math.Pow(2, Math.Min(failures - 1, 30)));
        return TimeSpan.FromMilliseconds(exponential * (0.5 + (0.5 * Random.Shared.NextDouble())));
    }

    private async Task<Session> OpenSessionAsync(CancellationToken stopping)
    {
        var socket = new ClientWebSocket();
        socket.Options.KeepAliveInterval = TimeSpan.Zero;
        var session = new Session(this, socket, _time.GetTimestamp());
        using var deadline = new CancellationTokenSource(_options.WsConnectTimeout, _time);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stopping, deadline.Token);
        try
        {
            await socket.ConnectAsync(Url, timeout.Token);
            session.Start();
            if (_credentials is not null)
            {
                var seconds = (_time.GetUtcNow() + (ServerClockOffset?.Invoke() ?? TimeSpan.Zero)).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
                await session.SendTextAsync(BuildLoginFrame(_credentials, seconds), timeout.Token);
                await session.LoginCompleted.Task.WaitAsync(timeout.Token);
                _logger.LogInformation("OKX {Endpoint} WebSocket logged in with {Key}", Endpoint, _credentials.MaskedApiKey);
            }
            List<OkxSubscription> snapshot;
            lock (_gate)
            {
                snapshot = [.. _subscriptions];
                _active = session;
            }
            await SendArgsAsync(session, "subscribe", snapshot, timeout.Token);
            return session;
        }
        catch (Exception ex)
        {
            lock (_gate)
            {
                if (ReferenceEquals(_active, session))
                {
                    _active = null;
                }
            }
            await session.DisposeAsync();
            if (ex is OperationCanceledException && !stopping.IsCancellationRequested)
            {
                throw new TimeoutException($"no ready socket within {_options.WsConnectTimeout.TotalSeconds} s", ex);
            }
            throw;
        }
    }
}

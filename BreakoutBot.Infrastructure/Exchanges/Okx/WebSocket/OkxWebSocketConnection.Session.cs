using System.Net.WebSockets;
using System.Text;

namespace BreakoutBot.Infrastructure.Exchanges.Okx.WebSocket;

/// <summary>One socket and its loops.</summary>
public sealed partial class OkxWebSocketConnection
{
    private sealed record SessionEnd(string Reason, bool Upgrade);

    /// <summary>One socket: its receive and keepalive loops, send lock and login/ack state.</summary>
    private sealed class Session(OkxWebSocketConnection owner, ClientWebSocket socket, long openedAt) : IAsyncDisposable
    {
        private readonly CancellationTokenSource _cts = new();
        private readonly SemaphoreSlim _sendLock = new(1, 1);
        private readonly HashSet<OkxSubscription> _confirmed = [];
        private long _lastReceived = openedAt;
        private long _lastPong;
        private Task _receive = Task.CompletedTask;
        private Task _keepAlive = Task.CompletedTask;
        private int _disposed;

        public ClientWebSocket Socket { get; } = socket;

        public TaskCompletionSource<SessionEnd> Ended { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource LoginCompleted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public long LastReceived
        {
            get => Interlocked.Read(ref _lastReceived);
            set => Interlocked.Exchange(ref _lastReceived, value);
        }

        public long LastPong
        {
            get => Interlocked.Read(ref _lastPong);
            set => Interlocked.Exchange(ref _lastPong, value);
        }

        public int ConfirmedCount
        {
            get
            {
                lock (_confirmed)
                {
                    return _confirmed.Count;
                }
            }
        }

        public void Start()
        {
            _receive = Task.Run(() => owner.ReceiveLoopAsync(this, _cts.Token));
            _keepAlive = Task.Run(() => owner.KeepAliveLoopAsync(this, _cts.Token));
        }

        public void Confirm(OkxSubscription? arg, bool confirmed)
        {
            if (arg is null)
            {
                return;
            }
            lock (_confirmed)
            {
                if (confirmed)
                {
                    _confirmed.Add(arg);
                }
                else
                {
                    _confirmed.Remove(arg);
                }
            }
        }

        public void End(string reason, bool upgrade)
        {
            Ended.TrySetResult(new SessionEnd(reason, upgrade));
            if (LoginCompleted.TrySetException(new IOException("the socket ended before login completed: " + reason)))
            {
                // Sockets without login never await this task; reading the exception marks it observed.
                _ = LoginCompleted.Task.Exception;
            }
        }

        public async Task SendTextAsync(string text, CancellationToken cancellationToken)
        {
            var bytes = Encoding.UTF8.GetBytes(text);
            await _sendLock.WaitAsync(cancellationToken);
            try
            {
                await Socket.SendAsync(bytes, WebSocketMessageType.Text, endOfMessage: true, cancellationToken);
            }
            finally
            {
                _sendLock.Release();
            }
        }

        public async ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref _disposed, 1) != 0)
            {
                return;
            }
            End("closed by the client", upgrade: false);
            if (Socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
            {
                using var closeTimeout = new CancellationTokenSource(TimeSpan.FromSeconds(1), owner._time);
                try
                {
                    // The send lock and the close frame share one second of the connection's clock.
                    await _sendLock.WaitAsync(closeTimeout.Token);
                    try
                    {
                        await Socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "bye", closeTimeout.Token);
                    }
                    finally
                    {
                        _sendLock.Release();
                    }
                }
                catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException or InvalidOperationException)
                {
                    // The socket is already gone; abort below.
                }
            }
            await _cts.CancelAsync();
            Socket.Abort();
            await Task.WhenAll(_receive, _keepAlive).ContinueWith(static _ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            Socket.Dispose();
            _cts.Dispose();
            _sendLock.Dispose();
        }
    }
}

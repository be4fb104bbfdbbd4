using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace BreakoutBot.Infrastructure.Persistence;

/// <summary>
/// A bounded in-memory queue in front of the database. Producers never wait: <see cref="TryEnqueue"/> either queues
/// the item or counts it as <see cref="Dropped"/> and logs an error. A background consumer writes batches (up to
/// <see cref="WriteBehindOptions.BatchSize"/> items, a partly filled batch waiting at most
/// <see cref="WriteBehindOptions.FlushInterval"/>) through a fresh context each. <see cref="StopAsync"/> drains the queue.
/// A batch the database cannot take right now (locked, disk full, unreachable: <see cref="StorageOutage"/>) is kept and
/// retried with a growing wait (<see cref="WriteBehindOptions.RetryDelay"/>) until it is written: nothing is lost while
/// the queue has room, and <see cref="LastError"/>, <see cref="Held"/> and <see cref="Retries"/> tell the health page.
/// A batch that fails for any other reason is retried item by item, so one bad item costs only itself (counted in
/// <see cref="Failed"/>).
/// </summary>
public abstract class WriteBehindWriter<T> : IHostedService, IDisposable, IWriteBehindQueue
    where T : class
{
    private const int DropLogEvery = 1000;

    private readonly Channel<T> _channel;
    private readonly IDbContextFactory<BreakoutBotDbContext> _contexts;
    private readonly WriteBehindOptions _options;
    private readonly int _batchSize;
    private readonly TimeSpan _flushInterval;
    private readonly CancellationTokenSource _abort = new();
    private Task? _consumer;
    private long _dropped;
    private long _written;
    private long _failed;
    private long _retries;
    private int _held;
    private string? _lastError;

    /// <param name="time">The clock of the flush interval and of the waits between retries.</param>
    protected WriteBehindWriter(IDbContextFactory<BreakoutBotDbContext> contexts, WriteBehindOptions options, TimeProvider time, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(contexts);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(logger);
        _contexts = contexts;
        Clock = time;
        Logger = logger;
        _options = options;
        _batchSize = options.BatchSize;
        _flushInterval = options.FlushInterval;
        Capacity = options.QueueCapacity;
        _channel = Channel.CreateBounded<T>(new BoundedChannelOptions(options.QueueCapacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = true,
            SingleWriter = false,
        });
    }

    public int Capacity { get; }

    /// <summary>Items waiting to be written.</summary>
    public int QueueDepth => _channel.Reader.Count;

    /// <summary>Items refused because the queue was full (or already stopped).</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Items written to the database.</summary>
    public long Written => Interlocked.Read(ref _written);

    /// <summary>Items the database refused as bad in themselves (each logged); they are not retried.</summary>
    public long Failed => Interlocked.Read(ref _failed);

    /// <summary>Items taken from the queue and not written yet: the batch being written, or held for a retry.</summary>
    public int Held => Volatile.Read(ref _held);

    /// <summary>Writes the database could not take (locked, full, unreachable) and that were retried, since start.</summary>
    public long Retries => Interlocked.Read(ref _retries);

    /// <summary>Why the database is refusing writes right now; null when the last write succeeded.</summary>
    public string? LastError => Volatile.Read(ref _lastError);

    protected ILogger Logger { get; }

    /// <summary>The clock of the queue's waits, and of the times its writers stamp.</summary>
    protected TimeProvider Clock { get; }

    /// <summary>What the queue is for, in log messages ("engine event", "audit entry").</summary>
    protected abstract string ItemName { get; }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _consumer ??= Task.Run(() => ConsumeAsync(_abort.Token), CancellationToken.None);
        return Task.CompletedTask;
    }

    /// <summary>Refuses new items and writes everything queued; if <paramref name="cancellationToken"/> fires first, gives up and logs what was lost.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _channel.Writer.TryComplete();
        if (_consumer is null)
        {
            // Never started: write what was queued now, on the caller's thread.
            _consumer = ConsumeAsync(_abort.Token);
        }
        try
        {
            await _consumer.WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            var lost = QueueDepth + Held;
            await _abort.CancelAsync();
            Logger.LogError("Shutdown timed out with {Count} {Item}(s) still queued or held for a retry; they are lost.", lost, ItemName);
        }
        if (Dropped > 0)
        {
            Logger.LogError("{Dropped} {Item}(s) were dropped in total because the write-behind queue (capacity {Capacity}) was full.",
                Dropped, ItemName, Capacity);
        }
    }

    public void Dispose()
    {
        _abort.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>Queues an item without waiting; when the queue is full the item is dropped, counted and logged.</summary>
    protected bool TryEnqueue(T item)
    {
        if (_channel.Writer.TryWrite(item))
        {
            return true;
        }
        var dropped = Interlocked.Increment(ref _dropped);
        if (dropped == 1 || dropped % DropLogEvery == 0)
        {
            Logger.LogError("Write-behind queue full (capacity {Capacity}): {Dropped} {Item}(s) dropped so far.", Capacity, dropped, ItemName);
        }
        return false;
    }

    /// <summary>Writes one batch in <paramref name="db"/> and saves it.</summary>
    protected abstract Task WriteBatchAsync(BreakoutBotDbContext db, IReadOnlyList<T> batch, CancellationToken cancellationToken);

    private async Task ConsumeAsync(CancellationToken abort)
    {
        var reader = _channel.Reader;
        var batch = new List<T>(Math.Min(_batchSize, 4096));
        try
        {
            while (await reader.WaitToReadAsync(abort))
            {
                // The flush interval starts when the first item arrives, on the clock before the batch shows as held.
                using var interval = _flushInterval > TimeSpan.Zero ? new CancellationTokenSource(_flushInterval, Clock) : null;
                Take(reader, batch);
                if (batch.Count < _batchSize && interval is not null && !reader.Completion.IsCompleted)
                {
                    await LingerAsync(reader, batch, interval.Token, abort);
                }
                await WriteAsync(batch, abort);
                batch.Clear();
            }
        }
        catch (OperationCanceledException) when (abort.IsCancellationRequested)
        {
            // Shutdown gave up; StopAsync reports what was left.
        }
    }

    private void Take(ChannelReader<T> reader, List<T> batch)
    {
        while (batch.Count < _batchSize && reader.TryRead(out var item))
        {
            batch.Add(item);
        }
        // Taken from the queue but not written yet (a batch lingering for more): held, so QueueDepth + Held never shows
        // nothing waiting while a batch is still to be written.
        Volatile.Write(ref _held, batch.Count);
    }

    private async Task LingerAsync(ChannelReader<T> reader, List<T> batch, CancellationToken interval, CancellationToken abort)
    {
        using var linger = CancellationTokenSource.CreateLinkedTokenSource(abort, interval);
        try
        {
            while (batch.Count < _batchSize && await reader.WaitToReadAsync(linger.Token))
            {
                Take(reader, batch);
            }
        }
        catch (OperationCanceledException) when (!abort.IsCancellationRequested)
        {
            // The flush interval is over: write what we have.
        }
    }

    private async Task WriteAsync(List<T> batch, CancellationToken abort)
    {
        Volatile.Write(ref _held, batch.Count);
        try
        {
            try
            {
                await WriteUntilStoredAsync(batch, abort);
                return;
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !abort.IsCancellationRequested)
            {
                Logger.LogError(ex, "Writing a batch of {Count} {Item}(s) failed; retrying them one by one.", batch.Count, ItemName);
            }
            foreach (var item in batch)
            {
                try
                {
                    await WriteUntilStoredAsync([item], abort);
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !abort.IsCancellationRequested)
                {
                    Interlocked.Increment(ref _failed);
                    Logger.LogError(ex, "Could not write {Item} {Value}.", ItemName, item);
                }
                Interlocked.Decrement(ref _held);
            }
        }
        finally
        {
            Volatile.Write(ref _held, 0);
        }
    }

    /// <summary>Writes <paramref name="items"/>, waiting and retrying while the storage is unavailable; a write bad in itself throws.</summary>
    private async Task WriteUntilStoredAsync(List<T> items, CancellationToken abort)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await WriteOnceAsync(items, abort);
                Interlocked.Add(ref _written, items.Count);
                if (Interlocked.Exchange(ref _lastError, null) is { } error)
                {
                    Logger.LogWarning("The database takes {Item}s again after {Attempts} failed attempt(s) ({Error}); {Queued} queued.",
                        ItemName, attempt - 1, error, QueueDepth);
                }
                return;
            }
            catch (Exception ex) when (StorageOutage.Is(ex) && !abort.IsCancellationRequested)
            {
                Interlocked.Increment(ref _retries);
                var delay = _options.RetryDelay(attempt);
                var first = Interlocked.Exchange(ref _lastError, Describe(ex)) is null;
                if (first)
                {
                    Logger.LogError(ex, "The database cannot take writes; {Count} {Item}(s) are kept and retried (next in {Delay} ms), new ones wait in the queue.",
                        items.Count, ItemName, delay.TotalMilliseconds);
                }
                else
                {
                    Logger.LogWarning("The database still cannot take writes ({Error}); retry {Attempt} of {Count} {Item}(s) in {Delay} ms, {Queued} queued.",
                        LastError, attempt, items.Count, ItemName, delay.TotalMilliseconds, QueueDepth);
                }
                await Task.Delay(delay, Clock, abort);
            }
        }
    }

    /// <summary>The innermost outage in a short line for the health page ("SqliteException: SQLite Error 5: 'database is locked'.").</summary>
    private static string Describe(Exception ex)
    {
        var cause = ex;
        for (var e = ex; e is not null; e = e.InnerException)
        {
            if (StorageOutage.Is(e))
            {
                cause = e;
            }
        }
        var line = cause.Message.Split('\n', 2)[0].Trim();
        var text = cause.GetType().Name + ": " + line;
        return text.Length <= 200 ? text : text[..200] + "…";
    }

    private async Task WriteOnceAsync(IReadOnlyList<T> batch, CancellationToken abort)
    {
        await using var db = await _contexts.CreateDbContextAsync(abort);
        await WriteBatchAsync(db, batch, abort);
    }
}

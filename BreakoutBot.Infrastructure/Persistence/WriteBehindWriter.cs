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
/// A batch that fails is retried item by item, so one bad item costs only itself (counted in <see cref="Failed"/>).
/// </summary>
public abstract class WriteBehindWriter<T> : IHostedService, IDisposable
    where T : class
{
    private const int DropLogEvery = 1000;

    private readonly Channel<T> _channel;
    private readonly IDbContextFactory<BreakoutBotDbContext> _contexts;
    private readonly int _batchSize;
    private readonly TimeSpan _flushInterval;
    private readonly CancellationTokenSource _abort = new();
    private Task? _consumer;
    private long _dropped;
    private long _written;
    private long _failed;

    protected WriteBehindWriter(IDbContextFactory<BreakoutBotDbContext> contexts, WriteBehindOptions options, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(contexts);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        _contexts = contexts;
        Logger = logger;
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

    /// <summary>Items the database refused (each logged).</summary>
    public long Failed => Interlocked.Read(ref _failed);

    protected ILogger Logger { get; }

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
            await _abort.CancelAsync();
            Logger.LogError("Shutdown timed out with {Count} {Item}(s) still queued; they are lost.", QueueDepth, ItemName);
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
                Take(reader, batch);
                if (batch.Count < _batchSize && _flushInterval > TimeSpan.Zero && !reader.Completion.IsCompleted)
                {
                    await LingerAsync(reader, batch, abort);
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
    }

    private async Task LingerAsync(ChannelReader<T> reader, List<T> batch, CancellationToken abort)
    {
        using var linger = CancellationTokenSource.CreateLinkedTokenSource(abort);
        linger.CancelAfter(_flushInterval);
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
        try
        {
            await WriteOnceAsync(batch, abort);
            Interlocked.Add(ref _written, batch.Count);
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
                await WriteOnceAsync([item], abort);
                Interlocked.Increment(ref _written);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !abort.IsCancellationRequested)
            {
                Interlocked.Increment(ref _failed);
                Logger.LogError(ex, "Could not write {Item} {Value}.", ItemName, item);
            }
        }
    }

    private async Task WriteOnceAsync(IReadOnlyList<T> batch, CancellationToken abort)
    {
        await using var db = await _contexts.CreateDbContextAsync(abort);
        await WriteBatchAsync(db, batch, abort);
    }
}

namespace BreakoutBot.Infrastructure.Persistence;

/// <summary>The counters of one write-behind queue, whatever it stores (for the health page and the metrics).</summary>
public interface IWriteBehindQueue
{
    int QueueDepth { get; }

    int Held { get; }

    long Dropped { get; }

    long Retries { get; }

    long Failed { get; }

    long Written { get; }
}

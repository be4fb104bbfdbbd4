namespace BreakoutBot.Infrastructure.Backtests;

/// <summary>
/// Keeps the last value loaded and its key, so the runs of a sweep (the same data, run after run and in parallel)
/// load it once. Values must be immutable: every run reads the same instance. Holds one value at a time.
/// </summary>
public sealed class LastLoaded<TValue>
{
    private readonly Lock _gate = new();
    private string? _key;
    private Task<TValue>? _value;

    public Task<TValue> GetAsync(string key, Func<Task<TValue>> load)
    {
        ArgumentNullException.ThrowIfNull(load);
        lock (_gate)
        {
            if (_value is not null && string.Equals(_key, key, StringComparison.Ordinal) && !_value.IsFaulted && !_value.IsCanceled)
            {
                return _value;
            }
            _key = key;
            _value = load();
            return _value;
        }
    }
}

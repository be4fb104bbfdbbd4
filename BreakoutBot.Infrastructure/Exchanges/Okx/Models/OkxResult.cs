namespace BreakoutBot.Infrastructure.Exchanges.Okx.Models;

/// <summary>The outcome of an OKX call: <see cref="Value"/> on success, otherwise <see cref="Error"/>. Expected failures are values.</summary>
public sealed class OkxResult<T>
{
    private readonly T? _value;

    internal OkxResult(T? value, OkxError? error)
    {
        _value = value;
        Error = error;
    }

    public bool IsSuccess => Error is null;

    public OkxError? Error { get; }

    /// <summary>The value; throws <see cref="InvalidOperationException"/> (with the error) when the call failed.</summary>
    public T Value => Error is null ? _value! : throw new InvalidOperationException($"The OKX call failed: {Error}");

    public OkxResult<TOut> Map<TOut>(Func<T, TOut> map)
    {
        ArgumentNullException.ThrowIfNull(map);
        return Error is null ? new OkxResult<TOut>(map(_value!), null) : new OkxResult<TOut>(default, Error);
    }

    public override string ToString() => Error is null ? $"OK: {_value}" : Error.ToString();
}

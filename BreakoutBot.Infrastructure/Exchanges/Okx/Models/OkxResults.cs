namespace BreakoutBot.Infrastructure.Exchanges.Okx.Models;

/// <summary>Factories for <see cref="OkxResult{T}"/>.</summary>
public static class OkxResults
{
    public static OkxResult<T> Ok<T>(T value) => new(value, null);

    public static OkxResult<T> Fail<T>(OkxError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return new OkxResult<T>(default, error);
    }
}

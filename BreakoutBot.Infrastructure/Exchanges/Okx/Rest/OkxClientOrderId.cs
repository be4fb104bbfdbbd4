namespace BreakoutBot.Infrastructure.Exchanges.Okx.Rest;

/// <summary>OKX's rule for <c>clOrdId</c>, <c>algoClOrdId</c>, <c>attachAlgoClOrdId</c> and <c>reqId</c>: 1 to 32 ASCII letters or digits.</summary>
public static class OkxClientOrderId
{
    public const int MaxLength = 32;

    public static bool IsValid(string? id) =>
        !string.IsNullOrEmpty(id) && id.Length <= MaxLength && id.All(char.IsAsciiLetterOrDigit);

    /// <summary>Throws <see cref="ArgumentException"/> naming <paramref name="field"/> when a given id breaks the rule.</summary>
    public static void ThrowIfInvalid(string? id, string field)
    {
        if (id is not null && !IsValid(id))
        {
            throw new ArgumentException($"OKX {field} '{id}' must be 1 to {MaxLength} ASCII letters or digits.", field);
        }
    }
}

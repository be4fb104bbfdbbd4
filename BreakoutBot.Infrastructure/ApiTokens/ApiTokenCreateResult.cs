namespace BreakoutBot.Infrastructure.ApiTokens;

/// <summary>
/// The outcome of creating a token: on success the plain <see cref="Token"/>, which exists only here and is shown to
/// the user once; otherwise the errors naming the fields, or a refusal.
/// </summary>
public sealed record ApiTokenCreateResult(string? Token, ApiTokenSummary? Summary, IReadOnlyList<ApiTokenFieldError> Errors, string? Refusal = null)
{
    public bool Success => Token is not null;
}

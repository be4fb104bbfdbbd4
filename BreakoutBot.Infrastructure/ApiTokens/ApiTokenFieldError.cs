namespace BreakoutBot.Infrastructure.ApiTokens;

/// <summary>One invalid field of a token request (<c>name</c>, <c>scope</c>, <c>days</c>) and what is wrong.</summary>
public sealed record ApiTokenFieldError(string Field, string Message);

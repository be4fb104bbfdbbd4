namespace BreakoutBot.Infrastructure.Credentials;

/// <summary>A rejected form field (<c>label</c>, <c>apiKey</c>, <c>secretKey</c> or <c>passphrase</c>) and why; never echoes the value.</summary>
public sealed record OkxKeyFieldError(string Field, string Message);

namespace BreakoutBot.Infrastructure.Credentials;

/// <summary>The outcome of <see cref="OkxKeyStore.SaveAsync"/>: the new key set, or the field errors (nothing was written).</summary>
public sealed class OkxKeySaveResult
{
    private OkxKeySaveResult(OkxKeySetSummary? saved, IReadOnlyList<OkxKeyFieldError> errors)
    {
        Saved = saved;
        Errors = errors;
    }

    public bool Succeeded => Saved is not null;

    /// <summary>The stored key set (without secrets) when <see cref="Succeeded"/>.</summary>
    public OkxKeySetSummary? Saved { get; }

    public IReadOnlyList<OkxKeyFieldError> Errors { get; }

    /// <summary>One line for the user: what was saved, or every error.</summary>
    public string Message => Saved is { } s
        ? $"Saved key set '{s.Label}' ({s.MaskedApiKey}, {(s.IsDemo ? "demo" : "live")})."
        : string.Join(" ", Errors.Select(e => e.Message));

    /// <summary>The first error about <paramref name="field"/>, or null.</summary>
    public string? ErrorFor(string field) => Errors.FirstOrDefault(e => e.Field == field)?.Message;

    public static OkxKeySaveResult Success(OkxKeySetSummary saved) => new(saved ?? throw new ArgumentNullException(nameof(saved)), []);

    public static OkxKeySaveResult Invalid(IReadOnlyList<OkxKeyFieldError> errors) =>
        errors is { Count: > 0 } ? new(null, errors) : throw new ArgumentException("An invalid result needs at least one error.", nameof(errors));
}

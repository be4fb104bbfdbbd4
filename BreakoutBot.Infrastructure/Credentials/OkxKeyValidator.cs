namespace BreakoutBot.Infrastructure.Credentials;

/// <summary>Checks a key-set form; messages name the field and never repeat what was typed into a secret field.</summary>
public static class OkxKeyValidator
{
    public const string LabelField = "label";
    public const string ApiKeyField = "apiKey";
    public const string SecretKeyField = "secretKey";
    public const string PassphraseField = "passphrase";

    /// <summary>Validates already-trimmed label, API key and secret, and the passphrase as typed.</summary>
    public static List<OkxKeyFieldError> Validate(string label, string apiKey, string secretKey, string passphrase)
    {
        ArgumentNullException.ThrowIfNull(label);
        ArgumentNullException.ThrowIfNull(apiKey);
        ArgumentNullException.ThrowIfNull(secretKey);
        ArgumentNullException.ThrowIfNull(passphrase);
        var errors = new List<OkxKeyFieldError>();
        if (label.Length == 0)
        {
            errors.Add(new(LabelField, "Label is required."));
        }
        else if (label.Length > OkxKeyRules.MaxLabelLength)
        {
            errors.Add(new(LabelField, $"Label must be at most {OkxKeyRules.MaxLabelLength} characters."));
        }
        else if (label.Any(char.IsControl))
        {
            errors.Add(new(LabelField, "Label must not contain line breaks or other control characters."));
        }

        if (apiKey.Length == 0)
        {
            errors.Add(new(ApiKeyField, "API key is required."));
        }
        else if (apiKey.Length is < OkxKeyRules.MinApiKeyLength or > OkxKeyRules.MaxApiKeyLength)
        {
            errors.Add(new(ApiKeyField, $"API key must be {OkxKeyRules.MinApiKeyLength} to {OkxKeyRules.MaxApiKeyLength} characters."));
        }
        else if (!apiKey.All(c => char.IsAsciiLetterOrDigit(c) || c == '-'))
        {
            errors.Add(new(ApiKeyField, "API key may contain only letters, digits and '-' (copy it from OKX as shown there)."));
        }

        if (secretKey.Length == 0)
        {
            errors.Add(new(SecretKeyField, "Secret key is required."));
        }
        else if (secretKey.Length is < OkxKeyRules.MinSecretKeyLength or > OkxKeyRules.MaxSecretKeyLength)
        {
            errors.Add(new(SecretKeyField, $"Secret key must be {OkxKeyRules.MinSecretKeyLength} to {OkxKeyRules.MaxSecretKeyLength} characters."));
        }
        else if (secretKey.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
        {
            errors.Add(new(SecretKeyField, "Secret key must not contain spaces or line breaks."));
        }

        if (string.IsNullOrWhiteSpace(passphrase))
        {
            errors.Add(new(PassphraseField, "Passphrase is required."));
        }
        else if (passphrase.Length > OkxKeyRules.MaxPassphraseLength)
        {
            errors.Add(new(PassphraseField, $"Passphrase must be at most {OkxKeyRules.MaxPassphraseLength} characters."));
        }
        else if (passphrase.Any(char.IsControl))
        {
            errors.Add(new(PassphraseField, "Passphrase must not contain line breaks or other control characters."));
        }
        else if (char.IsWhiteSpace(passphrase[0]) || char.IsWhiteSpace(passphrase[^1]))
        {
            errors.Add(new(PassphraseField, "Passphrase must not start or end with a space."));
        }
        return errors;
    }
}

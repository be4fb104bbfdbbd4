using System.Globalization;
using System.Text;
using BreakoutBot.Infrastructure.Exchanges.Okx.Models;

namespace BreakoutBot.Infrastructure.Exchanges.Okx.Rest;

/// <summary>Builds a query string in the order parameters are added; absent values are left out. The result is what is sent and signed.</summary>
internal sealed class OkxQuery
{
    private readonly List<KeyValuePair<string, string>> _parameters = [];

    public OkxQuery Add(string name, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            _parameters.Add(new(name, value));
        }
        return this;
    }

    public OkxQuery Add(string name, int? value) =>
        Add(name, value?.ToString(CultureInfo.InvariantCulture));

    public OkxQuery Add(string name, decimal? value) =>
        Add(name, value is { } number ? OkxJson.Format(number) : null);

    public OkxQuery Add(string name, DateTimeOffset? value) =>
        Add(name, value?.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture));

    public override string ToString()
    {
        if (_parameters.Count == 0)
        {
            return string.Empty;
        }
        var text = new StringBuilder();
        foreach (var (name, value) in _parameters)
        {
            text.Append(text.Length == 0 ? '?' : '&').Append(Uri.EscapeDataString(name)).Append('=').Append(Uri.EscapeDataString(value));
        }
        return text.ToString();
    }
}

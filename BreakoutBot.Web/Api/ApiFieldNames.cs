namespace BreakoutBot.Web.Api;

/// <summary>Service field names (PascalCase properties) as the JSON bodies spell them (camelCase), for validation problems.</summary>
public static class ApiFieldNames
{
    public static string Camel(string field)
    {
        ArgumentNullException.ThrowIfNull(field);
        return field.Length == 0 ? field : char.ToLowerInvariant(field[0]) + field[1..];
    }
}

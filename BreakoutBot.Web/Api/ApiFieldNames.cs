using System.ComponentModel.DataAnnotations;
using System.Reflection;

namespace BreakoutBot.Web.Api;

/// <summary>Service field names (PascalCase properties) as the JSON bodies spell them (camelCase), for validation problems.</summary>
public static class ApiFieldNames
{
    public static string Camel(string field)
    {
        ArgumentNullException.ThrowIfNull(field);
        return field.Length == 0 ? field : char.ToLowerInvariant(field[0]) + field[1..];
    }

    /// <summary>
    /// The DataAnnotations errors of <paramref name="value"/>'s properties, each keyed and worded with the field as the API
    /// spells it ("The field bars must be between 500 and 500000."): the attributes' default messages name the field by
    /// its display name, which is the C# member (<c>Bars</c>) unless the validation context gives another.
    /// </summary>
    public static IEnumerable<(string Field, string Message)> DataAnnotationErrors(object value)
    {
        ArgumentNullException.ThrowIfNull(value);
        foreach (var property in value.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.GetIndexParameters().Length > 0 || !property.IsDefined(typeof(ValidationAttribute), inherit: true))
            {
                continue;
            }
            var field = Camel(property.Name);
            var results = new List<ValidationResult>();
            var context = new ValidationContext(value) { MemberName = property.Name, DisplayName = field };
            if (!Validator.TryValidateProperty(property.GetValue(value), context, results))
            {
                foreach (var result in results)
                {
                    yield return (field, result.ErrorMessage ?? $"The field {field} is not valid.");
                }
            }
        }
    }
}

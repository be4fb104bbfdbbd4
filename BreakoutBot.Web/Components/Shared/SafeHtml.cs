using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Components;

namespace BreakoutBot.Web.Components.Shared;

/// <summary>
/// Builds a read-only piece of HTML for a <see cref="MarkupString"/>: tags and class names come from the caller's
/// constants (<see cref="Raw"/>), every value goes through <see cref="HtmlEncoder"/> (<see cref="Text"/>,
/// <see cref="Attribute"/>), so nothing a value contains (an instrument id, a reason, an error) can become markup.
/// One markup frame instead of a few hundred render-tree frames: what an open page holds for a big table (README,
/// Performance).
/// </summary>
public sealed class SafeHtml
{
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Default;
    private readonly StringBuilder _html = new(1024);

    /// <summary>Markup written as is: only constant tags and class names, never a value.</summary>
    public SafeHtml Raw(string markup)
    {
        _html.Append(markup);
        return this;
    }

    /// <summary>A value as text, HTML-encoded.</summary>
    public SafeHtml Text(string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            _html.Append(Encoder.Encode(value));
        }
        return this;
    }

    /// <summary>A value as text, in the invariant culture and HTML-encoded (numbers and times to show: <see cref="PortalFormat"/>).</summary>
    public SafeHtml Text(IFormattable? value) => Text(value?.ToString(null, CultureInfo.InvariantCulture));

    /// <summary>A table cell holding the value as text.</summary>
    public SafeHtml Cell(string? value) => Raw("<td>").Text(value).Raw("</td>");

    /// <summary>A table cell holding the value in the invariant culture.</summary>
    public SafeHtml Cell(IFormattable? value) => Raw("<td>").Text(value).Raw("</td>");

    /// <summary><c> name="value"</c> with the value HTML-encoded (quotes included); nothing when the value is null.</summary>
    public SafeHtml Attribute(string name, string? value)
    {
        if (value is null)
        {
            return this;
        }
        return Raw(" ").Raw(name).Raw("=\"").Text(value).Raw("\"");
    }

    /// <summary>A MudBlazor simple table (dense, elevation 1) with this id and header row; the caller writes the rows.</summary>
    public SafeHtml TableStart(string id, string classes, params string[] headers)
    {
        Raw("<div").Attribute("id", id).Attribute("class", classes).Raw("><div class=\"mud-table-container\"><table><thead><tr>");
        foreach (var header in headers)
        {
            Raw("<th>").Text(header).Raw("</th>");
        }
        return Raw("</tr></thead><tbody>");
    }

    public SafeHtml TableEnd() => Raw("</tbody></table></div></div>");

    public override string ToString() => _html.ToString();

    public MarkupString ToMarkup() => new(_html.ToString());
}

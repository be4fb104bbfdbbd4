namespace BreakoutBot.Web.Components.Pages.Presets.Components;

/// <summary>One editable leaf of a preset, addressed by the validator's dotted snake_case path.</summary>
public sealed class PresetField(string path, string label, PresetFieldKind kind)
{
    public string Path { get; } = path;

    public string Label { get; } = label;

    public PresetFieldKind Kind { get; } = kind;

    /// <summary>The text typed in (numbers and lists).</summary>
    public string Text { get; set; } = "";

    public bool Flag { get; set; }
}

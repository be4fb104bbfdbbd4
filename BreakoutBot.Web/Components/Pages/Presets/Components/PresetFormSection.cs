namespace BreakoutBot.Web.Components.Pages.Presets.Components;

/// <summary>A group of the form, one per part of the preset model (Risk, Liquidity filters, …).</summary>
public sealed record PresetFormSection(string Key, string Title, IReadOnlyList<PresetField> Fields);

namespace BreakoutBot.Web.Components.Pages.Presets.Components;

/// <summary>How a preset field is edited.</summary>
public enum PresetFieldKind
{
    /// <summary>A number; empty means null (only allowed where the model allows it).</summary>
    Number = 0,

    /// <summary>A switch.</summary>
    Boolean = 1,

    /// <summary>Comma-separated numbers.</summary>
    NumberList = 2,

    /// <summary>Comma-separated symbols; empty means none.</summary>
    SymbolList = 3,
}

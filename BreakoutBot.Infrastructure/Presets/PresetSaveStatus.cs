namespace BreakoutBot.Infrastructure.Presets;

/// <summary>How a request to write a preset ended; only <see cref="Saved"/> wrote anything.</summary>
public enum PresetSaveStatus
{
    /// <summary>A new version was written.</summary>
    Saved = 0,

    /// <summary>The preset failed validation; the errors name the fields.</summary>
    Invalid = 1,

    /// <summary>The user may not edit presets (only Admins and Traders may).</summary>
    Forbidden = 2,

    /// <summary>There is no preset (or version) by that name.</summary>
    NotFound = 3,

    /// <summary>Someone saved a newer version since the editor opened it, or the new name is taken.</summary>
    Conflict = 4,

    /// <summary>The content equals the latest version; nothing to save.</summary>
    Unchanged = 5,
}

namespace BreakoutBot.Infrastructure.Presets;

/// <summary>
/// Who a preset belongs to: its creator (the author of version 1), or nobody for the built-in catalog presets. Pages
/// show <see cref="Name"/>; <see cref="UserId"/> is only for permission checks and is never shown.
/// </summary>
public sealed record PresetOwner(string? UserId, string Name, bool BuiltIn)
{
    /// <summary>What pages show as the owner of a built-in preset.</summary>
    public const string BuiltInName = "built-in";

    public static PresetOwner ForBuiltIn { get; } = new(null, BuiltInName, true);
}

namespace BreakoutBot.Infrastructure.Presets;

/// <summary>One field that differs between two preset versions; <c>null</c> old/new values mean the field was absent.</summary>
public sealed record PresetChange(string Path, string? OldValue, string? NewValue);

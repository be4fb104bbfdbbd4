using BreakoutBot.Domain.Presets;

namespace BreakoutBot.Infrastructure.Presets;

/// <summary>The outcome of a save, clone or restore: the new version when saved, otherwise why not (with field errors when invalid).</summary>
public sealed record PresetSaveResult(PresetSaveStatus Status, string Message, IReadOnlyList<PresetError> Errors, int? Version = null)
{
    public bool Success => Status == PresetSaveStatus.Saved;

    public static PresetSaveResult Saved(int version, string message) => new(PresetSaveStatus.Saved, message, [], version);

    public static PresetSaveResult Invalid(IReadOnlyList<PresetError> errors) =>
        new(PresetSaveStatus.Invalid, "The preset is invalid: " + string.Join(" ", errors.Select(e => e.Message)), errors);

    public static PresetSaveResult Refused(PresetSaveStatus status, string message) => new(status, message, []);
}

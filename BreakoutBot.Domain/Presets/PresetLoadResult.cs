namespace BreakoutBot.Domain.Presets;

/// <summary>The outcome of reading a preset: the preset when there are no errors, otherwise the errors.</summary>
public sealed record PresetLoadResult
{
    private PresetLoadResult(TradingPreset? preset, IReadOnlyList<PresetError> errors)
    {
        Preset = preset;
        Errors = errors;
    }

    /// <summary>The preset; null whenever <see cref="Errors"/> is non-empty.</summary>
    public TradingPreset? Preset { get; }

    public IReadOnlyList<PresetError> Errors { get; }

    public bool IsSuccess => Preset is not null && Errors.Count == 0;

    public static PresetLoadResult Ok(TradingPreset preset)
    {
        ArgumentNullException.ThrowIfNull(preset);
        return new PresetLoadResult(preset, []);
    }

    public static PresetLoadResult Fail(IReadOnlyList<PresetError> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (errors.Count == 0)
        {
            throw new ArgumentException("A failed result needs at least one error.", nameof(errors));
        }
        return new PresetLoadResult(null, errors);
    }

    public static PresetLoadResult Fail(string field, string message) => Fail([new PresetError(field, message)]);
}

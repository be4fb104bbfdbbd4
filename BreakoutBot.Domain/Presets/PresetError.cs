namespace BreakoutBot.Domain.Presets;

/// <summary>
/// One problem with a preset. <see cref="Field"/> is the dotted snake_case path of the offending JSON field
/// (e.g. "risk.risk_per_trade"), or "$" for the document as a whole; <see cref="Message"/> says what is wrong.
/// </summary>
public sealed record PresetError(string Field, string Message)
{
    public override string ToString() => Message;
}

namespace BreakoutBot.Tests.TestSupport.FakeOkx;

/// <summary>An OKX error code and message (used as sCode/sMsg or as the top-level code/msg).</summary>
internal sealed record FakeOkxError(string Code, string Message)
{
    public static FakeOkxError Param(string name) => new("51000", $"Parameter {name} error");

    public static FakeOkxError Empty(string name) => new("50014", $"Parameter {name} can not be empty");

    public static FakeOkxError NoInstrument { get; } = new("51001", "Instrument ID does not exist");
}

namespace BreakoutBot.Tests.TestSupport.FakeOkx;

/// <summary>A stop-loss and/or take-profit attached to an entry order; it becomes an algo order once the entry fills.</summary>
public sealed record FakeOkxAttachedAlgo(
    string AttachAlgoId,
    string AttachAlgoClOrdId,
    decimal? StopLossTriggerPrice,
    decimal? StopLossOrderPrice,
    decimal? TakeProfitTriggerPrice,
    decimal? TakeProfitOrderPrice,
    decimal? Size);

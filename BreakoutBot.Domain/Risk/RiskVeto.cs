namespace BreakoutBot.Domain.Risk;

/// <summary>
/// Why the risk manager refused a signal, as a stable category: the decision's reason text carries the figures, the
/// category is what the scan funnel counts (ADR-009). <see cref="None"/> on an approved decision; a refusal built
/// without a category counts as <see cref="Other"/>.
/// </summary>
public enum RiskVeto
{
    None = 0,
    Other = 1,
    KillSwitch = 2,
    DailyLossLimit = 3,
    NoFreeSlot = 4,
    PositionAlreadyOpen = 5,
    CorrelatedExposure = 6,
    UnknownInstrument = 7,
    NoBuyingPower = 8,
    InvalidSize = 9,
    SizeBelowLotStep = 10,
    SizeBelowMinQuantity = 11,
    NotionalBelowMinimum = 12,
    ReducedSizeBelowMinimum = 13,
}

namespace BreakoutBot.Domain.Scanning;

/// <summary>
/// The scan and signal conditions whose input a data source may not provide (ADR-008). A condition that is not
/// available is never counted as passed; it does not block, its score weight is spread over the available components,
/// and every scan result lists it by name (<see cref="UncheckedConditionNames"/>).
/// </summary>
[Flags]
public enum UncheckedConditions
{
    None = 0,

    /// <summary>The <c>min_oi</c> filter: no open interest from the source.</summary>
    MinOi = 1,

    /// <summary>The <c>oi_delta</c> filter and score component: no 24 h open-interest change from the source.</summary>
    OiDelta = 2,

    /// <summary>The <c>correlation</c> filter and score component: no benchmark (BTC) series, or not enough paired bars yet.</summary>
    Correlation = 4,

    /// <summary>The signals' <c>l2_imbalance</c> check: no real level-2 book (a replay's book is modelled from candles).</summary>
    L2Imbalance = 8,
}

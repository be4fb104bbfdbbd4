namespace BreakoutBot.Domain.Risk;

/// <summary>The snake_case keys of <see cref="RiskVeto"/>, as the scan funnel and the replay report spell them.</summary>
public static class RiskVetoNames
{
    // Indexed by the enum's value: a refusal is counted by index, without formatting the enum.
    private static readonly string[] Keys =
    [
        "none", "other", "kill_switch", "daily_loss_limit", "no_free_slot", "position_already_open", "correlated_exposure",
        "unknown_instrument", "no_buying_power", "invalid_size", "size_below_lot_step", "size_below_min_quantity",
        "notional_below_minimum", "reduced_size_below_minimum",
    ];

    /// <summary>How many categories there are (the enum's values run from 0 to Count − 1).</summary>
    public static int Count => Keys.Length;

    public static string Of(RiskVeto veto)
    {
        var i = (int)veto;
        return i >= 0 && i < Keys.Length ? Keys[i] : Keys[(int)RiskVeto.Other];
    }
}

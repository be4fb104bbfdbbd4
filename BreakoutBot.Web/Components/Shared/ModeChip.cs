using BreakoutBot.Domain.Engine;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace BreakoutBot.Web.Components.Shared;

/// <summary>
/// An engine's trading mode as a chip: Paper, OKX demo, or LIVE in the warning colour. Markup with MudChip's classes,
/// not a component: it is on every open dashboard and in the top bar, and every component of an open page costs server
/// memory for as long as the page is open (a MudChip cost two; README, Performance).
/// </summary>
public static class ModeChip
{
    public static RenderFragment Of(TradingMode mode, Size size = Size.Small) => builder =>
    {
        builder.OpenElement(0, "div");
        builder.AddAttribute(1, "class", "mud-chip-container");
        builder.OpenElement(2, "div");
        builder.AddAttribute(3, "class", ChipClass(mode, size));
        builder.AddAttribute(4, "data-mode", mode.ToString());
        builder.OpenElement(5, "span");
        builder.AddAttribute(6, "class", "mud-chip-content");
        builder.AddContent(7, EngineText.Mode(mode));
        builder.CloseElement();
        builder.CloseElement();
        builder.CloseElement();
    };

    private static string ChipClass(TradingMode mode, Size size) =>
        $"mud-chip {(mode == TradingMode.Live ? "mud-chip-filled" : "mud-chip-outlined")} mud-chip-size-{size.ToString().ToLowerInvariant()} mud-chip-color-{EngineText.ModeColor(mode).ToString().ToLowerInvariant()} mode-chip";
}

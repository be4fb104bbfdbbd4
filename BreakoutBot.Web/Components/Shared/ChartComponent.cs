using System.Text.Json;
using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;

namespace BreakoutBot.Web.Components.Shared;

/// <summary>
/// The base of every chart component: the chart module (<c>wwwroot/js/charts.js</c>, lightweight-charts) loaded once
/// per component, the element it draws into, and the chart removed with the component.
/// </summary>
public abstract class ChartComponent : ComponentBase, IAsyncDisposable
{
    /// <summary>
    /// The chart data's serializer, one for the process. The circuit's own JS-interop serializer keeps the metadata of
    /// every type it has written for as long as the circuit lives (about 1.5 KB per type, ~20 types for the charts'
    /// anonymous types and LINQ iterators), so the data goes over as one JSON string (README, Performance).
    /// </summary>
    private static readonly JsonSerializerOptions ChartJson = new(JsonSerializerDefaults.Web);

    private IJSObjectReference? _module;

    [Inject]
    private IJSRuntime JS { get; set; } = default!;

    /// <summary>The element the chart is drawn into (set with <c>@ref</c>).</summary>
    protected ElementReference Element { get; set; }

    /// <summary>Calls a function of the chart module (<c>timeSeries</c>, <c>candles</c>) with the element first.</summary>
    protected Task DrawAsync(string function, params object?[] arguments) => DrawJsonAsync(function, Serialize(arguments));

    /// <summary>
    /// As <see cref="DrawAsync"/> with the arguments already serialised by <see cref="Serialize"/>: one string that
    /// every open page drawing the same chart can share (the market chart, <c>MarketChartDrawings</c>).
    /// </summary>
    protected async Task DrawJsonAsync(string function, string argumentsJson)
    {
        _module ??= await JS.InvokeAsync<IJSObjectReference>("import", "./" + Assets["js/charts.js"]);
        await _module.InvokeVoidAsync("draw", Element, function, argumentsJson);
    }

    /// <summary>A draw call's arguments as the chart module reads them (a JSON array).</summary>
    public static string Serialize(params object?[] arguments) => JsonSerializer.Serialize(arguments, ChartJson);

    public async ValueTask DisposeAsync()
    {
        if (_module is not null)
        {
            try
            {
                await _module.InvokeVoidAsync("dispose", Element);
                await _module.DisposeAsync();
            }
            catch (JSDisconnectedException)
            {
                // The circuit is gone, and the chart with it.
            }
        }
        GC.SuppressFinalize(this);
    }
}

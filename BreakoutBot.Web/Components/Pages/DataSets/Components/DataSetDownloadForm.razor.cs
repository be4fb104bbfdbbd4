using BreakoutBot.Infrastructure.DataSets;
using BreakoutBot.Web.Components.Shared;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;

namespace BreakoutBot.Web.Components.Pages.DataSets.Components;

/// <summary>
/// Queues a download of 5-minute bars (and funding rates) from OKX as a new data set. Dates are UTC calendar days and
/// "To" includes its whole day (up to now when that is today). Tells <see cref="OnQueued"/> when a download was queued.
/// </summary>
public partial class DataSetDownloadForm
{
    private IReadOnlyList<DataSetFieldError> _errors = [];
    private string? _refusal;
    private string? _name;
    private string? _instruments;
    private DateTime? _from;
    private DateTime? _to;
    private bool _busy;
    private int _topCount = 10;

    [Inject]
    private DataSetService DataSets { get; set; } = default!;

    [Inject]
    private TimeProvider Time { get; set; } = default!;

    [Inject]
    private OkxInstrumentSuggestions Suggestions { get; set; } = default!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = default!;

    [CascadingParameter]
    private Task<AuthenticationState>? AuthState { get; set; }

    /// <summary>Called after a download was queued (the page reloads its list).</summary>
    [Parameter]
    public EventCallback OnQueued { get; set; }

    private async Task SubmitAsync()
    {
        _busy = true;
        try
        {
            var user = AuthState is null ? new System.Security.Claims.ClaimsPrincipal() : (await AuthState).User;
            var result = await DataSets.QueueDownloadAsync(user, _name, Ids(), PickedDates.StartOfDay(_from), End(_to));
            _errors = result.Errors;
            _refusal = result.Refusal;
            if (result.Queued)
            {
                Snackbar.Add($"Download of '{_name?.Trim()}' queued.", Severity.Success);
                (_name, _instruments, _from, _to) = (null, null, null, null);
                await OnQueued.InvokeAsync();
            }
        }
        finally
        {
            _busy = false;
        }
    }

    /// <summary>Fills the instrument list with OKX's top USDT swaps by 24 h volume now (editable before downloading).</summary>
    private async Task FillTopAsync()
    {
        _busy = true;
        try
        {
            var user = AuthState is null ? new System.Security.Claims.ClaimsPrincipal() : (await AuthState).User;
            var found = await Suggestions.TopSwapsByVolumeAsync(user, _topCount);
            _refusal = found.Problem;
            if (found.InstrumentIds.Count > 0)
            {
                _instruments = string.Join(", ", found.InstrumentIds);
            }
        }
        finally
        {
            _busy = false;
        }
    }

    private List<string> Ids() =>
        (_instruments ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(i => i.ToUpperInvariant()).ToList();

    // The whole "To" day, but never past now: the download then ends with the last closed bar.
    private DateTimeOffset? End(DateTime? date)
    {
        if (PickedDates.StartOfDay(date) is not { } day)
        {
            return null;
        }
        var now = Time.GetUtcNow();
        var end = day.AddDays(1);
        if (end <= now || day > now)
        {
            // A past day, or a future one the server refuses by name.
            return end;
        }
        var lastBoundary = DataSetBarSlots.First(now);
        return lastBoundary == now ? now : lastBoundary.AddMinutes(-5);
    }

    private string Estimate()
    {
        var ids = Ids().Distinct(StringComparer.Ordinal).Count();
        if (ids == 0 || PickedDates.StartOfDay(_from) is not { } from || End(_to) is not { } to || to <= from)
        {
            return "Bars come from OKX's public history (no keys needed), at most 20 requests of 100 bars per 2 s.";
        }
        var bars = DataSetBarSlots.Count(from, to);
        var duration = DataSetDownloadEstimate.Duration(bars, ids);
        return $"{PortalFormat.Count(bars * ids)} bars in {PortalFormat.Count(DataSetDownloadEstimate.Requests(bars, ids))} requests: at least {PortalFormat.Duration(duration)} at OKX's limit of 20 requests per 2 s.";
    }

    private bool Has(string field) => _errors.Any(e => e.Field == field);

    private string? ErrorOf(string field) => _errors.FirstOrDefault(e => e.Field == field)?.Message;
}

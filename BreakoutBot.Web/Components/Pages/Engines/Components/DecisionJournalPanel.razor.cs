using System.Globalization;
using System.Security.Claims;
using BreakoutBot.Domain.Journal;
using BreakoutBot.Infrastructure.Journal;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.Options;

namespace BreakoutBot.Web.Components.Pages.Engines.Components;

public partial class DecisionJournalPanel
{
    private const int PageSize = 25;
    private IReadOnlyList<string> _instruments = [];
    private string? _instrument;
    private string? _outcome;
    private string? _from;
    private string? _to;
    private string? _fromError;
    private string? _toError;
    private bool _busy;
    private int _pageIndex;
    private DecisionJournalPage? _page;
    private DecisionJournalEntry? _selected;
    private DecisionJournalAnswer? _answer;
    private ClaimsPrincipal _user = new();

    [Inject]
    private DecisionJournalQueries Journal { get; set; } = default!;

    [Inject]
    private IOptions<JournalOptions> Options { get; set; } = default!;

    [Inject]
    private TimeProvider Clock { get; set; } = default!;

    [CascadingParameter]
    private Task<AuthenticationState>? AuthState { get; set; }

    [Parameter, EditorRequired]
    public string EngineId { get; set; } = "";

    private bool Enabled => Options.Value.Enabled;

    protected override async Task OnInitializedAsync()
    {
        _user = AuthState is null ? new ClaimsPrincipal() : (await AuthState).User;
        _instruments = await Journal.InstrumentsAsync(_user, EngineId);
        await LoadAsync();
    }

    private async Task SearchAsync()
    {
        _pageIndex = 0;
        _answer = null;
        await LoadAsync();
    }

    private async Task PageAsync(int delta)
    {
        _pageIndex = Math.Max(0, _pageIndex + delta);
        await LoadAsync();
    }

    private async Task LoadAsync()
    {
        var from = Parse(_from, out _fromError);
        var to = Parse(_to, out _toError);
        if (_fromError is not null || _toError is not null)
        {
            return;
        }
        _busy = true;
        try
        {
            var outcome = Enum.TryParse<DecisionOutcome>(_outcome, out var o) ? o : (DecisionOutcome?)null;
            _page = await Journal.ListAsync(_user, EngineId, new DecisionJournalFilter(_instrument, from, to, outcome, _pageIndex, PageSize));
            _selected = null;
            if (_instruments.Count == 0 && _page is { Total: > 0 })
            {
                _instruments = await Journal.InstrumentsAsync(_user, EngineId);
            }
        }
        finally
        {
            _busy = false;
        }
    }

    private async Task WhyAsync()
    {
        var to = Parse(_to, out _toError);
        if (_toError is not null || string.IsNullOrEmpty(_instrument))
        {
            return;
        }
        _busy = true;
        try
        {
            _answer = await Journal.ExplainAsync(_user, EngineId, _instrument, to ?? Clock.GetUtcNow());
        }
        finally
        {
            _busy = false;
        }
    }

    private void Select(DecisionJournalEntry row) => _selected = _selected?.Id == row.Id ? null : row;

    /// <summary>Empty → no bound; otherwise a UTC time as yyyy-MM-dd HH:mm (seconds optional), or an error naming the format.</summary>
    private static DateTimeOffset? Parse(string? text, out string? error)
    {
        error = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }
        if (DateTimeOffset.TryParseExact(text.Trim(), ["yyyy-MM-dd HH:mm", "yyyy-MM-dd HH:mm:ss"], CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time))
        {
            return time;
        }
        error = "Give the time as yyyy-MM-dd HH:mm (UTC).";
        return null;
    }

    internal static string OutcomeText(DecisionOutcome outcome) => outcome switch
    {
        DecisionOutcome.FilteredOut => "filtered out",
        DecisionOutcome.SlotsFull => "slots full",
        DecisionOutcome.NotTopCandidate => "not a top candidate",
        DecisionOutcome.NoLevel => "no level",
        DecisionOutcome.NoSignal => "no signal",
        DecisionOutcome.SignalNotExecuted => "signal not executed",
        DecisionOutcome.RiskRejected => "rejected by risk",
        DecisionOutcome.EntryFailed => "entry failed",
        DecisionOutcome.Traded => "traded",
        _ => outcome.ToString(),
    };
}

using BreakoutBot.Domain.Constants;
using BreakoutBot.Infrastructure.DataSets;
using BreakoutBot.Infrastructure.Exchanges.Okx;
using BreakoutBot.Infrastructure.Exchanges.Okx.MarketData;
using BreakoutBot.Infrastructure.Exchanges.Okx.Rest;
using BreakoutBot.Infrastructure.Jobs;
using BreakoutBot.Infrastructure.Persistence;
using BreakoutBot.Tests.Infrastructure.DataSets;
using BreakoutBot.Tests.Infrastructure.Presets;
using BreakoutBot.Tests.TestSupport;
using BreakoutBot.Web.Components.Pages.DataSets;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using MudBlazor;

namespace BreakoutBot.Tests.Web.DataSets;

/// <summary>
/// The data sets page: the way to a backtest only for those who may run one, and a delete that asks first (its files go
/// with it) like every other delete of the portal.
/// </summary>
public sealed class DataSetListPageTests : BunitTest, IAsyncLifetime
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "bb-dslist-" + Guid.NewGuid().ToString("N"));
    private PresetDatabase _db = null!;
    private DataSetService _dataSets = null!;
    private OkxHistoryClient _history = null!;
    private long _setId;

    private static CancellationToken Ct => Xunit.TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _db = await PresetDatabase.CreateAsync(Ct);
        var folders = new JobFolders(Options.Create(new JobsOptions()), Options.Create(new DatabaseOptions { DataFolder = _folder }));
        _dataSets = new DataSetService(_db.Contexts, folders, _db.Audit, _db.Time);
        Services.AddSingleton(_dataSets);
        Services.AddSingleton<TimeProvider>(_db.Time);
        // The download form's suggestions are never asked for here; nothing listens at this address.
        _history = new OkxHistoryClient(new OkxRestClient(new HttpClient(), new OkxOptions { RestBaseUrl = new Uri("http://127.0.0.1:9") }, TimeProvider.System, NullLogger<OkxRestClient>.Instance));
        Services.AddSingleton(new OkxInstrumentSuggestions(_history));
        var stored = await _dataSets.UploadAsync(PresetDatabase.User("tom-id", Roles.Trader, "tom"), "tom coins", [DataSetServiceTests.Csv("BTC-USDT-SWAP", 300)], Ct);
        _setId = stored.Id!.Value;
    }

    protected override async ValueTask DisposeAsyncCore()
    {
        await base.DisposeAsyncCore();
        await _db.DisposeAsync();
        _history.Dispose();
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    [Fact]
    public void AViewerIsNotOfferedABacktestTheirRoleMayNotRun()
    {
        SignIn("vera-id", Roles.Viewer, "vera");

        var page = Render<DataSetList>();

        page.WaitForElement($"[data-data-set=\"tom coins\"]");
        page.Find("#data-read-only").TextContent.ShouldContain("Your role can view data sets");
        page.FindAll("[data-backtest-on]").ShouldBeEmpty();
        page.FindAll("[data-delete]").ShouldBeEmpty();
    }

    [Fact]
    public void ATraderIsOfferedABacktestOnAReadySet()
    {
        SignIn("ann-id", Roles.Trader, "ann");

        var page = Render<DataSetList>();

        page.WaitForElement($"[data-backtest-on='{_setId}']").GetAttribute("href").ShouldBe($"/backtests?dataSet={_setId}");
    }

    [Fact]
    public async Task DeletingAsksFirstNamingTheSetAndCancellingKeepsIt()
    {
        SignIn("tom-id", Roles.Trader, "tom");
        var dialogs = Render<MudDialogProvider>();
        var page = Render<DataSetList>();

        page.WaitForElement($"[data-delete='{_setId}']").Click();

        var dialog = dialogs.WaitForElement(".mud-dialog");
        dialog.TextContent.ShouldContain("Delete data set 'tom coins' and its files (300 bars)? This cannot be undone.");
        Button(dialogs, "Cancel").Click();
        dialogs.WaitForAssertion(() => dialogs.FindAll(".mud-dialog").ShouldBeEmpty());
        (await _dataSets.GetAsync(PresetDatabase.User("tom-id", Roles.Trader, "tom"), _setId, Ct)).ShouldNotBeNull();
        _db.Audit.Entries.ShouldNotContain(e => e.Action == DataSetService.DeleteAction);
    }

    [Fact]
    public async Task ConfirmingTheDeleteRemovesTheSet()
    {
        SignIn("tom-id", Roles.Trader, "tom");
        var dialogs = Render<MudDialogProvider>();
        var page = Render<DataSetList>();

        page.WaitForElement($"[data-delete='{_setId}']").Click();
        dialogs.WaitForElement(".mud-dialog");
        Button(dialogs, "Delete").Click();

        page.WaitForElement("#no-data-sets");
        (await _dataSets.GetAsync(PresetDatabase.User("tom-id", Roles.Trader, "tom"), _setId, Ct)).ShouldBeNull();
    }

    private static AngleSharp.Dom.IElement Button(IRenderedComponent<MudDialogProvider> dialogs, string text) =>
        dialogs.FindAll(".mud-dialog button").Single(b => b.TextContent.Trim() == text);
}

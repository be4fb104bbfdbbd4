using BreakoutBot.Domain.Constants;
using BreakoutBot.Infrastructure.DataSets;
using BreakoutBot.Infrastructure.Exchanges.Okx;
using BreakoutBot.Infrastructure.Exchanges.Okx.MarketData;
using BreakoutBot.Infrastructure.Exchanges.Okx.Rest;
using BreakoutBot.Infrastructure.Jobs;
using BreakoutBot.Infrastructure.Persistence;
using BreakoutBot.Tests.Infrastructure.Presets;
using BreakoutBot.Tests.TestSupport;
using BreakoutBot.Tests.TestSupport.Fakes;
using BreakoutBot.Tests.TestSupport.FakeOkx;
using Microsoft.Extensions.Logging.Abstractions;
using BreakoutBot.Web.Components.Pages.DataSets.Components;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MudBlazor;

namespace BreakoutBot.Tests.Web.DataSets;

public sealed class DataSetDownloadFormTests : BunitTest, IAsyncLifetime
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "bb-dlform-" + Guid.NewGuid().ToString("N"));
    private readonly RecordingJobClient _jobs = new();
    private PresetDatabase _db = null!;
    private FakeOkxServer _okx = null!;
    private OkxHistoryClient _history = null!;
    private int _queued;

    private static CancellationToken Ct => Xunit.TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _db = await PresetDatabase.CreateAsync(Ct);
        var folders = new JobFolders(Options.Create(new JobsOptions()), Options.Create(new DatabaseOptions { DataFolder = _folder }));
        Services.AddSingleton(new DataSetService(_db.Contexts, folders, _db.Audit, _db.Time, _jobs));
        Services.AddSingleton<TimeProvider>(_db.Time);
        _okx = await FakeOkxServer.StartAsync(new FakeOkxOptions { AddTypicalSwaps = true }, Ct);
        _history = new OkxHistoryClient(new OkxRestClient(new HttpClient(), new OkxOptions { RestBaseUrl = _okx.RestBaseUrl }, TimeProvider.System, NullLogger<OkxRestClient>.Instance));
        Services.AddSingleton(new OkxInstrumentSuggestions(_history));
    }

    [Fact]
    public void ATraderFillsTheInstrumentsWithOkxsTopSwapsBy24hVolumeHighestFirst()
    {
        _okx.SetPrice("BTC-USDT-SWAP", 30_000m);
        _okx.SetPrice("ETH-USDT-SWAP", 2_000m);
        _okx.SetVolume24h("BTC-USDT-SWAP", 10m);
        _okx.SetVolume24h("ETH-USDT-SWAP", 5_000m);
        SignIn("tom-id", Roles.Trader, "tom");
        var form = RenderForm();
        form.Find("#dl-top-count").Change("2");

        form.Find("#dl-fill-top").Click();

        form.WaitForAssertion(() => form.Find("#dl-instruments").GetAttribute("value").ShouldBe("ETH-USDT-SWAP, BTC-USDT-SWAP"), TimeSpan.FromSeconds(10));
        form.FindAll("#dl-refusal").ShouldBeEmpty();
    }

    [Fact]
    public async Task ATradersBadInputShowsEachFieldsErrorAndQueuesNothing()
    {
        SignIn("tom-id", Roles.Trader, "tom");
        var form = RenderForm();
        form.Find("#dl-instruments").Change("BTC-USDT-SWAP, ETH/USDT");

        form.Find("#dl-start").Click();

        form.WaitForAssertion(() =>
        {
            var errors = form.FindAll(".mud-input-error").Select(e => e.TextContent.Trim()).ToList();
            errors.ShouldContain("Give the data set a name.");
            errors.ShouldContain(e => e.StartsWith("'ETH/USDT' is not an OKX instrument id", StringComparison.Ordinal));
            errors.ShouldContain("Choose the start of the range.");
            errors.ShouldContain("Choose the end of the range.");
        });
        _queued.ShouldBe(0);
        _jobs.Jobs.ShouldBeEmpty();
        (await CountAsync()).ShouldBe(0);
    }

    [Fact]
    public async Task AValidDownloadIsQueuedAsTheSignedInTraderAndTheFormSaysSo()
    {
        SignIn("tom-id", Roles.Trader, "tom");
        var form = RenderForm();
        form.Find("#dl-name").Change("btc and eth");
        form.Find("#dl-instruments").Change("btc-usdt-swap, ETH-USDT-SWAP");
        var pickers = form.FindComponents<MudDatePicker>();
        await form.InvokeAsync(() => pickers[0].Instance.DateChanged.InvokeAsync(new DateTime(2026, 2, 1)));
        await form.InvokeAsync(() => pickers[1].Instance.DateChanged.InvokeAsync(new DateTime(2026, 2, 2)));
        form.Find("#dl-estimate").TextContent.ShouldBe("1,152 bars in 12 requests: at least 2 s at OKX's limit of 20 requests per 2 s.");

        form.Find("#dl-start").Click();

        form.WaitForAssertion(() => _queued.ShouldBe(1));
        await using var db = await _db.Contexts.CreateDbContextAsync(Ct);
        var row = await db.Set<DataSetEntity>().SingleAsync(Ct);
        (row.Name, row.OwnerId, row.Instruments, row.Status).ShouldBe(("btc and eth", "tom-id", "BTC-USDT-SWAP,ETH-USDT-SWAP", DataSetStatus.Queued));
        (row.RequestedFrom, row.RequestedTo).ShouldBe((new DateTimeOffset(2026, 2, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 2, 3, 0, 0, 0, TimeSpan.Zero)), "To includes its whole day");
        _jobs.Jobs.ShouldHaveSingleItem();
        form.FindAll(".mud-input-error").ShouldBeEmpty();
    }

    [Fact]
    public async Task AViewerIsToldTheyMayNotDownload()
    {
        SignIn("vera-id", Roles.Viewer, "vera");
        var form = RenderForm();
        form.Find("#dl-name").Change("mine");

        form.Find("#dl-start").Click();

        form.WaitForAssertion(() => form.Find("#dl-refusal").TextContent.ShouldContain("Only Traders and Admins may download data sets."));
        _queued.ShouldBe(0);
        (await CountAsync()).ShouldBe(0);
    }

    protected override async ValueTask DisposeAsyncCore()
    {
        await base.DisposeAsyncCore();
        await _db.DisposeAsync();
        _history.Dispose();
        await _okx.DisposeAsync();
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    private IRenderedComponent<DataSetDownloadForm> RenderForm() =>
        Render<DataSetDownloadForm>(p => p.Add(f => f.OnQueued, EventCallback.Factory.Create(this, () => _queued++)));

    private async Task<int> CountAsync()
    {
        await using var db = await _db.Contexts.CreateDbContextAsync(Ct);
        return await db.Set<DataSetEntity>().CountAsync(Ct);
    }
}

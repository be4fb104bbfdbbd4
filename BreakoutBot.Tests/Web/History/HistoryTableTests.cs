using BreakoutBot.Domain.Constants;
using BreakoutBot.Domain.Trading;
using BreakoutBot.Infrastructure.History;
using BreakoutBot.Infrastructure.Jobs;
using BreakoutBot.Infrastructure.Persistence;
using BreakoutBot.Tests.Infrastructure.History;
using BreakoutBot.Tests.TestSupport;
using BreakoutBot.Tests.TestSupport.Fakes;
using BreakoutBot.Web.Components.Pages.History.Components;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace BreakoutBot.Tests.Web.History;

public sealed class HistoryTableTests : BunitTest
{
    private readonly HistoryTestDatabase _db = new();

    public HistoryTableTests()
    {
        Services.AddSingleton(new HistoryQueries(_db));
        _db.AddEngine("e-alice", "alice");
        _db.AddEngine("e-bob", "bob");
        _db.AddPositions("e-alice", 30);
        _db.AddPositions("e-bob", 5, "b");
    }

    private IRenderedComponent<HistoryTable> RenderAs(string userId, string role)
    {
        SignIn(userId, role);
        return Render<HistoryTable>(p => p.Add(c => c.Kind, HistoryKind.Trades));
    }

    private static List<string> Rows(IRenderedComponent<HistoryTable> table) =>
        table.FindAll("td[data-row]").Select(td => td.GetAttribute("data-row")!).ToList();

    [Fact]
    public void TheFirstPageShowsTheNewestTradesOfTheTradersOwnEngines()
    {
        var table = RenderAs("alice", Roles.Trader);

        table.WaitForAssertion(() => Rows(table).Count.ShouldBe(25));
        Rows(table).First().ShouldBe("p30");
        Rows(table).ShouldNotContain(r => r.StartsWith('b'));
        table.Find("#history-page-info").TextContent.ShouldContain("Page 1 of 2 · 30 rows");
    }

    [Theory]
    [InlineData(1, "Page 1 of 1 · 1 row")]
    [InlineData(1_200, "Page 1 of 48 · 1,200 rows")]
    public void TheRowCountIsSaidAsEveryCountIsGroupedAndSingularForOne(int trades, string info)
    {
        _db.AddEngine("e-carol", "carol");
        _db.AddPositions("e-carol", trades, "c");

        var table = RenderAs("carol", Roles.Trader);

        table.WaitForAssertion(() => table.Find("#history-page-info").TextContent.ShouldBe(info));
    }

    [Fact]
    public void PageTwoShowsTheNextRows()
    {
        var table = RenderAs("alice", Roles.Trader);
        table.WaitForAssertion(() => Rows(table).Count.ShouldBe(25));

        table.Find("#history-next").Click();

        table.WaitForAssertion(() => Rows(table).ShouldBe(["p5", "p4", "p3", "p2", "p1"]));
        table.Find("#history-page-info").TextContent.ShouldContain("Page 2 of 2");
    }

    [Fact]
    public void FilteringBySymbolShowsOnlyThatSymbolAndLinksTheExportToTheFilter()
    {
        var table = RenderAs("root", Roles.Admin);
        table.WaitForAssertion(() => table.Find("#history-page-info").TextContent.ShouldContain("35 rows"));

        table.Find("input#filter-symbol").Change("ETH-USDT-SWAP");
        table.Find("#apply-filters").Click();

        table.WaitForAssertion(() => table.Find("#history-page-info").TextContent.ShouldContain("17 rows")); // 15 of alice + 2 of bob
        table.FindAll("td.row-symbol").Select(td => td.TextContent).ShouldAllBe(s => s == "ETH-USDT-SWAP");
        table.Find("#export-csv").GetAttribute("href").ShouldBe("/history/export?kind=trades&symbol=ETH-USDT-SWAP");
    }

    [Fact]
    public void TradesShowMoneyWithTwoDecimalsTimesInUtcAndEnginesByName()
    {
        _db.Seed(db =>
        {
            var position = HistoryTestDatabase.Position("e-alice", "p99", "DOGE-USDT-SWAP", new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));
            position.EntryFees = 8.6114343m;
            position.ExitFees = 0m;
            position.NetPnl = -53.971434m;
            db.Positions.Add(position);
        });
        var table = RenderAs("alice", Roles.Trader);
        table.WaitForAssertion(() => Rows(table).ShouldContain("p99"));

        var cells = table.Find("td[data-row='p99']").ParentElement!.QuerySelectorAll("td").Select(td => td.TextContent.Trim()).ToList();
        cells[1].ShouldBe("e-alice engine");
        cells[9].ShouldBe("8.61");
        cells[10].ShouldBe("-53.97");
        table.FindAll("#history-table th").Select(th => th.TextContent.Trim()).ShouldContain("Created (UTC)");
        table.FindAll("#history-table th").Select(th => th.TextContent.Trim()).ShouldContain("Closed (UTC)");
    }

    [Fact]
    public void WhyATradeClosedIsSaidInWordsNotByItsMachineName()
    {
        _db.Seed(db =>
        {
            var position = HistoryTestDatabase.Position("e-alice", "p98", "SOL-USDT-SWAP", new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));
            position.CloseReason = ExitReason.TakeProfit2;
            db.Positions.Add(position);
        });
        var table = RenderAs("alice", Roles.Trader);
        table.WaitForAssertion(() => Rows(table).ShouldContain("p98"));

        var cells = table.Find("td[data-row='p98']").ParentElement!.QuerySelectorAll("td").Select(td => td.TextContent.Trim()).ToList();
        cells[12].ShouldBe("Take-profit 2");
        table.Markup.ShouldNotContain("TakeProfit2");
    }

    [Fact]
    public void AnEmptyListIsSaidInTheMutedTextColourNotTheAccentColour()
    {
        var table = RenderAs("carol", Roles.Trader);

        var empty = table.WaitForElement("#history-empty");
        empty.ClassList.ShouldContain("mud-text-secondary");
        empty.ClassList.ShouldNotContain("mud-secondary-text", "MudBlazor's Secondary colour is the theme's pink accent, not muted text");
    }

    private readonly RecordingAuditLog _audit = new();

    /// <summary>Registers the jobs services with a Hangfire client that records instead of running (quota: one export a day).</summary>
    private RecordingJobClient AddJobs(string dataFolder)
    {
        var client = new RecordingJobClient();
        var options = Options.Create(new JobsOptions { ExportsPerUserPerDay = 1 });
        var runs = new JobRunLog(_db, TimeProvider.System);
        var folders = new JobFolders(options, Options.Create(new DatabaseOptions { DataFolder = dataFolder }));
        Services.AddSingleton(runs);
        Services.AddSingleton(new BackgroundJobs(client, runs, new ExportQuota(_db, folders, options, TimeProvider.System), _audit));
        return client;
    }

    [Fact]
    public void AViewerIsNotOfferedTheDataFolderExport()
    {
        AddJobs(Path.GetTempPath());

        var table = RenderAs("vera", Roles.Viewer);

        table.WaitForAssertion(() => table.Find("#history-page-info"));
        table.FindAll("#export-job").ShouldBeEmpty();
        table.Find("#export-csv"); // the streamed download stays
    }

    [Fact]
    public void ATraderExportsWithinTheQuotaAndIsToldWhenItIsReached()
    {
        var client = AddJobs(Path.GetTempPath());
        var table = RenderAs("alice", Roles.Trader);
        table.WaitForAssertion(() => table.Find("#export-job"));

        table.Find("#export-job").Click();
        table.WaitForAssertion(() => table.Find("#export-progress").TextContent.ShouldContain("Queued"));
        table.Find("#export-job").Click();

        table.WaitForAssertion(() => table.Find("#history-error").TextContent.ShouldBe("Export quota reached: 1 of 1 exports in the last 24 hours."));
        client.Jobs.Count.ShouldBe(1);
        client.Jobs[0].Args[1].ShouldBe(new HistoryScope(false, "alice"), "the job reads the Trader's own engines only");
        table.Markup.ShouldNotContain(Path.GetTempPath());
        _audit.Entries.Where(e => e.Action == BackgroundJobs.ExportAction).Select(e => (e.UserName, e.Success)).ShouldBe([("alice", true), ("alice", false)]);
    }

    [Fact]
    public async Task TheToDayBeforeTheFromDayIsSaidInsteadOfShowingAnEmptyList()
    {
        var table = RenderAs("alice", Roles.Trader);
        table.WaitForAssertion(() => Rows(table).Count.ShouldBe(25));
        var pickers = table.FindComponents<MudBlazor.MudDatePicker>();

        await table.InvokeAsync(() => pickers[0].Instance.DateChanged.InvokeAsync(new DateTime(2026, 3, 2)));
        await table.InvokeAsync(() => pickers[1].Instance.DateChanged.InvokeAsync(new DateTime(2026, 3, 1)));
        table.Find("#apply-filters").Click();

        table.WaitForAssertion(() => table.Find("#history-error").TextContent.ShouldBe("The 'to' day is before the 'from' day: pick a 'to' day on or after it."));
    }

    [Fact]
    public async Task TheExportsProgressIsFollowedUntilTheJobEndsAndThenOffersTheDownload()
    {
        AddJobs(Path.GetTempPath());
        var table = RenderAs("alice", Roles.Trader);
        var runs = Services.GetRequiredService<JobRunLog>();
        table.WaitForAssertion(() => table.Find("#export-job"));
        table.Find("#export-job").Click();
        table.WaitForAssertion(() => table.Find("#export-progress").TextContent.ShouldContain("Queued"));
        var runId = (await runs.RecentAsync(1, Xunit.TestContext.Current.CancellationToken)).Single().Id;

        await runs.SucceedAsync(runId, "30 rows", Path.Combine(Path.GetTempPath(), "trades.csv"), Xunit.TestContext.Current.CancellationToken);
        Clock.Advance(TimeSpan.FromSeconds(1));

        table.WaitForAssertion(() => table.Find("#export-progress").TextContent.ShouldContain("Succeeded · 30 rows"));
        table.Find("#export-download").GetAttribute("href").ShouldBe(BreakoutBot.Web.Components.Pages.History.HistoryEndpoints.DownloadUrl(runId));
    }

    protected override async ValueTask DisposeAsyncCore()
    {
        await base.DisposeAsyncCore();
        _db.Dispose();
    }
}

using System.Globalization;
using BreakoutBot.Domain.Constants;
using BreakoutBot.Domain.Presets;
using BreakoutBot.Infrastructure.Backtests;
using BreakoutBot.Infrastructure.DataSets;
using BreakoutBot.Infrastructure.MarketData;
using BreakoutBot.Infrastructure.Presets;
using BreakoutBot.Infrastructure.Replay;
using BreakoutBot.Tests.Infrastructure.Backtests;
using BreakoutBot.Tests.Infrastructure.DataSets;
using BreakoutBot.Tests.TestSupport;
using BreakoutBot.Web.Components.Pages.Backtests;
using BreakoutBot.Web.Components.Pages.Backtests.Components;
using BreakoutBot.Web.Components.Pages.DataSets.Components;
using BreakoutBot.Web.Components.Shared;
using Bunit;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.Extensions.DependencyInjection;

namespace BreakoutBot.Tests.Web.Backtests;

public sealed class BacktestComponentsTests : BunitTest
{
    private static CancellationToken Ct => Xunit.TestContext.Current.CancellationToken;

    private BacktestTestBed? _bed;

    private static readonly Lazy<ReplayReport> Report = new(() =>
    {
        var market = MarketDataSet.Generated(42, 4, 3000);
        return new ReplayRunner().RunAsync(market.Instruments, market.Candles, PresetCatalog.Get("breakout_v1")).GetAwaiter().GetResult();
    });

    private async Task<BacktestTestBed> BedAsync()
    {
        _bed = await BacktestTestBed.CreateAsync();
        Services.AddSingleton<IPresetStore>(_bed.Presets.Store);
        Services.AddSingleton(_bed.Data);
        Services.AddSingleton(_bed.DataSets);
        return _bed;
    }

    protected override async ValueTask DisposeAsyncCore()
    {
        await base.DisposeAsyncCore();
        if (_bed is not null)
        {
            await _bed.DisposeAsync();
        }
    }

    [Fact]
    public async Task TheListShowsARunStartAndEndWhenTheJobSaysSoWithoutWaitingForItsTimer()
    {
        var bed = await BedAsync();
        Services.AddSingleton(bed.Service);
        Services.AddSingleton(bed.Notifier);
        Services.AddSingleton(TimeProvider.System);
        SignIn("tom-id", Roles.Trader, "tom");
        var id = (await bed.Service.QueueAsync(BacktestTestBed.Tom, BacktestTestBed.Small, Ct)).Id!.Value;
        var changed = new List<long>();
        bed.Notifier.Changed += changed.Add;

        // A timer of an hour: only the job's word can bring the change before the deadline.
        var cut = Render<BacktestList>(p => p.Add(x => x.RefreshEvery, TimeSpan.FromHours(1)));
        cut.Find($"tr[data-backtest='{id}']").GetAttribute("data-status").ShouldBe("Queued");
        await bed.Job.RunAsync(id, Ct);

        changed.ShouldBe([id, id], "started, then finished");
        cut.WaitForAssertion(() => cut.Find($"tr[data-backtest='{id}']").GetAttribute("data-status").ShouldBe("Succeeded"), TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task DeletingABacktestAsksFirstAndOnlyTheConfirmationDeletesIt()
    {
        var bed = await BedAsync();
        Services.AddSingleton(bed.Service);
        Services.AddSingleton(bed.Notifier);
        Services.AddSingleton(TimeProvider.System);
        SignIn("tom-id", Roles.Trader, "tom");
        var id = (await bed.Service.QueueAsync(BacktestTestBed.Tom, BacktestTestBed.Small, Ct)).Id!.Value;
        await bed.Job.RunAsync(id, Ct);
        var dialogs = Render<MudBlazor.MudDialogProvider>();
        var cut = Render<BacktestList>(p => p.Add(x => x.RefreshEvery, TimeSpan.FromHours(1)));

        cut.WaitForElement($"[data-delete='{id}']").Click();
        dialogs.WaitForElement(".mud-dialog").TextContent.ShouldContain($"Delete backtest #{id} (breakout_v1 v1) and its report? This cannot be undone.");
        DialogButton(dialogs, "Cancel").Click();
        dialogs.WaitForAssertion(() => dialogs.FindAll(".mud-dialog").ShouldBeEmpty());
        (await bed.Service.GetAsync(BacktestTestBed.Tom, id, Ct)).ShouldNotBeNull("a cancelled dialog deletes nothing");

        cut.Find($"[data-delete='{id}']").Click();
        dialogs.WaitForElement(".mud-dialog");
        DialogButton(dialogs, "Delete").Click();
        cut.WaitForAssertion(() => cut.FindAll($"tr[data-backtest='{id}']").ShouldBeEmpty());
        (await bed.Service.GetAsync(BacktestTestBed.Tom, id, Ct)).ShouldBeNull();
    }

    private static AngleSharp.Dom.IElement DialogButton(IRenderedComponent<MudBlazor.MudDialogProvider> dialogs, string text) =>
        dialogs.FindAll(".mud-dialog button").Single(b => b.TextContent.Trim() == text);

    [Fact]
    public void TheSummaryShowsTheReportsFiguresAndItemisedCosts()
    {
        var report = Report.Value;

        var cut = Render<BacktestSummaryPanel>(p => p.Add(x => x.Report, report));

        cut.Find("[data-figure=trades]").TextContent.ShouldContain(report.Summary.Trades.ToString("N0", CultureInfo.InvariantCulture));
        cut.Find("[data-figure=net-pnl]").TextContent.ShouldContain(PortalFormat.Money(report.Summary.NetPnl));
        cut.Find("[data-figure=max-drawdown]").TextContent.ShouldContain(PortalFormat.Percent(report.Summary.MaxDrawdownPct));
        cut.Find("#backtest-costs").TextContent.ShouldContain("fees " + PortalFormat.Money(report.Summary.Fees));
        cut.Find("#backtest-costs").TextContent.ShouldContain("slippage " + PortalFormat.Money(report.Summary.Slippage));
    }

    [Fact]
    public void ARunWithoutTradesShowsADashForTheFiguresOnlyTradesGiveNotResultsThatLookReal()
    {
        // A data set no bar of which passed the filters: the page said "Win rate 0.00 %", "Profit factor no loss", "Average R 0.00".
        var report = Report.Value with
        {
            Summary = Report.Value.Summary with { Trades = 0, Wins = 0, Losses = 0, WinRate = 0, ProfitFactor = null, AverageR = 0 },
        };

        var cut = Render<BacktestSummaryPanel>(p => p.Add(x => x.Report, report));

        foreach (var figure in new[] { "win-rate", "profit-factor", "average-r" })
        {
            cut.Find($"[data-figure={figure}] .mud-typography-subtitle1").TextContent.ShouldBe("—", figure);
        }
        cut.Find("[data-figure=trades] .mud-typography-subtitle1").TextContent.ShouldBe("0");
    }

    [Theory]
    [InlineData(null, null, null, "", "")]
    [InlineData(0, null, 0.0, "—", "—")]
    [InlineData(4, null, 1.25, "no loss", "1.25")]
    [InlineData(30, 1.02, -0.13, "1.02", "-0.13")]
    public void TheListsProfitFactorAndAverageRSayNoTradesNoLossOrNothingYet(int? trades, double? pf, double? averageR, string pfText, string rText)
    {
        // The list left a run that won every trade without a profit factor, and showed 0.00 R for a run without trades.
        var run = new BacktestSummary(1, "tom", "breakout_v1", 1, BacktestDataSource.Generated, "generated market", null, null, 10_000m,
            trades is null ? BacktestStatus.Queued : BacktestStatus.Succeeded, 0, 0, DateTimeOffset.UnixEpoch, null, null, null,
            trades, trades is null ? null : 0m, trades is null ? null : 0, pf, averageR, CanControl: true);

        BacktestText.ProfitFactor(run).ShouldBe(pfText);
        BacktestText.AverageR(run).ShouldBe(rText);
    }

    [Fact]
    public void TheBreakdownHasARowPerMonthPerInstrumentAndPerStrategy()
    {
        var report = Report.Value;

        var cut = Render<BacktestBreakdown>(p => p.Add(x => x.Report, report));

        cut.FindAll("#monthly-returns tbody tr").Count.ShouldBe(ReplayStatistics.MonthlyReturns(report).Count);
        cut.FindAll("#per-instrument tbody tr").Count.ShouldBe(report.Trades.Select(t => t.Instrument).Distinct().Count());
        cut.FindAll("#per-strategy tbody tr").Count.ShouldBe(report.Trades.Select(t => t.Strategy).Distinct().Count());
        cut.FindAll("#r-distribution [data-bucket]").Count.ShouldBe(ReplayStatistics.RDistribution(report.Trades).Count);
    }

    [Fact]
    public void TheHeatMapPutsEachCombinationsNetPnlInItsCellColouredByItsSign()
    {
        static BacktestSummary Run(decimal pnl) => new(1, "tom", "p", 1, BacktestDataSource.Generated, "", null, null, 1000m,
            BacktestStatus.Succeeded, 10, 10, DateTimeOffset.UnixEpoch, null, null, null, 3, pnl, 0.1, 1.2, 0.1, true);
        var rows = new List<SweepRow>
        {
            new("a", new Dictionary<string, decimal> { ["x"] = 1, ["y"] = 10 }, Run(50m), null),
            new("b", new Dictionary<string, decimal> { ["x"] = 2, ["y"] = 10 }, Run(-25m), null),
        };

        var cut = Render<SweepHeatMap>(p => p.Add(x => x.Rows, rows).Add(x => x.FieldX, "x").Add(x => x.FieldY, "y"));

        var win = cut.Find("[data-cell='1|10']");
        var loss = cut.Find("[data-cell='2|10']");
        win.TextContent.ShouldBe("50.00");
        loss.TextContent.ShouldBe("-25.00");
        win.GetAttribute("style")!.ShouldContain("rgba(46,125,50");
        loss.GetAttribute("style")!.ShouldContain("rgba(198,40,40");
    }

    [Fact]
    public async Task TheBacktestFormShowsTheServersFieldErrorsAtTheirFields()
    {
        await BedAsync();
        SignIn("tom-id", Roles.Trader, "tom");
        BacktestRequest? sent = null;
        var cut = Render<BacktestForm>(p => p.Add(x => x.OnSubmit, request =>
        {
            sent = request;
            return Task.FromResult<IReadOnlyList<BacktestFieldError>>([new(nameof(BacktestRequest.GeneratedBars), "The bars must be between 500 and 500000.")]);
        }));

        cut.Find("#bt-bars").Input("10");
        await cut.Find("#bt-start").ClickAsync(new());

        sent!.GeneratedBars.ShouldBe(10);
        sent.PresetName.ShouldBe("breakout_v1");
        cut.WaitForAssertion(() => cut.Markup.ShouldContain("The bars must be between 500 and 500000."));
    }

    [Theory]
    [InlineData(Roles.Trader, true)]
    [InlineData(Roles.Viewer, false)]
    public async Task TheFormPreparesTheDataSetItOpensWithForThoseWhoMayRunIt(string role, bool prepared)
    {
        var bed = await BedAsync();
        SignIn("tom-id", role, "tom");
        var setId = (await bed.DataSets.UploadAsync(BacktestTestBed.Tom, "coins", [DataSetServiceTests.Csv("BTC-USDT-SWAP", 400)], Ct)).Id!.Value;
        var logs = new TestSupport.Fakes.RecordingLoggerProvider();
        using var loggers = new Microsoft.Extensions.Logging.LoggerFactory([logs]);
        var preparation = new DataSetPreparation(new DataSetReadySignal(), bed.DataSets, bed.Activity,
            Microsoft.Extensions.Options.Options.Create(new BreakoutBot.Infrastructure.Jobs.JobsOptions()), new Microsoft.Extensions.Logging.Logger<DataSetPreparation>(loggers));
        Services.AddSingleton(preparation);

        var cut = Render<BacktestForm>(p => p.Add(x => x.DataSetId, setId).Add(x => x.OnSubmit, _ => Task.FromResult<IReadOnlyList<BacktestFieldError>>([])));

        cut.WaitForAssertion(() => cut.Find("#bt-data-set").ShouldNotBeNull());
        await preparation.Current.WaitAsync(TimeSpan.FromSeconds(60), Ct);
        if (prepared)
        {
            logs.Messages.ShouldHaveSingleItem().ShouldContain($"Data set {setId} prepared for backtests: 400 bars scanned");
        }
        else
        {
            preparation.Current.ShouldBeSameAs(Task.CompletedTask, "a Viewer's visit starts nothing");
            logs.Messages.ShouldBeEmpty();
        }
    }

    [Fact]
    public async Task TheDataSetChoiceCountsItsInstrumentsInWords()
    {
        var bed = await BedAsync();
        SignIn("tom-id", Roles.Trader, "tom");
        var setId = (await bed.DataSets.UploadAsync(BacktestTestBed.Tom, "one coin", [DataSetServiceTests.Csv("BTC-USDT-SWAP", 400)], Ct)).Id!.Value;

        var cut = Render<BacktestForm>(p => p.Add(x => x.DataSetId, setId).Add(x => x.OnSubmit, _ => Task.FromResult<IReadOnlyList<BacktestFieldError>>([])));

        cut.WaitForAssertion(() => cut.Markup.ShouldContain("one coin (1 instrument)"));
        cut.Markup.ShouldNotContain("1 instruments");
    }

    [Fact]
    public async Task TheUploadFormListsEveryBadLineAndStoresNothing()
    {
        var bed = await BedAsync();
        SignIn("tom-id", Roles.Trader, "tom");
        var cut = Render<DataSetUploadForm>();

        cut.Find("#upload-name").Input("bad one");
        cut.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromText(
            "timestamp,open,high,low,close,volume\n1700000000000,1,2,0.5,1.5,10\n1700000300000,1,x,0.5,1.5,10\n1700000600000,1\n", "SOL-USDT-SWAP.csv"));
        await cut.Find("#upload-start").ClickAsync(new());

        cut.WaitForAssertion(() => cut.FindAll("#upload-problems [data-problem]").Count.ShouldBe(2));
        cut.Find("#upload-problems").TextContent.ShouldContain("SOL-USDT-SWAP.csv line 3");
        cut.Find("#upload-problems").TextContent.ShouldContain("Nothing was stored. 2 problems:");
        (await bed.DataSets.ListAsync(BacktestTestBed.Tom, Ct)).ShouldBeEmpty();
    }

    [Fact]
    public async Task ChoosingMoreFilesThanADataSetHoldsNamesTheLimitAndTheFormStaysUsable()
    {
        await BedAsync();
        SignIn("tom-id", Roles.Trader, "tom");
        var cut = Render<DataSetUploadForm>();
        var csv = "timestamp,open,high,low,close,volume\n1700000000000,1,2,0.5,1.5,10\n";

        cut.FindComponent<InputFile>().UploadFiles(Enumerable.Range(1, DataSetUpload.MaxInstruments + 1)
            .Select(i => InputFileContent.CreateFromText(csv, $"C{i}-USDT-SWAP.csv")).ToArray());

        var problem = cut.Find("#upload-problems [data-problem]").TextContent;
        problem.ShouldContain($"{DataSetUpload.MaxInstruments + 1} files chosen; at most {DataSetUpload.MaxInstruments}");
        cut.Find("#upload-problems").TextContent.ShouldContain("1 problem:");
        cut.Find("#upload-start").HasAttribute("disabled").ShouldBeTrue();

        cut.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromText(csv, "SOL-USDT-SWAP.csv"));

        cut.FindAll("#upload-problems").ShouldBeEmpty();
        cut.Find("#upload-chosen").TextContent.ShouldContain("SOL-USDT-SWAP.csv");
    }

    private static readonly DateTimeOffset Opened = new(2026, 3, 2, 10, 0, 0, TimeSpan.Zero);

    /// <summary>A closed long trade that took take-profit 2 and then closed on its trailing stop.</summary>
    private static ReplayTrade TrailedTrade() => new(
        "t1", "BTC-USDT-SWAP", "Long", "momentum", Opened, Opened.AddHours(3), 1m, 100m, 110m, 95m, 105m, 108m,
        10m, 0.1m, 0m, 0m, 0m, 9.9m, 1.98, "TrailingStop",
        [new ReplayExit(Opened.AddHours(2), 0.4m, 108m, "TakeProfit2", 0.05m), new ReplayExit(Opened.AddHours(3), 0.6m, 110m, "TrailingStop", 0.05m)],
        []);

    [Fact]
    public void TheTradeTableSaysWhyATradeClosedInWords()
    {
        var cut = Render<TradeList>(p => p.Add(x => x.Trades, [TrailedTrade()]));

        var cells = cut.Find("td[data-trade='t1']").ParentElement!.QuerySelectorAll("td").Select(td => td.TextContent.Trim()).ToList();
        cells[^1].ShouldBe("Trailing stop");
        cut.Markup.ShouldNotContain("TrailingStop");
    }

    [Fact]
    public void TheTradeChartsExitMarkersSayWhyInTheSameWordsAsTheTable()
    {
        var markers = TradeChart.Markers(TrailedTrade());

        markers.Select(m => m.Text).ShouldBe(["momentum Long", "Take-profit 2", "Trailing stop"]);
    }
}

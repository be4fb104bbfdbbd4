using BreakoutBot.Domain.Constants;
using BreakoutBot.Domain.Journal;
using BreakoutBot.Infrastructure.Engines;
using BreakoutBot.Infrastructure.Journal;
using BreakoutBot.Infrastructure.Persistence;
using BreakoutBot.Infrastructure.Persistence.Entities;
using BreakoutBot.Tests.Infrastructure.History;
using BreakoutBot.Tests.TestSupport;
using BreakoutBot.Web.Components.Pages.Engines.Components;
using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace BreakoutBot.Tests.Web.Journal;

public sealed class DecisionJournalPanelTests : BunitTest
{
    private static readonly DateTimeOffset T0 = HistoryTestDatabase.T0;
    private readonly HistoryTestDatabase _db = new();
    private readonly EngineRegistry _registry = new(NullLoggerFactory.Instance, TimeProvider.System, new NullEngineEventSink());
    private readonly EngineHandle _engine;

    public DecisionJournalPanelTests()
    {
        AddEngineServices(_registry);
        Services.AddSingleton<IDbContextFactory<BreakoutBotDbContext>>(_db);
        Services.AddSingleton<DecisionJournalQueries>();
        Services.AddSingleton(Options.Create(new JournalOptions()));
        Services.AddSingleton(TimeProvider.System);
        _engine = _registry.Create("alice", "Alice's engine", "breakout_v1", new EngineCreateOptions { Bars = 600, WarmupBars = 300 });
        _db.Seed(db =>
        {
            db.DecisionJournal.Add(Row("ETH-USDT-SWAP", T0, DecisionOutcome.FilteredOut, "Rejected by the scanner: volume_surge_1h 0.82 vs threshold 1.5 (1h volume surge must be at least the threshold).",
                [new FilterCheck("volume_surge_1h", 0.82, 1.5, false, true, "1h volume surge must be at least the threshold"), new FilterCheck("atr_range", 0.004, 0.002, true, true, "ok")], []));
            db.DecisionJournal.Add(Row("SOL-USDT-SWAP", T0.AddMinutes(5), DecisionOutcome.RiskRejected, "A momentum signal was rejected by risk: daily loss limit reached.",
                [new FilterCheck("volume_surge_1h", 2.1, 1.5, true, true, "ok")],
                [new SignalNote("s1", "momentum", BreakoutBot.Domain.Trading.PositionSide.Long, 101m, 99m, 0.7,
                    [new ConditionNote("volume_confirmation", 1.9, 1.5, true, true, true)], "rejected", "daily loss limit reached", null, null, null, null)]));
            db.DecisionJournal.Add(Row("SOL-USDT-SWAP", T0.AddMinutes(5), DecisionOutcome.FilteredOut, "other engine", [], [], engine: "someone-elses"));
        });
    }

    private DecisionJournalEntity Row(string instrument, DateTimeOffset time, DecisionOutcome outcome, string reason, IReadOnlyList<FilterCheck> filters, IReadOnlyList<SignalNote> signals, string? engine = null) => new()
    {
        EngineId = engine ?? _engine.Id,
        Time = time,
        Bar = time,
        InstrumentId = instrument,
        Rank = 1,
        Score = 0.5,
        Outcome = outcome,
        Reason = reason,
        DetailJson = DecisionJournalCodec.Encode(new DecisionRecord(engine ?? _engine.Id, time, time, instrument, 1, 0.5, outcome, reason, filters, [], [new LevelNote("resistance", 101.5, 3, 0.8)], signals)),
        WrittenAt = time,
    };

    // How long the panel may take to read the journal (a deadline, not a wait: the checks pass as soon as it has).
    private static readonly TimeSpan Loaded = TimeSpan.FromSeconds(15);

    private IRenderedComponent<DecisionJournalPanel> RenderPanel(string user = "alice", string role = Roles.Trader)
    {
        SignIn(user, role);
        return Render<DecisionJournalPanel>(p => p.Add(c => c.EngineId, _engine.Id));
    }

    [Fact]
    public void TheOwnerSeesTheEnginesDecisionsNewestFirstAndOpensOneToSeeTheFailedFilterWithItsValue()
    {
        var panel = RenderPanel();

        // The panel loads from the database after its first render: wait for the rows, then read them.
        panel.WaitForAssertion(() => panel.FindAll("#journal-table tbody tr").Count.ShouldBe(2, "only this engine's rows"), Loaded);
        var rows = panel.FindAll("#journal-table tbody tr");
        rows[0].GetAttribute("data-outcome").ShouldBe(nameof(DecisionOutcome.RiskRejected));
        rows[0].TextContent.ShouldContain("daily loss limit reached");
        panel.Find("#journal-count").TextContent.ShouldContain("2 decisions");

        rows[1].Click();

        var detail = panel.WaitForElement("#journal-detail", Loaded);
        detail.GetAttribute("data-instrument").ShouldBe("ETH-USDT-SWAP");
        var failed = panel.Find("#journal-filters tr[data-filter='volume_surge_1h']");
        failed.TextContent.ShouldContain("failed");
        failed.TextContent.ShouldContain("0.82");
        failed.TextContent.ShouldContain("1.5");
        panel.Find("#journal-levels").TextContent.ShouldContain("resistance 101.5");
    }

    [Fact]
    public void ARiskRejectionShowsTheSignalsConditionsAndTheReason()
    {
        var panel = RenderPanel();

        panel.WaitForAssertion(() => panel.FindAll("#journal-table tbody tr").Count.ShouldBe(2), Loaded);
        panel.FindAll("#journal-table tbody tr")[0].Click();

        var signal = panel.WaitForElement("#journal-detail [data-signal='s1']", Loaded);
        signal.TextContent.ShouldContain("rejected");
        signal.TextContent.ShouldContain("daily loss limit reached");
        panel.Find("#journal-detail").TextContent.ShouldContain("volume_confirmation held (1.9 vs 1.5, required)");
    }

    [Fact]
    public void ABadTimeIsNamedAndNothingIsSearched()
    {
        var panel = RenderPanel();

        panel.Find("#journal-from").Change("yesterday");
        panel.Find("#journal-search").Click();

        panel.Markup.ShouldContain("Give the time as yyyy-MM-dd HH:mm (UTC).");
        panel.FindAll("#journal-table tbody tr").Count.ShouldBe(2);
    }

    [Fact]
    public void AnotherTraderSeesNoRows()
    {
        var panel = RenderPanel("mallory", Roles.Trader);

        panel.FindAll("#journal-table").ShouldBeEmpty();
    }

    protected override async ValueTask DisposeAsyncCore()
    {
        await base.DisposeAsyncCore();
        _registry.Dispose();
        _db.Dispose();
    }
}

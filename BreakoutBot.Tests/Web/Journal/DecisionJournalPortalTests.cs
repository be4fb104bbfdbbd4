using BreakoutBot.Domain.Common;
using BreakoutBot.Domain.Constants;
using BreakoutBot.Domain.Journal;
using BreakoutBot.Infrastructure.Hosting;
using BreakoutBot.Infrastructure.Journal;
using BreakoutBot.Infrastructure.Persistence;
using BreakoutBot.Tests.Infrastructure.Engines;
using BreakoutBot.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BreakoutBot.Tests.Web.Journal;

/// <summary>The portal's default paper engine trades the bundled market; its decisions are stored and explained.</summary>
public sealed class DecisionJournalPortalTests(PortalFixture portal) : IClassFixture<PortalFixture>
{
    private const string Engine = "default";
    private readonly BreakoutBotWebFactory _factory = portal.Factory;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<DecisionJournalQueries> JournalWithRowsAsync(DecisionOutcome outcome)
    {
        await _factory.Services.GetRequiredService<DemoEngineHost>().WhenReadyAsync().WaitAsync(TimeSpan.FromSeconds(20), Ct);
        var contexts = _factory.Services.GetRequiredService<IDbContextFactory<BreakoutBotDbContext>>();
        await Eventually.WaitUntilAsync(
            async () =>
            {
                await using var db = await contexts.CreateDbContextAsync(Ct);
                return await db.DecisionJournal.AnyAsync(d => d.EngineId == Engine && d.Outcome == outcome, Ct);
            },
            $"the default engine's journal has a {outcome} row",
            TimeSpan.FromSeconds(60));
        return _factory.Services.GetRequiredService<DecisionJournalQueries>();
    }

    [Fact]
    public async Task TheJournalExplainsAMissedEntryByTheFilterThatRejectedTheInstrumentWithItsValue()
    {
        var journal = await JournalWithRowsAsync(DecisionOutcome.FilteredOut);
        var admin = EngineCommandServiceTests.User("root", Roles.Admin);
        var page = (await journal.ListAsync(admin, Engine, new DecisionJournalFilter(Outcome: DecisionOutcome.FilteredOut, PageSize: 1), Ct)).ShouldNotBeNull();
        var row = page.Rows.ShouldHaveSingleItem();

        // Asked a little after the scan (the decision holds until the instrument's next row).
        var answer = (await journal.ExplainAsync(admin, Engine, row.InstrumentId, row.Time.AddSeconds(1), Ct)).ShouldNotBeNull();

        var decision = answer.Decision.ShouldNotBeNull();
        decision.Outcome.ShouldBe(DecisionOutcome.FilteredOut);
        var failed = decision.Detail.Filters.Where(f => f.Failed).ToList();
        failed.ShouldNotBeEmpty();
        foreach (var f in failed)
        {
            answer.Message.ShouldContain(f.Name);
            answer.Message.ShouldContain(Figures.Text(f.Value));
            answer.Message.ShouldContain("threshold " + Figures.Text(f.Threshold));
        }
        decision.Detail.Filters.Count.ShouldBe(13);
    }

    [Fact]
    public async Task TheJournalListsOnlyTheAskedOutcomeAndInstrumentNewestFirst()
    {
        var journal = await JournalWithRowsAsync(DecisionOutcome.FilteredOut);
        var viewer = EngineCommandServiceTests.User("watcher", Roles.Viewer);
        var any = (await journal.ListAsync(viewer, Engine, new DecisionJournalFilter(PageSize: 1), Ct)).ShouldNotBeNull().Rows.ShouldHaveSingleItem();

        var page = (await journal.ListAsync(viewer, Engine, new DecisionJournalFilter(InstrumentId: any.InstrumentId, Outcome: any.Outcome, PageSize: 200), Ct)).ShouldNotBeNull();

        page.Rows.ShouldNotBeEmpty();
        page.Rows.ShouldAllBe(r => r.InstrumentId == any.InstrumentId && r.Outcome == any.Outcome);
        page.Rows.Select(r => r.Time).ShouldBeInOrder(SortDirection.Descending);
        (await journal.InstrumentsAsync(viewer, Engine, Ct)).ShouldContain(any.InstrumentId);
    }

    [Fact]
    public async Task ATraderWhoDoesNotOwnTheEngineReadsNothingAndAnUnknownInstrumentIsSaidPlainly()
    {
        var journal = await JournalWithRowsAsync(DecisionOutcome.FilteredOut);
        var stranger = EngineCommandServiceTests.User("someone-else", Roles.Trader);

        (await journal.ListAsync(stranger, Engine, new DecisionJournalFilter(), Ct)).ShouldBeNull();
        (await journal.ExplainAsync(stranger, Engine, "BTC-USDT-SWAP", DateTimeOffset.UtcNow, Ct)).ShouldBeNull();
        (await journal.InstrumentsAsync(stranger, Engine, Ct)).ShouldBeEmpty();

        var admin = EngineCommandServiceTests.User("root", Roles.Admin);
        var unknown = (await journal.ExplainAsync(admin, Engine, "NOPE-USDT-SWAP", DateTimeOffset.UtcNow, Ct)).ShouldNotBeNull();
        unknown.Decision.ShouldBeNull();
        unknown.Message.ShouldContain("no decision about NOPE-USDT-SWAP");
    }
}

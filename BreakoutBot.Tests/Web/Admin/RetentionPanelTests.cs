using BreakoutBot.Domain.Constants;
using BreakoutBot.Domain.Engine;
using BreakoutBot.Infrastructure.Jobs;
using BreakoutBot.Infrastructure.Persistence.Entities;
using BreakoutBot.Tests.Infrastructure.History;
using BreakoutBot.Tests.TestSupport;
using BreakoutBot.Web.Components.Pages.Admin.Components;
using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace BreakoutBot.Tests.Web.Admin;

public sealed class RetentionPanelTests : BunitTest
{
    private readonly HistoryTestDatabase _db = new();

    public RetentionPanelTests()
    {
        var time = new FakeTimeProvider(HistoryTestDatabase.T0.AddDays(100));
        var now = time.GetUtcNow();
        Services.AddSingleton(new RetentionJob(
            _db, new JobRunLog(_db, time), Options.Create(new JobsOptions { RetentionDays = 30 }), time, NullLogger<RetentionJob>.Instance));
        _db.Seed(db =>
        {
            for (var i = 0; i < 3; i++)
            {
                var old = HistoryTestDatabase.Transition("e", TradingState.Scanning, TradingState.Paused, now);
                old.WrittenAt = now.AddDays(-40);
                db.StateTransitions.Add(old);
            }
            db.EquitySnapshots.Add(new EquitySnapshotEntity { EngineId = "e", Time = now, WrittenAt = now.AddDays(-31), Equity = 1m, Cash = 1m });
        });
        SignIn("root", Roles.Admin);
    }

    [Fact]
    public async Task TheAdminSeesTheDryRunCountAndTheDryRunDeletesNothing()
    {
        var panel = Render<RetentionPanel>();

        panel.Find("#retention-preview").Click();

        panel.WaitForAssertion(() => panel.Find("#retention-preview-result").TextContent
            .ShouldContain("Would delete 3 transitions, 1 equity snapshots and 0 order-journal intents written before 2026-03-21 00:00 UTC"));
        await using var db = _db.CreateDbContext();
        (await db.StateTransitions.CountAsync()).ShouldBe(3);
        (await db.EquitySnapshots.CountAsync()).ShouldBe(1);
    }

    protected override async ValueTask DisposeAsyncCore()
    {
        await base.DisposeAsyncCore();
        _db.Dispose();
    }
}

using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using BreakoutBot.Infrastructure.Engines;
using BreakoutBot.Infrastructure.Persistence;
using BreakoutBot.Infrastructure.Scheduling;
using BreakoutBot.Tests.TestSupport;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Quartz;

namespace BreakoutBot.Tests.Web.Api;

/// <summary>
/// An engine created while the database cannot store its row (locked, disk full): the creation is refused with a clear
/// answer the caller can act on (503 with Retry-After, "try again"), nothing of the engine is left behind, the database's
/// own words do not reach the caller, and the same request succeeds once the database takes writes again.
/// </summary>
public sealed class EngineCreateStorageOutageTests : IAsyncLifetime
{
    private const string EngineName = "Engine in an outage";

    private readonly ApiPortal _portal = ApiPortal.With(
        new Dictionary<string, string?> { ["Okx:RestBaseUrl"] = "http://127.0.0.1:9/" },
        services => services.AddSingleton(sp => new EngineInstanceStore(
            sp.GetRequiredService<OutageSwitch>().Wrap(sp.GetRequiredService<IDbContextFactory<BreakoutBotDbContext>>()),
            sp.GetRequiredService<ILogger<EngineInstanceStore>>()))
            .AddSingleton<OutageSwitch>());

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync() => _portal.InitializeAsync();

    public ValueTask DisposeAsync() => _portal.DisposeAsync();

    [Fact]
    public async Task ACreationTheDatabaseCannotStoreAnswers503AndLeavesNothingThenSucceedsWhenItCan()
    {
        var outage = _portal.Factory.Services.GetRequiredService<OutageSwitch>();
        var scheduler = await _portal.Factory.Services.GetRequiredService<ISchedulerFactory>().GetScheduler(Ct);
        var jobsBefore = await EngineJobsAsync(scheduler);
        var enginesBefore = _portal.Registry.ListAll().Select(h => h.Id).ToList();
        outage.Failing = true;

        using var response = await _portal.Client(Caller.OwnerControl).PostAsJsonAsync("/api/v1/engines",
            new { name = EngineName, preset = "breakout_v1", bars = 500, instruments = 2, warmupBars = 0 }, Ct);

        outage.Refused.ShouldBeGreaterThan(0, "the engine's row was written and refused");
        response.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
        response.Headers.RetryAfter?.Delta.ShouldBe(TimeSpan.FromSeconds(5));
        var body = await response.Content.ReadAsStringAsync(Ct);
        using (var problem = JsonDocument.Parse(body))
        {
            problem.RootElement.GetProperty("detail").GetString().ShouldBe(
                $"Engine '{EngineName}' was not created: the database could not store it right now. Nothing was created; try again in a moment.");
        }
        body.ShouldNotContain("locked", Case.Insensitive, "the database's own error stays in the log");
        _portal.Registry.ListAll().Select(h => h.Id).ShouldBe(enginesBefore, "no engine joined the registry");
        (await EngineJobsAsync(scheduler)).ShouldBe(jobsBefore, ignoreOrder: true);
        await using (var db = await OpenAsync())
        {
            (await db.Engines.AnyAsync(e => e.Name == EngineName, Ct)).ShouldBeFalse();
        }
        await Eventually.WaitUntilAsync(async () => await AuditedAsync(success: false), "the failed creation is in the audit log", TimeSpan.FromSeconds(15));

        outage.Failing = false;
        using var again = await _portal.Client(Caller.OwnerControl).PostAsJsonAsync("/api/v1/engines",
            new { name = EngineName, preset = "breakout_v1", bars = 500, instruments = 2, warmupBars = 0 }, Ct);
        again.StatusCode.ShouldBe(HttpStatusCode.Created);
        await using (var db = await OpenAsync())
        {
            (await db.Engines.CountAsync(e => e.Name == EngineName, Ct)).ShouldBe(1);
        }
    }

    private Task<BreakoutBotDbContext> OpenAsync() =>
        _portal.Factory.Services.GetRequiredService<IDbContextFactory<BreakoutBotDbContext>>().CreateDbContextAsync(Ct);

    private static async Task<List<string>> EngineJobsAsync(IScheduler scheduler) =>
        (await scheduler.GetJobKeys(GroupMatcher<JobKey>.GroupEquals(EngineCycleJob.Group), Ct)).Select(k => k.Name).ToList();

    private async Task<bool> AuditedAsync(bool success)
    {
        await using var db = await OpenAsync();
        return await db.AuditLog.AnyAsync(a => a.Action == EngineCommandService.CreateAction && a.Target == EngineName && a.Success == success
            && a.Details!.Contains("the database could not store the engine"), Ct);
    }

    /// <summary>Contexts whose saves fail as a locked SQLite database answers while <see cref="Failing"/> is set.</summary>
    public sealed class OutageSwitch
    {
        private int _refused;
        private volatile bool _failing;

        public bool Failing
        {
            get => _failing;
            set => _failing = value;
        }

        public int Refused => Volatile.Read(ref _refused);

        public IDbContextFactory<BreakoutBotDbContext> Wrap(IDbContextFactory<BreakoutBotDbContext> inner) => new Factory(inner, this);

        private void ThrowIfFailing()
        {
            if (_failing)
            {
                Interlocked.Increment(ref _refused);
                throw new SqliteException("SQLite Error 5: 'database is locked'.", 5);
            }
        }

        private sealed class Factory(IDbContextFactory<BreakoutBotDbContext> inner, OutageSwitch outage) : IDbContextFactory<BreakoutBotDbContext>
        {
            public BreakoutBotDbContext CreateDbContext()
            {
                outage.ThrowIfFailing();
                return inner.CreateDbContext();
            }

            public async Task<BreakoutBotDbContext> CreateDbContextAsync(CancellationToken cancellationToken = default)
            {
                outage.ThrowIfFailing();
                return await inner.CreateDbContextAsync(cancellationToken);
            }
        }
    }
}

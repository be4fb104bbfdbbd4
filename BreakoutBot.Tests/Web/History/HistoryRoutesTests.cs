using System.Net;
using BreakoutBot.Domain.Constants;
using BreakoutBot.Infrastructure.Jobs;
using BreakoutBot.Infrastructure.Persistence;
using BreakoutBot.Infrastructure.Persistence.Entities;
using BreakoutBot.Tests.TestSupport;
using BreakoutBot.Tests.Web.Auth;
using BreakoutBot.Web.Components.Pages.History;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BreakoutBot.Tests.Web.History;

public sealed class HistoryRoutesTests(AuthPortal portal) : IClassFixture<AuthPortal>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<HttpResponseMessage> GetAsync(string path, string? user, string? role)
    {
        var client = portal.Client();
        if (user is not null)
        {
            client.AsTestUser(user, role is null ? [] : [role]);
        }
        return await client.GetAsync(new Uri(path, UriKind.Relative), Ct);
    }

    [Theory]
    [InlineData("/admin/audit", Roles.Trader)]
    [InlineData("/admin/audit", Roles.Viewer)]
    [InlineData("/admin/health", Roles.Trader)]
    [InlineData("/admin/health", Roles.Viewer)]
    public async Task AdminPagesAreForbiddenToOtherRoles(string path, string role)
    {
        using var response = await GetAsync(path, "someone-" + role, role);

        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Theory]
    [InlineData("/admin/audit", "audit-")]
    [InlineData("/admin/health", "health-metrics")]
    [InlineData("/history", "History")]
    public async Task AdminOpensTheSystemPages(string path, string marker)
    {
        using var response = await GetAsync(path, "root", Roles.Admin);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync(Ct)).ShouldContain(marker);
    }

    [Theory]
    [InlineData("/admin/audit")]
    [InlineData("/admin/health")]
    [InlineData("/history")]
    public async Task AnonymousVisitorIsSentToTheLogInPage(string path)
    {
        using var response = await GetAsync(path, null, null);

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        response.Headers.Location!.OriginalString.ShouldContain("/Account/Login");
    }

    [Fact]
    public async Task HangfireDashboardIsForAdminsOnly()
    {
        using (var anonymous = await GetAsync("/hangfire", null, null))
        {
            anonymous.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        }
        using (var trader = await GetAsync("/hangfire", "trader", Roles.Trader))
        {
            trader.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        }
        using var admin = await GetAsync("/hangfire", "root", Roles.Admin);
        admin.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await admin.Content.ReadAsStringAsync(Ct)).ShouldContain("BreakoutBot jobs");
    }

    [Fact]
    public async Task ExportReturnsCsvWithAHeaderForASignedInUser()
    {
        using var response = await GetAsync("/history/export?kind=transitions", "viewer", Roles.Viewer);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("text/csv");
        (await response.Content.ReadAsStringAsync(Ct)).ShouldStartWith("engine_id,time,from,to,reason,forced,metadata");
    }

    [Theory]
    [InlineData("/history/export?kind=nonsense")]
    [InlineData("/history/export?kind=trades&state=sleeping")]
    [InlineData("/history/export?kind=orders&from=yesterday")]
    [InlineData("/history/export?kind=orders&from=01/02/2026")]
    [InlineData("/history/export?kind=trades&from=2026-02-02T00:00:00Z&to=2026-02-01T00:00:00Z")]
    [InlineData("/history/equity/export?engine=default&from=2026-02-01&to=2026-02-01")]
    [InlineData("/history/equity/export?engine=default&to=02/01/2026%2010:00")]
    public async Task ExportRefusesBadParametersWith400(string path)
    {
        using var response = await GetAsync(path, "viewer", Roles.Viewer);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task ExportIsNotOpenToAnonymousVisitors()
    {
        using var response = await GetAsync("/history/export?kind=trades", null, null);

        response.StatusCode.ShouldNotBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task ADataFolderExportIsDownloadedByItsOwnerOnlyWithoutCaching()
    {
        var runs = portal.Factory.Services.GetRequiredService<JobRunLog>();
        var folders = portal.Factory.Services.GetRequiredService<JobFolders>();
        var runId = await runs.QueueAsync(JobNames.HistoryExport, "tom", Ct);
        var path = Path.Combine(folders.Exports, $"trades-download-test-{runId}.csv");
        await File.WriteAllTextAsync(path, "id\np1\n", Ct);
        await runs.SucceedAsync(runId, "Exported 1 row of trades.", path, Ct);
        try
        {
            var url = $"/history/exports/{runId}/download";
            using (var owner = await GetAsync(url, "tom", Roles.Trader))
            {
                owner.StatusCode.ShouldBe(HttpStatusCode.OK);
                (await owner.Content.ReadAsStringAsync(Ct)).ShouldBe("id\np1\n");
                owner.Headers.CacheControl!.NoStore.ShouldBeTrue();
                owner.Content.Headers.ContentDisposition!.FileName!.Trim('"').ShouldBe(Path.GetFileName(path));
            }
            using (var other = await GetAsync(url, "ann", Roles.Trader))
            {
                other.StatusCode.ShouldBe(HttpStatusCode.NotFound);
            }
            using (var admin = await GetAsync(url, "root", Roles.Admin))
            {
                admin.StatusCode.ShouldBe(HttpStatusCode.NotFound);
            }
            using var anonymous = await GetAsync(url, null, null);
            anonymous.StatusCode.ShouldNotBe(HttpStatusCode.OK);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task AnEnginesEquityIsDownloadedWholeByThoseWhoMaySeeTheEngineAndTheDownloadIsAudited()
    {
        var engine = "e-eq-" + Guid.NewGuid().ToString("N")[..8];
        var contexts = portal.Factory.Services.GetRequiredService<IDbContextFactory<BreakoutBotDbContext>>();
        var t0 = new DateTimeOffset(2026, 2, 1, 0, 0, 0, TimeSpan.Zero);
        await using (var db = await contexts.CreateDbContextAsync(Ct))
        {
            db.Engines.Add(new EngineInstanceEntity { Id = engine, OwnerUserId = "tom", Name = "Tom's", PresetName = "breakout_v1", CreatedAt = t0 });
            db.EquitySnapshots.AddRange(
                new EquitySnapshotEntity { EngineId = engine, Time = t0, Equity = 10_000m, Cash = 10_000m },
                new EquitySnapshotEntity { EngineId = engine, Time = t0.AddMinutes(1), Equity = 10_012.5m, Cash = 9_000m },
                new EquitySnapshotEntity { EngineId = engine, Time = t0.AddDays(2), Equity = 9_990m, Cash = 9_990m });
            await db.SaveChangesAsync(Ct);
        }
        // The link as the Equity tab writes it (round-trip "O" times), which the download reads as the API reads a time.
        var url = HistoryEndpoints.EquityExportUrl(engine, null, t0.AddDays(1));

        using (var owner = await GetAsync(url, "tom", Roles.Trader))
        {
            owner.StatusCode.ShouldBe(HttpStatusCode.OK);
            owner.Content.Headers.ContentType!.MediaType.ShouldBe("text/csv");
            (await owner.Content.ReadAsStringAsync(Ct)).ReplaceLineEndings("\n").ShouldBe(
                $"engine_id,time,equity,cash\n{engine},2026-02-01T00:00:00.000Z,10000,10000\n{engine},2026-02-01T00:01:00.000Z,10012.5,9000\n");
        }
        using (var viewer = await GetAsync(url, "vera", Roles.Viewer))
        {
            viewer.StatusCode.ShouldBe(HttpStatusCode.OK);
        }
        using (var other = await GetAsync(url, "ann", Roles.Trader))
        {
            other.StatusCode.ShouldBe(HttpStatusCode.NotFound);
            (await other.Content.ReadAsStringAsync(Ct)).ShouldNotContain("10000");
        }
        using (var noEngine = await GetAsync("/history/equity/export", "tom", Roles.Trader))
        {
            noEngine.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        }
        portal.Audit.Entries.ShouldContain(a => a.UserId == "tom" && a.Action == BackgroundJobs.ExportAction && a.Target == "equity"
            && a.Details == $"download of engine {engine}: 2 samples");
    }
}

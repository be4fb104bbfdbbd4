using System.Security.Claims;
using BreakoutBot.Domain.Constants;
using BreakoutBot.Infrastructure.Jobs;
using BreakoutBot.Infrastructure.Persistence;
using BreakoutBot.Tests.Infrastructure.History;
using BreakoutBot.Tests.TestSupport.Fakes;
using Microsoft.Extensions.Options;

namespace BreakoutBot.Tests.Infrastructure.Jobs;

/// <summary>Jobs a user asks for are authorised on the server from the user, not from the page that offers them, and audited.</summary>
public sealed class BackgroundJobsTests : IDisposable
{
    private readonly HistoryTestDatabase _db = new();
    private readonly RecordingJobClient _client = new();
    private readonly RecordingAuditLog _audit = new();
    private readonly BackgroundJobs _jobs;

    public BackgroundJobsTests()
    {
        var options = Options.Create(new JobsOptions());
        var folders = new JobFolders(options, Options.Create(new DatabaseOptions { DataFolder = Path.GetTempPath() }));
        _jobs = new BackgroundJobs(_client, new JobRunLog(_db, TimeProvider.System), new ExportQuota(_db, folders, options, TimeProvider.System), _audit);
    }

    public void Dispose() => _db.Dispose();

    private static ClaimsPrincipal User(string id, string role) =>
        new(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, id), new Claim(ClaimTypes.Name, id + "@test.local"), new Claim(ClaimTypes.Role, role)], "test"));

    [Fact]
    public async Task AnAdminQueuesTheRetentionRunAndItIsAudited()
    {
        var run = await _jobs.EnqueueRetentionAsync(User("root", Roles.Admin), TestContext.Current.CancellationToken);

        _client.Jobs.Count.ShouldBe(1);
        _audit.Entries.ShouldContain(e => e.Action == BackgroundJobs.RetentionAction && e.UserId == "root" && e.Success && e.Details!.Contains(run.ToString(System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Theory]
    [InlineData(Roles.Trader)]
    [InlineData(Roles.Viewer)]
    public async Task NobodyButAnAdminDeletesHistoryThroughTheRetentionRun(string role)
    {
        var refused = await Should.ThrowAsync<UnauthorizedAccessException>(() => _jobs.EnqueueRetentionAsync(User("someone", role), TestContext.Current.CancellationToken));

        refused.Message.ShouldContain("administrator");
        _client.Jobs.ShouldBeEmpty();
        _audit.Entries.ShouldContain(e => e.Action == BackgroundJobs.RetentionAction && e.UserId == "someone" && !e.Success);
    }
}

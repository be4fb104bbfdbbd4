using System.Security.Claims;
using BreakoutBot.Domain.Constants;
using BreakoutBot.Infrastructure.Jobs;
using BreakoutBot.Infrastructure.Persistence;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace BreakoutBot.Tests.Infrastructure.History;

public sealed class ExportQuotaTests : IDisposable
{
    private readonly HistoryTestDatabase _db = new();
    private readonly FakeTimeProvider _time = new(HistoryTestDatabase.T0.AddDays(100));
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "bb-quota-" + Guid.NewGuid().ToString("N"));
    private readonly JobRunLog _runs;
    private readonly JobFolders _folders;
    private readonly ExportQuota _quota;

    public ExportQuotaTests()
    {
        _runs = new JobRunLog(_db, _time);
        _folders = new JobFolders(Options.Create(new JobsOptions()), Options.Create(new DatabaseOptions { DataFolder = _folder }));
        _quota = new ExportQuota(_db, _folders, Options.Create(new JobsOptions { ExportsPerUserPerDay = 3, ExportBytesPerUserPerDay = 1000 }), _time);
    }

    private static ClaimsPrincipal User(string name, string role) =>
        new(new ClaimsIdentity([new Claim(ClaimTypes.Name, name), new Claim(ClaimTypes.Role, role)], "test"));

    /// <summary>A finished export of <paramref name="owner"/> whose file has <paramref name="bytes"/> bytes.</summary>
    private async Task<long> ExportAsync(string owner, int bytes)
    {
        var runId = await _runs.QueueAsync(JobNames.HistoryExport, owner);
        var path = Path.Combine(_folders.Exports, $"trades-{runId}.csv");
        await File.WriteAllTextAsync(path, new string('x', bytes));
        await _runs.SucceedAsync(runId, "Exported.", path);
        return runId;
    }

    [Fact]
    public async Task AViewerMayNotExportToTheDataFolder()
    {
        (await _quota.RefusalAsync(User("vera", Roles.Viewer))).ShouldBe("Only Traders and Admins may export to the data folder; use the CSV download instead.");
        (await _quota.RefusalAsync(User("tom", Roles.Trader))).ShouldBeNull();
    }

    [Fact]
    public async Task ATraderIsRefusedOnceTheDailyCountIsReachedAndAgainAllowedADayLater()
    {
        for (var i = 0; i < 3; i++)
        {
            await ExportAsync("tom", 10);
        }

        (await _quota.RefusalAsync(User("tom", Roles.Trader))).ShouldBe("Export quota reached: 3 of 3 exports in the last 24 hours.");
        (await _quota.RefusalAsync(User("ann", Roles.Trader))).ShouldBeNull();
        _time.Advance(TimeSpan.FromHours(25));
        (await _quota.RefusalAsync(User("tom", Roles.Trader))).ShouldBeNull();
    }

    [Fact]
    public async Task ATraderIsRefusedOnceTheDailyBytesAreReached()
    {
        await ExportAsync("tom", 1200);

        (await _quota.UsageAsync("tom")).ShouldBe((1, 1200L));
        (await _quota.RefusalAsync(User("tom", Roles.Trader))).ShouldBe("Export quota reached: 1.2 KB of 1000 bytes written in the last 24 hours.");
    }

    [Fact]
    public async Task OnlyTheOwnerGetsTheExportFile()
    {
        var runId = await ExportAsync("tom", 10);

        (await _quota.OwnFileAsync(runId, User("tom", Roles.Trader)))!.Name.ShouldBe($"trades-{runId}.csv");
        (await _quota.OwnFileAsync(runId, User("ann", Roles.Trader))).ShouldBeNull();
        (await _quota.OwnFileAsync(runId, User("root", Roles.Admin))).ShouldBeNull();
        (await _quota.OwnFileAsync(runId + 1, User("tom", Roles.Trader))).ShouldBeNull();
    }

    [Fact]
    public async Task AFileRecordedOutsideTheExportsFolderIsNeverServed()
    {
        var runId = await _runs.QueueAsync(JobNames.HistoryExport, "tom");
        Directory.CreateDirectory(_folder);
        var outside = Path.Combine(_folder, "secret.csv");
        await File.WriteAllTextAsync(outside, "secret");
        await _runs.SucceedAsync(runId, "Exported.", outside);

        (await _quota.OwnFileAsync(runId, User("tom", Roles.Trader))).ShouldBeNull();
    }

    public void Dispose()
    {
        _db.Dispose();
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }
}

using System.Security.Claims;
using BreakoutBot.Domain.Constants;
using BreakoutBot.Infrastructure.DataSets;
using BreakoutBot.Tests.TestSupport;
using BreakoutBot.Tests.TestSupport.FakeOkx;
using BreakoutBot.Tests.TestSupport.Fakes;
using Hangfire;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace BreakoutBot.Tests.Web.DataSets;

/// <summary>The portal as composed (Hangfire's <c>downloads</c> queue, the shared OKX history client) downloading from the fake OKX.</summary>
public sealed class DataSetDownloadPortalTests : IAsyncLifetime
{
    private static readonly DateTimeOffset From = new(2026, 2, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly SqliteTestDatabase _database = new();
    private readonly string _dataFolder = Path.Combine(Path.GetTempPath(), "bb-dl-portal-" + Guid.NewGuid().ToString("N"));
    // The portal's log, to say what became of the job when the download does not finish.
    private readonly RecordingLoggerProvider _logs = new();
    private FakeOkxServer _okx = null!;
    private BreakoutBotWebFactory _portal = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _okx = await FakeOkxServer.StartAsync(new FakeOkxOptions { AddTypicalSwaps = true }, Ct);
        _okx.AddCandles("BTC-USDT-SWAP", "5m", FakeOkxHistory.Candles(From, 288));
        _okx.AddFundingRates("BTC-USDT-SWAP", FakeOkxHistory.FundingRates(From, From.AddDays(1)));
        _portal = new BreakoutBotWebFactory(new PortalOptions
        {
            Database = _database,
            Logging = logging => logging.AddProvider(_logs),
            Settings =
            {
                ["Okx:RestBaseUrl"] = _okx.RestBaseUrl.ToString(),
                ["Okx:RateLimitWindow"] = "00:00:00.050",
                ["Database:DataFolder"] = _dataFolder,
            },
        });
        _ = _portal.Server;
    }

    [Fact]
    public async Task AQueuedDownloadRunsOnItsHangfireQueueAndEndsReady()
    {
        var service = _portal.Services.GetRequiredService<DataSetService>();
        var trader = new ClaimsPrincipal(new ClaimsIdentity(
            [new Claim(ClaimTypes.NameIdentifier, "tina"), new Claim(ClaimTypes.Name, "tina@example.test"), new Claim(ClaimTypes.Role, Roles.Trader)], "test"));

        var queued = await service.QueueDownloadAsync(trader, "portal download", ["BTC-USDT-SWAP"], From, From.AddDays(1), Ct);

        queued.Errors.ShouldBeEmpty();
        DataSetSummary? last = null;
        var ready = await Eventually.TryWaitUntilAsync(async () => (last = await service.GetAsync(trader, queued.Id!.Value, Ct))!.Status == DataSetStatus.Ready,
            TimeSpan.FromSeconds(60));
        var csv = Path.Combine(_dataFolder, "data-sets", queued.Id!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture), "BTC-USDT-SWAP.csv");
        ready.ShouldBeTrue($"the download job did not finish in 60 s: {last?.Status}, {last?.BarsDone}/{last?.BarsTotal} bars, message '{last?.Message}'; "
            + $"its file written: {File.Exists(csv)}; Hangfire: {HangfireState()}; the portal's log: {JobLog()}");
        var set = last!;
        (set.Bars, set.BarsDone, set.BarsTotal).ShouldBe((288L, 288L, 288L));
        // The list shows the time asked for: from the first bar's open to the last bar's close.
        (set.From, set.LastBar).ShouldBe((From, From.AddDays(1)));
        set.Message.ShouldNotBeNull();
        set.Message.ShouldContain("Funding rates: 4 settlements of 1 swaps");
        File.Exists(csv).ShouldBeTrue();
    }

    // The portal's last log lines about downloads and jobs (Hangfire's log provider is process-wide: other hosts' lines too).
    private string JobLog() => string.Join(" | ", _logs.Messages
        .Where(m => m.Contains("ownload", StringComparison.Ordinal) || m.Contains("angfire", StringComparison.Ordinal) || m.Contains("Job", StringComparison.Ordinal))
        .TakeLast(20));

    // What Hangfire holds: its queues and servers, and the jobs processing, failed (with their exceptions) and succeeded
    // (with the servers that ran them).
    private string HangfireState()
    {
        var api = _portal.Services.GetRequiredService<JobStorage>().GetMonitoringApi();
        var queues = string.Join(", ", api.Queues().Select(q => $"{q.Name}: {q.Length} enqueued"));
        var servers = string.Join(", ", api.Servers().Select(s => $"{s.Name} [{string.Join("/", s.Queues)}] {s.WorkersCount} workers, heartbeat {s.Heartbeat:O}"));
        var processing = string.Join(", ", api.ProcessingJobs(0, 10).Select(j => $"{j.Key} on {j.Value.ServerId}"));
        var failed = string.Join(", ", api.FailedJobs(0, 10).Select(j => $"{j.Key}: {j.Value.ExceptionType} {j.Value.ExceptionMessage}"));
        var succeeded = string.Join(", ", api.SucceededJobs(0, 10).Select(j => $"{j.Key}: {j.Value.Job?.Method.Name}({string.Join(",", j.Value.Job?.Args ?? [])}) in {j.Value.TotalDuration} ms"
            + $" on {string.Join("/", api.JobDetails(j.Key)?.History.Select(h => h.Data.TryGetValue("ServerId", out var server) ? server : null).OfType<string>() ?? [])}"));
        return $"queues {queues}; servers {servers}; processing {processing}; failed {failed}; succeeded {succeeded}";
    }

    public async ValueTask DisposeAsync()
    {
        await _portal.DisposeAsync();
        await _okx.DisposeAsync();
        _database.Dispose();
        if (Directory.Exists(_dataFolder))
        {
            Directory.Delete(_dataFolder, recursive: true);
        }
    }
}

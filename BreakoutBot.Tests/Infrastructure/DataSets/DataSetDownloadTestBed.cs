using System.Security.Claims;
using BreakoutBot.Domain.Constants;
using BreakoutBot.Infrastructure.DataSets;
using BreakoutBot.Infrastructure.Exchanges.Okx;
using BreakoutBot.Infrastructure.Exchanges.Okx.MarketData;
using BreakoutBot.Infrastructure.Exchanges.Okx.Rest;
using BreakoutBot.Infrastructure.Jobs;
using BreakoutBot.Infrastructure.Persistence;
using BreakoutBot.Tests.Infrastructure.Presets;
using BreakoutBot.Tests.TestSupport;
using BreakoutBot.Tests.TestSupport.Fakes;
using BreakoutBot.Tests.TestSupport.FakeOkx;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace BreakoutBot.Tests.Infrastructure.DataSets;

/// <summary>
/// Data-set downloads against the fake OKX: the service and job on an in-memory database, a recording Hangfire client,
/// a temporary data folder, and an <see cref="OkxHistoryClient"/> pointed at a <see cref="FakeOkxServer"/> holding
/// deterministic bars and funding rates for BTC-USDT-SWAP and ETH-USDT-SWAP.
/// </summary>
public sealed class DataSetDownloadTestBed : IAsyncDisposable
{
    /// <summary>The test range: two days of February 2026 (576 bars per instrument); "now" is 2026-03-01 12:00.</summary>
    public static readonly DateTimeOffset From = new(2026, 2, 1, 0, 0, 0, TimeSpan.Zero);
    public static readonly DateTimeOffset To = new(2026, 2, 3, 0, 0, 0, TimeSpan.Zero);

    public static readonly ClaimsPrincipal Tom = PresetDatabase.User("tom-id", Roles.Trader, "tom");
    public static readonly ClaimsPrincipal Ann = PresetDatabase.User("ann-id", Roles.Trader, "ann");
    public static readonly ClaimsPrincipal Vera = PresetDatabase.User("vera-id", Roles.Viewer, "vera");
    public static readonly ClaimsPrincipal Root = PresetDatabase.User("root-id", Roles.Admin, "root");

    private readonly HttpClient _http = new();
    private SqliteTestDatabase? _file;

    private DataSetDownloadTestBed(PresetDatabase database, FakeOkxServer okx, string folder, TimeSpan rateLimitWindow)
    {
        Database = database;
        Okx = okx;
        Folder = folder;
        Folders = new JobFolders(Options.Create(new JobsOptions()), Options.Create(new DatabaseOptions { DataFolder = folder }));
        Service = new DataSetService(database.Contexts, Folders, database.Audit, database.Time, Jobs);
        var options = new OkxOptions
        {
            RestBaseUrl = okx.RestBaseUrl,
            RateLimitWindow = rateLimitWindow,
            RetryBaseDelay = TimeSpan.FromMilliseconds(1),
            MaxRetries = 2,
        };
        History = new OkxHistoryClient(new OkxRestClient(_http, options, TimeProvider.System, NullLogger<OkxRestClient>.Instance));
        Ready.Ready += (id, _) => { lock (ReadyIds) { ReadyIds.Add(id); } };
        Job = new DataSetDownloadJob(database.Contexts, History, Folders, TimeProvider.System, NullLogger<DataSetDownloadJob>.Instance, Ready);
    }

    /// <summary>What the job says when a data set is ready (the portal prepares it for backtests then).</summary>
    public DataSetReadySignal Ready { get; } = new();

    /// <summary>The data sets <see cref="Ready"/> was raised for.</summary>
    public List<long> ReadyIds { get; } = [];

    public PresetDatabase Database { get; }

    public FakeOkxServer Okx { get; }

    public string Folder { get; }

    public JobFolders Folders { get; }

    public RecordingJobClient Jobs { get; } = new();

    public DataSetService Service { get; }

    public OkxHistoryClient History { get; }

    public DataSetDownloadJob Job { get; }

    /// <summary>
    /// A bed whose fake holds <paramref name="days"/> days of bars from a day before <see cref="From"/> for both swaps,
    /// and their funding rates. <paramref name="rateLimitWindow"/> is the OKX limit window (2 s on OKX; short keeps tests fast).
    /// </summary>
    public static async Task<DataSetDownloadTestBed> CreateAsync(TimeSpan? rateLimitWindow = null, int days = 5)
    {
        // A database file with a connection per context: the job writes progress from its own thread while the test reads
        // (one shared in-memory connection failed a CI run: a context opening it while the job's statement was active).
        var file = new SqliteTestDatabase();
        var database = await PresetDatabase.CreateAsync(TestContext.Current.CancellationToken, file.ConnectionString);
        var okx = await FakeOkxServer.StartAsync(new FakeOkxOptions { AddTypicalSwaps = true }, TestContext.Current.CancellationToken);
        var held = From.AddDays(-1);
        okx.AddCandles("BTC-USDT-SWAP", "5m", FakeOkxHistory.Candles(held, days * 288, 30_000m, seed: 1));
        okx.AddCandles("ETH-USDT-SWAP", "5m", FakeOkxHistory.Candles(held, days * 288, 2_000m, seed: 2));
        okx.AddFundingRates("BTC-USDT-SWAP", FakeOkxHistory.FundingRates(held, held.AddDays(days)));
        okx.AddFundingRates("ETH-USDT-SWAP", FakeOkxHistory.FundingRates(held, held.AddDays(days)));
        return new DataSetDownloadTestBed(database, okx, Path.Combine(Path.GetTempPath(), "bb-download-" + Guid.NewGuid().ToString("N")), rateLimitWindow ?? TimeSpan.FromMilliseconds(20)) { _file = file };
    }

    /// <summary>Queues a download as Tom and returns its id (fails the test when refused).</summary>
    public async Task<long> QueueAsync(string name, DateTimeOffset from, DateTimeOffset to, params string[] instruments)
    {
        var result = await Service.QueueDownloadAsync(Tom, name, instruments, from, to, TestContext.Current.CancellationToken);
        result.Errors.ShouldBeEmpty();
        result.Refusal.ShouldBeNull();
        return result.Id!.Value;
    }

    public async Task<DataSetEntity> RowAsync(long id)
    {
        await using var db = await Database.Contexts.CreateDbContextAsync(TestContext.Current.CancellationToken);
        return await db.Set<DataSetEntity>().AsNoTracking().SingleAsync(d => d.Id == id, TestContext.Current.CancellationToken);
    }

    /// <summary>The history-candles requests the fake received for <paramref name="instId"/> (all instruments when null).</summary>
    public IReadOnlyList<FakeOkxRequest> CandleRequests(string? instId = null) =>
        Okx.Requests.Where(r => r.Path == "/api/v5/market/history-candles" && (instId is null || r.PathAndQuery.Contains("instId=" + instId + "&", StringComparison.Ordinal))).ToList();

    /// <summary>The fake's bars of <paramref name="instId"/> whose open time lies in [from, to − 5 min].</summary>
    public static IReadOnlyList<FakeOkxCandle> Expected(string instId, DateTimeOffset from, DateTimeOffset to, int days = 5)
    {
        var all = instId == "BTC-USDT-SWAP" ? FakeOkxHistory.Candles(From.AddDays(-1), days * 288, 30_000m, seed: 1) : FakeOkxHistory.Candles(From.AddDays(-1), days * 288, 2_000m, seed: 2);
        return all.Where(c => c.Time >= from && c.Time.AddMinutes(5) <= to).ToList();
    }

    public async ValueTask DisposeAsync()
    {
        History.Dispose();
        _http.Dispose();
        await Okx.DisposeAsync();
        await Database.DisposeAsync();
        _file?.Dispose();
        if (Directory.Exists(Folder))
        {
            Directory.Delete(Folder, recursive: true);
        }
    }
}

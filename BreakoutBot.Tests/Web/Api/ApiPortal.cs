using System.Security.Claims;
using BreakoutBot.Domain.Constants;
using BreakoutBot.Infrastructure.ApiTokens;
using BreakoutBot.Infrastructure.Backtests;
using BreakoutBot.Infrastructure.DataSets;
using BreakoutBot.Infrastructure.Engines;
using BreakoutBot.Infrastructure.Persistence;
using BreakoutBot.Infrastructure.Presets;
using BreakoutBot.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BreakoutBot.Tests.Web.Api;

/// <summary>
/// The portal in memory (demo engine off) with real users and personal access tokens: two Traders (the first owns
/// <see cref="Engine"/>, a preset and a backtest; the second owns an engine of their own), a Viewer and the seeded
/// Admin, each with a control token, and a read token of the first Trader.
/// </summary>
public sealed class ApiPortal : IAsyncLifetime
{
    public const string OwnerEmail = "owner@test.local";
    public const string OtherEmail = "other@test.local";
    public const string ViewerEmail = "viewer@test.local";
    public const string OwnerPreset = "owner_preset";

    private readonly SqliteTestDatabase _database = new();
    private int _sequence;

    /// <summary>OKX points at a closed loopback port: a download queued through the API fails at once instead of reaching out.</summary>
    public ApiPortal()
        : this(new Dictionary<string, string?> { ["Okx:RestBaseUrl"] = "http://127.0.0.1:9/" }, null)
    {
    }

    private ApiPortal(IReadOnlyDictionary<string, string?>? settings, Action<IServiceCollection>? services)
    {
        var options = new PortalOptions { Database = _database, Services = services };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            options.Settings[key] = value;
        }
        Factory = new BreakoutBotWebFactory(options);
    }

    /// <summary>A portal with other settings or services (call <see cref="InitializeAsync"/> and dispose it yourself).</summary>
    public static ApiPortal With(IReadOnlyDictionary<string, string?> settings, Action<IServiceCollection>? services = null) => new(settings, services);

    public BreakoutBotWebFactory Factory { get; }

    public string OwnerId { get; private set; } = "";

    public string OtherId { get; private set; } = "";

    public string Engine { get; private set; } = "";

    public long Backtest { get; private set; }

    public long DataSet { get; private set; }

    public long Sweep { get; private set; }

    public Dictionary<Caller, string?> Tokens { get; } = [];

    public EngineRegistry Registry => Factory.Services.GetRequiredService<EngineRegistry>();

    public async ValueTask InitializeAsync()
    {
        OwnerId = await Factory.CreateUserAsync(OwnerEmail, Roles.Trader);
        OtherId = await Factory.CreateUserAsync(OtherEmail, Roles.Trader);
        await Factory.CreateUserAsync(ViewerEmail, Roles.Viewer);
        Tokens[Caller.Anonymous] = null;
        Tokens[Caller.OwnerControl] = await Factory.CreateTokenAsync(OwnerEmail, ApiTokenScope.Control);
        Tokens[Caller.OwnerRead] = await Factory.CreateTokenAsync(OwnerEmail, ApiTokenScope.Read);
        Tokens[Caller.OtherTrader] = await Factory.CreateTokenAsync(OtherEmail, ApiTokenScope.Control);
        Tokens[Caller.Viewer] = await Factory.CreateTokenAsync(ViewerEmail, ApiTokenScope.Control);
        Tokens[Caller.Admin] = await Factory.CreateTokenAsync(PortalOptions.AdminEmail, ApiTokenScope.Control);
        Engine = NewEngine(OwnerId);
        NewEngine(OtherId);
        await NewPresetAsync(OwnerPreset);
        Backtest = await NewBacktestAsync();
        DataSet = await NewDataSetAsync();
        Sweep = await NewSweepAsync();
    }

    public HttpClient Client(Caller caller) => Factory.ApiClient(Tokens[caller]);

    /// <summary>A new paper engine (not started) on a small generated market.</summary>
    public string NewEngine(string ownerId) =>
        Registry.Create(ownerId, "api test " + Interlocked.Increment(ref _sequence), "breakout_v1",
            new EngineCreateOptions { Bars = 500, Instruments = 2, WarmupBars = 0 }).Id;

    /// <summary>A preset owned by the first Trader, copied from breakout_v1.</summary>
    public async Task<string> NewPresetAsync(string? name = null)
    {
        name ??= "owner_p" + Interlocked.Increment(ref _sequence);
        var result = await Factory.Services.GetRequiredService<IPresetStore>().CloneAsync(Owner, "breakout_v1", name, cancellationToken: TestContext.Current.CancellationToken);
        result.Success.ShouldBeTrue(result.Message);
        return name;
    }

    /// <summary>A queued backtest row of the first Trader (no job: cancelling it is immediate).</summary>
    public async Task<long> NewBacktestAsync()
    {
        await using var db = await Factory.Services.GetRequiredService<IDbContextFactory<BreakoutBotDbContext>>().CreateDbContextAsync(TestContext.Current.CancellationToken);
        var row = BacktestRunEntity.Queued(new BacktestRequest { PresetName = "breakout_v1" }, OwnerId, OwnerEmail, "breakout_v1", 1, DateTimeOffset.UtcNow);
        db.Add(row);
        await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        return row.Id;
    }

    /// <summary>A ready (file-less) data set row of the first Trader: enough to be seen, cancelled (refused: not downloading) and deleted.</summary>
    public async Task<long> NewDataSetAsync()
    {
        await using var db = await Factory.Services.GetRequiredService<IDbContextFactory<BreakoutBotDbContext>>().CreateDbContextAsync(TestContext.Current.CancellationToken);
        var row = new DataSetEntity
        {
            Name = "api set " + Interlocked.Increment(ref _sequence),
            OwnerId = OwnerId,
            OwnerName = OwnerEmail,
            Source = DataSetSource.Upload,
            Status = DataSetStatus.Ready,
            Instruments = "BTC-USDT-SWAP",
            CreatedAt = DateTimeOffset.UtcNow,
        };
        db.Add(row);
        await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        return row.Id;
    }

    /// <summary>A sweep row of the first Trader with one queued run (no job: cancelling it is immediate).</summary>
    public async Task<long> NewSweepAsync()
    {
        await using var db = await Factory.Services.GetRequiredService<IDbContextFactory<BreakoutBotDbContext>>().CreateDbContextAsync(TestContext.Current.CancellationToken);
        var sweep = new SweepEntity { OwnerId = OwnerId, OwnerName = OwnerEmail, PresetName = "breakout_v1", PresetVersion = 1, CreatedAt = DateTimeOffset.UtcNow };
        db.Add(sweep);
        await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        var run = BacktestRunEntity.Queued(new BacktestRequest { PresetName = "breakout_v1" }, OwnerId, OwnerEmail, "breakout_v1", 1, DateTimeOffset.UtcNow);
        run.SweepId = sweep.Id;
        db.Add(run);
        await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        return sweep.Id;
    }

    /// <summary>The first Trader as the services see them.</summary>
    public ClaimsPrincipal Owner => new(new ClaimsIdentity(
        [new Claim(ClaimTypes.NameIdentifier, OwnerId), new Claim(ClaimTypes.Name, OwnerEmail), new Claim(ClaimTypes.Role, Roles.Trader)], "test"));

    public async ValueTask DisposeAsync()
    {
        await Factory.DisposeAsync();
        _database.Dispose();
    }
}

/// <summary>Who calls the API in the route matrix.</summary>
public enum Caller
{
    Anonymous,
    OwnerControl,
    OwnerRead,
    OtherTrader,
    Viewer,
    Admin,
}

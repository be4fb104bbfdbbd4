using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using BreakoutBot.Domain.Presets;
using BreakoutBot.Infrastructure.ApiTokens;
using BreakoutBot.Infrastructure.Cluster;
using BreakoutBot.Infrastructure.Credentials;
using BreakoutBot.Infrastructure.Persistence;
using BreakoutBot.Tests.Infrastructure.Persistence;
using BreakoutBot.Tests.TestSupport.Fakes;
using BreakoutBot.Tests.TestSupport.FakeOkx;
using BreakoutBot.Tests.Web.Browser;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace BreakoutBot.Tests.Infrastructure.Cluster;

/// <summary>
/// Engines on a cluster node made through its HTTP API as the portal's first admin: a demo-trading engine on the fake
/// OKX's breakout market (<see cref="FakeOkxBreakoutMarket"/>; its key set stored through the cluster's shared key ring,
/// as the keys page would) and idle paper engines on the bundled market.
/// </summary>
internal static class ClusterOkxEngine
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>The settings that point a node at the fake OKX.</summary>
    public static Dictionary<string, string> Settings(FakeOkxServer okx) => new()
    {
        ["Okx__RestBaseUrl"] = okx.RestBaseUrl.ToString(),
        ["Okx__WsBaseUrl"] = okx.WsBaseUrl.ToString(),
        ["Okx__WsDemoBaseUrl"] = okx.WsBaseUrl.ToString(),
        ["Okx__MaxRetries"] = "1",
    };

    /// <summary>A control token of the first admin (made through the token service, as <c>token create</c> does) in a client of the node's API.</summary>
    public static async Task<HttpClient> AdminApiAsync(PortalProcess node, PersistenceTestDatabase database)
    {
        var tokens = new ApiTokenService(database.Contexts, new RecordingAuditLog(), TimeProvider.System, Options.Create(new ApiTokenOptions()));
        var result = await tokens.CreateForEmailAsync(PortalProcess.AdminEmail, "failover", ApiTokenScope.Control, 1, Ct);
        var http = new HttpClient { BaseAddress = node.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", result.Token ?? throw new InvalidOperationException(result.Refusal));
        return http;
    }

    /// <summary>Stores the fake's demo key set for the admin, creates the breakout preset and a demo engine on live (fake) OKX data, and starts it; its id.</summary>
    public static async Task<string> CreateAndStartAsync(HttpClient api, PersistenceTestDatabase database, FakeOkxServer okx)
    {
        var keySet = await SaveKeysAsync(database, okx);
        using (var preset = await api.PostAsJsonAsync("api/v1/presets", new
        {
            name = FakeOkxBreakoutMarket.PresetName,
            from = "breakout_v1_relaxed",
            preset = JsonDocument.Parse(PresetSerializer.Serialize(FakeOkxBreakoutMarket.Preset())).RootElement,
        }, Ct))
        {
            await EnsureAsync(preset, "create the preset");
        }
        using var created = await api.PostAsJsonAsync("api/v1/engines", new
        {
            name = "OKX breakout", preset = FakeOkxBreakoutMarket.PresetName, source = "okx", mode = "demo", keySetId = keySet, maxInstruments = 2,
        }, Ct);
        await EnsureAsync(created, "create the OKX engine");
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetString()!;
        // A start on live data reconciles the account first and answers "starting…" at once.
        using var started = await api.PostAsJsonAsync($"api/v1/engines/{id}/commands/start", new { preset = FakeOkxBreakoutMarket.PresetName, mode = "demo" }, Ct);
        await EnsureAsync(started, "start the OKX engine");
        return id;
    }

    /// <summary>A paper engine on the bundled market, left idle; its id.</summary>
    public static async Task<string> CreateIdleAsync(HttpClient api, string name)
    {
        using var created = await api.PostAsJsonAsync("api/v1/engines", new { name, preset = "breakout_v1", instruments = 2, bars = 1_000, warmupBars = 100 }, Ct);
        await EnsureAsync(created, "create " + name);
        return (await created.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetString()!;
    }

    /// <summary>Client order ids of every order and algo order placed on the fake (amend, cancel and look-ups left out), with repeats.</summary>
    public static List<string> PlacedClientOrderIds(FakeOkxServer okx) =>
        okx.Requests.Where(r => r.Method == "POST" && r.Path is "/api/v5/trade/order" or "/api/v5/trade/batch-orders" or "/api/v5/trade/order-algo" && r.Fault is null)
            .SelectMany(r => r.ClientOrderIds).ToList();

    private static async Task<Guid> SaveKeysAsync(PersistenceTestDatabase database, FakeOkxServer okx)
    {
        string adminId;
        await using (var db = await database.OpenAsync())
        {
            adminId = await db.Users.Where(u => u.Email == PortalProcess.AdminEmail).Select(u => u.Id).SingleAsync(Ct);
        }
        // Protected with the cluster's key ring in the shared database, so every node can read the keys.
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Database:Provider"] = "Postgres",
            ["ConnectionStrings:BreakoutBot"] = ClusterPortals.ConnectionString(database),
            ["Database:MigrateOnStartup"] = "false",
            ["Cluster:Enabled"] = "true",
            ["Cluster:NodeId"] = "test-keys",
        }).Build();
        var services = new ServiceCollection().AddLogging().AddSingleton<IConfiguration>(configuration).AddSingleton(TimeProvider.System);
        services.AddPersistence(configuration);
        services.AddOkxKeys();
        services.AddCluster(configuration);
        await using var provider = services.BuildServiceProvider();
        await using var scope = provider.CreateAsyncScope();
        var saved = await scope.ServiceProvider.GetRequiredService<OkxKeyStore>()
            .SaveAsync(adminId, "fake OKX demo", okx.Options.ApiKey, okx.Options.SecretKey, okx.Options.Passphrase, isDemo: true, cancellationToken: Ct);
        saved.Succeeded.ShouldBeTrue(saved.Message);
        return saved.Saved!.Id;
    }

    private static async Task EnsureAsync(HttpResponseMessage response, string what)
    {
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"Could not {what}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(Ct)}");
        }
    }
}

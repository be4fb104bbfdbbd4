using System.Collections.Concurrent;
using System.Security.Claims;
using System.Text.Json;
using BreakoutBot.Domain.Constants;
using BreakoutBot.Infrastructure.ApiTokens;
using BreakoutBot.Infrastructure.Engines;
using BreakoutBot.Infrastructure.Identity;
using BreakoutBot.Tests.TestSupport;
using BreakoutBot.Tests.TestSupport.Servers;
using BreakoutBot.Web.Hubs;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using StackExchange.Redis;

namespace BreakoutBot.Tests.Web.Push;

/// <summary>
/// Two portals on one Redis backplane (<c>Cluster:RedisConfiguration</c>): a hub client connected to portal B that
/// subscribed to an engine receives a message that portal A sends to the engine's group (<see cref="EngineHub.GroupFor"/>),
/// which is how the node that runs an engine reaches watchers connected to other nodes. Skipped without redis-server.
/// </summary>
public sealed class EngineHubBackplaneTests : IAsyncLifetime
{
    private readonly SqliteTestDatabase _databaseA = new();
    private readonly SqliteTestDatabase _databaseB = new();
    private RedisServer? _redis;
    private BreakoutBotWebFactory? _a;
    private BreakoutBotWebFactory? _b;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        if (RedisServer.UnavailableReason is not null)
        {
            return;
        }
        _redis = await RedisServer.StartAsync(Ct);
        _a = Portal(_databaseA, _redis.Configuration, nodeId: "node-a");
        _b = Portal(_databaseB, _redis.Configuration, nodeId: "node-b");
    }

    public async ValueTask DisposeAsync()
    {
        if (_a is not null)
        {
            await _a.DisposeAsync();
        }
        if (_b is not null)
        {
            await _b.DisposeAsync();
        }
        if (_redis is not null)
        {
            await _redis.DisposeAsync();
        }
        _databaseA.Dispose();
        _databaseB.Dispose();
    }

    [Fact]
    public async Task AWatcherOnNodeBReceivesWhatNodeASendsToTheEnginesGroup()
    {
        RedisServer.SkipUnlessAvailable();
        var engine = _b!.Services.GetRequiredService<EngineRegistry>().Create("alice", "alice's engine", "breakout_v1",
            new EngineCreateOptions { StartingBalance = 1_000m, Bars = 600, WarmupBars = 300, BarIntervalMs = 1_000 });
        await using var watcher = Connect(_b, "alice", Roles.Trader);
        var received = new ConcurrentQueue<JsonElement>();
        watcher.On<JsonElement>(EngineHub.MessageMethod, received.Enqueue);
        await watcher.StartAsync(Ct);
        await watcher.InvokeAsync<string>(nameof(EngineHub.Subscribe), engine.Id, Ct);

        var hubOnA = _a!.Services.GetRequiredService<IHubContext<EngineHub>>();
        var marker = Guid.NewGuid().ToString("N");
        // Sent again until it arrives: the group's Redis subscription is set up asynchronously after Subscribe returns.
        await Eventually.WaitUntilAsync(async () =>
        {
            await hubOnA.Clients.Group(EngineHub.GroupFor(engine.Id)).SendAsync(EngineHub.MessageMethod,
                new { type = "FROM_NODE_A", engineId = engine.Id, data = new { marker } }, Ct);
            return received.Any(m => m.TryGetProperty("data", out var d) && d.TryGetProperty("marker", out var k) && k.GetString() == marker);
        }, "the message node A sent to the engine's group, at the client on node B", TimeSpan.FromSeconds(15));

        received.First(m => m.GetProperty("type").GetString() == "FROM_NODE_A").GetProperty("engineId").GetString().ShouldBe(engine.Id);
    }

    [Fact]
    public async Task AnEngineRunningOnNodeAIsWatchedLiveFromNodeBOnceEachAndOnlyByThoseAllowed()
    {
        RedisServer.SkipUnlessAvailable();
        // Both nodes on one database, as in a cluster: node B authorises the engine from its stored row.
        await using var a = Portal(_databaseA, _redis!.Configuration);
        await using var b = Portal(_databaseA, _redis.Configuration);
        var engine = a.Services.GetRequiredService<EngineRegistry>().Create("alice", "alice's engine", "breakout_v1",
            new EngineCreateOptions { StartingBalance = 1_000m, Bars = 3_000, WarmupBars = 300, BarIntervalMs = 50 });
        var store = b.Services.GetRequiredService<BreakoutBot.Infrastructure.Persistence.EngineInstanceStore>();
        await Eventually.WaitUntilAsync(async () => await store.LoadAsync(engine.Id, Ct) is not null, "the engine's row stored by node A", TimeSpan.FromSeconds(15));
        await using var onB = Connect(b, "alice", Roles.Trader);
        await using var onA = Connect(a, "alice", Roles.Trader);
        await using var stranger = Connect(b, "mallory", Roles.Trader);
        var fromB = new ConcurrentQueue<JsonElement>();
        var fromA = new ConcurrentQueue<JsonElement>();
        onB.On<JsonElement>(EngineHub.MessageMethod, fromB.Enqueue);
        onA.On<JsonElement>(EngineHub.MessageMethod, fromA.Enqueue);
        await Task.WhenAll(onB.StartAsync(Ct), onA.StartAsync(Ct), stranger.StartAsync(Ct));

        (await onB.InvokeAsync<string>(nameof(EngineHub.Subscribe), engine.Id, Ct)).ShouldBe(engine.Id);
        await onA.InvokeAsync<string>(nameof(EngineHub.Subscribe), engine.Id, Ct);
        var refused = await Should.ThrowAsync<HubException>(() => stranger.InvokeAsync<string>(nameof(EngineHub.Subscribe), engine.Id, Ct));
        await engine.ExecuteAsync(BreakoutBot.Domain.Engine.EngineCommand.Start, null);

        await Eventually.WaitUntilAsync(() => Task.FromResult(fromB.Count(m => m.GetProperty("type").GetString() == "FSM_TRANSITION") >= 3),
            "state transitions of the engine on node A at the watcher on node B", TimeSpan.FromSeconds(30));
        refused.Message.ShouldContain("no engine");
        fromB.ShouldAllBe(m => m.GetProperty("engineId").GetString() == engine.Id);
        // The watcher on the engine's own node gets each message once: through the group only, not also a local feed.
        var transitionsOnA = fromA.Where(m => m.GetProperty("type").GetString() == "FSM_TRANSITION").Select(m => m.GetRawText()).ToList();
        transitionsOnA.ShouldNotBeEmpty();
        transitionsOnA.Distinct().Count().ShouldBe(transitionsOnA.Count);
    }

    [Fact]
    public async Task ATokenRevokedOnNodeAClosesItsLiveConnectionOnNodeBAtOnce()
    {
        RedisServer.SkipUnlessAvailable();
        // Both nodes on one database; the periodic check is an hour away, so only the relayed revocation can close it.
        await using var a = Portal(_databaseA, _redis!.Configuration, recheckSeconds: 3600);
        await using var b = Portal(_databaseA, _redis.Configuration, recheckSeconds: 3600);
        var userId = await a.CreateUserAsync("relay@test.local", Roles.Trader);
        var tokens = a.Services.GetRequiredService<ApiTokenService>();
        var created = await tokens.CreateForEmailAsync("relay@test.local", "hub on node B", ApiTokenScope.Read, 30, Ct);
        await using var onB = HubClients.WithToken(b, created.Token!);
        var closed = new TaskCompletionSource();
        onB.Closed += _ =>
        {
            closed.TrySetResult();
            return Task.CompletedTask;
        };
        await onB.StartAsync(Ct);
        var owner = new ClaimsPrincipal(new ClaimsIdentity(
            [new Claim(ClaimTypes.NameIdentifier, userId), new Claim(ClaimTypes.Name, "relay@test.local"), new Claim(ClaimTypes.Role, Roles.Trader)], "test"));

        (await tokens.RevokeAsync(owner, created.Summary!.Id, Ct)).ShouldBeNull();

        await Eventually.WaitUntilAsync(() => closed.Task.IsCompleted, "the connection on node B closed after the token was revoked on node A",
            TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task ARevocationRelayedToAnotherNodeChecksThatUsersConnectionsThereAndNoOneElses()
    {
        RedisServer.SkipUnlessAvailable();
        await using var a = Portal(_databaseA, _redis!.Configuration, recheckSeconds: 3600);
        await using var b = Portal(_databaseA, _redis.Configuration, recheckSeconds: 3600);
        _ = (a.Server, b.Server);
        var onA = a.Services.GetRequiredService<SessionRevocations>();
        var onB = b.Services.GetRequiredService<SessionRevocations>();
        var checkedOnB = new ConcurrentQueue<string>();
        using var watchB = onB.Watch("u1", () => { checkedOnB.Enqueue("u1"); return Task.CompletedTask; });
        using var otherB = onB.Watch("u2", () => { checkedOnB.Enqueue("u2"); return Task.CompletedTask; });

        // Sent until node B's subscription is up (it is made when node B starts, asynchronously).
        await Eventually.WaitUntilAsync(() =>
        {
            onA.Revoke("u1");
            return Task.FromResult(checkedOnB.Contains("u1"));
        }, "node B's watcher of u1 checked after node A ended u1's sessions", TimeSpan.FromSeconds(15));

        checkedOnB.ShouldNotContain("u2");
    }

    [Fact]
    public async Task ANodeStartedWhileRedisIsDownRelaysRevocationsOnceRedisIsUp()
    {
        RedisServer.SkipUnlessAvailable();
        var port = LoopbackServerProcess.FreePort();
        var configuration = "127.0.0.1:" + port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        await using var b = Portal(_databaseB, configuration, recheckSeconds: 3600);
        _ = b.Server;
        var checkedOnB = new ConcurrentQueue<string>();
        using var watch = b.Services.GetRequiredService<SessionRevocations>().Watch("u1", () => { checkedOnB.Enqueue("u1"); return Task.CompletedTask; });

        await using var late = await RedisServer.StartAsync(Ct, port);
        await using var a = Portal(_databaseA, configuration, recheckSeconds: 3600);
        _ = a.Server;
        var onA = a.Services.GetRequiredService<SessionRevocations>();

        // Node B's subscription is made once its connection reaches Redis; until then what node A sends is lost, so it is
        // sent again.
        await Eventually.WaitUntilAsync(() =>
        {
            onA.Revoke("u1");
            return Task.FromResult(checkedOnB.Contains("u1"));
        }, "node B, started without Redis, hears node A's revocation once Redis is up", TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task ANodesBackplaneHealthCheckAndSessionRelayShareOneRedisConnection()
    {
        RedisServer.SkipUnlessAvailable();
        _ = _a!.Server;
        var report = await _a.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync(r => r.Name == BackplaneHealthCheck.Name, Ct);
        report.Entries[BackplaneHealthCheck.Name].Status.ShouldBe(HealthStatus.Healthy);

        // What one connection of the client library opens when it both talks and subscribes, as the node's does.
        var inspect = ConfigurationOptions.Parse(_redis!.Configuration);
        (inspect.AllowAdmin, inspect.ClientName) = (true, "reference-" + Guid.NewGuid().ToString("N")[..8]);
        await using var reference = await ConnectionMultiplexer.ConnectAsync(inspect);
        await reference.GetSubscriber().SubscribeAsync(RedisChannel.Literal("reference"), (_, _) => { });
        await reference.GetDatabase().PingAsync();
        var node = _a.Services.GetRequiredService<ClusterRedis>().ClientName;

        var clients = await reference.GetServer(reference.GetEndPoints()[0]).ClientListAsync();
        clients.Count(c => c.Name == node).ShouldBe(clients.Count(c => c.Name == inspect.ClientName), "the health check and the relay use the node's one connection");
        clients.Select(c => c.Name).Distinct().Order(StringComparer.Ordinal).ShouldBe(
            new[] { inspect.ClientName, node, node + ClusterRedis.SignalRSuffix }.Order(StringComparer.Ordinal),
            "node A, the only node up, has no other connection than its own and SignalR's backplane's");
    }

    [Fact]
    public async Task ANodesRedisConnectionsNameTheNodeInClientList()
    {
        RedisServer.SkipUnlessAvailable();
        _ = _a!.Server;
        _ = _b!.Server;
        var inspect = ConfigurationOptions.Parse(_redis!.Configuration);
        inspect.AllowAdmin = true;
        await using var reference = await ConnectionMultiplexer.ConnectAsync(inspect);
        var server = reference.GetServer(reference.GetEndPoints()[0]);

        var nodeA = _a.Services.GetRequiredService<ClusterRedis>().ClientName;
        var nodeB = _b.Services.GetRequiredService<ClusterRedis>().ClientName;

        nodeA.ShouldStartWith("breakoutbot-node-a-", Case.Sensitive, "Cluster:NodeId, so an operator can tell whose connection it is");
        nodeB.ShouldStartWith("breakoutbot-node-b-", Case.Sensitive);
        await Eventually.WaitUntilAsync(async () =>
        {
            var names = (await server.ClientListAsync()).Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
            return names.Contains(nodeA + ClusterRedis.SignalRSuffix) && names.Contains(nodeB + ClusterRedis.SignalRSuffix);
        }, "both nodes' SignalR backplane connections are listed under their node's name", TimeSpan.FromSeconds(30));
    }

    private static BreakoutBotWebFactory Portal(SqliteTestDatabase database, string redis, int? recheckSeconds = null, string? nodeId = null)
    {
        var options = new PortalOptions { Database = database };
        options.Settings["Cluster:RedisConfiguration"] = redis;
        if (nodeId is not null)
        {
            options.Settings["Cluster:NodeId"] = nodeId;
        }
        if (recheckSeconds is { } seconds)
        {
            options.Settings["Sessions:RecheckSeconds"] = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        return new BreakoutBotWebFactory(options);
    }

    /// <summary>A hub client of <paramref name="portal"/> signed in as <paramref name="user"/> over WebSockets.</summary>
    private static HubConnection Connect(BreakoutBotWebFactory portal, string user, params string[] roles)
    {
        var server = portal.Server;
        return new HubConnectionBuilder()
            .WithUrl(new Uri(server.BaseAddress, EngineHub.Path.TrimStart('/')), options =>
            {
                options.Transports = HttpTransportType.WebSockets;
                options.HttpMessageHandlerFactory = _ => server.CreateHandler();
                options.WebSocketFactory = async (context, cancellationToken) =>
                {
                    var client = server.CreateWebSocketClient();
                    client.ConfigureRequest = request =>
                    {
                        request.Headers[TestAuthHandler.UserHeader] = user;
                        request.Headers[TestAuthHandler.RolesHeader] = string.Join(',', roles);
                    };
                    return await client.ConnectAsync(context.Uri, cancellationToken);
                };
                options.Headers[TestAuthHandler.UserHeader] = user;
                options.Headers[TestAuthHandler.RolesHeader] = string.Join(',', roles);
            })
            .Build();
    }
}

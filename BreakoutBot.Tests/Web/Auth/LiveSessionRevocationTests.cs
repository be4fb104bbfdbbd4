using System.Net;
using System.Security.Claims;
using BreakoutBot.Domain.Constants;
using BreakoutBot.Infrastructure.ApiTokens;
using BreakoutBot.Infrastructure.Engines;
using BreakoutBot.Infrastructure.Identity;
using BreakoutBot.Tests.TestSupport;
using BreakoutBot.Web.Hubs;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server.Circuits;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace BreakoutBot.Tests.Web.Auth;

/// <summary>
/// Log-out ends what is still open of the account's sessions at once: a live-event hub connection signed in with the
/// browser's cookie is closed (and its engine subscriptions with it), and an interactive circuit's user is signed out,
/// which replaces the page (and disposes the dashboard's engine feed) with the log-in redirect. Without the immediate
/// check both would go on: the hub connection until it reconnects, the circuit until its next periodic check.
/// </summary>
public sealed class LiveSessionRevocationTests(AuthPortal portal) : IClassFixture<AuthPortal>
{
    /// <summary>Well below the circuit's periodic check (<see cref="IdentityPolicy.RevalidationInterval"/>).</summary>
    private static readonly TimeSpan AtOnce = TimeSpan.FromSeconds(5);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task LogOutClosesTheAccountsLiveEngineConnectionAndItsSubscription()
    {
        var user = await portal.CreateUserAsync("hub-logout@test.local", "HubL0gout!", Roles.Trader);
        using var browser = portal.Client();
        string cookie;
        using (var login = await AuthPortal.LogInAsync(browser, "hub-logout@test.local", "HubL0gout!"))
        {
            cookie = AuthPortal.AuthCookies(login);
        }
        var engine = portal.Factory.Services.GetRequiredService<EngineRegistry>().Create(user.Id, "Hub log-out engine", "breakout_v1",
            new EngineCreateOptions { Bars = 600, WarmupBars = 300, BarIntervalMs = 1_000 });
        var subscriptions = portal.Factory.Services.GetRequiredService<EngineHubSubscriptions>();
        await using var hub = ConnectWithCookie(cookie);
        var closed = new TaskCompletionSource();
        hub.Closed += _ =>
        {
            closed.TrySetResult();
            return Task.CompletedTask;
        };
        await hub.StartAsync(Ct);
        (await hub.InvokeAsync<string>(nameof(EngineHub.Subscribe), engine.Id, Ct)).ShouldBe(engine.Id);
        subscriptions.Count.ShouldBe(1);

        using (var logout = await LogOutAsync(browser))
        {
            logout.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        }

        await Eventually.WaitUntilAsync(() => closed.Task.IsCompleted, "the hub connection closed after the log-out", AtOnce);
        await Eventually.WaitUntilAsync(() => subscriptions.Count == 0, "the engine subscription of the closed connection removed", AtOnce);
        portal.Factory.Services.GetRequiredService<EngineRegistry>().Broadcaster.SubscriberCount.ShouldBe(0);
    }

    /// <summary>
    /// A circuit as the framework starts one: its authentication state set from the connection's user, then its circuit
    /// handlers told that it opened.
    /// </summary>
    private static async Task<AuthenticationStateProvider> OpenCircuitAsync(AsyncServiceScope circuit, ClaimsPrincipal user)
    {
        var state = circuit.ServiceProvider.GetRequiredService<AuthenticationStateProvider>();
        ((IHostEnvironmentAuthenticationStateProvider)state).SetAuthenticationState(Task.FromResult(new AuthenticationState(user)));
        foreach (var handler in circuit.ServiceProvider.GetServices<CircuitHandler>())
        {
            await handler.OnCircuitOpenedAsync(null!, Ct);
        }
        return state;
    }

    [Fact]
    public async Task AStaticPageRenderDoesNotFollowRevocationsOnlyAnOpenCircuitDoes()
    {
        await portal.CreateUserAsync("static-render@test.local", "St4ticRender!", Roles.Viewer);
        var user = await portal.PrincipalAsync("static-render@test.local");
        var revocations = portal.Factory.Services.GetRequiredService<SessionRevocations>();
        var before = revocations.Count;

        // The page that changes the password is rendered in a request like this one: ending the user's sessions must not
        // sign that very render out halfway through its page.
        await using (var render = portal.Factory.Services.CreateAsyncScope())
        {
            var state = render.ServiceProvider.GetRequiredService<AuthenticationStateProvider>();
            ((IHostEnvironmentAuthenticationStateProvider)state).SetAuthenticationState(Task.FromResult(new AuthenticationState(user)));
            revocations.Count.ShouldBe(before, "a static render follows no revocation");
        }

        await using var circuit = portal.Factory.Services.CreateAsyncScope();
        await OpenCircuitAsync(circuit, user);
        revocations.Count.ShouldBe(before + 1, "an open circuit follows its user's revocations");
    }

    [Fact]
    public async Task LogOutSignsTheAccountsOpenCircuitOutAtOnce()
    {
        await portal.CreateUserAsync("circuit-logout@test.local", "CircL0gout!", Roles.Viewer);
        using var browser = portal.Client();
        (await AuthPortal.LogInAsync(browser, "circuit-logout@test.local", "CircL0gout!")).Dispose();
        await using var circuit = portal.Factory.Services.CreateAsyncScope();
        var state = await OpenCircuitAsync(circuit, await portal.PrincipalAsync("circuit-logout@test.local"));
        (await state.GetAuthenticationStateAsync()).User.Identity!.IsAuthenticated.ShouldBeTrue();

        using (var logout = await LogOutAsync(browser))
        {
            logout.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        }

        await Eventually.WaitUntilAsync(
            async () => (await state.GetAuthenticationStateAsync()).User.Identity?.IsAuthenticated != true,
            "the circuit's user signed out after the log-out", AtOnce);
    }

    [Fact]
    public async Task RemovingARoleSignsTheUsersOpenCircuitOutAtOnce()
    {
        var user = await portal.CreateUserAsync("circuit-demoted@test.local", "CircD3moted!", Roles.Trader);
        await using var circuit = portal.Factory.Services.CreateAsyncScope();
        var state = await OpenCircuitAsync(circuit, await portal.PrincipalAsync("circuit-demoted@test.local"));
        (await state.GetAuthenticationStateAsync()).User.IsInRole(Roles.Trader).ShouldBeTrue();

        var removed = await portal.Factory.Services.GetRequiredService<UserAdministration>()
            .RemoveRoleAsync(await portal.PrincipalAsync(AuthPortal.AdminEmail), user.Id, Roles.Trader);

        removed.Succeeded.ShouldBeTrue(removed.Message);
        await Eventually.WaitUntilAsync(
            async () => (await state.GetAuthenticationStateAsync()).User.Identity?.IsAuthenticated != true,
            "the circuit signed in as a Trader signed out once the Trader role was taken away", AtOnce);
    }

    [Fact]
    public async Task RevokingATokenClosesTheLiveConnectionSignedInWithIt()
    {
        await using var live = await ConnectWithNewTokenAsync("hub-token-revoked@test.local");
        var owner = await portal.PrincipalAsync("hub-token-revoked@test.local");

        (await portal.Factory.Services.GetRequiredService<ApiTokenService>().RevokeAsync(owner, live.TokenId, Ct)).ShouldBeNull();

        await Eventually.WaitUntilAsync(() => live.Closed.Task.IsCompleted, "the connection signed in with the revoked token closed", AtOnce);
        await Eventually.WaitUntilAsync(() => portal.Factory.Services.GetRequiredService<EngineHubSubscriptions>().Count == 0,
            "the closed connection's engine subscription removed", AtOnce);
    }

    [Fact]
    public async Task RemovingARoleClosesTheTokensLiveConnectionAndTheTokenCarriesTheNewRolesAtOnce()
    {
        await using var live = await ConnectWithNewTokenAsync("hub-token-demoted@test.local");
        var tokens = portal.Factory.Services.GetRequiredService<ApiTokenService>();
        var user = await portal.WithUsersAsync(users => users.FindByEmailAsync("hub-token-demoted@test.local"));

        var removed = await portal.Factory.Services.GetRequiredService<UserAdministration>()
            .RemoveRoleAsync(await portal.PrincipalAsync(AuthPortal.AdminEmail), user!.Id, Roles.Trader);

        removed.Succeeded.ShouldBeTrue(removed.Message);
        await Eventually.WaitUntilAsync(() => live.Closed.Task.IsCompleted, "the token's connection, opened as a Trader, closed", AtOnce);
        (await tokens.AuthenticateAsync(live.Token, Ct))!.Roles.ShouldNotContain(Roles.Trader, "the token's next request has the user's current roles, not the cached ones");
    }

    [Fact]
    public async Task AConnectionWhoseUserWasLockedOnAnotherNodeClosesAtThePeriodicCheck()
    {
        await using var node = AuthPortal.With(("Sessions:RecheckSeconds", "1"));
        node.Start();
        await using var live = await ConnectWithNewTokenAsync("hub-locked-elsewhere@test.local", node);

        // Locked in the shared database by another node: no revocation signal reaches this one.
        await node.WithUsersAsync(async users => (await users.SetLockoutEndDateAsync((await users.FindByEmailAsync("hub-locked-elsewhere@test.local"))!, DateTimeOffset.MaxValue)).Succeeded);

        await Eventually.WaitUntilAsync(() => live.Closed.Task.IsCompleted, "the connection of the user locked elsewhere closed at the periodic check", AtOnce);
    }

    private Task<TokenConnection> ConnectWithNewTokenAsync(string email) => ConnectWithNewTokenAsync(email, portal);

    /// <summary>A Trader with a read token, a hub connection signed in with it and subscribed to the Trader's engine.</summary>
    private static async Task<TokenConnection> ConnectWithNewTokenAsync(string email, AuthPortal portal)
    {
        var user = await portal.CreateUserAsync(email, "T0kenOwner!", Roles.Trader);
        var token = await portal.Factory.CreateTokenAsync(email, ApiTokenScope.Read);
        var identity = await portal.Factory.Services.GetRequiredService<ApiTokenService>().AuthenticateAsync(token, Ct);
        identity!.Roles.ShouldContain(Roles.Trader);
        var engine = portal.Factory.Services.GetRequiredService<EngineRegistry>().Create(user.Id, email + "'s engine", "breakout_v1",
            new EngineCreateOptions { Bars = 600, WarmupBars = 300, BarIntervalMs = 1_000 });
        var server = portal.Factory.Server;
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(server.BaseAddress, EngineHub.Path.TrimStart('/') + "?access_token=" + Uri.EscapeDataString(token)), options =>
            {
                options.Transports = HttpTransportType.WebSockets;
                options.HttpMessageHandlerFactory = _ => server.CreateHandler();
                options.WebSocketFactory = async (context, cancellationToken) => await server.CreateWebSocketClient().ConnectAsync(context.Uri, cancellationToken);
            })
            .Build();
        var closed = new TaskCompletionSource();
        connection.Closed += _ =>
        {
            closed.TrySetResult();
            return Task.CompletedTask;
        };
        await connection.StartAsync(Ct);
        (await connection.InvokeAsync<string>(nameof(EngineHub.Subscribe), engine.Id, Ct)).ShouldBe(engine.Id);
        return new TokenConnection(token, identity.TokenId, connection, closed);
    }

    private sealed record TokenConnection(string Token, Guid TokenId, HubConnection Connection, TaskCompletionSource Closed) : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => Connection.DisposeAsync();
    }

    [Fact]
    public async Task AnotherUsersLogOutLeavesTheConnectionOpen()
    {
        await portal.CreateUserAsync("stays@test.local", "St4ysOpen!", Roles.Viewer);
        await portal.CreateUserAsync("leaves@test.local", "Le4vesNow!", Roles.Viewer);
        using var staying = portal.Client();
        using var leaving = portal.Client();
        string cookie;
        using (var login = await AuthPortal.LogInAsync(staying, "stays@test.local", "St4ysOpen!"))
        {
            cookie = AuthPortal.AuthCookies(login);
        }
        (await AuthPortal.LogInAsync(leaving, "leaves@test.local", "Le4vesNow!")).Dispose();
        await using var hub = ConnectWithCookie(cookie);
        await hub.StartAsync(Ct);

        (await LogOutAsync(leaving)).Dispose();

        await Eventually.StaysTrueAsync(() => hub.State == HubConnectionState.Connected, "the other user's connection open", TimeSpan.FromSeconds(1));
    }

    /// <summary>A hub client that sends the browser's cookie, over WebSockets.</summary>
    private HubConnection ConnectWithCookie(string cookie)
    {
        var server = portal.Factory.Server;
        return new HubConnectionBuilder()
            .WithUrl(new Uri(server.BaseAddress, EngineHub.Path.TrimStart('/')), options =>
            {
                options.Transports = HttpTransportType.WebSockets;
                options.HttpMessageHandlerFactory = _ => server.CreateHandler();
                options.Headers["Cookie"] = cookie;
                options.WebSocketFactory = async (context, cancellationToken) =>
                {
                    var client = server.CreateWebSocketClient();
                    client.ConfigureRequest = request => request.Headers.Cookie = cookie;
                    return await client.ConnectAsync(context.Uri, cancellationToken);
                };
            })
            .Build();
    }

    private static async Task<HttpResponseMessage> LogOutAsync(HttpClient client)
    {
        var fields = new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = await AuthPortal.AntiforgeryTokenAsync(client, "/Account/ChangePassword"),
        };
        using var form = new FormUrlEncodedContent(fields);
        return await client.PostAsync(new Uri("/Account/Logout", UriKind.Relative), form, Ct);
    }
}

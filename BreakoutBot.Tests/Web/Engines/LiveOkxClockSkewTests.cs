using System.Security.Claims;
using BreakoutBot.Domain.Constants;
using BreakoutBot.Domain.Engine;
using BreakoutBot.Infrastructure.Credentials;
using BreakoutBot.Infrastructure.Engines;
using BreakoutBot.Tests.TestSupport;
using BreakoutBot.Tests.TestSupport.FakeOkx;
using Microsoft.Extensions.DependencyInjection;

namespace BreakoutBot.Tests.Web.Engines;

/// <summary>
/// This computer's clock is three minutes behind OKX's (OKX refuses a request or a login more than 30 s off): a demo
/// engine's signed REST calls are corrected by the measured offset, and so must its WebSocket logins be, or the private
/// socket (order and fill pushes) never logs in while the engine reports itself trading.
/// </summary>
public sealed class LiveOkxClockSkewTests : IAsyncLifetime
{
    private static readonly TimeSpan OkxAhead = TimeSpan.FromMinutes(3);
    private readonly SqliteTestDatabase _database = new();
    private FakeOkxPortal _portal = null!;
    private FakeOkxServer _okx = null!;
    private BreakoutBotWebFactory _factory = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _okx = await FakeOkxServer.StartAsync(new FakeOkxOptions { AddTypicalSwaps = true, IsDemo = true, TimeProvider = new AheadClock(OkxAhead) }, Ct);
        _okx.SetPrice("BTC-USDT-SWAP", 50_000m);
        _okx.SetPrice("ETH-USDT-SWAP", 3_000m);
        _portal = new FakeOkxPortal(_okx, _database);
        _factory = _portal.Start();
        _ = _factory.Server;
    }

    public async ValueTask DisposeAsync()
    {
        await _factory.DisposeAsync();
        await _okx.DisposeAsync();
        _database.Dispose();
        _portal.Dispose();
    }

    [Fact]
    public async Task ADemoEngineOnAClockMinutesOffLogsItsPrivateSocketInOnOkxsClock()
    {
        var trader = new ClaimsPrincipal(new ClaimsIdentity(
            [new Claim(ClaimTypes.NameIdentifier, "trader-1"), new Claim(ClaimTypes.Name, "trader-1@example.test"), new Claim(ClaimTypes.Role, Roles.Trader)], "test"));
        await using var scope = _factory.Services.CreateAsyncScope();
        var saved = await scope.ServiceProvider.GetRequiredService<OkxKeyStore>()
            .SaveAsync("trader-1", "demo", _okx.Options.ApiKey, _okx.Options.SecretKey, _okx.Options.Passphrase, isDemo: true, cancellationToken: Ct);
        var commands = _factory.Services.GetRequiredService<EngineCommandService>();
        var options = new EngineCreateOptions { Source = MarketSource.OkxLive, Mode = TradingMode.LiveDemo, KeySetId = saved.Saved!.Id, MaxInstruments = 2 };
        var (_, handle) = await commands.CreateAsync(trader, "Skewed engine", "breakout_v1", options, Ct);

        var start = await commands.ExecuteAsync(trader, handle.ShouldNotBeNull().Id, EngineCommand.Start, "breakout_v1", Ct);

        start.Status.ShouldBe(EngineCommandStatus.Done, start.Message);
        if (!await Eventually.TryWaitUntilAsync(() => _okx.WsSubscriptions("private").Any(s => s.Channel == "orders"), TimeSpan.FromSeconds(20)))
        {
            Assert.Fail("The private socket never subscribed to orders; OKX refused its logins: " + string.Join(", ", _okx.WsErrorsSent));
        }
        _okx.WsErrorsSent.ShouldNotContain(e => e.Code == "60006", "no login was refused for its timestamp");
    }

    /// <summary>OKX's clock: the real time plus a fixed amount.</summary>
    private sealed class AheadClock(TimeSpan ahead) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + ahead;
    }
}

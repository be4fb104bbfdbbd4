using System.Security.Claims;
using System.Text.Json;
using BreakoutBot.Domain.Constants;
using BreakoutBot.Domain.Engine;
using BreakoutBot.Infrastructure.Credentials;
using BreakoutBot.Infrastructure.Engines;
using BreakoutBot.Infrastructure.Presets;
using BreakoutBot.Tests.TestSupport;
using BreakoutBot.Tests.TestSupport.FakeOkx;
using Microsoft.Extensions.DependencyInjection;

namespace BreakoutBot.Tests.Web.Engines;

/// <summary>
/// The breakout market the fail-over test trades on the fake OKX (<see cref="FakeOkxBreakoutMarket"/>), checked on one
/// in-process portal: a demo-trading engine on it opens a long ETH position on its own within seconds, with its stop
/// resting on the exchange.
/// </summary>
public sealed class FakeOkxBreakoutMarketTests : IAsyncLifetime
{
    private readonly SqliteTestDatabase _database = new();
    private FakeOkxServer _okx = null!;
    private BreakoutBotWebFactory _factory = null!;
    private FakeOkxPortal _portal = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static ClaimsPrincipal Trader(string id) =>
        new(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, id), new Claim(ClaimTypes.Name, id + "@example.test"), new Claim(ClaimTypes.Role, Roles.Trader)], "test"));

    public async ValueTask InitializeAsync()
    {
        _okx = await FakeOkxServer.StartAsync(new FakeOkxOptions { AddTypicalSwaps = true, IsDemo = true }, Ct);
        FakeOkxBreakoutMarket.Load(_okx, DateTimeOffset.UtcNow);
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
    public async Task ADemoEngineOnTheBreakoutMarketGoesLongWithARestingStop()
    {
        var trader = Trader("trader-1");
        await using var scope = _factory.Services.CreateAsyncScope();
        var saved = await scope.ServiceProvider.GetRequiredService<OkxKeyStore>()
            .SaveAsync("trader-1", "demo", _okx.Options.ApiKey, _okx.Options.SecretKey, _okx.Options.Passphrase, isDemo: true, cancellationToken: Ct);
        saved.Succeeded.ShouldBeTrue(saved.Message);
        var preset = await _factory.Services.GetRequiredService<IPresetStore>().CloneAsync(trader, "breakout_v1_relaxed", FakeOkxBreakoutMarket.PresetName, FakeOkxBreakoutMarket.Preset(), Ct);
        preset.Status.ShouldBe(PresetSaveStatus.Saved, preset.Message);
        var commands = _factory.Services.GetRequiredService<EngineCommandService>();
        var options = new EngineCreateOptions { Source = MarketSource.OkxLive, Mode = TradingMode.LiveDemo, KeySetId = saved.Saved!.Id, MaxInstruments = 2 };
        var (created, handle) = await commands.CreateAsync(trader, "Breakout on OKX", FakeOkxBreakoutMarket.PresetName, options, Ct);
        created.Status.ShouldBe(EngineCommandStatus.Done, created.Message);
        (await commands.ExecuteAsync(trader, handle!.Id, EngineCommand.Start, FakeOkxBreakoutMarket.PresetName, Ct)).Status.ShouldBe(EngineCommandStatus.Done);

        var opened = await Eventually.TryWaitUntilAsync(() => _okx.Positions.Any(p => p.InstId == FakeOkxBreakoutMarket.Eth), TimeSpan.FromSeconds(30));
        opened.ShouldBeTrue("no position; last scan funnel: " + JsonSerializer.Serialize(handle.Status.LastScanFunnel)
            + "; state " + handle.Engine.State + "; transitions: " + string.Join(" | ", handle.Status.RecentTransitions.Select(t => $"{t.From}->{t.To}: {t.Reason}")));
        var position = _okx.Positions.Single(p => p.InstId == FakeOkxBreakoutMarket.Eth);
        position.Contracts.ShouldBeGreaterThan(0m, "long");
        _okx.AlgoOrders.ShouldContain(a => a.IsLive && a.InstId == FakeOkxBreakoutMarket.Eth && a.StopLossTriggerPrice < FakeOkxBreakoutMarket.BreakoutClose);
    }
}

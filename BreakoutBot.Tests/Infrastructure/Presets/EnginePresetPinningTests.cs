using BreakoutBot.Domain.Constants;
using BreakoutBot.Domain.Engine;
using BreakoutBot.Infrastructure.Engines;
using BreakoutBot.Infrastructure.Persistence;
using Microsoft.Extensions.Logging.Abstractions;

namespace BreakoutBot.Tests.Infrastructure.Presets;

/// <summary>
/// An engine is pinned to the preset version it started with: a new version someone else saves reaches it only when
/// the engine's owner (or an Admin) applies it, never through a reload, a restart of the engine or a portal restart.
/// </summary>
public sealed class EnginePresetPinningTests : IAsyncLifetime
{
    private static readonly System.Security.Claims.ClaimsPrincipal Alice = PresetDatabase.User("alice-id", Roles.Trader, "alice@example.com");
    private static readonly System.Security.Claims.ClaimsPrincipal Bob = PresetDatabase.User("bob-id", Roles.Trader, "bob@example.com");
    private static readonly System.Security.Claims.ClaimsPrincipal Ada = PresetDatabase.User("ada-id", Roles.Admin, "ada@example.com");
    private static readonly EngineCreateOptions Small = new() { Bars = 600, WarmupBars = 300 };
    private PresetDatabase _db = null!;
    private EngineRegistry _registry = null!;
    private EngineCommandService _commands = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _db = await PresetDatabase.CreateAsync(Ct);
        _registry = new EngineRegistry(NullLoggerFactory.Instance, _db.Time, new NullEngineEventSink(), _db.Store);
        _commands = new EngineCommandService(_registry, _db.Audit);
    }

    public async ValueTask DisposeAsync()
    {
        _registry.Dispose();
        await _db.DisposeAsync();
    }

    private async Task<double> AdminRaisesRiskPerTradeOfBreakoutV1()
    {
        var v1 = _db.Store.Find("breakout_v1")!;
        (await _db.Store.SaveAsync(Ada, "breakout_v1", v1 with { Risk = v1.Risk with { RiskPerTrade = 0.05 } }, 1, Ct)).Version.ShouldBe(2);
        return v1.Risk.RiskPerTrade;
    }

    [Fact]
    public async Task AnEngineKeepsTradingItsPinnedVersionAfterSomeoneElseSavesANewOneUntilItsOwnerAppliesIt()
    {
        var engine = _registry.Create("alice-id", "Alice's engine", "breakout_v1", Small);
        (await _commands.ExecuteAsync(Alice, engine.Id, EngineCommand.Start, "breakout_v1", Ct)).Success.ShouldBeTrue();
        var original = await AdminRaisesRiskPerTradeOfBreakoutV1();

        (await _commands.ExecuteAsync(Alice, engine.Id, EngineCommand.Reload, cancellationToken: Ct)).Success.ShouldBeTrue();
        engine.Engine.Preset!.Risk.RiskPerTrade.ShouldBe(original, "a reload re-reads the pinned version");
        (await _commands.ExecuteAsync(Alice, engine.Id, EngineCommand.Stop, cancellationToken: Ct)).Success.ShouldBeTrue();
        (await _commands.ExecuteAsync(Alice, engine.Id, EngineCommand.Start, "breakout_v1", Ct)).Success.ShouldBeTrue();
        engine.Engine.Preset!.Risk.RiskPerTrade.ShouldBe(original, "a new start keeps the pinned version");
        engine.PresetVersion.ShouldBe(1);

        var applied = await _commands.ApplyPresetVersionAsync(Alice, engine.Id, "breakout_v1", 2, Ct);

        applied.Success.ShouldBeTrue(applied.Message);
        engine.PresetVersion.ShouldBe(2);
        engine.Engine.Preset!.Risk.RiskPerTrade.ShouldBe(0.05);
        _db.Audit.Entries.ShouldContain(e => e.Action == EngineCommandService.ApplyPresetAction && e.Target == engine.Id && e.UserId == "alice-id" && e.Success);
    }

    [Fact]
    public async Task AnotherTraderCannotApplyAVersionToSomeoneElsesEngine()
    {
        var engine = _registry.Create("alice-id", "Alice's engine", "breakout_v1", Small);
        (await _commands.ExecuteAsync(Alice, engine.Id, EngineCommand.Start, "breakout_v1", Ct)).Success.ShouldBeTrue();
        await AdminRaisesRiskPerTradeOfBreakoutV1();

        var outcome = await _commands.ApplyPresetVersionAsync(Bob, engine.Id, "breakout_v1", 2, Ct);

        outcome.Status.ShouldBe(EngineCommandStatus.Forbidden);
        engine.PresetVersion.ShouldBe(1);
        _db.Audit.Entries.ShouldContain(e => e.Action == EngineCommandService.ApplyPresetAction && e.Target == engine.Id && e.UserId == "bob-id" && !e.Success);
        (await _commands.ApplyPresetVersionAsync(Alice, engine.Id, "breakout_v1", 9, Ct)).Status.ShouldBe(EngineCommandStatus.NotFound);
    }

    [Fact]
    public async Task AnEngineRestoredAfterAPortalRestartComesBackOnItsPinnedVersion()
    {
        var engine = _registry.Create("alice-id", "Alice's engine", "breakout_v1", Small);
        var original = await AdminRaisesRiskPerTradeOfBreakoutV1();
        var engines = new EngineInstanceStore(_db.Contexts, NullLogger<EngineInstanceStore>.Instance);
        await engines.SaveAsync(engine, Ct);
        _registry.Remove(engine.Id);

        var snapshot = (await engines.LoadAsync(Ct)).Single();
        var restored = await _registry.RestoreAsync(snapshot, Ct);
        (await _commands.ExecuteAsync(Alice, restored.Id, EngineCommand.Start, "breakout_v1", Ct)).Success.ShouldBeTrue();

        snapshot.PresetVersion.ShouldBe(1);
        restored.Engine.Preset!.Risk.RiskPerTrade.ShouldBe(original);
    }
}

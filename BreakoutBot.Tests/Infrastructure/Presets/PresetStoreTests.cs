using System.Security.Claims;
using BreakoutBot.Domain.Constants;
using BreakoutBot.Domain.Engine;
using BreakoutBot.Domain.Presets;
using BreakoutBot.Infrastructure.Engines;
using BreakoutBot.Infrastructure.Persistence;
using BreakoutBot.Infrastructure.Persistence.Entities;
using BreakoutBot.Infrastructure.Presets;
using BreakoutBot.Tests.TestSupport.Fakes;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace BreakoutBot.Tests.Infrastructure.Presets;

public sealed class PresetStoreTests : IAsyncLifetime
{
    private readonly SqliteConnection _connection = new("Data Source=:memory:");
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));
    private readonly RecordingAuditLog _audit = new();
    private ServiceProvider _services = null!;
    private PresetStore _store = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        await _connection.OpenAsync(Ct);
        _services = new ServiceCollection()
            .AddDbContextFactory<BreakoutBotDbContext>(o => o.UseSqlite(_connection))
            .BuildServiceProvider();
        var contexts = _services.GetRequiredService<IDbContextFactory<BreakoutBotDbContext>>();
        await using (var db = await contexts.CreateDbContextAsync(Ct))
        {
            await db.Database.EnsureCreatedAsync(Ct);
        }
        _store = new PresetStore(contexts, _audit, _time, NullLogger<PresetStore>.Instance);
        await _store.SeedCatalogAsync(Ct);
    }

    private static ClaimsPrincipal User(string id, string role) =>
        new(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, id), new Claim(ClaimTypes.Name, id), new Claim(ClaimTypes.Role, role)], "Test"));

    /// <summary>Presets hold lists, which records compare by reference; compare what is stored instead.</summary>
    private static void SameContent(TradingPreset actual, TradingPreset expected) =>
        PresetSerializer.Serialize(actual).ShouldBe(PresetSerializer.Serialize(expected));

    private static readonly ClaimsPrincipal Trader = User("alice", Roles.Trader);

    /// <summary>Built-in presets are changed only by Admins.</summary>
    private static readonly ClaimsPrincipal Admin = User("ada", Roles.Admin);

    [Fact]
    public async Task SeedsEveryShippedPresetAsVersionOneOnce()
    {
        var list = await _store.ListAsync(Ct);

        list.Select(p => p.Name).ShouldBe(PresetCatalog.Names);
        list.ShouldAllBe(p => p.LatestVersion == 1 && p.UpdatedBy == PresetStore.SystemUser);
        SameContent((await _store.GetLatestAsync("breakout_v1", Ct))!.Preset, PresetCatalog.Get("breakout_v1"));

        (await _store.SeedCatalogAsync(Ct)).ShouldBe(0);
        (await _store.HistoryAsync("breakout_v1", Ct)).Count.ShouldBe(1);
    }

    [Fact]
    public async Task SavingAValidEditAddsAVersionWithWhoWhenAndWhatChanged()
    {
        var v1 = (await _store.GetLatestAsync("breakout_v1", Ct))!;
        var edited = v1.Preset with { Risk = v1.Preset.Risk with { RiskPerTrade = 0.004 } };
        _time.Advance(TimeSpan.FromMinutes(5));

        var result = await _store.SaveAsync(Admin, "breakout_v1", edited, basedOnVersion: 1, Ct);

        result.Status.ShouldBe(PresetSaveStatus.Saved);
        result.Version.ShouldBe(2);
        var history = await _store.HistoryAsync("breakout_v1", Ct);
        history.Select(h => h.Version).ShouldBe([2, 1]);
        history[0].CreatedBy.ShouldBe("ada");
        history[0].CreatedAt.ShouldBe(_time.GetUtcNow());
        history[0].ChangeSummary.ShouldBe($"risk.risk_per_trade {v1.Preset.Risk.RiskPerTrade.ToString(System.Globalization.CultureInfo.InvariantCulture)} → 0.004");
        SameContent((await _store.GetVersionAsync("breakout_v1", 1, Ct))!.Preset, v1.Preset);
        var summary = (await _store.ListAsync(Ct)).Single(p => p.Name == "breakout_v1");
        summary.LatestVersion.ShouldBe(2);
        summary.UpdatedBy.ShouldBe("ada");
        _audit.Entries.ShouldContain(e => e.Action == PresetStore.SaveAction && e.Target == "breakout_v1" && e.Success && e.UserId == "ada");
    }

    [Fact]
    public async Task AnInvalidSaveWritesNothingAndNamesTheBadField()
    {
        var v1 = (await _store.GetLatestAsync("breakout_v1", Ct))!;
        var invalid = v1.Preset with { Risk = v1.Preset.Risk with { RiskPerTrade = 1.5 } };

        var result = await _store.SaveAsync(Trader, "breakout_v1", invalid, cancellationToken: Ct);

        result.Status.ShouldBe(PresetSaveStatus.Invalid);
        result.Errors.ShouldContain(e => e.Field == "risk.risk_per_trade" && e.Message.Contains("risk.risk_per_trade"));
        (await _store.HistoryAsync("breakout_v1", Ct)).Count.ShouldBe(1);
        SameContent(_store.Find("breakout_v1")!, v1.Preset);
        _audit.Entries.ShouldContain(e => e.Action == PresetStore.SaveAction && !e.Success);
    }

    [Fact]
    public async Task AViewerCannotSaveCloneOrRestore()
    {
        var viewer = User("victor", Roles.Viewer);
        var v1 = (await _store.GetLatestAsync("breakout_v1", Ct))!;

        (await _store.SaveAsync(viewer, "breakout_v1", v1.Preset with { Description = "mine" }, cancellationToken: Ct)).Status.ShouldBe(PresetSaveStatus.Forbidden);
        (await _store.CloneAsync(viewer, "breakout_v1", "victors_copy", cancellationToken: Ct)).Status.ShouldBe(PresetSaveStatus.Forbidden);
        (await _store.RestoreAsync(viewer, "breakout_v1", 1, Ct)).Status.ShouldBe(PresetSaveStatus.Forbidden);

        (await _store.HistoryAsync("breakout_v1", Ct)).Count.ShouldBe(1);
        (await _store.GetLatestAsync("victors_copy", Ct)).ShouldBeNull();
    }

    [Fact]
    public async Task ASaveBasedOnAnOlderVersionIsRefusedAsAConflict()
    {
        var v1 = (await _store.GetLatestAsync("breakout_v1", Ct))!;
        (await _store.SaveAsync(Admin, "breakout_v1", v1.Preset with { Description = "first" }, 1, Ct)).Success.ShouldBeTrue();

        var late = await _store.SaveAsync(User("bob", Roles.Admin), "breakout_v1", v1.Preset with { Description = "second" }, 1, Ct);

        late.Status.ShouldBe(PresetSaveStatus.Conflict);
        (await _store.GetLatestAsync("breakout_v1", Ct))!.Preset.Description.ShouldBe("first");
    }

    [Fact]
    public async Task CloningCopiesTheLatestVersionUnderAValidNewName()
    {
        var v1 = (await _store.GetLatestAsync("breakout_v1", Ct))!;
        await _store.SaveAsync(Admin, "breakout_v1", v1.Preset with { Description = "tuned" }, 1, Ct);

        var result = await _store.CloneAsync(Trader, "breakout_v1", "alice_breakout", cancellationToken: Ct);

        result.Status.ShouldBe(PresetSaveStatus.Saved);
        var copy = (await _store.GetLatestAsync("alice_breakout", Ct))!;
        copy.Version.ShouldBe(1);
        SameContent(copy.Preset, v1.Preset with { Name = "alice_breakout", Description = "tuned" });
        copy.ChangeSummary.ShouldBe("Cloned from breakout_v1 version 2.");
        _audit.Entries.ShouldContain(e => e.Action == PresetStore.CloneAction && e.Target == "alice_breakout" && e.Success);
    }

    [Theory]
    [InlineData("Bad Name", PresetSaveStatus.Invalid)]
    [InlineData("", PresetSaveStatus.Invalid)]
    [InlineData("breakout_v1_relaxed", PresetSaveStatus.Conflict)]
    public async Task CloningRefusesABadOrTakenName(string name, PresetSaveStatus expected)
    {
        var result = await _store.CloneAsync(Trader, "breakout_v1", name, cancellationToken: Ct);

        result.Status.ShouldBe(expected);
        if (expected == PresetSaveStatus.Invalid)
        {
            result.Errors.ShouldContain(e => e.Field == "name");
        }
        (await _store.ListAsync(Ct)).Count.ShouldBe(PresetCatalog.Names.Count);
    }

    [Fact]
    public async Task RestoringAnOldVersionSavesItAsTheNewestVersion()
    {
        var v1 = (await _store.GetLatestAsync("breakout_v1", Ct))!;
        await _store.SaveAsync(Admin, "breakout_v1", v1.Preset with { Risk = v1.Preset.Risk with { MaxConcurrentPositions = 7 } }, 1, Ct);

        var result = await _store.RestoreAsync(Admin, "breakout_v1", 1, Ct);

        result.Status.ShouldBe(PresetSaveStatus.Saved);
        result.Version.ShouldBe(3);
        var latest = (await _store.GetLatestAsync("breakout_v1", Ct))!;
        latest.Version.ShouldBe(3);
        SameContent(latest.Preset, v1.Preset);
        latest.ChangeSummary!.ShouldStartWith("Restored version 1: risk.max_concurrent_positions 7 → ");
        (await _store.RestoreAsync(Admin, "breakout_v1", 3, Ct)).Status.ShouldBe(PresetSaveStatus.Unchanged);
        (await _store.RestoreAsync(Admin, "breakout_v1", 9, Ct)).Status.ShouldBe(PresetSaveStatus.NotFound);
    }

    [Fact]
    public async Task FindReturnsTheLatestVersionAndFindWithAVersionReturnsThatVersion()
    {
        var v1 = _store.Find("breakout_v1")!;
        SameContent(v1, PresetCatalog.Get("breakout_v1"));

        await _store.SaveAsync(Admin, "breakout_v1", v1 with { Risk = v1.Risk with { RiskPerTrade = 0.003 } }, 1, Ct);

        _store.Find("breakout_v1")!.Risk.RiskPerTrade.ShouldBe(0.003);
        _store.LatestVersion("breakout_v1").ShouldBe(2);
        SameContent(_store.Find("breakout_v1", 1)!, PresetCatalog.Get("breakout_v1"));
        _store.Find("no_such_preset").ShouldBeNull();
        _store.LatestVersion("no_such_preset").ShouldBeNull();
    }

    [Fact]
    public async Task DiffListsChangedFieldsWithOldAndNewValues()
    {
        var v1 = (await _store.GetLatestAsync("breakout_v1", Ct))!;
        var edited = v1.Preset with
        {
            Risk = v1.Preset.Risk with { RiskPerTrade = 0.004 },
            LevelsRules = v1.Preset.LevelsRules with { DonchianPeriods = [10, 40] },
        };
        await _store.SaveAsync(Admin, "breakout_v1", edited, 1, Ct);
        var v2 = (await _store.GetVersionAsync("breakout_v1", 2, Ct))!;

        var changes = PresetDiff.Compare(v1.Json, v2.Json);

        changes.Select(c => c.Path).ShouldBe(["risk.risk_per_trade", "levels_rules.donchian_periods"]);
        changes[0].NewValue.ShouldBe("0.004");
        changes[1].NewValue.ShouldBe("[10, 40]");
        PresetDiff.Compare(v1.Json, v1.Json).ShouldBeEmpty();
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        await _connection.DisposeAsync();
    }

    [Fact]
    public async Task AClonedPresetCanBeDeletedButNotABuiltInOneNorOneAnEngineUses()
    {
        (await _store.CloneAsync(Trader, "breakout_v1", "alices_copy", cancellationToken: Ct)).Success.ShouldBeTrue();
        var copy = (await _store.GetLatestAsync("alices_copy", Ct))!.Preset;
        (await _store.SaveAsync(Trader, "alices_copy", copy with { Description = "changed" }, cancellationToken: Ct)).Success.ShouldBeTrue();

        (await _store.DeleteAsync(User("victor", Roles.Viewer), "alices_copy", [], Ct)).Status.ShouldBe(PresetSaveStatus.Forbidden);
        (await _store.DeleteAsync(Trader, "breakout_v1", [], Ct)).Status.ShouldBe(PresetSaveStatus.Conflict);
        var inUse = await _store.DeleteAsync(Trader, "alices_copy", [new PresetEngineUse("e1", "alice", "Alice's engine")], Ct);
        inUse.Status.ShouldBe(PresetSaveStatus.Conflict);
        inUse.Message.ShouldContain("Alice's engine");
        _store.Find("alices_copy").ShouldNotBeNull();

        var deleted = await _store.DeleteAsync(Trader, "alices_copy", [], Ct);

        deleted.Success.ShouldBeTrue(deleted.Message);
        _store.Find("alices_copy").ShouldBeNull();
        (await _store.HistoryAsync("alices_copy", Ct)).ShouldBeEmpty("its versions go with it");
        (await _store.ListAsync(Ct)).ShouldNotContain(p => p.Name == "alices_copy");
        _audit.Entries.ShouldContain(e => e.Action == PresetStore.DeleteAction && e.Target == "alices_copy" && e.Success);
        (await _store.DeleteAsync(Trader, "alices_copy", [], Ct)).Status.ShouldBe(PresetSaveStatus.NotFound);
    }

    [Fact]
    public async Task AnEngineStoredWithThePresetKeepsItAndCountsOnceWhenThisNodeRunsItToo()
    {
        (await _store.CloneAsync(Trader, "breakout_v1", "alices_copy", cancellationToken: Ct)).Success.ShouldBeTrue();
        await using (var db = await _services.GetRequiredService<IDbContextFactory<BreakoutBotDbContext>>().CreateDbContextAsync(Ct))
        {
            db.Engines.Add(new EngineInstanceEntity { Id = "e1", OwnerUserId = "alice", Name = "Alice's engine", PresetName = "alices_copy", CreatedAt = _time.GetUtcNow() });
            db.Engines.Add(new EngineInstanceEntity { Id = "e2", OwnerUserId = "bob", Name = "Bob's engine", PresetName = "alices_copy", CreatedAt = _time.GetUtcNow() });
            await db.SaveChangesAsync(Ct);
        }

        var inUse = await _store.DeleteAsync(Trader, "alices_copy", [new PresetEngineUse("e1", "alice", "Alice's engine")], Ct);

        inUse.Status.ShouldBe(PresetSaveStatus.Conflict);
        inUse.Message.ShouldBe("'alices_copy' is used by engines Alice's engine, an engine of another user; give them another preset or remove them first.");
        _store.Find("alices_copy").ShouldNotBeNull();
        _audit.Entries.ShouldContain(e => e.Action == PresetStore.DeleteAction && e.Target == "alices_copy" && !e.Success);
    }
}

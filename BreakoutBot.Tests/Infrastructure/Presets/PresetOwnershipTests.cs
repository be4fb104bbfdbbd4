using BreakoutBot.Domain.Constants;
using BreakoutBot.Infrastructure.Presets;

namespace BreakoutBot.Tests.Infrastructure.Presets;

/// <summary>Presets belong to their creator: the store (not only the pages) refuses everyone else's writes and audit-logs the refusal.</summary>
public sealed class PresetOwnershipTests : IAsyncLifetime
{
    private static readonly System.Security.Claims.ClaimsPrincipal Alice = PresetDatabase.User("alice-id", Roles.Trader, "alice@example.com");
    private static readonly System.Security.Claims.ClaimsPrincipal Bob = PresetDatabase.User("bob-id", Roles.Trader, "bob@example.com");
    private static readonly System.Security.Claims.ClaimsPrincipal Ada = PresetDatabase.User("ada-id", Roles.Admin, "ada@example.com");
    private PresetDatabase _db = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private PresetStore Store => _db.Store;

    public async ValueTask InitializeAsync()
    {
        _db = await PresetDatabase.CreateAsync(Ct);
        (await Store.CloneAsync(Bob, "breakout_v1", "bobs_preset", cancellationToken: Ct)).Success.ShouldBeTrue();
        var bobs = (await Store.GetLatestAsync("bobs_preset", Ct))!.Preset;
        (await Store.SaveAsync(Bob, "bobs_preset", bobs with { Description = "bob's second" }, cancellationToken: Ct)).Success.ShouldBeTrue();
    }

    public ValueTask DisposeAsync() => _db.DisposeAsync();

    private void RefusalWasAudited(string action, string target, string userId) =>
        _db.Audit.Entries.ShouldContain(e => e.Action == action && e.Target == target && e.UserId == userId && !e.Success
            && e.Details!.Contains("only its owner or an Admin", StringComparison.Ordinal));

    [Fact]
    public async Task ATraderCannotSaveRestoreOrDeleteAnotherTradersPresetAndEachRefusalIsAudited()
    {
        var bobs = (await Store.GetLatestAsync("bobs_preset", Ct))!.Preset;

        var save = await Store.SaveAsync(Alice, "bobs_preset", bobs with { Risk = bobs.Risk with { RiskPerTrade = 0.05 } }, 2, Ct);
        var restore = await Store.RestoreAsync(Alice, "bobs_preset", 1, Ct);
        var delete = await Store.DeleteAsync(Alice, "bobs_preset", [], Ct);

        save.Status.ShouldBe(PresetSaveStatus.Forbidden);
        save.Message.ShouldContain("belongs to bob@example.com");
        save.Message.ShouldNotContain("bob-id");
        restore.Status.ShouldBe(PresetSaveStatus.Forbidden);
        delete.Status.ShouldBe(PresetSaveStatus.Forbidden);
        (await Store.HistoryAsync("bobs_preset", Ct)).Select(v => v.Version).ShouldBe([2, 1], "nothing was written");
        (await Store.GetLatestAsync("bobs_preset", Ct))!.Preset.Description.ShouldBe("bob's second");
        RefusalWasAudited(PresetStore.SaveAction, "bobs_preset", "alice-id");
        RefusalWasAudited(PresetStore.RestoreAction, "bobs_preset", "alice-id");
        RefusalWasAudited(PresetStore.DeleteAction, "bobs_preset", "alice-id");
    }

    [Fact]
    public async Task TheOwnerRestoresAndDeletesTheirOwnPreset()
    {
        (await Store.RestoreAsync(Bob, "bobs_preset", 1, Ct)).Status.ShouldBe(PresetSaveStatus.Saved);

        (await Store.DeleteAsync(Bob, "bobs_preset", [], Ct)).Success.ShouldBeTrue();
        (await Store.GetLatestAsync("bobs_preset", Ct)).ShouldBeNull();
    }

    [Fact]
    public async Task ATraderCannotEditOrRestoreABuiltInPresetButAnAdminCan()
    {
        var v1 = (await Store.GetLatestAsync("breakout_v1", Ct))!.Preset;
        var riskier = v1 with { Risk = v1.Risk with { RiskPerTrade = 0.05 } };

        var byTrader = await Store.SaveAsync(Alice, "breakout_v1", riskier, 1, Ct);

        byTrader.Status.ShouldBe(PresetSaveStatus.Forbidden);
        byTrader.Message.ShouldContain("built-in preset; only Admins may change it");
        _db.Audit.Entries.ShouldContain(e => e.Action == PresetStore.SaveAction && e.Target == "breakout_v1" && e.UserId == "alice-id" && !e.Success);
        Store.Find("breakout_v1")!.Risk.RiskPerTrade.ShouldBe(v1.Risk.RiskPerTrade);

        var byAdmin = await Store.SaveAsync(Ada, "breakout_v1", riskier, 1, Ct);

        byAdmin.Status.ShouldBe(PresetSaveStatus.Saved);
        Store.Find("breakout_v1")!.Risk.RiskPerTrade.ShouldBe(0.05);
        (await Store.RestoreAsync(Alice, "breakout_v1", 1, Ct)).Status.ShouldBe(PresetSaveStatus.Forbidden);
        (await Store.RestoreAsync(Ada, "breakout_v1", 1, Ct)).Status.ShouldBe(PresetSaveStatus.Saved);
    }

    [Fact]
    public async Task AnAdminMayChangeAnotherUsersPreset()
    {
        var bobs = (await Store.GetLatestAsync("bobs_preset", Ct))!.Preset;

        (await Store.SaveAsync(Ada, "bobs_preset", bobs with { Description = "fixed by an admin" }, 2, Ct)).Status.ShouldBe(PresetSaveStatus.Saved);

        (await Store.GetOwnerAsync("bobs_preset", Ct))!.Name.ShouldBe("bob@example.com", "an edit does not change the owner");
    }

    [Fact]
    public async Task TheOwnerIsTheCreatorByNameAndBuiltInsBelongToNobody()
    {
        var list = await Store.ListAsync(Ct);

        var bobs = list.Single(p => p.Name == "bobs_preset").Owner;
        bobs.Name.ShouldBe("bob@example.com");
        bobs.BuiltIn.ShouldBeFalse();
        list.Single(p => p.Name == "breakout_v1").Owner.ShouldBe(PresetOwner.ForBuiltIn);
        (await Store.GetOwnerAsync("breakout_v1", Ct))!.Name.ShouldBe("built-in");
        (await Store.GetOwnerAsync("no_such_preset", Ct)).ShouldBeNull();
    }
}

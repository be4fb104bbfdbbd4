using System.Net;
using System.Text.Json;
using BreakoutBot.Domain.Engine;
using BreakoutBot.Domain.Risk;
using BreakoutBot.Infrastructure.Cluster;
using BreakoutBot.Infrastructure.Persistence;
using BreakoutBot.Infrastructure.Persistence.Entities;
using BreakoutBot.Infrastructure.Presets;
using BreakoutBot.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BreakoutBot.Tests.Web.Api;

/// <summary>
/// Deleting a preset is refused while any engine uses it, whichever node answers: engines another node runs (or that no
/// node runs now) are not in this node's registry, only in the shared database, and count as much as this node's own.
/// </summary>
public sealed class PresetDeleteAcrossNodesTests(ApiPortal portal) : IClassFixture<ApiPortal>
{
    private const string HiddenName = "Other's far strategy";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task DeletingAPresetThatEnginesStoredForAnotherNodeUseIsRefusedAndDeletesNothing()
    {
        var preset = await portal.NewPresetAsync();
        var own = await StoreEngineAsync(portal.OwnerId, "Owner's far engine", preset, leasedTo: "node-b");
        var others = await StoreEngineAsync(portal.OtherId, HiddenName, preset, leasedTo: null);
        portal.Registry.Get(own).ShouldBeNull("the engines are not this node's");
        portal.Registry.Get(others).ShouldBeNull();
        var versions = (await Store.HistoryAsync(preset, Ct)).Count;

        using var response = await portal.Client(Caller.OwnerControl).DeleteAsync($"/api/v1/presets/{preset}", Ct);

        response.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        var detail = await DetailAsync(response);
        detail.ShouldContain("Owner's far engine");
        detail.ShouldContain("an engine of another user");
        detail.ShouldNotContain("far strategy", Case.Insensitive);
        detail.ShouldNotContain(others);
        (await Store.GetLatestAsync(preset, Ct)).ShouldNotBeNull("the preset is still there");
        (await Store.HistoryAsync(preset, Ct)).Count.ShouldBe(versions, "with every version");
        await Eventually.WaitUntilAsync(async () => await RefusalAuditedAsync(preset), "the refusal is in the audit log", TimeSpan.FromSeconds(15));

        // Once no engine is stored with it any more, it goes.
        await DeleteEnginesAsync(own, others);
        using var again = await portal.Client(Caller.OwnerControl).DeleteAsync($"/api/v1/presets/{preset}", Ct);
        again.StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await Store.GetLatestAsync(preset, Ct)).ShouldBeNull();
    }

    [Fact]
    public async Task DeletingAPresetThatAnotherNodePublishesAnEngineAsTradingIsRefused()
    {
        var preset = await portal.NewPresetAsync();
        // Created with breakout_v1, then started on node b with the new preset: only its published status says so.
        var engine = await StoreEngineAsync(portal.OtherId, HiddenName, "breakout_v1", leasedTo: "node-b", trading: preset);
        try
        {
            using var response = await portal.Client(Caller.OwnerControl).DeleteAsync($"/api/v1/presets/{preset}", Ct);

            response.StatusCode.ShouldBe(HttpStatusCode.Conflict);
            var detail = await DetailAsync(response);
            detail.ShouldContain("an engine of another user");
            detail.ShouldNotContain("far strategy", Case.Insensitive);
            (await Store.GetLatestAsync(preset, Ct)).ShouldNotBeNull("the preset is still there");
        }
        finally
        {
            await DeleteEnginesAsync(engine);
        }
    }

    private IPresetStore Store => portal.Factory.Services.GetRequiredService<IPresetStore>();

    private Task<BreakoutBotDbContext> OpenAsync() =>
        portal.Factory.Services.GetRequiredService<IDbContextFactory<BreakoutBotDbContext>>().CreateDbContextAsync(Ct);

    /// <summary>
    /// An engine as another node stores it: its row, its lease (none: it waits for a node) and, when it trades a preset,
    /// the status that node publishes; nothing of it in this node's registry.
    /// </summary>
    private async Task<string> StoreEngineAsync(string ownerId, string name, string presetName, string? leasedTo, string? trading = null)
    {
        var id = "far-" + Guid.NewGuid().ToString("N")[..8];
        var now = DateTimeOffset.UtcNow;
        await using var db = await OpenAsync();
        db.Engines.Add(new EngineInstanceEntity { Id = id, OwnerUserId = ownerId, Name = name, PresetName = presetName, PresetVersion = 1, CreatedAt = now });
        if (leasedTo is not null)
        {
            db.EngineLeases.Add(new EngineLeaseEntity { EngineId = id, OwnerNode = leasedTo, Token = 1, AcquiredAt = now, RenewedAt = now, ExpiresAt = now.AddMinutes(5) });
        }
        if (trading is not null)
        {
            var status = new EngineStatus(id, TradingState.Scanning, null, trading, TradingMode.Paper, "paper", null, 0, 3, 3, 1_000m, 1_000m, 0m, 0, 0,
                new KillSwitchState(false, null, null), now, 5, null, [EngineCommand.Pause], [], [], now, 0, 0m, DayStartEquity: 1_000m);
            var payload = new RemoteEnginePayload(name, now, presetName, 1, TradingMode.Paper, IsReplay: true, StoredData: false, "generated market",
                10, 600, false, status, null, [], null);
            db.EngineStatusSnapshots.Add(new EngineStatusSnapshotEntity { EngineId = id, Node = leasedTo ?? "node-b", Token = 1, Revision = 1, PublishedAt = now, Payload = RemoteEngineJson.Write(payload) });
        }
        await db.SaveChangesAsync(Ct);
        return id;
    }

    private async Task DeleteEnginesAsync(params string[] ids)
    {
        await using var db = await OpenAsync();
        await db.EngineStatusSnapshots.Where(s => ids.Contains(s.EngineId)).ExecuteDeleteAsync(Ct);
        await db.EngineLeases.Where(l => ids.Contains(l.EngineId)).ExecuteDeleteAsync(Ct);
        await db.Engines.Where(e => ids.Contains(e.Id)).ExecuteDeleteAsync(Ct);
    }

    private async Task<bool> RefusalAuditedAsync(string preset)
    {
        await using var db = await OpenAsync();
        return await db.AuditLog.AnyAsync(a => a.Action == PresetStore.DeleteAction && a.Target == preset && !a.Success && a.Details!.Contains("an engine of another user"), Ct);
    }

    private static async Task<string> DetailAsync(HttpResponseMessage response)
    {
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        return problem.RootElement.GetProperty("detail").GetString() ?? "";
    }
}

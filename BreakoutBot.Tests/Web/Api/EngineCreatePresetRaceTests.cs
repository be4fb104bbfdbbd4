using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using BreakoutBot.Domain.Abstractions;
using BreakoutBot.Infrastructure.Engines;
using BreakoutBot.Infrastructure.Persistence;
using BreakoutBot.Infrastructure.Presets;
using BreakoutBot.Infrastructure.Scheduling;
using BreakoutBot.Tests.TestSupport;
using BreakoutBot.Tests.TestSupport.Fakes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Quartz;

namespace BreakoutBot.Tests.Web.Api;

/// <summary>
/// An engine created through the API while its preset is deleted (SQLite, one portal): the preset is deleted right after
/// the creation read the version it would trade and before its row is stored, so the delete finds no engine and goes
/// through; the creation must then be refused, naming the preset, and leave nothing behind.
/// </summary>
public sealed class EngineCreatePresetRaceTests : IAsyncLifetime
{
    private const string RacedName = "Raced engine";

    private readonly ApiPortal _portal = ApiPortal.With(
        new Dictionary<string, string?> { ["Okx:RestBaseUrl"] = "http://127.0.0.1:9/" },
        services =>
        {
            services.AddSingleton(sp => new DeletingPresetSource(sp.GetRequiredService<PresetStore>()));
            services.AddSingleton<IPresetSource>(sp => sp.GetRequiredService<DeletingPresetSource>());
        });

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync() => _portal.InitializeAsync();

    public ValueTask DisposeAsync() => _portal.DisposeAsync();

    [Fact]
    public async Task ACreationWhosePresetIsDeletedBeforeItsRowIsStoredIsRefusedAndLeavesNothing()
    {
        var preset = await _portal.NewPresetAsync();
        var source = _portal.Factory.Services.GetRequiredService<DeletingPresetSource>();
        var scheduler = await _portal.Factory.Services.GetRequiredService<ISchedulerFactory>().GetScheduler(Ct);
        var jobsBefore = await EngineJobsAsync(scheduler);
        var enginesBefore = _portal.Registry.ListAll().Select(h => h.Id).ToList();
        source.DeleteAfterNextRead(preset, _portal.Owner);

        using var response = await _portal.Client(Caller.OwnerControl).PostAsJsonAsync("/api/v1/engines",
            new { name = RacedName, preset, bars = 500, instruments = 2, warmupBars = 0 }, Ct);

        source.Deleted.ShouldNotBeNull("the preset was deleted between the creation's read and its store");
        source.Deleted.Success.ShouldBeTrue(source.Deleted.Message);
        response.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await DetailAsync(response)).ShouldBe($"Preset '{preset}' was deleted; choose another preset.");
        // Nothing of the engine anywhere: not in the registry, no row, no cycle job.
        _portal.Registry.ListAll().Select(h => h.Id).ShouldBe(enginesBefore);
        await using (var db = await OpenAsync())
        {
            (await db.Engines.AnyAsync(e => e.Name == RacedName || e.PresetName == preset, Ct)).ShouldBeFalse("no Engines row was stored");
        }
        (await EngineJobsAsync(scheduler)).ShouldBe(jobsBefore, ignoreOrder: true);
        (await _portal.Factory.Services.GetRequiredService<IPresetStore>().GetLatestAsync(preset, Ct)).ShouldBeNull("the delete stands");
        await Eventually.WaitUntilAsync(async () => await RefusalAuditedAsync(preset), "the refused creation is in the audit log", TimeSpan.FromSeconds(15));

        // The same request with a preset that exists creates the engine.
        using var again = await _portal.Client(Caller.OwnerControl).PostAsJsonAsync("/api/v1/engines",
            new { name = RacedName, preset = "breakout_v1", bars = 500, instruments = 2, warmupBars = 0 }, Ct);
        again.StatusCode.ShouldBe(HttpStatusCode.Created);
    }

    private Task<BreakoutBotDbContext> OpenAsync() =>
        _portal.Factory.Services.GetRequiredService<IDbContextFactory<BreakoutBotDbContext>>().CreateDbContextAsync(Ct);

    private static async Task<List<string>> EngineJobsAsync(IScheduler scheduler) =>
        (await scheduler.GetJobKeys(GroupMatcher<JobKey>.GroupEquals(EngineCycleJob.Group), Ct)).Select(k => k.Name).ToList();

    private async Task<bool> RefusalAuditedAsync(string preset)
    {
        await using var db = await OpenAsync();
        return await db.AuditLog.AnyAsync(a => a.Action == EngineCommandService.CreateAction && a.Target == RacedName && !a.Success
            && a.Details!.Contains($"Preset '{preset}' was deleted"), Ct);
    }

    private static async Task<string> DetailAsync(HttpResponseMessage response)
    {
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        return problem.RootElement.GetProperty("detail").GetString() ?? "";
    }
}

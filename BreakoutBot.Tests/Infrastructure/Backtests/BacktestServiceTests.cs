using BreakoutBot.Infrastructure.Backtests;
using Microsoft.EntityFrameworkCore;
using static BreakoutBot.Tests.Infrastructure.Backtests.BacktestTestBed;

namespace BreakoutBot.Tests.Infrastructure.Backtests;

public class BacktestServiceTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ATraderQueuesABacktestPinnedToThePresetVersionAndItIsAuditLogged()
    {
        await using var bed = await CreateAsync();

        var result = await bed.Service.QueueAsync(Tom, Small, Ct);

        result.Queued.ShouldBeTrue();
        bed.Jobs.Jobs.Single().Method.Name.ShouldBe(nameof(BacktestJob.RunAsync));
        // Backtests run on their own Hangfire queue (own workers), so long replays never hold up exports.
        System.Reflection.CustomAttributeExtensions.GetCustomAttribute<Hangfire.QueueAttribute>(bed.Jobs.Jobs.Single().Method)!.Queue.ShouldBe(BacktestJob.Queue);
        var run = (await bed.Service.GetAsync(Tom, result.Id!.Value, Ct))!.Summary;
        run.PresetName.ShouldBe("breakout_v1");
        run.PresetVersion.ShouldBe(1);
        run.Status.ShouldBe(BacktestStatus.Queued);
        run.OwnerName.ShouldBe("tom");
        bed.Presets.Audit.Entries.ShouldContain(e => e.Action == BacktestService.QueueAction && e.UserName == "tom" && e.Success);
    }

    [Fact]
    public async Task AViewerMayNotStartABacktestAndTheRefusalIsAuditLogged()
    {
        await using var bed = await CreateAsync();

        var result = await bed.Service.QueueAsync(Vera, Small, Ct);

        result.Queued.ShouldBeFalse();
        result.Refusal.ShouldBe("Only Traders and Admins may run backtests.");
        bed.Jobs.Jobs.ShouldBeEmpty();
        bed.Presets.Audit.Entries.ShouldContain(e => e.Action == BacktestService.QueueAction && e.UserName == "vera" && !e.Success);
    }

    [Fact]
    public async Task BadInputIsRefusedFieldByFieldAndNothingIsQueued()
    {
        await using var bed = await CreateAsync();
        var start = new DateTimeOffset(2026, 1, 2, 0, 0, 0, TimeSpan.Zero);

        var result = await bed.Service.QueueAsync(Tom, Small with
        {
            GeneratedBars = 10,
            StartingBalance = 5m,
            TakerFeeBps = 500m,
            Instruments = ["../../etc/passwd"],
            From = start,
            To = start.AddDays(-1),
        }, Ct);

        result.Queued.ShouldBeFalse();
        result.Errors.Select(e => e.Field).ShouldBe(
            [nameof(BacktestRequest.GeneratedBars), nameof(BacktestRequest.Instruments), nameof(BacktestRequest.To), nameof(BacktestRequest.StartingBalance), nameof(BacktestRequest.TakerFeeBps)],
            ignoreOrder: true);
        (await bed.Service.ListAsync(Tom, cancellationToken: Ct)).ShouldBeEmpty();
        bed.Jobs.Jobs.ShouldBeEmpty();
    }

    [Fact]
    public async Task DataThatIsNotThereIsRefusedNamingTheFieldInsteadOfQueuingARunThatFails()
    {
        await using var bed = await CreateAsync();
        var setId = (await bed.DataSets.UploadAsync(Tom, "coins", [Tests.Infrastructure.DataSets.DataSetServiceTests.Csv("BTC-USDT-SWAP", 600)], Ct)).Id!.Value;

        var noSet = await bed.Service.QueueAsync(Tom, Small with { DataSource = BacktestDataSource.DataSet, DataSetId = setId + 1 }, Ct);
        var noInstrument = await bed.Service.QueueAsync(Tom, Small with { DataSource = BacktestDataSource.DataSet, DataSetId = setId, Instruments = ["ETH-USDT-SWAP"] }, Ct);
        var nothingImported = await bed.Service.QueueAsync(Tom, Small with { DataSource = BacktestDataSource.Imported }, Ct);

        noSet.Errors.ShouldHaveSingleItem().ShouldBe(new BacktestFieldError(nameof(BacktestRequest.DataSetId), $"There is no data set #{setId + 1}."));
        noInstrument.Errors.ShouldHaveSingleItem().ShouldBe(
            new BacktestFieldError(nameof(BacktestRequest.Instruments), "Data set 'coins' has no ETH-USDT-SWAP; it holds BTC-USDT-SWAP."));
        nothingImported.Errors.ShouldHaveSingleItem().Field.ShouldBe(nameof(BacktestRequest.DataSource));
        bed.Jobs.Jobs.ShouldBeEmpty();
        (await bed.Service.ListAsync(Tom, cancellationToken: Ct)).ShouldBeEmpty();
        bed.Presets.Audit.Entries.Count(e => e.Action == BacktestService.QueueAction && !e.Success).ShouldBe(3);
        (await bed.Service.QueueAsync(Tom, Small with { DataSource = BacktestDataSource.DataSet, DataSetId = setId }, Ct)).Queued.ShouldBeTrue();
    }

    [Fact]
    public async Task ARunOnADataSetNamesTheSetAndSaysWhenItWasDeletedSince()
    {
        await using var bed = await CreateAsync();
        var setId = (await bed.DataSets.UploadAsync(Tom, "coins", [Tests.Infrastructure.DataSets.DataSetServiceTests.Csv("BTC-USDT-SWAP", 600)], Ct)).Id!.Value;
        var runId = (await bed.Service.QueueAsync(Tom, Small with { DataSource = BacktestDataSource.DataSet, DataSetId = setId, Instruments = ["BTC-USDT-SWAP"] }, Ct)).Id!.Value;

        (await bed.Service.ListAsync(Tom, cancellationToken: Ct)).ShouldHaveSingleItem().DataDescription.ShouldBe("data set 'coins': BTC-USDT-SWAP");
        (await bed.Service.GetAsync(Tom, runId, Ct))!.Summary.DataDescription.ShouldBe("data set 'coins': BTC-USDT-SWAP");

        await using (var db = await bed.Presets.Contexts.CreateDbContextAsync(Ct))
        {
            await db.Set<BreakoutBot.Infrastructure.DataSets.DataSetEntity>().Where(d => d.Id == setId).ExecuteDeleteAsync(Ct);
        }

        (await bed.Service.GetAsync(Tom, runId, Ct))!.Summary.DataDescription.ShouldBe($"data set #{setId} (deleted): BTC-USDT-SWAP");
    }

    [Fact]
    public async Task AnInstrumentListTooLongToStoreIsRefusedNamingTheField()
    {
        await using var bed = await CreateAsync();
        // 100 well-formed ids of 62 characters: 6,299 characters joined, more than the stored list holds.
        var ids = Enumerable.Range(0, 100).Select(i => $"A{i:D19}-{new string('B', 20)}-{new string('C', 20)}").ToArray();

        var result = await bed.Service.QueueAsync(Tom, Small with { Instruments = ids }, Ct);

        result.Errors.ShouldHaveSingleItem().Field.ShouldBe(nameof(BacktestRequest.Instruments));
        result.Errors[0].Message.ShouldContain("at most 4000");
        bed.Jobs.Jobs.ShouldBeEmpty();
    }

    [Fact]
    public async Task AnUnknownPresetVersionIsRefusedNamingTheField()
    {
        await using var bed = await CreateAsync();

        var result = await bed.Service.QueueAsync(Tom, Small with { PresetVersion = 9 }, Ct);

        result.Errors.ShouldHaveSingleItem().ShouldBe(new BacktestFieldError(nameof(BacktestRequest.PresetVersion), "Preset 'breakout_v1' has no version 9."));
    }

    [Fact]
    public async Task AUserHasAtMostTheLimitOfActiveRunsAndMayQueueAgainAfterCancellingOne()
    {
        await using var bed = await CreateAsync(maxActive: 2);
        var first = await bed.Service.QueueAsync(Tom, Small, Ct);
        await bed.Service.QueueAsync(Tom, Small, Ct);

        var third = await bed.Service.QueueAsync(Tom, Small, Ct);
        var annsFirst = await bed.Service.QueueAsync(Ann, Small, Ct);

        third.Refusal.ShouldBe("You already have 2 backtests queued or running (at most 2); wait for one to finish or cancel one.");
        annsFirst.Queued.ShouldBeTrue();
        (await bed.Service.CancelAsync(Tom, first.Id!.Value, Ct)).ShouldBeNull();
        (await bed.Service.QueueAsync(Tom, Small, Ct)).Queued.ShouldBeTrue();
    }

    [Fact]
    public async Task TradersSeeAndControlOnlyTheirOwnRunsViewersSeeAllAndControlNoneAdminsBoth()
    {
        await using var bed = await CreateAsync();
        var toms = (await bed.Service.QueueAsync(Tom, Small, Ct)).Id!.Value;
        await bed.Service.QueueAsync(Ann, Small, Ct);

        (await bed.Service.ListAsync(Tom, cancellationToken: Ct)).ShouldHaveSingleItem().OwnerName.ShouldBe("tom");
        (await bed.Service.ListAsync(Vera, cancellationToken: Ct)).Count.ShouldBe(2);
        (await bed.Service.ListAsync(Vera, cancellationToken: Ct)).ShouldAllBe(r => !r.CanControl);
        (await bed.Service.ListAsync(Root, cancellationToken: Ct)).ShouldAllBe(r => r.CanControl);
        (await bed.Service.GetAsync(Ann, toms, Ct)).ShouldBeNull();

        (await bed.Service.CancelAsync(Ann, toms, Ct)).ShouldBe("No such backtest.");
        (await bed.Service.CancelAsync(Vera, toms, Ct)).ShouldBe("Only its owner or an Admin may cancel this backtest.");
        (await bed.Service.DeleteAsync(Root, toms, Ct)).ShouldBe("Cancel the backtest before deleting it.");
        (await bed.Service.CancelAsync(Root, toms, Ct)).ShouldBeNull();
        (await bed.Service.DeleteAsync(Root, toms, Ct)).ShouldBeNull();
        (await bed.Service.GetAsync(Tom, toms, Ct)).ShouldBeNull();
        bed.Presets.Audit.Entries.Count(e => e.Action is BacktestService.CancelAction && !e.Success).ShouldBe(2);
        bed.Presets.Audit.Entries.ShouldContain(e => e.Action == BacktestService.DeleteAction && e.UserName == "root" && e.Success);
    }
}

using BreakoutBot.Infrastructure.DataSets;
using BreakoutBot.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using static BreakoutBot.Tests.Infrastructure.DataSets.DataSetDownloadTestBed;

namespace BreakoutBot.Tests.Infrastructure.DataSets;

public class DataSetDownloadServiceTests
{
    private const string Btc = "BTC-USDT-SWAP";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task QueueingStoresAQueuedOkxDataSetEnqueuesItsJobAndAuditsIt()
    {
        await using var bed = await CreateAsync();

        var result = await bed.Service.QueueDownloadAsync(Tom, " btc two days ", [" ETH-USDT-SWAP", Btc, Btc], From, To, Ct);

        result.Queued.ShouldBeTrue();
        var row = await bed.RowAsync(result.Id!.Value);
        row.Name.ShouldBe("btc two days");
        (row.Source, row.Status, row.OwnerId).ShouldBe((DataSetSource.OkxDownload, DataSetStatus.Queued, "tom-id"));
        row.Instruments.ShouldBe("BTC-USDT-SWAP,ETH-USDT-SWAP");
        (row.RequestedFrom, row.RequestedTo).ShouldBe((From, To));
        row.BarsTotal.ShouldBe(2 * 576);
        var job = bed.Jobs.Jobs.ShouldHaveSingleItem();
        (job.Type, job.Method.Name, job.Args[0]).ShouldBe((typeof(DataSetDownloadJob), nameof(DataSetDownloadJob.RunAsync), (object)row.Id));
        row.HangfireJobId.ShouldBe("job-1");
        var entry = bed.Database.Audit.Entries.ShouldHaveSingleItem();
        (entry.Action, entry.UserId, entry.Success).ShouldBe((DataSetService.DownloadAction, "tom-id", true));
        entry.Details.ShouldNotBeNull();
        entry.Details.ShouldContain("BTC-USDT-SWAP, ETH-USDT-SWAP");
    }

    [Fact]
    public async Task AViewerCannotQueueADownloadAndTheRefusalIsAudited()
    {
        await using var bed = await CreateAsync();

        var result = await bed.Service.QueueDownloadAsync(Vera, "mine", [Btc], From, To, Ct);

        result.Queued.ShouldBeFalse();
        result.Refusal.ShouldBe("Only Traders and Admins may download data sets.");
        bed.Jobs.Jobs.ShouldBeEmpty();
        (await CountAsync(bed)).ShouldBe(0);
        var entry = bed.Database.Audit.Entries.ShouldHaveSingleItem();
        (entry.Action, entry.UserId, entry.Success).ShouldBe((DataSetService.DownloadAction, "vera-id", false));
    }

    public static TheoryData<string, string?, string[], int?, int?, string> BadRequests => new()
    {
        { "Name", "", [Btc], 0, 2, "Give the data set a name." },
        { "Name", "bad/name", [Btc], 0, 2, "The name may hold letters, digits, spaces and . _ - ( ) only." },
        { "Instruments", "ok", [], 0, 2, "Give at least one instrument id, e.g. BTC-USDT-SWAP." },
        { "Instruments", "ok", ["btc-usdt-swap"], 0, 2, "'btc-usdt-swap' is not an OKX instrument id" },
        { "Instruments", "ok", Enumerable.Range(1, 51).Select(i => $"C{i}-USDT-SWAP").ToArray(), 0, 2, "At most 50 instruments per download (51 given)." },
        { "From", "ok", [Btc], null, 2, "Choose the start of the range." },
        { "To", "ok", [Btc], 0, null, "Choose the end of the range." },
        { "To", "ok", [Btc], 0, 60, "The end of the range cannot be in the future." },
        { "To", "ok", [Btc], 2, 1, "The range must hold at least one whole 5-minute bar after its start." },
        { "To", "ok", [Btc], -800, 2, "A download covers at most 2 years" },
    };

    [Theory]
    [MemberData(nameof(BadRequests))]
    public async Task BadInputIsRefusedNamingTheFieldAndNothingIsStored(string field, string? name, string[] instruments, int? fromDay, int? toDay, string message)
    {
        await using var bed = await CreateAsync();

        var result = await bed.Service.QueueDownloadAsync(Tom, name, instruments, Day(fromDay), Day(toDay), Ct);

        result.Queued.ShouldBeFalse();
        var error = result.Errors.ShouldHaveSingleItem();
        error.Field.ShouldBe(field);
        error.Message.ShouldStartWith(message);
        bed.Jobs.Jobs.ShouldBeEmpty();
        (await CountAsync(bed)).ShouldBe(0);
        var entry = bed.Database.Audit.Entries.ShouldHaveSingleItem();
        entry.Success.ShouldBeFalse();
        entry.Details.ShouldBe("invalid: " + field);
    }

    [Fact]
    public async Task ANameInUseIsRefusedOnTheNameField()
    {
        await using var bed = await CreateAsync();
        await bed.QueueAsync("taken", From, To, Btc);

        var result = await bed.Service.QueueDownloadAsync(Ann, "taken", [Btc], From, To, Ct);

        result.Errors.ShouldHaveSingleItem().ShouldBe(new DataSetFieldError("Name", "A data set named 'taken' exists already."));
    }

    [Fact]
    public async Task OnlyTheOwnerOrAnAdminCancelsAndResumesAndEachAttemptIsAudited()
    {
        await using var bed = await CreateAsync();
        var id = await bed.QueueAsync("controlled", From, To, Btc);

        (await bed.Service.CancelAsync(Ann, id, Ct)).ShouldBe("Only its owner or an Admin may cancel this download.");
        (await bed.Service.CancelAsync(Vera, id, Ct)).ShouldBe("Only its owner or an Admin may cancel this download.");
        (await bed.Service.ResumeAsync(Tom, id, Ct)).ShouldBe("Only a cancelled or failed download can be resumed.");
        (await bed.Service.CancelAsync(Tom, id, Ct)).ShouldBeNull();
        var cancelled = await bed.RowAsync(id);
        (cancelled.Status, cancelled.CancelRequested).ShouldBe((DataSetStatus.Cancelled, true), "a queued download is cancelled at once");
        (await bed.Service.CancelAsync(Tom, id, Ct)).ShouldBe("The data set is not downloading.");
        (await bed.Service.ResumeAsync(Ann, id, Ct)).ShouldBe("Only its owner or an Admin may resume this download.");

        (await bed.Service.ResumeAsync(Root, id, Ct)).ShouldBeNull();

        var resumed = await bed.RowAsync(id);
        (resumed.Status, resumed.CancelRequested).ShouldBe((DataSetStatus.Queued, false));
        bed.Jobs.Jobs.Count.ShouldBe(2);
        resumed.HangfireJobId.ShouldBe("job-2");
        bed.Database.Audit.Entries.Select(e => (e.Action, e.UserId, e.Success)).ShouldBe(
        [
            (DataSetService.DownloadAction, "tom-id", true),
            (DataSetService.CancelAction, "ann-id", false),
            (DataSetService.CancelAction, "vera-id", false),
            (DataSetService.ResumeAction, "tom-id", false),
            (DataSetService.CancelAction, "tom-id", true),
            (DataSetService.CancelAction, "tom-id", false),
            (DataSetService.ResumeAction, "ann-id", false),
            (DataSetService.ResumeAction, "root-id", true),
        ]);
    }

    [Fact]
    public async Task AJobForADownloadThatIsNoLongerQueuedDoesNothing()
    {
        await using var bed = await CreateAsync();
        var id = await bed.QueueAsync("cancelled early", From, To, Btc);
        await bed.Service.CancelAsync(Tom, id, Ct);

        await bed.Job.RunAsync(id, Ct);

        (await bed.RowAsync(id)).Status.ShouldBe(DataSetStatus.Cancelled);
        bed.CandleRequests().ShouldBeEmpty();
    }

    [Fact]
    public async Task AtStartUpDownloadsLeftQueuedOrDownloadingAreQueuedAgain()
    {
        await using var bed = await CreateAsync();
        var downloading = await bed.QueueAsync("was downloading", From, To, Btc);
        var cancelled = await bed.QueueAsync("was cancelled", From, To, Btc);
        await bed.Service.CancelAsync(Tom, cancelled, Ct);
        await using (var db = await bed.Database.Contexts.CreateDbContextAsync(Ct))
        {
            await db.Set<DataSetEntity>().Where(d => d.Id == downloading).ExecuteUpdateAsync(s => s.SetProperty(d => d.Status, DataSetStatus.Downloading), Ct);
        }
        var jobs = new TestSupport.Fakes.RecordingJobClient();

        await new DataSetDownloadRecovery(bed.Database.Contexts, jobs, NullLogger<DataSetDownloadRecovery>.Instance).StartAsync(Ct);

        (await bed.RowAsync(downloading)).Status.ShouldBe(DataSetStatus.Queued);
        (await bed.RowAsync(cancelled)).Status.ShouldBe(DataSetStatus.Cancelled);
        jobs.Jobs.ShouldHaveSingleItem().Args[0].ShouldBe(downloading);
    }

    private static DateTimeOffset? Day(int? offset) => offset is { } days ? From.AddDays(days) : null;

    private static async Task<int> CountAsync(DataSetDownloadTestBed bed)
    {
        await using var db = await bed.Database.Contexts.CreateDbContextAsync(Ct);
        return await db.Set<DataSetEntity>().CountAsync(Ct);
    }
}

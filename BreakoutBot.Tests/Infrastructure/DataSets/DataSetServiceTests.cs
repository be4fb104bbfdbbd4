using System.Globalization;
using System.IO.Compression;
using System.Text;
using BreakoutBot.Infrastructure.Backtests;
using BreakoutBot.Infrastructure.DataSets;
using BreakoutBot.Infrastructure.MarketData;
using BreakoutBot.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using static BreakoutBot.Tests.Infrastructure.Backtests.BacktestTestBed;

namespace BreakoutBot.Tests.Infrastructure.DataSets;

public class DataSetServiceTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A generated instrument's candles as the CSV format uploads use.</summary>
    internal static DataSetUpload.UploadedFile Csv(string instrument, int bars, int seed = 42)
    {
        var market = MarketDataSet.Generated(seed, 2, bars);
        var candles = market.Candles.Values.First();
        var text = new StringBuilder("timestamp,open,high,low,close,volume\n");
        foreach (var c in candles)
        {
            text.Append(CultureInfo.InvariantCulture, $"{c.Time.ToUnixTimeMilliseconds()},{c.Open},{c.High},{c.Low},{c.Close},{c.Volume}\n");
        }
        return new(instrument + ".csv", Encoding.UTF8.GetBytes(text.ToString()));
    }

    private static DataSetUpload.UploadedFile Text(string name, string content) => new(name, Encoding.UTF8.GetBytes(content));

    [Fact]
    public async Task AnUploadIsStoredAsADataSetWithItsInstrumentsAndRange()
    {
        await using var bed = await CreateAsync();

        var result = await bed.DataSets.UploadAsync(Tom, "two coins", [Csv("BTC-USDT-SWAP", 600), Csv("ETH-USDT-SWAP", 600, seed: 7)], Ct);

        result.Problems.ShouldBeEmpty();
        var set = (await bed.DataSets.GetAsync(Vera, result.Id!.Value, Ct))!;
        set.Name.ShouldBe("two coins");
        set.Status.ShouldBe(DataSetStatus.Ready);
        set.Instruments.ShouldBe(["BTC-USDT-SWAP", "ETH-USDT-SWAP"]);
        set.Bars.ShouldBe(1200);
        set.FirstBar.ShouldNotBeNull();
        File.Exists(Path.Combine(bed.Folders.DataSet(set.Id), "BTC-USDT-SWAP.csv")).ShouldBeTrue();
        bed.Presets.Audit.Entries.ShouldContain(e => e.Action == DataSetService.UploadAction && e.Success && e.UserName == "tom");
    }

    [Theory]
    [InlineData(1, "Uploaded 1 file.")]
    [InlineData(2, "Uploaded 2 files.")]
    public async Task TheListSaysHowManyFilesWereUploadedInWords(int files, string message)
    {
        await using var bed = await CreateAsync();
        string[] instruments = ["BTC-USDT-SWAP", "ETH-USDT-SWAP"];

        var result = await bed.DataSets.UploadAsync(Tom, "coins", instruments.Take(files).Select(i => Csv(i, 300)).ToList(), Ct);

        (await bed.DataSets.GetAsync(Tom, result.Id!.Value, Ct))!.Message.ShouldBe(message);
    }

    [Fact]
    public async Task TheUploadsAuditLineCountsItsBarsWithThousandsGrouped()
    {
        await using var bed = await CreateAsync();

        await bed.DataSets.UploadAsync(Tom, "two coins", [Csv("BTC-USDT-SWAP", 600), Csv("ETH-USDT-SWAP", 600, seed: 7)], Ct);

        bed.Presets.Audit.Entries.Single(e => e.Action == DataSetService.UploadAction).Details.ShouldBe("two coins: 2 instruments, 1,200 bars");
    }

    [Fact]
    public async Task AnUploadKeepsBinaryCopiesThatLoadTheSameCandlesAsItsFiles()
    {
        await using var bed = await CreateAsync();
        var result = await bed.DataSets.UploadAsync(Tom, "two coins", [Csv("BTC-USDT-SWAP", 600), Csv("ETH-USDT-SWAP", 600, seed: 7)], Ct);
        var folder = bed.Folders.DataSet(result.Id!.Value);

        foreach (var instrument in new[] { "BTC-USDT-SWAP", "ETH-USDT-SWAP" })
        {
            var csv = DataSetFiles.CandlePath(folder, instrument);
            File.Exists(CandleFileCache.CachePath(csv)).ShouldBeTrue();
            var (set, _) = await bed.DataSets.LoadAsync(result.Id.Value, [instrument], Ct);
            set.Candles[instrument].ShouldBe(new CandleCsvLoader().LoadFile(csv).Candles);
            bed.DataSets.Series(result.Id.Value, instrument).ShouldBe(set.Candles[instrument]);
        }
        (await bed.DataSets.DeleteAsync(Tom, result.Id.Value, Ct)).ShouldBeNull();
        Directory.Exists(folder).ShouldBeFalse();
    }

    [Fact]
    public async Task ABadUploadListsEveryBadLineOfEveryFileAndStoresNothing()
    {
        await using var bed = await CreateAsync();
        var good = Csv("BTC-USDT-SWAP", 300);
        var bad = Text("ETH-USDT-SWAP.csv",
            "timestamp,open,high,low,close,volume\n1700000000000,1,2,0.5,1.5,10\n1700000300000,1,x,0.5,1.5,10\n1700000600000,1,2,0.5\n1700000000000,1,2,0.5,1.5,10\n");
        var named = Text("notes.txt", "hello");

        var result = await bed.DataSets.UploadAsync(Tom, "broken", [good, bad, named], Ct);

        result.Stored.ShouldBeFalse();
        result.Problems.Count.ShouldBe(4);
        result.Problems.ShouldContain(p => p.StartsWith("notes.txt: not a .csv file", StringComparison.Ordinal));
        result.Problems.ShouldContain(p => p.Contains("ETH-USDT-SWAP.csv line 3", StringComparison.Ordinal) && p.Contains("'high'", StringComparison.Ordinal));
        result.Problems.ShouldContain(p => p.Contains("ETH-USDT-SWAP.csv line 4", StringComparison.Ordinal) && p.Contains("expected 6 fields", StringComparison.Ordinal));
        result.Problems.ShouldContain(p => p.Contains("ETH-USDT-SWAP.csv line 5", StringComparison.Ordinal) && p.Contains("repeats line 2", StringComparison.Ordinal));
        (await bed.DataSets.ListAsync(Tom, Ct)).ShouldBeEmpty();
        Directory.GetFileSystemEntries(bed.Folders.DataSets).ShouldBeEmpty();
        bed.Presets.Audit.Entries.ShouldContain(e => e.Action == DataSetService.UploadAction && !e.Success);
    }

    [Fact]
    public async Task AnImpossibleBarIsNamedByFileLineAndItsTimeAsThePortalShowsTimes()
    {
        await using var bed = await CreateAsync();
        var bad = Text("ETH-USDT-SWAP.csv", "timestamp,open,high,low,close,volume\n1704067200000,1,2,0.5,1.5,10\n1704067500000,1,0.5,2,1.5,10\n");

        var result = await bed.DataSets.UploadAsync(Tom, "impossible bar", [bad], Ct);

        result.Problems.ShouldHaveSingleItem().ShouldBe("ETH-USDT-SWAP.csv line 3: Candle 2024-01-01 00:05 UTC: low 2 is above high 0.5.");
    }

    [Fact]
    public async Task AZipOfCsvFilesIsAcceptedAndItsBadEntriesAreNamedInsideTheZip()
    {
        await using var bed = await CreateAsync();
        static byte[] Zip(params DataSetUpload.UploadedFile[] files)
        {
            using var buffer = new MemoryStream();
            using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
            {
                foreach (var f in files)
                {
                    using var entry = zip.CreateEntry("candles/" + f.Name).Open();
                    entry.Write(f.Content);
                }
            }
            return buffer.ToArray();
        }

        var ok = await bed.DataSets.UploadAsync(Tom, "zipped", [new("set.zip", Zip(Csv("BTC-USDT-SWAP", 300), Csv("SOL-USDT-SWAP", 300, 3)))], Ct);
        var bad = await bed.DataSets.UploadAsync(Tom, "zipped bad", [new("bad.zip", Zip(Text("btc.csv", "x")))], Ct);
        // A bad line of a file inside a zip names the zip and the file as uploaded, as a bad file name does.
        var badLine = await bed.DataSets.UploadAsync(Tom, "zipped bad line",
            [new("lines.zip", Zip(Text("ETH-USDT-SWAP.csv", "timestamp,open,high,low,close,volume\n1700000000000,1,2,0.5,1.5,10\n1700000300000,1,2,0.5,oops,10\n")))], Ct);

        ok.Stored.ShouldBeTrue();
        (await bed.DataSets.GetAsync(Tom, ok.Id!.Value, Ct))!.Instruments.ShouldBe(["BTC-USDT-SWAP", "SOL-USDT-SWAP"]);
        bad.Problems.ShouldHaveSingleItem().ShouldStartWith("bad.zip/candles/btc.csv: 'btc' is not an instrument id");
        badLine.Stored.ShouldBeFalse();
        badLine.Problems.ShouldHaveSingleItem().ShouldStartWith("lines.zip/candles/ETH-USDT-SWAP.csv line 3");
    }

    [Fact]
    public async Task ViewersCannotUploadNamesAreUniqueAndOnlyTheOwnerOrAnAdminDeletes()
    {
        await using var bed = await CreateAsync();
        (await bed.DataSets.UploadAsync(Vera, "mine", [Csv("BTC-USDT-SWAP", 300)], Ct)).Problems.ShouldBe(["Only Traders and Admins may add data sets."]);
        var id = (await bed.DataSets.UploadAsync(Tom, "mine", [Csv("BTC-USDT-SWAP", 300)], Ct)).Id!.Value;
        (await bed.DataSets.UploadAsync(Ann, "mine", [Csv("BTC-USDT-SWAP", 300)], Ct)).Problems.ShouldBe(["A data set named 'mine' exists already."]);

        (await bed.DataSets.DeleteAsync(Ann, id, Ct)).ShouldBe("Only its owner or an Admin may delete this data set.");
        (await bed.DataSets.DeleteAsync(Vera, id, Ct)).ShouldBe("Only its owner or an Admin may delete this data set.");
        (await bed.DataSets.DeleteAsync(Root, id, Ct)).ShouldBeNull();
        Directory.Exists(bed.Folders.DataSet(id)).ShouldBeFalse();
    }

    [Fact]
    public async Task AnUploadOfMoreInstrumentsThanADataSetHoldsIsRefusedWithTheLimitAndStoresNothing()
    {
        await using var bed = await CreateAsync();
        const string row = "timestamp,open,high,low,close,volume\n1700000000000,1,2,0.5,1.5,10\n";
        var many = Enumerable.Range(1, DataSetUpload.MaxInstruments + 1).Select(i => Text($"C{i}-USDT-SWAP.csv", row)).ToList();
        // 50 ids of 83 characters: few instruments, but a list longer than the data set's column holds.
        var longIds = Enumerable.Range(1, 50).Select(i => Text($"{new string('A', 18)}{i:00}-{new string('B', 20)}-{new string('C', 20)}-{new string('D', 20)}.csv", row)).ToList();

        var tooMany = await bed.DataSets.UploadAsync(Tom, "everything", many, Ct);
        var tooLong = await bed.DataSets.UploadAsync(Tom, "long names", longIds, Ct);

        tooMany.Problems.ShouldBe(["The upload holds 201 instruments; a data set holds at most 200. Split them over several data sets."]);
        tooLong.Problems.ShouldHaveSingleItem().ShouldStartWith("The instrument ids of the upload take more than 4000 characters together");
        (await bed.DataSets.ListAsync(Tom, Ct)).ShouldBeEmpty();
        Directory.GetFileSystemEntries(bed.Folders.DataSets).ShouldBeEmpty();
    }

    [Fact]
    public async Task TwoUploadsOfOneNameAtOnceStoreOneAndTellTheOtherTheNameIsTaken()
    {
        await using var bed = await CreateAsync();
        // The other upload stores its row after this one's name check and before its insert.
        var racing = new RacingContexts(bed.Presets.Contexts, "mine");
        var service = new DataSetService(racing, bed.Folders, bed.Presets.Audit, bed.Presets.Time);

        var result = await service.UploadAsync(Tom, "mine", [Csv("BTC-USDT-SWAP", 300)], Ct);

        result.Problems.ShouldBe(["A data set named 'mine' exists already."]);
        (await bed.DataSets.ListAsync(Tom, Ct)).ShouldHaveSingleItem().OwnerName.ShouldBe("ann");
        Directory.GetFileSystemEntries(bed.Folders.DataSets).ShouldBeEmpty();
        bed.Presets.Audit.Entries.ShouldContain(e => e.Action == DataSetService.UploadAction && !e.Success);
    }

    [Fact]
    public async Task AnUploadWhoseFilesCannotBePutInPlaceIsAProblemAndLeavesNoRowAndNoFiles()
    {
        await using var bed = await CreateAsync();
        // A file where the data set's folder goes: moving the checked files there fails, as on a full or read-only disk.
        foreach (var id in new long[] { 1, 2, 3 })
        {
            await File.WriteAllTextAsync(bed.Folders.DataSet(id), "in the way", Ct);
        }

        var result = await bed.DataSets.UploadAsync(Tom, "blocked", [Csv("BTC-USDT-SWAP", 300)], Ct);

        result.Stored.ShouldBeFalse();
        result.Problems.ShouldHaveSingleItem().ShouldStartWith("The files could not be written to the data folder");
        (await bed.DataSets.ListAsync(Tom, Ct)).ShouldBeEmpty();
        Directory.GetDirectories(bed.Folders.DataSets).ShouldBeEmpty();
    }

    /// <summary>Contexts whose first save is preceded by another upload's row of the same name (Ann's), as when two uploads race.</summary>
    private sealed class RacingContexts(IDbContextFactory<BreakoutBotDbContext> inner, string name) : IDbContextFactory<BreakoutBotDbContext>
    {
        private bool _raced;

        public BreakoutBotDbContext CreateDbContext()
        {
            var db = inner.CreateDbContext();
            db.SavingChanges += (_, _) =>
            {
                if (_raced)
                {
                    return;
                }
                _raced = true;
                using var other = inner.CreateDbContext();
                other.Add(new DataSetEntity
                {
                    Name = name, OwnerId = "ann-id", OwnerName = "ann", Source = DataSetSource.Upload, Status = DataSetStatus.Ready,
                    Instruments = "ETH-USDT-SWAP", CreatedAt = DateTimeOffset.UnixEpoch,
                });
                other.SaveChanges();
            };
            return db;
        }
    }

    [Fact]
    public async Task ABacktestReplaysADataSetAndTheSetCannotBeDeletedWhileItRuns()
    {
        await using var bed = await CreateAsync();
        var setId = (await bed.DataSets.UploadAsync(Tom, "coins", [Csv("BTC-USDT-SWAP", 2500), Csv("ETH-USDT-SWAP", 2500, 7)], Ct)).Id!.Value;
        var runId = (await bed.Service.QueueAsync(Tom, Small with { DataSource = BacktestDataSource.DataSet, DataSetId = setId }, Ct)).Id!.Value;

        (await bed.DataSets.DeleteAsync(Tom, setId, Ct)).ShouldBe("A backtest is running on this data set; wait for it or cancel it.");
        await bed.Job.RunAsync(runId, Ct);

        var detail = (await bed.Service.GetAsync(Tom, runId, Ct))!;
        detail.Summary.Status.ShouldBe(BacktestStatus.Succeeded);
        detail.Report!.Instruments.ShouldBe(["BTC-USDT-SWAP", "ETH-USDT-SWAP"]);
        detail.Report.Bars.ShouldBe(2500);
        (await bed.Service.CandlesAsync(Tom, runId, "ETH-USDT-SWAP", DateTimeOffset.MinValue, DateTimeOffset.MaxValue, 100, Ct))!.Count.ShouldBe(100);
        (await bed.Service.CandlesAsync(Tom, runId, "../../etc/passwd", DateTimeOffset.MinValue, DateTimeOffset.MaxValue, 100, Ct)).ShouldBeNull();
        (await bed.Service.CandlesAsync(Ann, runId, "ETH-USDT-SWAP", DateTimeOffset.MinValue, DateTimeOffset.MaxValue, 100, Ct)).ShouldBeNull("another Trader may not read the run's chart");
        (await bed.DataSets.DeleteAsync(Tom, setId, Ct)).ShouldBeNull();
    }
}

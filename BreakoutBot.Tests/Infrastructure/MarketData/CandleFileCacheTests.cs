using System.Globalization;
using System.Text;
using BreakoutBot.Domain.Common;
using BreakoutBot.Domain.Markets;
using BreakoutBot.Infrastructure.MarketData;

namespace BreakoutBot.Tests.Infrastructure.MarketData;

public sealed class CandleFileCacheTests : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("candle-cache-");

    public void Dispose() => _folder.Delete(recursive: true);

    private string CsvPath => Path.Combine(_folder.FullName, "BTC-USDT-SWAP.csv");

    private string WriteCsv(string rows)
    {
        File.WriteAllText(CsvPath, CandleCsvLoader.Header + "\n" + rows);
        return CsvPath;
    }

    /// <summary>Every field as text, so a decimal's scale counts (1.50 is not 1.5 here).</summary>
    private static string[] Exact(IEnumerable<Candle> candles) =>
        candles.Select(c => string.Create(CultureInfo.InvariantCulture, $"{c.Time:O} {c.Time.Offset} {c.Open} {c.High} {c.Low} {c.Close} {c.Volume}")).ToArray();

    [Fact]
    public void TheCopyLoadsExactlyTheCandlesTheCsvGives()
    {
        var generated = MarketDataSet.Generated(3, 1, 2_000).Candles.Values.Single();
        var rows = new StringBuilder();
        foreach (var c in generated)
        {
            rows.Append(CultureInfo.InvariantCulture, $"{c.Time.ToUnixTimeMilliseconds()},{c.Open},{c.High},{c.Low},{c.Close},{c.Volume}\n");
        }
        // Scales and zero volume as files have them: trailing zeros, whole numbers, many decimals.
        rows.Append("1900000000000,1.50,2,0.000000012345678901,1.5000,0\n");
        var path = WriteCsv(rows.ToString());

        var parsed = CandleFileCache.Load(path);
        File.Exists(CandleFileCache.CachePath(path)).ShouldBeTrue();
        var cached = CandleFileCache.Load(path);

        Exact(cached.Candles).ShouldBe(Exact(new CandleCsvLoader().LoadFile(path).Candles));
        Exact(parsed.Candles).ShouldBe(Exact(cached.Candles));
        cached.InstrumentId.ShouldBe("BTC-USDT-SWAP");
        cached.ZeroVolumeBars.ShouldBe(parsed.ZeroVolumeBars);
        cached.ZeroVolumeBars.ShouldBeGreaterThan(0);
    }

    [Fact]
    public void ACurrentCopyIsReadInsteadOfTheCsv()
    {
        var path = WriteCsv("1651363200000,1,2,0.5,1.5,10\n");
        CandleFileCache.Load(path);
        var written = File.GetLastWriteTimeUtc(path);
        // Same length and write time, other content: only the copy can still say 1.5.
        File.WriteAllText(path, CandleCsvLoader.Header + "\n1651363200000,1,2,0.5,1.6,10\n");
        File.SetLastWriteTimeUtc(path, written);

        CandleFileCache.Load(path).Candles.Single().Close.ShouldBe(1.5m);
    }

    [Fact]
    public void AChangedCsvIsReadAgainAndItsCopyReplaced()
    {
        var path = WriteCsv("1651363200000,1,2,0.5,1.5,10\n");
        CandleFileCache.Load(path);

        File.AppendAllText(path, "1651363500000,1.5,2,1,1.75,12\n");
        var longer = CandleFileCache.Load(path);
        longer.Candles.Select(c => c.Close).ShouldBe([1.5m, 1.75m]);
        CandleFileCache.Load(path).Candles.Count.ShouldBe(2);

        var written = File.GetLastWriteTimeUtc(path);
        File.WriteAllText(path, CandleCsvLoader.Header + "\n1651363200000,1,2,0.5,1.6,10\n1651363500000,1.5,2,1,1.75,12\n");
        File.SetLastWriteTimeUtc(path, written.AddSeconds(1));
        CandleFileCache.Load(path).Candles[0].Close.ShouldBe(1.6m);
    }

    [Theory]
    [InlineData("flip")]
    [InlineData("truncate")]
    [InlineData("garbage")]
    public void ADamagedCopyIsIgnoredAndMadeAgain(string damage)
    {
        var path = WriteCsv("1651363200000,1,2,0.5,1.5,10\n1651363500000,1.5,2,1,1.75,12\n");
        CandleFileCache.Load(path);
        var cache = CandleFileCache.CachePath(path);
        var bytes = File.ReadAllBytes(cache);
        File.WriteAllBytes(cache, damage switch
        {
            "flip" => bytes.Select((b, i) => i == bytes.Length - 3 ? (byte)(b ^ 0x40) : b).ToArray(),
            "truncate" => bytes[..^5],
            _ => Encoding.ASCII.GetBytes("not a candle file"),
        });

        CandleFileCache.Load(path).Candles.Select(c => c.Close).ShouldBe([1.5m, 1.75m]);
        File.ReadAllBytes(cache).ShouldBe(bytes);
    }

    [Fact]
    public void ABadCsvFailsAsTheLoaderSaysAndLeavesNoCopy()
    {
        var path = WriteCsv("1651363200000,1,2,0.5,1.5,10\n1651363500000,1,x,1,1.75,12\n");

        var ex = Should.Throw<DomainException>(() => CandleFileCache.Load(path));

        ex.Message.ShouldContain("BTC-USDT-SWAP.csv line 3");
        File.Exists(CandleFileCache.CachePath(path)).ShouldBeFalse();
    }

    [Fact]
    public void AValueTooLongForTheCopyKeepsTheFileOnItsCsv()
    {
        // 23 significant digits: a mantissa beyond 63 bits, though the volume itself is ordinary.
        var path = WriteCsv("1651363200000,1,2,0.5,1.5,12345.678901234567890123\n");

        CandleFileCache.Load(path).Candles.Single().Volume.ShouldBe(12345.678901234567890123m);

        File.Exists(CandleFileCache.CachePath(path)).ShouldBeFalse();
        CandleFileCache.Load(path).Candles.Single().Volume.ShouldBe(12345.678901234567890123m);
    }
}

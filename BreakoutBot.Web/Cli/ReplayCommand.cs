using System.Diagnostics;
using System.Globalization;
using BreakoutBot.Domain.Engine;
using BreakoutBot.Domain.Presets;
using BreakoutBot.Domain.Scanning;
using BreakoutBot.Infrastructure.MarketData;
using BreakoutBot.Infrastructure.Replay;

namespace BreakoutBot.Web.Cli;

/// <summary><c>replay</c>: runs a data set through the engine in paper mode and writes the trades and a summary as JSON.</summary>
public static class ReplayCommand
{
    /// <summary>The generated market's size when the command line does not give one.</summary>
    public const int DefaultInstruments = 6;

    public const int DefaultBars = 6000;

    /// <summary>The generated market's instruments and bars as the command line gives them (read the same way to judge a replay's size before it runs).</summary>
    internal static (int Instruments, int Bars) GeneratedSize(CliArguments args) =>
        (args.Int("instruments", DefaultInstruments, 2, 500), args.Int("bars", DefaultBars, 100, 2_000_000));

    public static async Task<int> RunAsync(CliArguments args, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        var presetName = args.String("preset") ?? "breakout_v1";
        var data = args.Folder("data");
        var outFile = args.String("out");
        var seed = args.Int("seed", 42, 0, int.MaxValue);
        var (instruments, bars) = GeneratedSize(args);
        var balance = args.Decimal("balance", 10_000m, 100m, 1_000_000_000m);
        var noReset = args.Flag("no-reset");
        var takerFee = OptionalBps(args, "taker-fee-bps", 0m);
        var makerFee = OptionalBps(args, "maker-fee-bps", -10m);
        var slippage = args.Decimal("slippage-bps", 2m, 0m, 1000m);
        var depthImpact = args.Decimal("depth-impact-bps", 40m, 0m, 10_000m);
        var funding = args.Decimal("funding-bps", 1m, -1000m, 1000m);
        var benchmarkFile = args.String("benchmark");
        var repair = args.Flag("repair");
        args.EnsureAllUsed();

        if (!PresetCatalog.TryGet(presetName, out var preset))
        {
            throw new CliException($"Unknown preset '{presetName}'. Known: {string.Join(", ", PresetCatalog.Names)}.");
        }
        if (outFile is not null)
        {
            EnsureWritable(outFile);
        }
        var loader = new CandleCsvLoader(repair: repair);
        var files = data is not null ? loader.LoadFiles(data) : [];
        var set = data is not null ? MarketDataSet.FromFiles(files, data) : MarketDataSet.Generated(seed, instruments, bars);
        string? benchmarkId = null;
        if (benchmarkFile is not null)
        {
            CandleCsvFile benchmarkData;
            (set, benchmarkId, benchmarkData) = WithBenchmark(set, benchmarkFile, loader);
            files = [.. files, benchmarkData];
        }
        if (repair)
        {
            await output.WriteLineAsync(RepairText(files));
        }
        await output.WriteLineAsync($"Replaying {set.Description}: {set.Instruments.Count} instruments, {set.TotalBars.ToString("N0", CultureInfo.InvariantCulture)} bars, preset {preset.Name}.");
        var benchmark = ScanningManager.ChooseBenchmark(set.Instruments, benchmarkId);
        await output.WriteLineAsync(benchmark is null
            ? "Warning: " + ReplayRunner.NoBenchmarkNote
            : $"Benchmark: {benchmark.Id}{(benchmarkFile is null ? "" : " (from " + benchmarkFile + ", not traded)")}.");
        var fundingSeries = data is not null ? FundingRateSeries.LoadFromDataFolder(data) : null;
        await output.WriteLineAsync(fundingSeries is null
            ? string.Create(CultureInfo.InvariantCulture, $"Funding: no funding/ folder in the data, flat {funding} bps per 8 h.")
            : $"Funding: {fundingSeries.Source} from {Path.Combine(data!, FundingRateSeries.FolderName)}; settlements it does not list use the flat rate.");
        if (ReplayRunner.ClipNote(preset.ExecutionConfig, Domain.Markets.Candle.Interval) is { } clipNote)
        {
            await output.WriteLineAsync(clipNote);
        }

        var watch = Stopwatch.StartNew();
        // With a second core, the scan runs ahead of the replay on it: the same report, sooner (ADR-010, "Ninth round").
        var report = await new ReplayRunner { PrefillAhead = Environment.ProcessorCount > 1 }.RunAsync(set.Instruments, set.Candles, preset, new ReplayOptions
        {
            StartingBalance = balance,
            ResetAfterKillSwitchNextDay = !noReset,
            TakerFeeBps = takerFee,
            MakerFeeBps = makerFee,
            SlippageBps = slippage,
            DepthImpactBps = depthImpact,
            FundingRateBps = funding,
            Funding = fundingSeries,
            BenchmarkInstrumentId = benchmarkId,
            TradeBenchmark = benchmarkId is null,
        });
        watch.Stop();

        var s = report.Summary;
        var inv = CultureInfo.InvariantCulture;
        await output.WriteLineAsync(string.Create(inv,
            $"Trades {s.Trades} (wins {s.Wins}, losses {s.Losses}), win rate {s.WinRate:P1}, profit factor {(s.ProfitFactor is { } pf ? pf.ToString("0.00", inv) : "n/a")}, avg R {s.AverageR:0.00}"));
        await output.WriteLineAsync(string.Create(inv,
            $"Net P&L {s.NetPnl:0.00} USDT after fees and funding; equity {s.StartingBalance:0.00} -> {s.EndingEquity:0.00}; max drawdown {s.MaxDrawdown:0.00} ({s.MaxDrawdownPct:P2}); kill-switch events {s.KillSwitchEvents}; signals {s.Signals}"));
        var c = s.Costs;
        await output.WriteLineAsync(string.Create(inv,
            $"Costs: fees {s.Fees:0.00} (taker {c.TakerFeeBps:0.##} / maker {c.MakerFeeBps:0.##} bps), spread {s.Spread:0.00}, slippage {s.Slippage:0.00} ({c.SlippageBps:0.##} bps + {c.DepthImpactBps:0.##}·notional/depth), funding {s.Funding:0.00} ({c.FundingSource} {c.FundingRateBps:0.##} bps per {c.FundingIntervalHours} h)"));
        await output.WriteLineAsync(string.Create(inv,
            $"{s.CandleSteps:N0} candle-steps in {watch.Elapsed.TotalSeconds:0.00} s ({s.CandleSteps / Math.Max(watch.Elapsed.TotalSeconds, 1e-9):N0} per second, the process's first run: compiling the engine included; `bench` gives warm figures)"));
        var f = report.Funnel;
        await output.WriteLineAsync("Funnel: " + ScanFunnelText.Stages(f));
        await output.WriteLineAsync("Failed filters (instrument-bars; one may fail several): " + ScanFunnelText.FailedFilters(f));
        if (f.RiskVetoes > 0)
        {
            await output.WriteLineAsync("Risk vetoes: " + ScanFunnelText.Vetoes(f));
        }
        if (s.Trades == 0 && ScanFunnelText.WhereItStopped(f) is { } stopped)
        {
            await output.WriteLineAsync(stopped);
        }
        if (report.NotChecked.Count > 0)
        {
            await output.WriteLineAsync("Not checked (the data has no input for them): " + string.Join(", ", report.NotChecked));
        }
        if (outFile is not null)
        {
            var dir = Path.GetDirectoryName(Path.GetFullPath(outFile));
            if (dir is not null)
            {
                Directory.CreateDirectory(dir);
            }
            await File.WriteAllTextAsync(outFile, ReplayJson.Serialize(report));
            await output.WriteLineAsync("Report written to " + outFile);
        }
        return 0;
    }

    private static decimal? OptionalBps(CliArguments args, string name, decimal min) =>
        args.String(name) is null ? null : args.Decimal(name, 0m, min, 100m);

    /// <summary>Fails before the replay when the report could not be written afterwards (a folder, an unwritable place).</summary>
    private static void EnsureWritable(string outFile)
    {
        var full = Path.GetFullPath(outFile);
        if (Directory.Exists(full))
        {
            throw new CliException($"--out: '{outFile}' is a folder; give a file name, e.g. {Path.Combine(outFile, "report.json")}.");
        }
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            var existed = File.Exists(full);
            // Open without truncating (an existing report stays as it is until the replay has finished).
            using (new FileStream(full, FileMode.OpenOrCreate, FileAccess.Write, FileShare.ReadWrite))
            {
            }
            if (!existed)
            {
                File.Delete(full);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new CliException($"--out: cannot write '{outFile}': {ex.Message}");
        }
    }

    private static string RepairText(IReadOnlyList<CandleCsvFile> files)
    {
        var repaired = files.Where(f => f.RowsReordered > 0 || f.DuplicatesDropped > 0)
            .Select(f => string.Create(CultureInfo.InvariantCulture, $"{f.InstrumentId}: {f.RowsReordered} rows sorted, {f.DuplicatesDropped} exact duplicates dropped"))
            .ToList();
        return repaired.Count == 0 ? "Repair: nothing to repair." : "Repair: " + string.Join("; ", repaired) + ".";
    }
    /// <summary>Adds the <c>--benchmark</c> CSV (same format as the data folder) to the set; a bad file is an error naming file and line.</summary>
    private static (MarketDataSet Set, string BenchmarkId, CandleCsvFile Loaded) WithBenchmark(MarketDataSet set, string file, CandleCsvLoader loader)
    {
        if (!File.Exists(file))
        {
            throw new CliException($"--benchmark: file '{file}' does not exist.");
        }
        CandleCsvFile loaded;
        try
        {
            loaded = loader.LoadFile(file);
        }
        catch (Domain.Common.DomainException ex)
        {
            throw new CliException($"--benchmark: {ex.Message}");
        }
        if (loaded.Candles.Count == 0)
        {
            throw new CliException($"--benchmark: {file} holds no candles.");
        }
        if (set.Candles.ContainsKey(loaded.InstrumentId))
        {
            throw new CliException($"--benchmark: {loaded.InstrumentId} is already in the data; drop --benchmark to use that series.");
        }
        var candles = new Dictionary<string, IReadOnlyList<Domain.Markets.Candle>>(set.Candles, StringComparer.Ordinal)
        {
            [loaded.InstrumentId] = loaded.Candles,
        };
        var instruments = set.Instruments.Append(InstrumentDefaults.For(loaded.InstrumentId)).ToList();
        return (new MarketDataSet(instruments, candles, $"{set.Description} + benchmark {file}"), loaded.InstrumentId, loaded);
    }
}

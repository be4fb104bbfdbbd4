using System.IO.Compression;
using BreakoutBot.Infrastructure.MarketData;

namespace BreakoutBot.Infrastructure.DataSets;

/// <summary>
/// Checks uploaded candle files before anything is stored: each file must be named <c>INSTRUMENT.csv</c> (or be a
/// zip of such files) and pass the strict CSV rules; every bad line of every file is listed (file and line).
/// </summary>
public static class DataSetUpload
{
    /// <summary>Largest upload accepted, all files together (a year of 5-minute bars is about 5 MB per instrument).</summary>
    public const long MaxBytes = 200L * 1024 * 1024;

    /// <summary>
    /// Most instruments per data set (one CSV file each); also the most files the upload form takes at once. Their ids,
    /// comma-separated, must also fit the data set's column (<see cref="DataSetConfiguration.InstrumentsMaxLength"/> characters).
    /// </summary>
    public const int MaxInstruments = 200;

    /// <summary>Most problems listed per upload (the rest are counted).</summary>
    public const int MaxProblems = 500;

    /// <summary>One uploaded file: its name as the browser gave it and its bytes.</summary>
    public sealed record UploadedFile(string Name, byte[] Content);

    /// <summary>The candle files an upload holds (zips opened), keyed by instrument id, and every problem found.</summary>
    public static (IReadOnlyDictionary<string, byte[]> Files, IReadOnlyList<string> Problems) Check(IReadOnlyList<UploadedFile> uploads)
    {
        ArgumentNullException.ThrowIfNull(uploads);
        var files = new SortedDictionary<string, byte[]>(StringComparer.Ordinal);
        // The name each file was uploaded under (inside its zip), so a bad line names the file the trader sent.
        var shown = new Dictionary<string, string>(StringComparer.Ordinal);
        var problems = new List<string>();
        if (uploads.Count == 0)
        {
            problems.Add("Choose at least one CSV file (or a zip of CSV files).");
        }
        if (uploads.Sum(u => (long)u.Content.Length) > MaxBytes)
        {
            problems.Add($"The upload is larger than {MaxBytes / (1024 * 1024)} MB.");
            return (files, problems);
        }
        foreach (var upload in uploads)
        {
            var name = Path.GetFileName(upload.Name ?? "");
            if (name.EndsWith(".zip", StringComparison.OrdinalIgnoreCase))
            {
                AddZip(name, upload.Content, files, shown, problems);
            }
            else
            {
                Add(name, upload.Content, files, shown, problems);
            }
        }
        if (files.Count > MaxInstruments)
        {
            problems.Add($"The upload holds {files.Count} instruments; a data set holds at most {MaxInstruments}. Split them over several data sets.");
            return (files, problems);
        }
        if (files.Keys.Sum(k => k.Length + 1) - 1 > DataSetConfiguration.InstrumentsMaxLength)
        {
            problems.Add($"The instrument ids of the upload take more than {DataSetConfiguration.InstrumentsMaxLength} characters together; split them over several data sets.");
            return (files, problems);
        }
        foreach (var (id, content) in files)
        {
            if (problems.Count >= MaxProblems)
            {
                break;
            }
            problems.AddRange(CandleCsvLoader.Problems(content, id, shown[id], MaxProblems - problems.Count));
        }
        return (files, problems);
    }

    private static void AddZip(string zipName, byte[] content, SortedDictionary<string, byte[]> files, Dictionary<string, string> shown, List<string> problems)
    {
        try
        {
            using var zip = new ZipArchive(new MemoryStream(content), ZipArchiveMode.Read);
            var entries = zip.Entries.Where(e => !string.IsNullOrEmpty(e.Name)).ToList();
            if (entries.Count == 0)
            {
                problems.Add($"{zipName}: the zip holds no file.");
            }
            var total = 0L;
            foreach (var entry in entries)
            {
                total += entry.Length;
                if (total > MaxBytes)
                {
                    problems.Add($"{zipName}: unpacked, the zip is larger than {MaxBytes / (1024 * 1024)} MB.");
                    return;
                }
                using var stream = entry.Open();
                using var buffer = new MemoryStream();
                stream.CopyTo(buffer);
                Add($"{zipName}/{entry.FullName}", buffer.ToArray(), files, shown, problems);
            }
        }
        catch (InvalidDataException)
        {
            problems.Add($"{zipName}: not a readable zip file.");
        }
    }

    private static void Add(string shownName, byte[] content, SortedDictionary<string, byte[]> files, Dictionary<string, string> shown, List<string> problems)
    {
        var fileName = Path.GetFileName(shownName);
        if (!fileName.EndsWith(".csv", StringComparison.OrdinalIgnoreCase))
        {
            problems.Add($"{shownName}: not a .csv file (name each file after its instrument, e.g. BTC-USDT-SWAP.csv).");
            return;
        }
        var id = Path.GetFileNameWithoutExtension(fileName);
        if (!DataSetNames.IsInstrumentId(id))
        {
            problems.Add($"{shownName}: '{Shorten(id)}' is not an instrument id such as BTC-USDT-SWAP (the file name names the instrument).");
            return;
        }
        if (!files.TryAdd(id, content))
        {
            problems.Add($"{shownName}: {id} is uploaded twice.");
            return;
        }
        shown[id] = shownName;
    }

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "…";
}

using System.Globalization;
using BreakoutBot.Domain.Common;
using BreakoutBot.Infrastructure.MarketData;
using Hangfire;
using Microsoft.Extensions.Logging;

namespace BreakoutBot.Infrastructure.Jobs;

/// <summary>
/// Imports a candle CSV (<c>timestamp,open,high,low,close,volume</c>) into the market-data folder as
/// <c>{instrument}.csv</c>, after validating every line with <see cref="CandleCsvLoader"/>. A bad file is refused with
/// the loader's message (file, line and field) and nothing is copied.
/// </summary>
public sealed class CandleImportJob(JobRunLog runs, JobFolders folders, ILogger<CandleImportJob> logger)
{
    [AutomaticRetry(Attempts = 0)]
    public async Task<int> RunAsync(long runId, string sourcePath, CancellationToken cancellationToken)
    {
        await runs.StartAsync(runId, cancellationToken);
        try
        {
            if (string.IsNullOrWhiteSpace(sourcePath) || !File.Exists(sourcePath))
            {
                throw new DomainException($"Candle file '{sourcePath}' does not exist.");
            }
            if (!string.Equals(Path.GetExtension(sourcePath), ".csv", StringComparison.OrdinalIgnoreCase))
            {
                throw new DomainException($"Candle file '{Path.GetFileName(sourcePath)}' is not a .csv file.");
            }
            var file = new CandleCsvLoader().LoadFile(sourcePath);
            if (file.Candles.Count == 0)
            {
                throw new DomainException($"Candle file '{Path.GetFileName(sourcePath)}' holds no candles.");
            }
            var target = Path.Combine(folders.MarketData, file.InstrumentId + ".csv");
            var temporary = target + ".importing";
            File.Copy(sourcePath, temporary, overwrite: true);
            File.Move(temporary, target, overwrite: true);
            var message = string.Create(
                CultureInfo.InvariantCulture,
                $"Imported {file.Candles.Count} candles of {file.InstrumentId} ({file.DuplicatesDropped} duplicates dropped).");
            await runs.SucceedAsync(runId, message, target, cancellationToken);
            logger.LogInformation("Candle import {Run}: {Message}", runId, message);
            return file.Candles.Count;
        }
        catch (Exception ex) when (ex is DomainException or IOException or UnauthorizedAccessException or FormatException)
        {
            await runs.FailAsync(runId, "Import refused: " + ex.Message, CancellationToken.None);
            logger.LogWarning("Candle import {Run} refused: {Message}", runId, ex.Message);
            throw;
        }
    }
}

using System.Globalization;
using System.Security.Claims;
using BreakoutBot.Infrastructure.Backtests;
using BreakoutBot.Infrastructure.Exchanges.Okx.MarketData;

namespace BreakoutBot.Infrastructure.DataSets;

/// <summary>
/// Fills a download's instrument list from OKX: the top USDT swaps by 24 h quote volume now. For Traders and Admins
/// (who may download); public endpoints, no keys.
/// </summary>
public sealed class OkxInstrumentSuggestions(OkxHistoryClient okx)
{
    public async Task<InstrumentSuggestion> TopSwapsByVolumeAsync(ClaimsPrincipal user, int count, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (!BacktestRuns.CanStart(user))
        {
            return new InstrumentSuggestion([], "Only Traders and Admins may download data sets.");
        }
        if (count is < 1 or > DataSetDownloadRequest.MaxInstruments)
        {
            return new InstrumentSuggestion([], string.Create(CultureInfo.InvariantCulture, $"Choose 1 to {DataSetDownloadRequest.MaxInstruments} instruments."));
        }
        var top = await okx.TopUsdtSwapsByVolumeAsync(count, cancellationToken);
        return top.IsSuccess
            ? new InstrumentSuggestion(top.Value, top.Value.Count == 0 ? "OKX lists no live USDT swap now." : null)
            : new InstrumentSuggestion([], "OKX did not answer: " + top.Error!.Message);
    }
}

/// <summary>The instrument ids found (highest 24 h volume first), or why there are none.</summary>
public sealed record InstrumentSuggestion(IReadOnlyList<string> InstrumentIds, string? Problem);

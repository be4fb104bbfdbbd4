using BreakoutBot.Infrastructure.DataSets;

namespace BreakoutBot.Tests.Infrastructure.DataSets;

public sealed class OkxInstrumentSuggestionsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task TheTopSwapsBy24hQuoteVolumeComeHighestFirstAndOnlyAsManyAsAsked()
    {
        await using var bed = await DataSetDownloadTestBed.CreateAsync();
        // Quote volume = coins × price: 100 BTC at 30,000 (3M) beats 1,000 ETH at 2,000 (2M).
        bed.Okx.SetVolume24h("BTC-USDT-SWAP", 100m);
        bed.Okx.SetVolume24h("ETH-USDT-SWAP", 1_000m);
        var suggestions = new OkxInstrumentSuggestions(bed.History);

        var two = await suggestions.TopSwapsByVolumeAsync(DataSetDownloadTestBed.Tom, 2, Ct);
        var one = await suggestions.TopSwapsByVolumeAsync(DataSetDownloadTestBed.Root, 1, Ct);

        two.Problem.ShouldBeNull();
        two.InstrumentIds.ShouldBe(["BTC-USDT-SWAP", "ETH-USDT-SWAP"]);
        one.InstrumentIds.ShouldBe(["BTC-USDT-SWAP"]);
    }

    [Fact]
    public async Task AViewerAndAnImpossibleCountGetTheReasonAndNoInstruments()
    {
        await using var bed = await DataSetDownloadTestBed.CreateAsync();
        var suggestions = new OkxInstrumentSuggestions(bed.History);

        var viewer = await suggestions.TopSwapsByVolumeAsync(DataSetDownloadTestBed.Vera, 5, Ct);
        var tooMany = await suggestions.TopSwapsByVolumeAsync(DataSetDownloadTestBed.Tom, 51, Ct);

        viewer.InstrumentIds.ShouldBeEmpty();
        viewer.Problem.ShouldBe("Only Traders and Admins may download data sets.");
        tooMany.InstrumentIds.ShouldBeEmpty();
        tooMany.Problem.ShouldBe("Choose 1 to 50 instruments.");
        bed.Okx.Requests.ShouldNotContain(r => r.Path == "/api/v5/market/tickers", "nothing is asked of OKX for a refused request");
    }
}

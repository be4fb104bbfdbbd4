using System.Security.Claims;
using BreakoutBot.Domain.Constants;
using BreakoutBot.Infrastructure.DataSets;
using BreakoutBot.Tests.TestSupport;
using BreakoutBot.Tests.TestSupport.FakeOkx;
using Microsoft.Extensions.DependencyInjection;

namespace BreakoutBot.Tests.Web.DataSets;

/// <summary>The portal as composed (Hangfire's <c>downloads</c> queue, the shared OKX history client) downloading from the fake OKX.</summary>
public sealed class DataSetDownloadPortalTests : IAsyncLifetime
{
    private static readonly DateTimeOffset From = new(2026, 2, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly SqliteTestDatabase _database = new();
    private readonly string _dataFolder = Path.Combine(Path.GetTempPath(), "bb-dl-portal-" + Guid.NewGuid().ToString("N"));
    private FakeOkxServer _okx = null!;
    private BreakoutBotWebFactory _portal = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _okx = await FakeOkxServer.StartAsync(new FakeOkxOptions { AddTypicalSwaps = true }, Ct);
        _okx.AddCandles("BTC-USDT-SWAP", "5m", FakeOkxHistory.Candles(From, 288));
        _okx.AddFundingRates("BTC-USDT-SWAP", FakeOkxHistory.FundingRates(From, From.AddDays(1)));
        _portal = new BreakoutBotWebFactory(new PortalOptions
        {
            Database = _database,
            Settings =
            {
                ["Okx:RestBaseUrl"] = _okx.RestBaseUrl.ToString(),
                ["Okx:RateLimitWindow"] = "00:00:00.050",
                ["Database:DataFolder"] = _dataFolder,
            },
        });
        _ = _portal.Server;
    }

    [Fact]
    public async Task AQueuedDownloadRunsOnItsHangfireQueueAndEndsReady()
    {
        var service = _portal.Services.GetRequiredService<DataSetService>();
        var trader = new ClaimsPrincipal(new ClaimsIdentity(
            [new Claim(ClaimTypes.NameIdentifier, "tina"), new Claim(ClaimTypes.Name, "tina@example.test"), new Claim(ClaimTypes.Role, Roles.Trader)], "test"));

        var queued = await service.QueueDownloadAsync(trader, "portal download", ["BTC-USDT-SWAP"], From, From.AddDays(1), Ct);

        queued.Errors.ShouldBeEmpty();
        await Eventually.WaitUntilAsync(async () => (await service.GetAsync(trader, queued.Id!.Value, Ct))!.Status == DataSetStatus.Ready,
            "the download job finished", TimeSpan.FromSeconds(60));
        var set = (await service.GetAsync(trader, queued.Id!.Value, Ct))!;
        (set.Bars, set.BarsDone, set.BarsTotal).ShouldBe((288L, 288L, 288L));
        set.Message.ShouldNotBeNull();
        set.Message.ShouldContain("Funding rates: 4 settlements of 1 swaps");
        File.Exists(Path.Combine(_dataFolder, "data-sets", queued.Id!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture), "BTC-USDT-SWAP.csv")).ShouldBeTrue();
    }

    public async ValueTask DisposeAsync()
    {
        await _portal.DisposeAsync();
        await _okx.DisposeAsync();
        _database.Dispose();
        if (Directory.Exists(_dataFolder))
        {
            Directory.Delete(_dataFolder, recursive: true);
        }
    }
}

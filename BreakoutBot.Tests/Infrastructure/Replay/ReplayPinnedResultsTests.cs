using System.Security.Cryptography;
using System.Text;
using BreakoutBot.Domain.Markets;
using BreakoutBot.Domain.Presets;
using BreakoutBot.Infrastructure.MarketData;
using BreakoutBot.Infrastructure.Replay;
using BreakoutBot.Tests.TestSupport;

namespace BreakoutBot.Tests.Infrastructure.Replay;

/// <summary>
/// Pins what fixed replays report (trades, net P&amp;L, fees, signals, funnel, and a hash of the whole report JSON), as
/// recorded before the engine's hot path was optimised (ADR-010). A speed change must not change a single trade: if one
/// of these fails, the change altered the engine's decisions or its arithmetic, not just its speed. A deliberate change
/// of behaviour (a new rule, a cost-model fix) updates the pinned figures in the same commit and says why.
/// Re-pinned when a replay began to bring every market up to the bar that just closed before the engine's cycle
/// (ADR-010, "Seventh round"): before, an engine managing a position or placing an entry slice at the start of a bar read
/// the book and price of the bar before until its own scan or refresh. Signals and candidates are unchanged; a few
/// entries are priced and filled differently (1–2 trades more or fewer, fees −11 % to +5 %).
/// The OKX report's hash was re-pinned when the modelled book's mean quote volume became a division in doubles (ADR-010,
/// "Sixteenth round"): two signals' confidence changed in the 16th significant digit; trades, prices, fees and P&amp;L are
/// the same.
/// All four hashes were re-pinned when the level detector stopped sorting its candidates (ADR-010, "Seventeenth round"): a
/// level's price is the mean of its members summed in the order they were proposed instead of the order a sort left them
/// in (which, among equal prices, depended on the runtime's sort). Some levels' prices changed in their last one or two
/// digits (261 of the 866 trades' level prices in a replay of the whole OKX files); trades, fills, fees, P&amp;L, signals
/// and the funnel are the same.
/// All four were re-pinned when entries began to be sized at the price guard's limit, the worst fill the guard admits,
/// instead of at the signal's entry (ADR-003, "Sizing price"): quantities are about 5 % smaller, so fees and P&amp;L move
/// and a few entries that no longer breach a limit (buying power, a cap) fill; signals and candidates are the same.
/// The generated breakout_v1 and swing_trading_pro figures were re-pinned when a position's P&amp;L began to be measured
/// from the average price of the quantity still open (ADR-003, "P&amp;L with entries after exits"): three trades of each
/// had an entry slice filling after a partial exit, and their gross P&amp;L now is the cash their fills moved; net P&amp;L
/// +11.18 and +7.91 USDT, which is the equity change the report already showed. Trades, fills, fees and signals are
/// the same.
/// All four hashes were re-pinned when a trade's R began to include funding, like its net P&amp;L (ADR-007, "Itemised"):
/// only the R of trades that paid or received funding changed (by 0.002 to 0.025 R); trades, P&amp;L and fees are the same.
/// </summary>
public class ReplayPinnedResultsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static TheoryData<string, int, string, string, int, string, string> GeneratedRuns => new()
    {
        // preset, trades, net P&L, fees, signals, funnel (candidates / with levels / orders sent), report hash (first 16 hex of SHA-256)
        { "breakout_v1", 182, "8569.88252251", "3710.69035590", 276, "1845 / 1845 / 184", "3B08346A6784AFD2" },
        { "scalping_high_freq", 149, "-744.27322136", "1951.16658984", 169, "1138 / 1138 / 149", "C7B9BE995561A91F" },
        { "swing_trading_pro", 116, "12845.31337025", "1579.69591601", 159, "1376 / 1376 / 117", "49B66CAC1A35D87E" },
    };

    [Theory]
    [MemberData(nameof(GeneratedRuns))]
    public async Task GeneratedMarketReplayGivesThePinnedReport(string preset, int trades, string netPnl, string fees, int signals, string funnel, string hash)
    {
        var market = MarketDataSet.Generated(42, 8, 4_000);

        var report = await new ReplayRunner().RunAsync(market.Instruments, market.Candles, PresetCatalog.Get(preset), cancellationToken: Ct);

        Describe(report).ShouldBe(Expected(trades, netPnl, fees, signals, funnel, hash));
    }

    [Fact]
    public async Task OkxFilesReplayGivesThePinnedReport()
    {
        var folder = SharedData.RequireFolder("data/okx-swap-5m");
        var set = MarketDataSet.FromFolder(folder);
        var candles = set.Candles.ToDictionary(kv => kv.Key, kv => (IReadOnlyList<Candle>)kv.Value.Take(30_000).ToList(), StringComparer.Ordinal);

        var report = await new ReplayRunner().RunAsync(set.Instruments, candles, PresetCatalog.Get("breakout_v1"), cancellationToken: Ct);

        Describe(report).ShouldBe(Expected(435, "-8992.84500830", "3299.58325676", 569, "4445 / 4445 / 440", "8D0377C35A10071F"));
    }

    private static string Expected(int trades, string netPnl, string fees, int signals, string funnel, string hash) =>
        $"trades {trades}, net {netPnl}, fees {fees}, signals {signals}, funnel {funnel}, report {hash}";

    private static string Describe(ReplayReport report)
    {
        var json = ReplayJson.Serialize(report);
        var hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(json)))[..16];
        var s = report.Summary;
        return Expected(s.Trades, s.NetPnl.ToString(System.Globalization.CultureInfo.InvariantCulture), s.Fees.ToString(System.Globalization.CultureInfo.InvariantCulture), s.Signals, $"{report.Funnel!.Candidates} / {report.Funnel.WithLevels} / {report.Funnel.OrdersSent}", hash);
    }
}

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
/// All four were re-pinned when an iceberg clip that fills inside a bar became protected by its stop within that bar
/// (ADR-011, "Paper order of events", in-bar stops): the stop a clip creates joins the bar, a stop from an earlier clip
/// grows to the whole position at the fill, and a stop fill ends the entry schedule. Trades whose bar went through a clip
/// and then the stop are now stopped in full there (before, the new clip's part survived and later clips were added), so
/// P&amp;L moves and the path after them differs (swing_trading_pro, with the most clips, most: +12,837 to +6,828).
/// All four were re-pinned when a marketable limit began to fill only what the modelled book gives within its limit
/// (ADR-007, "Marketable limits": an IOC entry or slice no longer fills its whole size at the limit, the rest is
/// cancelled) and taker fill prices began to lie on the tick against the trader: many entries fill in part (40 of the
/// 166 IOC entries and slices of the generated breakout_v1 replay, 186 of 567 on the OKX files), so positions are
/// smaller, fees lower and the path after them differs (breakout_v1 generated +8,526.17 to +8,480.50, OKX −9,049.23 to
/// −8,480.26: smaller positions of a losing run lose less).
/// All four were re-pinned when a replay stopped letting post-only iceberg clips rest (ADR-011, "Clips in a replay"): a
/// replay sees 5-minute bars, longer than the presets' 8 s deadman, so a clip rested a whole bar and filled at the maker
/// fee and its limit whenever the bar traded through it, which live trading does not give it. Each clip now goes as the
/// immediate-or-cancel at the price guard it falls back to, filling what the book gives within the guard. Split entries
/// are smaller and pay the taker fee, spread and slippage, and the generated market's profit was largely those maker
/// fills (breakout_v1 +8,480.50 to +2,777.78, swing_trading_pro +6,478.11 to +1,892.11; OKX −8,480.26 to −8,371.05).
/// The generated breakout_v1 hash was re-pinned when the summary's <c>maxDrawdownPct</c> became the deepest fall as a
/// fraction of its own peak (before, it was the fraction of the largest fall in money, 8.16 %, while a fall from a lower
/// peak had been 8.99 %; ReplayDrawdownTests). Only that figure changed; the other three runs' deepest falls were both.
/// </summary>
public class ReplayPinnedResultsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static TheoryData<string, int, string, string, int, string, string> GeneratedRuns => new()
    {
        // preset, trades, net P&L, fees, signals, funnel (candidates / with levels / orders sent), report hash (first 16 hex of SHA-256)
        { "breakout_v1", 188, "2777.78218235", "2721.13801895", 275, "1818 / 1818 / 188", "0E3F55F4FCEDA4A0" },
        { "scalping_high_freq", 149, "-809.31437415", "1674.22587995", 169, "1138 / 1138 / 149", "3C0BCDE954B3A9E0" },
        { "swing_trading_pro", 112, "1892.11291095", "885.74142345", 145, "1274 / 1274 / 112", "168423242C4BF09F" },
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

        Describe(report).ShouldBe(Expected(442, "-8371.04851516", "3214.51591149", 566, "4406 / 4406 / 442", "17F8D272382B9416"));
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

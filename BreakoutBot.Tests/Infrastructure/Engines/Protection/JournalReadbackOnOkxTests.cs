using BreakoutBot.Domain.Execution;
using BreakoutBot.Domain.Markets;
using BreakoutBot.Domain.Positions;
using BreakoutBot.Domain.Presets;
using BreakoutBot.Domain.Trading;
using BreakoutBot.Infrastructure.Engines;
using BreakoutBot.Infrastructure.Exchanges.Okx.Trading;
using BreakoutBot.Infrastructure.Persistence;

namespace BreakoutBot.Tests.Infrastructure.Engines.Protection;

/// <summary>
/// ADR-006, the order journal read back: an order sent just before a crash, whose link to its position never reached the
/// database, fills on OKX; after the restart the engine (rebuilt from what was stored, plus the journal's intents) books
/// that fill as what it was — an entry slice adds to its position, an exit closes it with its reason — at the fill's own
/// price and fee, instead of closing "unknown" quantity with a reduce-only order or booking a reconciled exit.
/// </summary>
public sealed class JournalReadbackOnOkxTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>The engine "t" (client-id prefix bbt, as the harness's) rebuilt as generation 1 on a restarted adapter, adopting the stored position.</summary>
    private static async Task<(PositionManager Positions, ExchangeReconciler Reconciler)> RestartAsync(OkxPositionHarness h, PositionRecord stored, OkxFillCursor cursor, TradingPreset preset)
    {
        var okx = await h.Adapter.RestartedAsync(cursor);
        var execution = new ExecutionManager(okx, TimeProvider.System, OkxPositionHarness.Prefix + "r1", baseDelay: TimeSpan.FromMilliseconds(5));
        var positions = new PositionManager(okx, execution, h, TimeProvider.System, positionIdPrefix: "r1", ownClientIdPrefix: OkxPositionHarness.Prefix);
        // The journal survives the crash (it is committed before each order is sent); it is the harness's first one.
        var journalled = await OrderJournalReadback.ReadAsync(h.Adapter.Journal, "t", 0, Ct);
        positions.Adopt([Position.Restore(stored)], cursor.LastSequence, journalled: journalled);
        return (positions, new ExchangeReconciler(okx, positions, TimeProvider.System, OkxPositionHarness.Prefix, () => preset));
    }

    private static PositionRecord Stored(Position position) => EntityMapper.ToRecord(EntityMapper.ToEntity("t", position, DateTimeOffset.UtcNow), id => id);

    private static async Task<OkxFillCursor> CursorAsync(OkxPositionHarness h) =>
        new(h.Exchange.LastFillSequence, (await h.Exchange.GetFillsAsync(0, Ct)).Select(f => f.FillId).ToList());

    [Fact]
    public async Task AnEntrySliceSentJustBeforeACrashAddsToItsPositionAtItsOwnPriceAfterTheRestart()
    {
        await using var h = await OkxPositionHarness.StartAsync();
        // 40,000 USD on the ask within 0.3 %: a 0.4 BTC entry goes in four TWAP slices, one per management pass.
        h.Market.ApplySnapshot(new MarketSnapshot(h.Market.Instrument, [], null, new OrderBookSummary(49_999.9m, 50_000.1m, 40_000m, 40_000m, 40_000m, 40_000m, 0d), null, null, null), null);
        var preset = h.Preset with { ExecutionConfig = h.Preset.ExecutionConfig with { EnableIceberg = false, TwapIntervalSeconds = 0 } };
        var position = (await h.Positions.OpenAsync(h.Long(50_000m, 49_500m, 0.4m), preset, Ct)).ShouldNotBeNull();
        position.Quantity.ShouldBe(0.1m, "the first slice");
        var firstPrice = position.EntryPrice;
        var stored = Stored(position);
        var cursor = await CursorAsync(h);

        // The next pass sends slice 2 at 50,020, which fills at once; the process dies before anything about it is stored.
        h.Server.SetPrice(OkxPositionHarness.Btc, 50_020m);
        await h.Positions.ManageAsync(preset, Ct);
        h.ExchangeContracts().ShouldBe(20m);
        var slice = h.Server.Fills[^1];
        slice.ClOrdId.ShouldEndWith("s2");

        var (positions, reconciler) = await RestartAsync(h, stored, cursor, preset);
        var report = await reconciler.ReconcileAsync("restart", cancellationToken: Ct);

        report.Error.ShouldBeNull();
        report.Violations.ShouldBeEmpty(report.Summary);
        var after = positions.OpenPositions.ShouldHaveSingleItem();
        after.Quantity.ShouldBe(0.2m, "the slice's fill adds to the position");
        after.EntryQuantity.ShouldBe(0.2m);
        after.EntryPrice.ShouldBe(((firstPrice * 0.1m) + (slice.Price * 0.1m)) / 0.2m, "at the slice's own price");
        after.EntryFees.ShouldBe(-h.Server.Fills.Sum(f => f.Fee), "with the slice's own fee");
        h.ExchangeContracts().ShouldBe(20m, "nothing is closed as quantity the engine did not open");
        report.Items.ShouldNotContain(i => i.Action.Contains("reduce-only"), report.Summary);
        h.LiveStops().ShouldHaveSingleItem().Size.ShouldBe(20m, "the one stop covers both slices");
    }

    [Fact]
    public async Task AnExitSentJustBeforeACrashIsBookedWithItsReasonAtItsOwnPriceAfterTheRestart()
    {
        await using var h = await OkxPositionHarness.StartAsync();
        var position = (await h.Positions.OpenAsync(h.Long(50_000m, 49_500m, 0.1m), h.Preset, Ct)).ShouldNotBeNull();
        var stored = Stored(position);
        var cursor = await CursorAsync(h);

        // An emergency stop closes it at market (50,120); the process dies before the exit's link or fill is stored.
        h.Server.SetPrice(OkxPositionHarness.Btc, 50_120m);
        (await h.Positions.FlattenAllAsync(ExitReason.EmergencyStop, Ct)).ShouldBe(1);
        h.ExchangeContracts().ShouldBe(0m);
        var exitFill = h.Server.Fills[^1];
        exitFill.Price.ShouldBe(50_120m);

        var (positions, reconciler) = await RestartAsync(h, stored, cursor, h.Preset);
        var report = await reconciler.ReconcileAsync("restart", cancellationToken: Ct);

        report.Error.ShouldBeNull();
        report.Violations.ShouldBeEmpty(report.Summary);
        positions.OpenPositions.ShouldBeEmpty();
        var closed = positions.ClosedPositions.ShouldHaveSingleItem();
        closed.CloseReason.ShouldBe(ExitReason.EmergencyStop, "the exit's own reason, not Reconciled");
        var exit = closed.Exits.ShouldHaveSingleItem();
        exit.Price.ShouldBe(50_120m, "at the exit's own price, not the last price");
        exit.Fee.ShouldBe(-exitFill.Fee);
        closed.GrossRealizedPnl.ShouldBe(exitFill.Pnl);
        h.Server.AlgoOrders.Where(a => a.IsLive).ShouldBeEmpty("the closed position's stop and targets are cancelled");
    }
}

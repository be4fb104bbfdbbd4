using System.Security.Claims;
using BreakoutBot.Domain.Constants;
using BreakoutBot.Domain.Engine;
using BreakoutBot.Domain.Risk;
using BreakoutBot.Domain.Trading;
using BreakoutBot.Infrastructure.Credentials;
using BreakoutBot.Infrastructure.Engines;
using BreakoutBot.Infrastructure.Exchanges.Okx;
using BreakoutBot.Infrastructure.Exchanges.Okx.Models;
using BreakoutBot.Infrastructure.Exchanges.Okx.Rest;
using BreakoutBot.Infrastructure.Persistence;
using BreakoutBot.Infrastructure.Scheduling;
using BreakoutBot.Tests.TestSupport;
using BreakoutBot.Tests.TestSupport.Builders;
using BreakoutBot.Tests.TestSupport.FakeOkx;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Quartz;

namespace BreakoutBot.Tests.Web.Engines;

/// <summary>
/// The portal wired to a fake OKX on 127.0.0.1: a trader stores a demo key set, creates an engine on live OKX data in
/// demo-trading mode and starts it; the start reconciles the account (a position opened by hand on the account is
/// closed with a reduce-only order whose intent is journalled first). Another user cannot use the key set.
/// </summary>
public sealed class LiveOkxEngineTests : IAsyncLifetime
{
    private const string Eth = "ETH-USDT-SWAP";
    private readonly SqliteTestDatabase _database = new();
    private FakeOkxServer _okx = null!;
    private BreakoutBotWebFactory _factory = null!;
    private FakeOkxPortal _portal = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static ClaimsPrincipal Trader(string id) =>
        new(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, id), new Claim(ClaimTypes.Name, id + "@example.test"), new Claim(ClaimTypes.Role, Roles.Trader)], "test"));

    public async ValueTask InitializeAsync()
    {
        _okx = await FakeOkxServer.StartAsync(new FakeOkxOptions { AddTypicalSwaps = true, IsDemo = true }, Ct);
        _okx.SetPrice("BTC-USDT-SWAP", 50_000m);
        _okx.SetPrice(Eth, 3_000m);
        _portal = new FakeOkxPortal(_okx, _database);
        _factory = Portal();
        _ = _factory.Server;
    }

    /// <summary>The portal on the fake OKX; a second one over the same database and key ring is a restart.</summary>
    private BreakoutBotWebFactory Portal() => _portal.Start();

    public async ValueTask DisposeAsync()
    {
        await _factory.DisposeAsync();
        await _okx.DisposeAsync();
        _database.Dispose();
        _portal.Dispose();
    }

    /// <summary>An order placed on the account by hand (not by the engine), with the same demo keys.</summary>
    private async Task<OkxResult<OkxActionResult>> ByHandAsync(OkxPlaceOrderRequest order)
    {
        using var http = new HttpClient();
        using var rest = new OkxRestClient(http, new OkxOptions { RestBaseUrl = _okx.RestBaseUrl }, TimeProvider.System, NullLogger<OkxRestClient>.Instance,
            new OkxCredentials(_okx.Options.ApiKey, _okx.Options.SecretKey, _okx.Options.Passphrase, isDemo: true));
        return await rest.PlaceOrderAsync(order, Ct);
    }

    private async Task<Guid> SaveKeysAsync(string owner)
    {
        await using var scope = _factory.Services.CreateAsyncScope();
        var store = scope.ServiceProvider.GetRequiredService<OkxKeyStore>();
        var saved = await store.SaveAsync(owner, "demo", _okx.Options.ApiKey, _okx.Options.SecretKey, _okx.Options.Passphrase, isDemo: true, cancellationToken: Ct);
        saved.Succeeded.ShouldBeTrue(saved.Message);
        return saved.Saved!.Id;
    }

    [Fact]
    public async Task ADemoEngineOnLiveDataReconcilesTheAccountWhenItStarts()
    {
        var keySet = await SaveKeysAsync("trader-1");
        // Someone traded the account by hand: one ETH contract the engine did not open.
        var placed = await ByHandAsync(new OkxPlaceOrderRequest { InstrumentId = Eth, TradeMode = "cross", Side = "buy", OrderType = "market", Size = 1m, ClientOrderId = "byhand1" });
        placed.IsSuccess.ShouldBeTrue(placed.Error?.Message);
        _okx.GetPosition(Eth).ShouldNotBeNull().Contracts.ShouldBe(1m);

        var commands = _factory.Services.GetRequiredService<EngineCommandService>();
        var options = new EngineCreateOptions { Source = MarketSource.OkxLive, Mode = TradingMode.LiveDemo, KeySetId = keySet, MaxInstruments = 2 };
        var (created, handle) = await commands.CreateAsync(Trader("trader-1"), "Demo engine", "breakout_v1", options, Ct);
        created.Status.ShouldBe(EngineCommandStatus.Done, created.Message);
        handle.ShouldNotBeNull();
        handle.Market.IsReplay.ShouldBeFalse();
        handle.Market.Paper.ShouldBeNull("demo trading sends orders to OKX");
        handle.Market.Description.ShouldContain("demo trading");
        handle.Market.InstrumentIds.ShouldContain(Eth);

        var start = await commands.ExecuteAsync(Trader("trader-1"), handle.Id, EngineCommand.Start, "breakout_v1", Ct);
        start.Status.ShouldBe(EngineCommandStatus.Done, start.Message);
        handle.Engine.Mode.ShouldBe(TradingMode.LiveDemo);

        var report = handle.LastReconciliation.ShouldNotBeNull();
        report.Items.ShouldContain(i => i.InstrumentId == Eth && i.Action.Contains("reduce-only"), report.Summary);
        (_okx.GetPosition(Eth)?.Contracts ?? 0m).ShouldBe(0m, "the position the engine did not open is closed");
        var closing = _okx.Orders.Last(o => o.InstId == Eth);
        closing.ReduceOnly.ShouldBeTrue();

        await using var db = await _factory.Services.GetRequiredService<IDbContextFactory<BreakoutBotDbContext>>().CreateDbContextAsync(Ct);
        var intent = await db.OrderIntents.SingleAsync(o => o.EngineId == handle.Id, Ct);
        intent.ClientOrderId.ShouldBe(closing.ClOrdId);
        intent.OrderId.ShouldBe(closing.OrdId, "the journal is completed with the exchange's answer");
        var intentRequest = _okx.Requests.First(r => r.ClOrdId == closing.ClOrdId);
        intent.CreatedAt.ShouldBeLessThanOrEqualTo(intentRequest.ReceivedAt, "the intent is written before the order is sent");
        // The difference is in the audit log (written behind).
        await Eventually.WaitUntilAsync(
            () => db.AuditLog.AnyAsync(a => a.Action == "engine.reconciled" && a.Target == handle.Id && a.Details!.Contains(Eth), Ct),
            "the reconciliation at start is audit-logged");
    }

    [Fact]
    public async Task ARunningDemoEngineClosesATradeMadeByHandAtItsNextPeriodicReconciliation()
    {
        var keySet = await SaveKeysAsync("trader-1");
        var commands = _factory.Services.GetRequiredService<EngineCommandService>();
        var options = new EngineCreateOptions { Source = MarketSource.OkxLive, Mode = TradingMode.LiveDemo, KeySetId = keySet, MaxInstruments = 2 };
        var (_, handle) = await commands.CreateAsync(Trader("trader-1"), "Demo engine", "breakout_v1", options, Ct);
        (await commands.ExecuteAsync(Trader("trader-1"), handle.ShouldNotBeNull().Id, EngineCommand.Start, "breakout_v1", Ct)).Status.ShouldBe(EngineCommandStatus.Done);
        handle.LastReconciliation.ShouldNotBeNull().Trigger.ShouldBe("start");
        handle.IsReconcileDue(TimeSpan.FromMinutes(5)).ShouldBeFalse("it was reconciled a moment ago");

        // While it runs, someone trades the account by hand.
        (await ByHandAsync(new OkxPlaceOrderRequest { InstrumentId = Eth, TradeMode = "cross", Side = "buy", OrderType = "market", Size = 1m, ClientOrderId = "meanwhile1" })).IsSuccess.ShouldBeTrue();
        var job = new EngineCycleJob(_factory.Services.GetRequiredService<EngineRegistry>(), TimeProvider.System, NullLogger<EngineCycleJob>.Instance,
            Microsoft.Extensions.Options.Options.Create(new OkxOptions { ReconcileInterval = TimeSpan.FromMilliseconds(1) }));

        await job.RunAsync(handle.Id, Ct);

        var report = handle.LastReconciliation.ShouldNotBeNull();
        report.Trigger.ShouldBe("periodic");
        report.Items.ShouldContain(i => i.InstrumentId == Eth, report.Summary);
        (_okx.GetPosition(Eth)?.Contracts ?? 0m).ShouldBe(0m, "the position the engine did not open is closed");
    }

    [Fact]
    public async Task AnotherUserCannotTradeWithSomeoneElsesKeys()
    {
        var keySet = await SaveKeysAsync("trader-1");
        var commands = _factory.Services.GetRequiredService<EngineCommandService>();
        var options = new EngineCreateOptions { Source = MarketSource.OkxLive, Mode = TradingMode.LiveDemo, KeySetId = keySet, MaxInstruments = 2 };
        var (outcome, handle) = await commands.CreateAsync(Trader("trader-2"), "Not mine", "breakout_v1", options, Ct);
        outcome.Status.ShouldBe(EngineCommandStatus.Refused);
        outcome.Message.ShouldContain("not one of yours");
        handle.ShouldBeNull();
        _okx.Requests.ShouldNotContain(r => r.Path.Contains("/account/", StringComparison.Ordinal), "nothing was sent with the keys");
    }

    [Fact]
    public async Task AStartWithAKeySetOkxRefusesIsRefusedSayingWhyAndSendsNoOrder()
    {
        const string wrongPassphrase = "Not-The-Passphrase-1";
        await using var scope = _factory.Services.CreateAsyncScope();
        var saved = await scope.ServiceProvider.GetRequiredService<OkxKeyStore>()
            .SaveAsync("trader-1", "typo", _okx.Options.ApiKey, _okx.Options.SecretKey, wrongPassphrase, isDemo: true, cancellationToken: Ct);
        var commands = _factory.Services.GetRequiredService<EngineCommandService>();
        var options = new EngineCreateOptions { Source = MarketSource.OkxLive, Mode = TradingMode.LiveDemo, KeySetId = saved.Saved!.Id, MaxInstruments = 2 };
        var (_, handle) = await commands.CreateAsync(Trader("trader-1"), "Typo engine", "breakout_v1", options, Ct);

        var start = await commands.ExecuteAsync(Trader("trader-1"), handle.ShouldNotBeNull().Id, EngineCommand.Start, "breakout_v1", Ct);

        start.Status.ShouldBe(EngineCommandStatus.Refused, start.Message);
        start.Message.ShouldContain("The passphrase is wrong for this API key.");
        start.Message.ShouldNotContain(wrongPassphrase);
        start.Message.ShouldNotContain(_okx.Options.SecretKey);
        handle.Engine.State.ShouldBe(TradingState.Idle, "an engine whose account cannot be read does not trade");
        _okx.Orders.ShouldBeEmpty();
    }

    [Fact]
    public async Task AKeySetAnEngineTradesWithIsNotDeletedUntilTheEngineIsGone()
    {
        var (id, _) = await StartDemoEngineAsync();
        await using var scope = _factory.Services.CreateAsyncScope();
        var store = scope.ServiceProvider.GetRequiredService<OkxKeyStore>();
        var keySet = (await store.ListAsync("trader-1", Ct)).ShouldHaveSingleItem();

        var refused = await store.DeleteAsync("trader-1", keySet.Id, cancellationToken: Ct);

        refused.Status.ShouldBe(OkxKeyDeleteStatus.InUse);
        refused.Message.ShouldContain("'Demo engine'");
        (await store.ListAsync("trader-1", Ct)).ShouldHaveSingleItem("the engine still needs it to come back after a restart");
        var commands = _factory.Services.GetRequiredService<EngineCommandService>();
        (await commands.ExecuteAsync(Trader("trader-1"), id, EngineCommand.Stop, null, Ct)).Status.ShouldBe(EngineCommandStatus.Done);
        (await commands.RemoveAsync(Trader("trader-1"), id, Ct)).Status.ShouldBe(EngineCommandStatus.Done);
        await Eventually.WaitUntilAsync(async () => (await store.DeleteAsync("trader-1", keySet.Id, cancellationToken: Ct)).Deleted,
            "the key set is deleted once its engine is");
    }

    [Fact]
    public async Task APaperEngineOnLiveDataNeedsNoKeysAndFillsAtLivePrices()
    {
        var commands = _factory.Services.GetRequiredService<EngineCommandService>();
        var options = new EngineCreateOptions { Source = MarketSource.OkxLive, Mode = TradingMode.Paper, MaxInstruments = 2, StartingBalance = 5_000m };
        var (created, handle) = await commands.CreateAsync(Trader("trader-1"), "Paper on live data", "breakout_v1", options, Ct);
        created.Status.ShouldBe(EngineCommandStatus.Done, created.Message);
        var paper = handle.ShouldNotBeNull().Market.Paper.ShouldNotBeNull("paper mode simulates fills");
        (await commands.ExecuteAsync(Trader("trader-1"), handle.Id, EngineCommand.Start, "breakout_v1", Ct)).Status.ShouldBe(EngineCommandStatus.Done);
        handle.Engine.State.ShouldNotBe(TradingState.Error);
        handle.IsReconcileDue(TimeSpan.FromTicks(1)).ShouldBeFalse("a paper account is the engine's own: nothing to reconcile");

        // An order through the engine's exchange fills at the live OKX price, and nothing reaches OKX's trade endpoints.
        _okx.SetPrice(Eth, 3_210m);
        var order = await handle.Market.Exchange.PlaceOrderAsync(new BreakoutBot.Domain.Trading.OrderRequest("papertest1", Eth, BreakoutBot.Domain.Trading.OrderSide.Buy, BreakoutBot.Domain.Trading.OrderType.Market, 0.1m), Ct);
        order.IsSuccess.ShouldBeTrue(order.Message);
        order.Order!.AverageFillPrice.ShouldBeInRange(3_209m, 3_212m);
        (await paper.GetBalanceAsync(Ct)).Cash.ShouldBeLessThan(5_000m, "the fee is paid from the paper balance");
        _okx.Requests.ShouldNotContain(r => r.Path.StartsWith("/api/v5/trade", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AfterARestartADemoEngineComesBackPausedAndReconciled()
    {
        var (id, handle) = await StartDemoEngineAsync();
        // The start is in the database (written behind) before the portal goes down, so the restart knows it was running.
        await Eventually.WaitUntilAsync(async () =>
        {
            await using var db = await _factory.Services.GetRequiredService<IDbContextFactory<BreakoutBotDbContext>>().CreateDbContextAsync(Ct);
            return await db.StateTransitions.AnyAsync(t => t.EngineId == id && t.To == TradingState.Scanning, Ct);
        }, "the start's transition to scanning is stored");
        await _factory.DisposeAsync();

        // While the portal is down someone opens a position on the account.
        (await ByHandAsync(new OkxPlaceOrderRequest { InstrumentId = Eth, TradeMode = "cross", Side = "sell", OrderType = "market", Size = 2m, ClientOrderId = "whileaway1" })).IsSuccess.ShouldBeTrue();

        _factory = Portal();
        var restored = _factory.Services.GetRequiredService<EngineRegistry>().Get(id).ShouldNotBeNull("the engine is rebuilt from the database");
        restored.Engine.State.ShouldBe(TradingState.Paused);
        restored.Market.IsReplay.ShouldBeFalse();
        restored.Market.Description.ShouldContain("demo trading", customMessage: "the key set is decrypted again after the restart");
        restored.Restored.ShouldNotBeNull();
        var report = restored.LastReconciliation.ShouldNotBeNull();
        report.Trigger.ShouldBe("restart");
        report.Items.ShouldContain(i => i.InstrumentId == Eth);
        (_okx.GetPosition(Eth)?.Contracts ?? 0m).ShouldBe(0m);
    }

    [Fact]
    public async Task ATakeProfitWhoseLinkWasNotStoredBeforeACrashIsBookedAsTp1AtItsOwnPriceAfterTheRestart()
    {
        var (id, handle) = await StartDemoEngineAsync();
        // A long of 1 ETH (10 contracts) at 3,000 with its stop at 2,940, and its two targets above.
        var now = DateTimeOffset.UtcNow;
        var entry = new ApprovedEntry(TradingBuilder.SignalOn(Eth, now, PositionSide.Long, 3_000m, 2_940m), 1m, 3_000m, 60m, now);
        // After a first scan the engine knows the instruments (their markets size the targets).
        await Eventually.WaitUntilAsync(() => handle.Engine.LastScan is not null, "a first scan", TimeSpan.FromSeconds(30));
        var position = (await handle.Engine.RunExclusiveAsync(ct => handle.Engine.Positions.OpenAsync(entry, handle.Engine.Preset!, ct).AsTask(), Ct))
            .ShouldNotBeNull();
        if (!await Eventually.TryWaitUntilAsync(() => position.Tp1OrderId is not null && position.Tp2OrderId is not null, TimeSpan.FromSeconds(30)))
        {
            Assert.Fail($"The targets were not placed: {position.Status} {position.Quantity} stop {position.StopOrderId} TP1 {position.TakeProfit1}; "
                + $"orders {string.Join(", ", _okx.Orders.Select(o => o.ClOrdId + " " + o.State))}; algos {string.Join(", ", _okx.AlgoOrders.Select(a => a.AlgoClOrdId + " " + a.State))}");
        }
        var tp1 = _okx.AlgoOrders.Single(a => a.AlgoId == position.Tp1OrderId);
        tp1.IsLive.ShouldBeTrue();
        var tp1Quantity = tp1.Size.ShouldNotBeNull() * 0.1m;
        tp1Quantity.ShouldBeLessThan(position.Quantity);
        await Eventually.WaitUntilAsync(async () =>
        {
            await using var db = await _factory.Services.GetRequiredService<IDbContextFactory<BreakoutBotDbContext>>().CreateDbContextAsync(Ct);
            return await db.Positions.AnyAsync(p => p.EngineId == id && p.PositionId == position.Id && p.Tp1OrderId != null, Ct)
                && await db.StateTransitions.AnyAsync(t => t.EngineId == id && t.To == TradingState.Scanning, Ct);
        }, "the open position is stored", TimeSpan.FromSeconds(30));
        await _factory.DisposeAsync();

        // The crash: the write-behind batch that carried the targets' links never reached the database (the position row
        // is the one stored before they were placed, and their order rows are missing). Their intents are in the
        // journal, which is written directly before an order is sent.
        await using (var db = DirectContext())
        {
            var targets = new[] { position.Tp1OrderId, position.Tp2OrderId };
            (await db.Positions.Where(p => p.EngineId == id && p.PositionId == position.Id)
                .ExecuteUpdateAsync(u => u.SetProperty(p => p.Tp1OrderId, (string?)null).SetProperty(p => p.Tp2OrderId, (string?)null), Ct)).ShouldBe(1);
            await db.Orders.Where(o => o.EngineId == id && targets.Contains(o.OrderId)).ExecuteDeleteAsync(Ct);
            (await db.OrderIntents.CountAsync(o => o.EngineId == id && o.Tag == "tp1:" + position.Id, Ct)).ShouldBe(1);
        }

        // While the portal is down ETH trades 5 USD above TP1 (short of TP2): TP1 fills on OKX at that price.
        var price = position.TakeProfit1 + 5m;
        price.ShouldBeLessThan(position.TakeProfit2);
        _okx.SetPrice(Eth, price);
        var fill = _okx.Fills[^1];
        fill.Price.ShouldBe(price);
        fill.Size.ShouldBe(tp1.Size!.Value);

        _factory = Portal();
        var restored = _factory.Services.GetRequiredService<EngineRegistry>().Get(id).ShouldNotBeNull();
        var report = restored.LastReconciliation.ShouldNotBeNull();
        report.Error.ShouldBeNull();
        report.Violations.ShouldBeEmpty(report.Summary);
        var after = restored.Engine.Positions.OpenPositions.ShouldHaveSingleItem();
        after.Id.ShouldBe(position.Id);
        var exit = after.Exits.ShouldHaveSingleItem(report.Summary);
        exit.Reason.ShouldBe(ExitReason.TakeProfit1, "the take-profit's fill is booked as what it was, not as a reconciled exit");
        exit.Price.ShouldBe(price, "at its own price, not the last price");
        exit.Quantity.ShouldBe(tp1Quantity);
        exit.Fee.ShouldBe(-fill.Fee);
        after.Quantity.ShouldBe(position.Quantity - tp1Quantity);
        after.Tp1Done.ShouldBeTrue();
        report.Items.ShouldNotContain(i => i.Action.Contains("reduce-only"), report.Summary);
        _okx.AlgoOrders.Single(a => a.AlgoId == position.Tp2OrderId).IsLive.ShouldBeTrue("TP2 is the position's again, not a stray order to cancel");
        (_okx.GetPosition(Eth)?.Contracts ?? 0m).ShouldBe(after.Quantity * 10m);
    }

    /// <summary>A context on the test database while no portal runs.</summary>
    private BreakoutBotDbContext DirectContext() =>
        new(new DbContextOptionsBuilder<BreakoutBotDbContext>().UseSqlite(_database.ConnectionString).Options);

    [Fact]
    public async Task AnOrderChangePushedByOkxRunsTheEnginesCycleAtOnce()
    {
        var keySet = await SaveKeysAsync("trader-1");
        var commands = _factory.Services.GetRequiredService<EngineCommandService>();
        var options = new EngineCreateOptions { Source = MarketSource.OkxLive, Mode = TradingMode.LiveDemo, KeySetId = keySet, MaxInstruments = 2 };
        var (_, handle) = await commands.CreateAsync(Trader("trader-1"), "Demo engine", "breakout_v1", options, Ct);
        handle.ShouldNotBeNull();
        (await commands.ExecuteAsync(Trader("trader-1"), handle.Id, EngineCommand.Start, "breakout_v1", Ct)).Status.ShouldBe(EngineCommandStatus.Done);
        // Wait until the private socket has subscribed to order changes and the engine rests between cycles (scanning:
        // its next cycle is seconds away).
        var trigger = await CycleTriggerAsync(handle.Id);
        await Eventually.WaitUntilAsync(async () =>
            _okx.WsSubscriptions("private").Any(s => s.Channel == "orders")
            && handle.LastJobRunAt is not null
            && (await trigger())?.NextFireTimeUtc > DateTimeOffset.UtcNow.AddSeconds(2),
            "the orders subscription and the engine resting between cycles", TimeSpan.FromSeconds(15));
        var scheduled = (await trigger()).ShouldNotBeNull().NextFireTimeUtc.ShouldNotBeNull();
        var pushedAt = DateTimeOffset.UtcNow;

        (await ByHandAsync(new OkxPlaceOrderRequest { InstrumentId = Eth, TradeMode = "cross", Side = "buy", OrderType = "limit", Price = 2_000m, Size = 1m, ClientOrderId = "push1" })).IsSuccess.ShouldBeTrue();

        await Eventually.WaitUntilAsync(() => handle.LastJobRunAt >= pushedAt, "a cycle after the push");
        handle.LastJobRunAt.ShouldNotBeNull().ShouldBeLessThan(scheduled,
            $"the push brings the cycle forward instead of waiting for its scheduled time (ran {handle.LastJobRunAt:O}, scheduled {scheduled:O})");
    }

    /// <summary>Reads the engine's cycle trigger from the portal's scheduler (its next fire time is when the cycle runs next).</summary>
    private async Task<Func<Task<ITrigger?>>> CycleTriggerAsync(string engineId)
    {
        var scheduler = await _factory.Services.GetRequiredService<ISchedulerFactory>().GetScheduler(Ct);
        return () => scheduler.GetTrigger(EngineCycleJob.TriggerKeyFor(engineId), Ct).AsTask();
    }

    /// <summary>A demo engine of trader-1 on the fake OKX, created and started through the command service.</summary>
    private async Task<(string Id, EngineHandle Handle)> StartDemoEngineAsync()
    {
        var keySet = await SaveKeysAsync("trader-1");
        var commands = _factory.Services.GetRequiredService<EngineCommandService>();
        var options = new EngineCreateOptions { Source = MarketSource.OkxLive, Mode = TradingMode.LiveDemo, KeySetId = keySet, MaxInstruments = 2 };
        var (_, handle) = await commands.CreateAsync(Trader("trader-1"), "Demo engine", "breakout_v1", options, Ct);
        var id = handle.ShouldNotBeNull().Id;
        (await commands.ExecuteAsync(Trader("trader-1"), id, EngineCommand.Start, "breakout_v1", Ct)).Status.ShouldBe(EngineCommandStatus.Done);
        return (id, handle);
    }
}

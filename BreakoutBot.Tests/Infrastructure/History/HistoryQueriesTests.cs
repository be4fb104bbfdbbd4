using System.Security.Claims;
using BreakoutBot.Domain.Constants;
using BreakoutBot.Domain.Engine;
using BreakoutBot.Infrastructure.History;

namespace BreakoutBot.Tests.Infrastructure.History;

public sealed class HistoryQueriesTests : IDisposable
{
    private readonly HistoryTestDatabase _db = new();
    private readonly HistoryQueries _queries;

    public HistoryQueriesTests()
    {
        _queries = new HistoryQueries(_db);
        _db.AddEngine("e-alice", "alice");
        _db.AddEngine("e-bob", "bob");
        _db.AddPositions("e-alice", 3, "a");
        _db.AddPositions("e-bob", 4, "b");
    }

    private static ClaimsPrincipal User(string id, string role) => new(new ClaimsIdentity(
        [new Claim(ClaimTypes.NameIdentifier, id), new Claim(ClaimTypes.Name, id), new Claim(ClaimTypes.Role, role)], "test"));

    [Fact]
    public async Task TraderSeesOnlyTheTradesOfTheirOwnEngines()
    {
        var page = await _queries.TradesAsync(User("alice", Roles.Trader), new HistoryFilter());

        page.TotalCount.ShouldBe(3);
        page.Items.Select(t => t.EngineId).Distinct().ShouldBe(["e-alice"]);
    }

    [Fact]
    public async Task TraderAskingForAnotherTradersEngineGetsNothing()
    {
        var page = await _queries.TradesAsync(User("alice", Roles.Trader), new HistoryFilter { EngineId = "e-bob" });

        page.TotalCount.ShouldBe(0);
        page.Items.ShouldBeEmpty();
    }

    [Theory]
    [InlineData(Roles.Viewer)]
    [InlineData(Roles.Admin)]
    public async Task ViewersAndAdminsSeeEveryEngine(string role)
    {
        var page = await _queries.TradesAsync(User("someone", role), new HistoryFilter());

        page.TotalCount.ShouldBe(7);
        (await _queries.ListEnginesAsync(User("someone", role))).Select(e => e.Id).ShouldBe(["e-alice", "e-bob"]);
    }

    [Fact]
    public async Task AnonymousCallerSeesNothing()
    {
        var page = await _queries.TradesAsync(new ClaimsPrincipal(new ClaimsIdentity()), new HistoryFilter());

        page.TotalCount.ShouldBe(0);
    }

    [Fact]
    public async Task FiltersBySymbolAndTimeAndPagesNewestFirst()
    {
        _db.AddPositions("e-alice", 30, "x");
        var scope = HistoryScope.Everything;

        var btc = await _queries.TradesAsync(scope, new HistoryFilter { EngineId = "e-alice", Symbol = "BTC-USDT-SWAP", PageSize = 10 });
        btc.TotalCount.ShouldBe(17); // a1, a3 and x1, x3, ..., x29
        btc.Items.Count.ShouldBe(10);
        btc.Items.ShouldAllBe(t => t.Symbol == "BTC-USDT-SWAP");
        btc.Items.Select(t => t.CreatedAt).ShouldBeInOrder(SortDirection.Descending);

        var page2 = await _queries.TradesAsync(scope, new HistoryFilter { EngineId = "e-alice", Symbol = "BTC-USDT-SWAP", PageSize = 10, Page = 2 });
        page2.Items.Count.ShouldBe(7);
        page2.Items.Select(t => t.PositionId).Intersect(btc.Items.Select(t => t.PositionId)).ShouldBeEmpty();

        var window = await _queries.TradesAsync(scope, new HistoryFilter
        {
            EngineId = "e-bob",
            From = HistoryTestDatabase.T0.AddMinutes(2),
            To = HistoryTestDatabase.T0.AddMinutes(4),
        });
        window.Items.Select(t => t.PositionId).ShouldBe(["b3", "b2"]);
    }

    [Fact]
    public async Task TransitionsFilterByTargetStateAndRejectAnUnknownState()
    {
        _db.Seed(db =>
        {
            db.StateTransitions.Add(HistoryTestDatabase.Transition("e-alice", TradingState.Idle, TradingState.Scanning, HistoryTestDatabase.T0));
            db.StateTransitions.Add(HistoryTestDatabase.Transition("e-alice", TradingState.Scanning, TradingState.Paused, HistoryTestDatabase.T0.AddSeconds(1)));
        });

        var paused = await _queries.TransitionsAsync(HistoryScope.Everything, new HistoryFilter { State = "paused" });
        paused.Items.Select(t => t.To).ShouldBe([TradingState.Paused]);

        var ex = await Should.ThrowAsync<ArgumentException>(() => _queries.TransitionsAsync(HistoryScope.Everything, new HistoryFilter { State = "sleeping" }));
        ex.Message.ShouldContain("'sleeping'");
    }

    [Fact]
    public async Task CsvExportHasAHeaderAndQuotesCommasAndQuotes()
    {
        _db.Seed(db => db.Signals.Add(HistoryTestDatabase.Signal("e-alice", "s1", "He said \"no\", twice", HistoryTestDatabase.T0)));
        using var output = new StringWriter();

        var rows = await _queries.ExportCsvAsync(User("alice", Roles.Trader), HistoryKind.Signals, new HistoryFilter(), output);

        rows.ShouldBe(1);
        var lines = output.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        lines[0].ShouldBe(HistoryCsv.Header(HistoryKind.Signals));
        lines[1].ShouldBe("e-alice,s1,BTC-USDT-SWAP,Long,Momentum,Rejected,1234.5,1200,1300,1400,0.75,\"He said \"\"no\"\", twice\",2026-01-10T00:00:00.000Z");
    }

    [Fact]
    public async Task CsvExportWritesAnAveragePriceAndAPnlFromADivisionWithAtMostTwelveDecimalPlaces()
    {
        var trade = HistoryTestDatabase.Position("e-alice", "avg", "BTC-USDT-SWAP", HistoryTestDatabase.T0);
        trade.EntryPrice = 10552.798766100000000000000007m;
        trade.NetPnl = 183.2978504999999999999999992m;
        _db.Seed(db => db.Positions.Add(trade));
        using var output = new StringWriter();

        await _queries.ExportCsvAsync(User("alice", Roles.Trader), HistoryKind.Trades, new HistoryFilter { Symbol = "BTC-USDT-SWAP" }, output);

        var line = output.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries).Single(l => l.Contains(",avg,", StringComparison.Ordinal));
        var fields = line.Split(',');
        var header = HistoryCsv.Header(HistoryKind.Trades).Split(',');
        fields[Array.IndexOf(header, "entry_price")].ShouldBe("10552.7987661");
        fields[Array.IndexOf(header, "net_pnl")].ShouldBe("183.2978505");
    }

    [Fact]
    public async Task CsvExportIgnoresPagingAndKeepsTheTradersScope()
    {
        using var output = new StringWriter();

        var rows = await _queries.ExportCsvAsync(HistoryScope.For(User("bob", Roles.Trader)), HistoryKind.Trades, new HistoryFilter { PageSize = 1, Page = 3 }, output);

        rows.ShouldBe(4);
        output.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries).Skip(1).ShouldAllBe(l => l.StartsWith("e-bob,", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("a,b", "\"a,b\"")]
    [InlineData("say \"hi\"", "\"say \"\"hi\"\"\"")]
    [InlineData("two\nlines", "\"two\nlines\"")]
    [InlineData(" padded", "\" padded\"")]
    [InlineData(null, "")]
    public void EscapeQuotesOnlyFieldsThatNeedIt(string? value, string expected)
    {
        HistoryCsv.Escape(value).ShouldBe(expected);
    }

    public void Dispose() => _db.Dispose();
}

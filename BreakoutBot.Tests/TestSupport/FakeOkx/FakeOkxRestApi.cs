using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using static BreakoutBot.Tests.TestSupport.FakeOkx.FakeOkxJson;

namespace BreakoutBot.Tests.TestSupport.FakeOkx;

/// <summary>The REST side of the fake OKX server: faults, auth, routing and the {code,msg,data} envelope (expTime: <c>FakeOkxRestApi.Deadlines.cs</c>).</summary>
internal sealed partial class FakeOkxRestApi
{
    private const string NotFoundBody =
        """{"code":404,"data":{},"detailMsg":"","error_code":"404","error_message":"Not Found","msg":"Not Found"}""";

    private static readonly HashSet<string> Bars = new(StringComparer.Ordinal)
    {
        "1s", "1m", "3m", "5m", "15m", "30m", "1H", "2H", "4H", "6H", "12H", "1D", "2D", "3D", "1W", "1M", "3M",
        "6Hutc", "12Hutc", "1Dutc", "2Dutc", "3Dutc", "1Wutc", "1Mutc", "3Mutc",
    };

    private readonly FakeOkxExchange _exchange;
    private readonly FakeOkxAuthenticator _authenticator;
    private readonly FakeOkxFaults _faults;
    private readonly FakeOkxOptions _options;
    private readonly Lock _requestsGate = new();
    private readonly List<FakeOkxRequest> _requests = [];
    private readonly Dictionary<string, Func<Call, Reply>> _routes;

    public FakeOkxRestApi(FakeOkxExchange exchange, FakeOkxFaults faults, FakeOkxOptions options)
    {
        _exchange = exchange;
        _faults = faults;
        _options = options;
        _authenticator = new FakeOkxAuthenticator(options);
        _routes = new Dictionary<string, Func<Call, Reply>>(StringComparer.Ordinal)
        {
            ["GET /api/v5/public/time"] = _ => Ok([new JsonObject { ["ts"] = Ms(_exchange.ServerTime()) }]),
            ["GET /api/v5/public/instruments"] = Instruments,
            ["GET /api/v5/market/ticker"] = Ticker,
            ["GET /api/v5/market/tickers"] = Tickers,
            ["GET /api/v5/market/candles"] = c => Candles(c, history: false),
            ["GET /api/v5/market/history-candles"] = c => Candles(c, history: true),
            ["GET /api/v5/market/books"] = Books,
            ["GET /api/v5/public/open-interest"] = OpenInterest,
            ["GET /api/v5/public/funding-rate-history"] = FundingHistory,
            ["GET /api/v5/public/funding-rate"] = CurrentFunding,
            ["GET /api/v5/account/balance"] = c => Ok([_exchange.RenderBalanceFor(CommaList(c.Query("ccy")))]),
            ["GET /api/v5/account/positions"] = c => Ok(_exchange.RenderPositions(c.Query("instType"), CommaList(c.Query("instId")))),
            ["GET /api/v5/account/config"] = _ => Ok([_exchange.RenderConfig()]),
            ["POST /api/v5/account/set-leverage"] = c => Single(c, _exchange.SetLeverage),
            ["POST /api/v5/account/set-position-mode"] = c => Single(c, _exchange.SetPositionMode),
            ["POST /api/v5/trade/order"] = c => Items(c, _exchange.PlaceOrder, arrayBody: false),
            ["POST /api/v5/trade/amend-order"] = c => Items(c, _exchange.AmendOrder, arrayBody: false),
            ["POST /api/v5/trade/cancel-order"] = c => Items(c, _exchange.CancelOrder, arrayBody: false),
            ["GET /api/v5/trade/order"] = OrderDetails,
            ["GET /api/v5/trade/orders-pending"] = c => Ok(_exchange.RenderPendingOrders(c.Query("instType"), c.Query("instId"), c.Query("ordType"))),
            ["GET /api/v5/trade/fills"] = c => Ok(_exchange.RenderFills(c.Query("instType"), c.Query("instId"), c.Query("ordId"), Limit(c, 100, 100), c.Query("after"))),
            ["GET /api/v5/trade/fills-history"] = c => c.Query("instType") is not { Length: > 0 } type
                ? Fail(FakeOkxError.Empty("instType"))
                : Ok(_exchange.RenderFills(type, c.Query("instId"), c.Query("ordId"), Limit(c, 100, 100), c.Query("after"), history: true)),
            ["POST /api/v5/trade/order-algo"] = c => Items(c, _exchange.PlaceAlgo, arrayBody: false),
            ["POST /api/v5/trade/amend-algos"] = c => Items(c, _exchange.AmendAlgo, arrayBody: false),
            ["POST /api/v5/trade/cancel-algos"] = c => Items(c, _exchange.CancelAlgo, arrayBody: true),
            ["GET /api/v5/trade/orders-algo-pending"] = PendingAlgos,
            ["GET /api/v5/trade/order-algo"] = AlgoDetails,
        };
    }

    public IReadOnlyList<FakeOkxRequest> Requests
    {
        get
        {
            lock (_requestsGate)
            {
                return [.. _requests];
            }
        }
    }

    public async Task HandleAsync(HttpContext context, CancellationToken stopping)
    {
        var request = context.Request;
        var pathAndQuery = context.Features.Get<IHttpRequestFeature>()?.RawTarget is { Length: > 0 } raw
            ? raw
            : request.Path.Value + request.QueryString.Value;
        var path = request.Path.Value ?? string.Empty;
        string body;
        using (var reader = new StreamReader(request.Body, Encoding.UTF8))
        {
            body = await reader.ReadToEndAsync(stopping);
        }
        var fault = _faults.TryTake(path);
        var recorded = new FakeOkxRequest(request.Method, path, pathAndQuery, body, ClientOrderIds(body, request),
            _exchange.ServerTime(), fault, ExpTimeOf(request));
        lock (_requestsGate)
        {
            _requests.Add(recorded);
        }
        switch (fault)
        {
            case FakeOkxFault.RateLimit429:
                await WriteAsync(context, 429, Bare("50011", "Too Many Requests"), stopping);
                return;
            case FakeOkxFault.Busy50013:
                await WriteAsync(context, 429, Envelope("50013", "Systems are busy. Please try again later.", []), stopping);
                return;
            case FakeOkxFault.Http500:
                await WriteAsync(context, 500, Envelope("50026", "System error. Try again later.", []), stopping);
                return;
            case FakeOkxFault.DropConnection:
                context.Abort();
                return;
            default:
                break;
        }

        var reply = fault == FakeOkxFault.LateExecution
            ? await ExecuteLateAsync(context, path, pathAndQuery, body, recorded, stopping)
            : Execute(request, path, pathAndQuery, body, recorded);
        if (reply is null)
        {
            // Held, and the server stopped before it was executed.
            return;
        }
        if (fault == FakeOkxFault.Timeout)
        {
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(stopping, context.RequestAborted);
            try
            {
                await Task.Delay(_options.TimeoutFaultDelay, linked.Token);
            }
            catch (OperationCanceledException)
            {
                // The client gave up or the server is stopping; either way no response is sent.
            }
            context.Abort();
            return;
        }
        if (fault == FakeOkxFault.LateExecution && context.RequestAborted.IsCancellationRequested)
        {
            // Executed late; the client that sent it has given up, so there is no one to answer.
            return;
        }
        await WriteAsync(context, reply.Status, reply.Body, stopping);
    }

    private Reply Execute(HttpRequest request, string path, string pathAndQuery, string body, FakeOkxRequest recorded)
    {
        var route = request.Method.ToUpperInvariant() + " " + path;
        if (!_routes.TryGetValue(route, out var handler))
        {
            return new Reply(404, NotFoundBody);
        }
        if (path.StartsWith("/api/v5/account/", StringComparison.Ordinal) || path.StartsWith("/api/v5/trade/", StringComparison.Ordinal))
        {
            var authError = _authenticator.CheckRest(request, pathAndQuery, body, _exchange.ServerTime());
            if (authError is not null)
            {
                return new Reply(401, Bare(authError.Code, authError.Message));
            }
        }
        if (RefuseAfterDeadline(route, request, recorded) is { } refused)
        {
            return refused;
        }
        JsonNode? json = null;
        if (HttpMethods.IsPost(request.Method))
        {
            try
            {
                json = JsonNode.Parse(body.Length == 0 ? "{}" : body);
            }
            catch (JsonException)
            {
                return new Reply(400, Envelope("50002", "Json data format error", []));
            }
        }
        return handler(new Call(request.Query, json, _exchange.ServerTime()));
    }

    // ---------- handlers ----------

    private Reply Instruments(Call c)
    {
        var instType = c.Query("instType");
        if (instType is null)
        {
            return Fail(FakeOkxError.Empty("instType"));
        }
        return Ok(_exchange.RenderInstruments(instType, c.Query("instId")));
    }

    private Reply Ticker(Call c)
    {
        var instId = c.Query("instId");
        if (instId is null)
        {
            return Fail(FakeOkxError.Empty("instId"));
        }
        return _exchange.RenderTickerFor(instId) is { } data ? Ok(data) : Fail(FakeOkxError.NoInstrument);
    }

    private Reply Tickers(Call c)
    {
        var instType = c.Query("instType");
        return instType is null ? Fail(FakeOkxError.Empty("instType")) : Ok(_exchange.RenderTickers(instType));
    }

    private Reply Books(Call c)
    {
        var instId = c.Query("instId");
        if (instId is null)
        {
            return Fail(FakeOkxError.Empty("instId"));
        }
        var depth = Limit(c, 1, 400, "sz");
        return _exchange.RenderBooksFor(instId, depth) is { } data ? Ok(data) : Fail(FakeOkxError.NoInstrument);
    }

    private Reply CurrentFunding(Call c)
    {
        var instId = c.Query("instId");
        if (instId is null)
        {
            return Fail(FakeOkxError.Empty("instId"));
        }
        return _exchange.RenderCurrentFunding(instId) is { } data ? Ok(data) : Fail(FakeOkxError.NoInstrument);
    }

    private Reply OpenInterest(Call c)
    {
        var instType = c.Query("instType");
        if (instType is null)
        {
            return Fail(FakeOkxError.Empty("instType"));
        }
        if (instType is not ("SWAP" or "FUTURES" or "OPTION"))
        {
            return Fail(FakeOkxError.Param("instType"));
        }
        return _exchange.RenderOpenInterest(instType, c.Query("instId")) is { } data ? Ok(data) : Fail(FakeOkxError.NoInstrument);
    }

    private Reply Candles(Call c, bool history)
    {
        var instId = c.Query("instId");
        if (instId is null)
        {
            return Fail(FakeOkxError.Empty("instId"));
        }
        if (history && _exchange.HistoryCandlesFail(instId))
        {
            return new Reply(500, Envelope("50026", "System error. Try again later.", []));
        }
        var bar = c.Query("bar") ?? "1m";
        if (!Bars.Contains(bar) || (bar == "1s" && !history))
        {
            return Fail(FakeOkxError.Param("bar"));
        }
        if (!TryLong(c.Query("after"), out var after) || !TryLong(c.Query("before"), out var before))
        {
            return Fail(FakeOkxError.Param(c.Query("after") is null ? "before" : "after"));
        }
        var data = _exchange.RenderCandles(instId, bar, after, before, Limit(c, 100, 300), history);
        return data is null ? Fail(FakeOkxError.NoInstrument) : Ok(data);
    }

    private Reply FundingHistory(Call c)
    {
        var instId = c.Query("instId");
        if (instId is null)
        {
            return Fail(FakeOkxError.Empty("instId"));
        }
        if (!TryLong(c.Query("after"), out var after) || !TryLong(c.Query("before"), out var before))
        {
            return Fail(FakeOkxError.Param(c.Query("after") is null ? "before" : "after"));
        }
        var data = _exchange.RenderFundingHistory(instId, after, before, Limit(c, 400, 400));
        return data is null ? Fail(FakeOkxError.Param("instId")) : Ok(data);
    }

    private Reply OrderDetails(Call c)
    {
        var instId = c.Query("instId");
        if (instId is null)
        {
            return Fail(FakeOkxError.Empty("instId"));
        }
        var ordId = c.Query("ordId");
        var clOrdId = c.Query("clOrdId");
        if (ordId is null && clOrdId is null)
        {
            return Fail(new FakeOkxError("50015", "Either parameter ordId or clOrdId is required"));
        }
        return _exchange.RenderOrderDetails(instId, ordId, clOrdId) is { } order
            ? Ok([order])
            : Fail(new FakeOkxError("51603", "Order does not exist"));
    }

    private Reply PendingAlgos(Call c)
    {
        var ordType = c.Query("ordType");
        if (ordType is null)
        {
            return Fail(FakeOkxError.Empty("ordType"));
        }
        return Ok(_exchange.RenderPendingAlgos(CommaList(ordType)!, c.Query("instType"), c.Query("instId"), c.Query("algoId")));
    }

    private Reply AlgoDetails(Call c)
    {
        var algoId = c.Query("algoId");
        var algoClOrdId = c.Query("algoClOrdId");
        if (algoId is null && algoClOrdId is null)
        {
            return Fail(new FakeOkxError("50015", "Either parameter algoId or algoClOrdId is required"));
        }
        return _exchange.RenderAlgoDetails(algoId, algoClOrdId) is { } algo
            ? Ok([algo])
            : Fail(new FakeOkxError("51603", "Order does not exist"));
    }

    private static Reply Single(Call c, Func<JsonObject, (JsonObject? Data, FakeOkxError? Error)> action)
    {
        if (c.Body is not JsonObject body)
        {
            return new Reply(400, Envelope("50002", "Json data format error", []));
        }
        var (data, error) = action(body);
        return error is not null ? Fail(error) : Ok([data]);
    }

    /// <summary>Per-item endpoints: code 0 when every item succeeded, 1 when all failed, 2 when some did.</summary>
    private static Reply Items(Call c, Func<JsonObject, JsonObject> action, bool arrayBody)
    {
        IEnumerable<JsonObject>? inputs = arrayBody
            ? (c.Body as JsonArray)?.Select(n => n as JsonObject).OfType<JsonObject>().ToList()
            : c.Body is JsonObject single ? [single] : null;
        if (inputs is null)
        {
            return new Reply(400, Envelope("50002", "Json data format error", []));
        }
        var results = new JsonArray();
        var failed = 0;
        var total = 0;
        foreach (var input in inputs)
        {
            var result = action(input);
            total++;
            if (Str(result, "sCode") != "0")
            {
                failed++;
            }
            results.Add(result);
        }
        if (total == 0)
        {
            return Fail(FakeOkxError.Empty("data"));
        }
        var (code, msg) = failed == 0 ? ("0", string.Empty)
            : failed == total ? ("1", "All operations failed")
            : ("2", "Bulk operation partially succeeded");
        return new Reply(200, Envelope(code, msg, results, c.ReceivedAt, c.ReceivedAt));
    }

    // ---------- helpers ----------

    private static Reply Ok(JsonArray data) => new(200, Envelope("0", string.Empty, data));

    private static Reply Fail(FakeOkxError error) => new(200, Envelope(error.Code, error.Message, []));

    private static int Limit(Call c, int fallback, int max, string name = "limit") =>
        int.TryParse(c.Query(name), NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0
            ? Math.Min(value, max)
            : fallback;

    private static bool TryLong(string? text, out long? value)
    {
        value = null;
        if (string.IsNullOrEmpty(text))
        {
            return true;
        }
        if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed))
        {
            value = parsed;
            return true;
        }
        return false;
    }

    private static List<string>? CommaList(string? text) =>
        string.IsNullOrEmpty(text) ? null : [.. text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];

    private static List<string> ClientOrderIds(string body, HttpRequest request)
    {
        var ids = new List<string>();
        if (request.Query.TryGetValue("clOrdId", out var fromQuery) && fromQuery.ToString().Length > 0)
        {
            ids.Add(fromQuery.ToString());
        }
        if (body.Length == 0)
        {
            return ids;
        }
        try
        {
            var node = JsonNode.Parse(body);
            var items = node is JsonArray array ? array.OfType<JsonObject>() : node is JsonObject obj ? [obj] : [];
            ids.AddRange(items.SelectMany(i => new[] { Str(i, "clOrdId"), Str(i, "algoClOrdId") }).OfType<string>().Where(id => id.Length > 0));
        }
        catch (JsonException)
        {
            // A malformed body has no readable clOrdId; the request is still recorded.
        }
        return ids;
    }

    private static async Task WriteAsync(HttpContext context, int status, string body, CancellationToken cancellationToken)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(body, cancellationToken);
    }

    private sealed record Reply(int Status, string Body);

    private sealed record Call(IQueryCollection QueryValues, JsonNode? Body, DateTimeOffset ReceivedAt)
    {
        public string? Query(string name) =>
            QueryValues.TryGetValue(name, out var values) && values.ToString().Length > 0 ? values.ToString() : null;
    }
}

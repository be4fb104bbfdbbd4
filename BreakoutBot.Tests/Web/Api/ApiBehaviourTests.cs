using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using BreakoutBot.Infrastructure.Backtests;
using BreakoutBot.Tests.TestSupport;
using BreakoutBot.Tests.Web.Auth;
using Microsoft.Extensions.DependencyInjection;

namespace BreakoutBot.Tests.Web.Api;

/// <summary>What an API client relies on: honest command results, 409 with the reason, field-named validation errors, 429 with Retry-After, cookie or token.</summary>
public sealed class ApiBehaviourTests(ApiPortal portal) : IClassFixture<ApiPortal>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response)
    {
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        return document.RootElement.Clone();
    }

    [Fact]
    public async Task StartingAnEngineWithAControlTokenRunsItAndTheStatusRouteSaysSo()
    {
        var engine = portal.NewEngine(portal.OwnerId);
        var client = portal.Client(Caller.OwnerControl);

        using var start = await client.PostAsJsonAsync($"/api/v1/engines/{engine}/commands/start", new { preset = "breakout_v1", mode = "paper" }, Ct);

        start.StatusCode.ShouldBe(HttpStatusCode.OK);
        var result = await JsonAsync(start);
        result.GetProperty("status").GetString().ShouldBe("done");
        result.GetProperty("stateBefore").GetString().ShouldBe("idle");
        result.GetProperty("stateAfter").GetString().ShouldNotBe("idle");
        using var status = await client.GetAsync($"/api/v1/engines/{engine}/status", Ct);
        var body = await JsonAsync(status);
        body.GetProperty("engineId").GetString().ShouldBe(engine);
        body.GetProperty("preset").GetString().ShouldBe("breakout_v1");
        body.GetProperty("state").GetString().ShouldNotBe("idle");
        body.TryGetProperty("recentTransitions", out _).ShouldBeFalse();
        using var commands = await client.GetAsync($"/api/v1/engines/{engine}/commands", Ct);
        (await JsonAsync(commands)).GetProperty("commands").EnumerateArray().Select(c => c.GetString()).ShouldContain("stop");
    }

    [Fact]
    public async Task ACommandTheStateRefusesIs409WithTheEnginesReasonAndChangesNothing()
    {
        var engine = portal.NewEngine(portal.OwnerId);

        using var response = await portal.Client(Caller.OwnerControl).PostAsync($"/api/v1/engines/{engine}/commands/pause", null, Ct);

        response.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        var problem = await JsonAsync(response);
        problem.GetProperty("detail").GetString()!.ShouldContain("idle", Case.Insensitive);
        portal.Registry.Get(engine)!.Status.StateName.ShouldBe("idle");
    }

    [Theory]
    [InlineData("/engines")]
    [InlineData("/hangfire")]
    [InlineData("/admin/users")]
    public async Task AnAdminsTokenOpensTheApiButNotThePagesNorTheJobDashboard(string page)
    {
        // A token is for the API and the live-event hub: a read token must not drive the pages (or the job dashboard,
        // which deletes and requeues jobs) with its owner's role, and a page has no token scope to check.
        var client = portal.Client(Caller.Admin);
        using (var api = await client.GetAsync("/api/v1/engines", Ct))
        {
            api.StatusCode.ShouldBe(HttpStatusCode.OK);
        }

        using var response = await client.GetAsync(page, Ct);

        response.StatusCode.ShouldBeOneOf([HttpStatusCode.Redirect, HttpStatusCode.Unauthorized], $"{page} with a bearer token");
        if (response.StatusCode == HttpStatusCode.Redirect)
        {
            AuthPortal.RedirectTarget(response).ShouldStartWith("/Account/Login");
        }
    }

    [Fact]
    public async Task AReadTokenSeesTheCommandsButMaySendNone()
    {
        var client = portal.Client(Caller.OwnerRead);

        using var commands = await client.GetAsync($"/api/v1/engines/{portal.Engine}/commands", Ct);
        using var start = await client.PostAsync($"/api/v1/engines/{portal.Engine}/commands/start", null, Ct);

        (await JsonAsync(commands)).GetProperty("commands").GetArrayLength().ShouldBe(0);
        start.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        portal.Registry.Get(portal.Engine)!.Status.StateName.ShouldBe("idle");
    }

    [Fact]
    public async Task ValidationErrorsNameEachBadField()
    {
        var client = portal.Client(Caller.OwnerControl);

        using var engine = await client.PostAsJsonAsync("/api/v1/engines", new { name = "", preset = "no_such_preset", startingBalance = 5 }, Ct);
        using var okxEngine = await client.PostAsJsonAsync("/api/v1/engines", new { name = "okx", preset = "breakout_v1", source = "moon", mode = "demo" }, Ct);
        using var demoOnReplay = await client.PostAsJsonAsync("/api/v1/engines", new { name = "demo", preset = "breakout_v1", mode = "demo" }, Ct);
        using var demoWithoutKeys = await client.PostAsJsonAsync("/api/v1/engines", new { name = "demo", preset = "breakout_v1", source = "okx", mode = "demo" }, Ct);
        using var start = await client.PostAsJsonAsync($"/api/v1/engines/{portal.NewEngine(portal.OwnerId)}/commands/start", new { mode = "moon" }, Ct);
        using var history = await client.GetAsync("/api/v1/history/trades?page=0&to=yesterday", Ct);
        var preset = await portal.NewPresetAsync();
        using var edit = await client.PutAsJsonAsync($"/api/v1/presets/{preset}", new { preset = new { name = preset } }, Ct);

        (await ErrorFieldsAsync(engine)).ShouldBe(["name", "preset", "startingBalance"], ignoreOrder: true);
        (await ErrorFieldsAsync(okxEngine)).ShouldBe(["source", "mode"], ignoreOrder: true);
        (await ErrorFieldsAsync(demoOnReplay)).ShouldBe(["mode"], "demo trading needs live OKX data");
        (await ErrorFieldsAsync(demoWithoutKeys)).ShouldBe(["keySetId"]);
        (await ErrorFieldsAsync(start)).ShouldBe(["mode"]);
        (await ErrorFieldsAsync(history)).ShouldBe(["page", "to"], ignoreOrder: true);
        (await ErrorFieldsAsync(edit)).ShouldAllBe(f => f.StartsWith("preset", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ABodyThatIsNotJsonOrHasAWronglyTypedFieldIs400NamingTheField()
    {
        var client = portal.Client(Caller.OwnerControl);

        // A number list where the API takes a comma-separated string, a string where it takes a number, and no JSON at all.
        using var list = await client.PostAsync("/api/v1/sweeps", Json("""{"base":{"presetName":"breakout_v1"},"field1":"risk.risk_per_trade","values1":[0.01,0.02]}"""), Ct);
        using var nested = await client.PostAsync("/api/v1/sweeps", Json("""{"base":{"presetName":"breakout_v1","generatedBars":"many"},"field1":"risk.risk_per_trade","values1":"0.01"}"""), Ct);
        using var broken = await client.PostAsync("/api/v1/engines", Json("""{"name": "x", """), Ct);
        using var source = await client.PostAsync("/api/v1/backtests", Json("""{"presetName":"breakout_v1","dataSource":"Moon"}"""), Ct);

        list.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        (await ErrorFieldsAsync(list)).ShouldBe(["values1"]);
        (await ErrorFieldsAsync(nested)).ShouldBe(["base.generatedBars"]);
        // Each says what the field takes.
        (await JsonAsync(list)).GetProperty("errors").GetProperty("values1")[0].GetString().ShouldEndWith("for this field; it takes a string.");
        (await JsonAsync(nested)).GetProperty("errors").GetProperty("base.generatedBars")[0].GetString().ShouldEndWith("; it takes a whole number.");
        (await ErrorFieldsAsync(source)).ShouldBe(["dataSource"]);
        (await JsonAsync(source)).GetProperty("errors").GetProperty("dataSource")[0].GetString().ShouldEndWith("""; it takes one of "Generated", "Imported", "DataSet".""");
        (await ErrorFieldsAsync(broken)).ShouldBe(["body"]);
        (await JsonAsync(broken)).GetProperty("errors").GetProperty("body")[0].GetString().ShouldStartWith("The request body is not valid JSON");
    }

    [Fact]
    public async Task NullForTheInstrumentListOrTheBacktestSettingsIs400NamingTheField()
    {
        var client = portal.Client(Caller.OwnerControl);

        using var backtest = await client.PostAsync("/api/v1/backtests", Json("""{"presetName":"breakout_v1","instruments":null}"""), Ct);
        using var sweep = await client.PostAsync("/api/v1/sweeps", Json("""{"base":null,"field1":"risk.risk_per_trade","values1":"0.01"}"""), Ct);
        using var sweepInstruments = await client.PostAsync("/api/v1/sweeps",
            Json("""{"base":{"presetName":"breakout_v1","instruments":null},"field1":"risk.risk_per_trade","values1":"0.01"}"""), Ct);

        backtest.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        (await ErrorFieldsAsync(backtest)).ShouldBe(["instruments"]);
        (await ErrorFieldsAsync(sweep)).ShouldBe(["base"]);
        (await ErrorFieldsAsync(sweepInstruments)).ShouldBe(["base.instruments"]);
    }

    [Fact]
    public async Task AMisspelledFieldIs400NamingItInsteadOfARunWithTheDefault()
    {
        var client = portal.Client(Caller.OwnerControl);
        var before = (await portal.Factory.Services.GetRequiredService<BacktestService>()
            .ListAsync(portal.Owner, cancellationToken: Ct)).Count;

        using var backtest = await client.PostAsync("/api/v1/backtests", Json("""{"presetName":"breakout_v1","generatedBars":500,"startingBalanse":50000}"""), Ct);
        using var sweep = await client.PostAsync("/api/v1/sweeps",
            Json("""{"base":{"presetName":"breakout_v1","generatedBar":500},"field1":"risk.risk_per_trade","values1":"0.01"}"""), Ct);

        backtest.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await ErrorFieldsAsync(backtest)).ShouldBe(["startingBalanse"]);
        (await JsonAsync(backtest)).GetProperty("errors").GetProperty("startingBalanse")[0].GetString()!.ShouldContain("not a field of this request");
        (await ErrorFieldsAsync(sweep)).ShouldBe(["base.generatedBar"]);
        (await portal.Factory.Services.GetRequiredService<BacktestService>()
            .ListAsync(portal.Owner, cancellationToken: Ct)).Count.ShouldBe(before, "nothing was queued");
    }

    [Fact]
    public async Task AQueryValueOfTheWrongTypeIs400NamingTheParameter()
    {
        var client = portal.Client(Caller.OwnerRead);

        using var page = await client.GetAsync($"/api/v1/engines/{portal.Engine}/orders?page=abc", Ct);
        using var pageSize = await client.GetAsync($"/api/v1/engines/{portal.Engine}/orders?page=1&pageSize=lots", Ct);

        page.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        (await ErrorFieldsAsync(page)).ShouldBe(["page"]);
        (await JsonAsync(page)).GetProperty("errors").GetProperty("page")[0].GetString().ShouldBe("The value 'abc' is not valid for the parameter 'page'.");
        (await ErrorFieldsAsync(pageSize)).ShouldBe(["pageSize"]);
    }

    private static StringContent Json(string body) => new(body, System.Text.Encoding.UTF8, "application/json");

    [Fact]
    public async Task ASweepStartedThroughTheApiQueuesOneRunPerCombinationAndBadFieldsAreNamed()
    {
        // The other Trader: the owner's matrix rows may hold that user's one active sweep.
        var client = portal.Client(Caller.OtherTrader);

        using var bad = await client.PostAsJsonAsync("/api/v1/sweeps",
            new { @base = new { presetName = "breakout_v1", generatedBars = 10 }, field1 = "risk.risk_per_trade", values1 = "0.01, abc" }, Ct);
        using var started = await client.PostAsJsonAsync("/api/v1/sweeps",
            new { @base = new { presetName = "breakout_v1", generatedBars = 500, generatedInstruments = 2 }, field1 = "risk.risk_per_trade", values1 = "0.01, 0.015, 0.02" }, Ct);

        (await ErrorFieldsAsync(bad)).ShouldBe(["base.generatedBars", "values1"], ignoreOrder: true);
        started.StatusCode.ShouldBe(HttpStatusCode.Created, await started.Content.ReadAsStringAsync(Ct));
        var sweep = await JsonAsync(started);
        var runs = sweep.GetProperty("runs").EnumerateArray().ToList();
        runs.Count.ShouldBe(3);
        using var read = await client.GetAsync(started.Headers.Location, Ct);
        (await JsonAsync(read)).GetProperty("sweep").GetProperty("id").GetInt64().ShouldBe(sweep.GetProperty("sweep").GetProperty("id").GetInt64());
        using var cancel = await client.PostAsync($"{started.Headers.Location}/cancel", null, Ct);
        cancel.StatusCode.ShouldBe(HttpStatusCode.NoContent);
    }

    [Fact]
    public async Task ABacktestOrSweepOnADataSetThatDoesNotExistIs400NamingTheFieldAndQueuesNothing()
    {
        // The other Trader: the owner's matrix rows may hold that user's active backtests and sweep.
        var client = portal.Client(Caller.OtherTrader);

        using var backtest = await client.PostAsJsonAsync("/api/v1/backtests", new { presetName = "breakout_v1", dataSource = "DataSet", dataSetId = 987_654 }, Ct);
        using var sweep = await client.PostAsJsonAsync("/api/v1/sweeps",
            new { @base = new { presetName = "breakout_v1", dataSource = "DataSet", dataSetId = 987_654 }, field1 = "risk.risk_per_trade", values1 = "0.01" }, Ct);

        (await ErrorFieldsAsync(backtest)).ShouldBe(["dataSetId"]);
        (await JsonAsync(backtest)).GetProperty("errors").GetProperty("dataSetId")[0].GetString().ShouldBe("There is no data set #987654.");
        (await ErrorFieldsAsync(sweep)).ShouldBe(["base.dataSetId"]);
        using var list = await client.GetAsync("/api/v1/backtests", Ct);
        (await JsonAsync(list)).EnumerateArray().ShouldNotContain(b => b.GetProperty("dataDescription").GetString()!.Contains("987654", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AMissingDataSetIsReportedInTheSame400AsTheRequestsOtherBadFieldsAndNothingIsQueued()
    {
        var client = portal.Client(Caller.OtherTrader);
        using var sweepsBefore = await client.GetAsync("/api/v1/sweeps", Ct);
        var sweepCount = (await JsonAsync(sweepsBefore)).GetArrayLength();
        var missingSet = new { presetName = "breakout_v1", dataSource = "DataSet", dataSetId = 987_655 };

        using var backtest = await client.PostAsJsonAsync("/api/v1/backtests", new { missingSet.presetName, missingSet.dataSource, missingSet.dataSetId, slippageBps = 900 }, Ct);
        // A test range that ends before it starts and a field the preset does not have.
        using var badRange = await client.PostAsJsonAsync("/api/v1/sweeps", new
        {
            @base = new { missingSet.presetName, missingSet.dataSource, missingSet.dataSetId, startingBalance = 5 },
            field1 = "risk.nope", values1 = "0.01",
            testFrom = new DateTimeOffset(2026, 1, 10, 0, 0, 0, TimeSpan.Zero), testTo = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero),
        }, Ct);
        // A value the preset refuses (a risk of 150 % per trade).
        using var badValue = await client.PostAsJsonAsync("/api/v1/sweeps",
            new { @base = missingSet, field1 = "risk.risk_per_trade", values1 = "0.01, 1.5" }, Ct);

        backtest.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await ErrorFieldsAsync(backtest)).ShouldBe(["slippageBps", "dataSetId"], ignoreOrder: true);
        (await JsonAsync(backtest)).GetProperty("errors").GetProperty("dataSetId")[0].GetString().ShouldBe("There is no data set #987655.");
        badRange.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await ErrorFieldsAsync(badRange)).ShouldBe(["base.startingBalance", "base.dataSetId", "field1", "testTo"], ignoreOrder: true);
        badValue.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await ErrorFieldsAsync(badValue)).ShouldBe(["base.dataSetId", "values1"], ignoreOrder: true);
        (await JsonAsync(badValue)).GetProperty("errors").GetProperty("values1")[0].GetString()!.ShouldStartWith("risk.risk_per_trade=1.5");
        using var backtests = await client.GetAsync("/api/v1/backtests", Ct);
        (await JsonAsync(backtests)).EnumerateArray().ShouldNotContain(b => b.GetProperty("dataDescription").GetString()!.Contains("987655", StringComparison.Ordinal));
        using var sweepsAfter = await client.GetAsync("/api/v1/sweeps", Ct);
        (await JsonAsync(sweepsAfter)).GetArrayLength().ShouldBe(sweepCount);
    }

    [Fact]
    public async Task ADataSetDownloadWithBadFieldsIsRefusedNamingEachAndStoresNothing()
    {
        var client = portal.Client(Caller.OwnerControl);
        using var before = await client.GetAsync("/api/v1/data-sets", Ct);
        var count = (await JsonAsync(before)).GetArrayLength();

        using var bad = await client.PostAsJsonAsync("/api/v1/data-sets/downloads",
            new { name = "", instruments = Array.Empty<string>(), from = DateTimeOffset.UtcNow, to = DateTimeOffset.UtcNow.AddDays(-1) }, Ct);

        bad.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await ErrorFieldsAsync(bad)).ShouldContain("name");
        (await ErrorFieldsAsync(bad)).ShouldContain("instruments");
        using var after = await client.GetAsync("/api/v1/data-sets", Ct);
        (await JsonAsync(after)).GetArrayLength().ShouldBe(count);
    }

    [Fact]
    public async Task AnInvalidPresetValueIsRefusedNamingThePresetField()
    {
        var preset = await portal.NewPresetAsync();
        var client = portal.Client(Caller.OwnerControl);
        using var get = await client.GetAsync($"/api/v1/presets/{preset}", Ct);
        var content = System.Text.Json.Nodes.JsonNode.Parse((await JsonAsync(get)).GetProperty("preset").GetRawText())!;
        content["risk"]!["risk_per_trade"] = 5;

        using var edit = await client.PutAsJsonAsync($"/api/v1/presets/{preset}", new { preset = content }, Ct);

        edit.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await ErrorFieldsAsync(edit)).ShouldContain("preset.risk.risk_per_trade");
    }

    private static async Task<IReadOnlyList<string>> ErrorFieldsAsync(HttpResponseMessage response)
    {
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest, await response.Content.ReadAsStringAsync(Ct));
        return (await JsonAsync(response)).GetProperty("errors").EnumerateObject().Select(p => p.Name).ToList();
    }

    [Fact]
    public async Task TheOriginalRoutesActOnTheCallersNewestOwnEngine()
    {
        var newest = portal.NewEngine(portal.OtherId);

        using var status = await portal.Client(Caller.OtherTrader).GetAsync("/api/engine/status", Ct);
        using var start = await portal.Client(Caller.OtherTrader).PostAsJsonAsync("/api/engine/command", new { command = "start" }, Ct);
        using var halt = await portal.Client(Caller.OtherTrader).PostAsync("/api/engine/panic-exit", null, Ct);

        (await JsonAsync(status)).GetProperty("engineId").GetString().ShouldBe(newest);
        start.StatusCode.ShouldBe(HttpStatusCode.OK, await start.Content.ReadAsStringAsync(Ct));
        halt.StatusCode.ShouldBe(HttpStatusCode.OK, await halt.Content.ReadAsStringAsync(Ct));
        portal.Registry.Get(newest)!.Status.StateName.ShouldBe("emergency");
    }

    [Fact]
    public async Task TooManyRequestsOnOneTokenGet429WithRetryAfterAndOtherTokensAreNotHeldBack()
    {
        await using var limited = ApiPortal.With(new Dictionary<string, string?> { ["ApiTokens:RequestsPerSecond"] = "3" });
        await limited.InitializeAsync();
        var busy = limited.Client(Caller.OwnerRead);

        var statuses = new List<HttpResponseMessage>();
        for (var i = 0; i < 12; i++)
        {
            statuses.Add(await busy.GetAsync("/api/v1/engines", Ct));
        }

        var rejected = statuses.Where(r => r.StatusCode == HttpStatusCode.TooManyRequests).ToList();
        rejected.ShouldNotBeEmpty();
        rejected[0].Headers.RetryAfter!.Delta!.Value.TotalSeconds.ShouldBeInRange(1, 2);
        rejected[0].Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        using var other = await limited.Client(Caller.Viewer).GetAsync("/api/v1/engines", Ct);
        other.StatusCode.ShouldBe(HttpStatusCode.OK);
        statuses.ForEach(r => r.Dispose());
    }

    [Fact]
    public async Task TheBrowserCookieWorksOnTheApiAndAnAnonymousCallIs401NotARedirect()
    {
        await using var auth = new AuthPortal();
        var browser = auth.Client();
        using var login = await AuthPortal.LogInAsync(browser, AuthPortal.AdminEmail, AuthPortal.AdminPassword);

        using var withCookie = await auth.CookielessClient(AuthPortal.AuthCookies(login)).GetAsync("/api/v1/engines", Ct);
        using var anonymous = await auth.Client().GetAsync("/api/v1/engines", Ct);

        withCookie.StatusCode.ShouldBe(HttpStatusCode.OK);
        anonymous.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        anonymous.Headers.Location.ShouldBeNull();
    }
}

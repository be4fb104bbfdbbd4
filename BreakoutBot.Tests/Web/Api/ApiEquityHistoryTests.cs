using System.Net;
using System.Text.Json;
using BreakoutBot.Infrastructure.Persistence;
using BreakoutBot.Infrastructure.Persistence.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BreakoutBot.Tests.Web.Api;

/// <summary>
/// <c>GET /api/v1/history/equity</c>: one engine's stored equity with the figures over every sample; the engine is
/// required and the number of points bounded, each refusal naming its parameter.
/// </summary>
public sealed class ApiEquityHistoryTests(ApiPortal portal) : IClassFixture<ApiPortal>
{
    // Long before the engines of the fixture ran, so only these samples are in the range asked for.
    private static readonly DateTimeOffset Day = new(2020, 3, 1, 0, 0, 0, TimeSpan.Zero);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AnEnginesStoredEquityComesOldestFirstWithItsFigures()
    {
        var contexts = portal.Factory.Services.GetRequiredService<IDbContextFactory<BreakoutBotDbContext>>();
        await using (var db = await contexts.CreateDbContextAsync(Ct))
        {
            decimal[] equity = [10_000m, 10_400m, 9_880m, 10_100m];
            for (var i = 0; i < equity.Length; i++)
            {
                db.EquitySnapshots.Add(new EquitySnapshotEntity { EngineId = portal.Engine, Time = Day.AddMinutes(i), Equity = equity[i], Cash = 10_000m });
            }
            await db.SaveChangesAsync(Ct);
        }

        using var response = await portal.Client(Caller.OwnerRead).GetAsync($"/api/v1/history/equity?engine={portal.Engine}&from=2020-03-01&to=2020-03-02", Ct);

        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync(Ct));
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        var root = json.RootElement;
        root.GetProperty("samples").GetInt32().ShouldBe(4);
        root.GetProperty("thinned").GetBoolean().ShouldBeFalse();
        root.GetProperty("points").EnumerateArray().Select(p => p.GetProperty("equity").GetDecimal()).ShouldBe([10_000m, 10_400m, 9_880m, 10_100m]);
        root.GetProperty("points")[0].GetProperty("time").GetDateTimeOffset().ShouldBe(Day);
        (root.GetProperty("high").GetDecimal(), root.GetProperty("low").GetDecimal()).ShouldBe((10_400m, 9_880m));
        root.GetProperty("maxDrawdown").GetDecimal().ShouldBe(520m);
        root.GetProperty("maxDrawdownFraction").GetDecimal().ShouldBe(0.05m);
    }

    [Theory]
    [InlineData("", "engine")]
    [InlineData("&points=5", "points")]
    [InlineData("&points=5001", "points")]
    [InlineData("&from=2020-03-02&to=2020-03-01", "to")]
    public async Task AMissingEngineOrAPointCountOutOfBoundsIsRefusedNamingIt(string query, string field)
    {
        var engine = field == "engine" ? "" : "engine=" + portal.Engine;

        using var response = await portal.Client(Caller.OwnerRead).GetAsync("/api/v1/history/equity?" + engine + query, Ct);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        problem.RootElement.GetProperty("errors").TryGetProperty(field, out _).ShouldBeTrue(problem.RootElement.ToString());
    }
}

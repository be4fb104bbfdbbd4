using System.Net;
using System.Text.Json;
using BreakoutBot.Tests.TestSupport;
using BreakoutBot.Tests.TestSupport.Fakes;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace BreakoutBot.Tests.Web.Metrics;

/// <summary>Liveness and readiness as a load balancer or orchestrator reads them: JSON with each check's status and description.</summary>
public sealed class HealthEndpointsTests
{
    private static readonly string[] ReadyChecks = ["database", "scheduler", "exchange", "data_freshness"];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task LivenessAnswersHealthyWithoutRunningAnyCheck()
    {
        using var database = new SqliteTestDatabase();
        await using var factory = new BreakoutBotWebFactory(new PortalOptions { Database = database });
        using var client = factory.CreateClient();

        foreach (var path in new[] { "/health/live", "/health" })
        {
            var (status, json) = await GetAsync(client, path);
            status.ShouldBe(HttpStatusCode.OK, path);
            json.RootElement.GetProperty("status").GetString().ShouldBe("healthy");
            json.RootElement.GetProperty("checks").EnumerateObject().ShouldBeEmpty(path + " runs no check");
        }
    }

    [Fact]
    public async Task ReadinessRunsTheDatabaseSchedulerExchangeAndFreshnessChecks()
    {
        using var database = new SqliteTestDatabase();
        await using var factory = new BreakoutBotWebFactory(new PortalOptions { Database = database });
        using var client = factory.CreateClient();

        var (status, json) = await GetAsync(client, "/health/ready");

        status.ShouldBe(HttpStatusCode.OK, json.RootElement.ToString());
        json.RootElement.GetProperty("status").GetString().ShouldBe("healthy");
        var checks = json.RootElement.GetProperty("checks");
        checks.EnumerateObject().Select(c => c.Name).ShouldBe(ReadyChecks, ignoreOrder: true);
        foreach (var check in checks.EnumerateObject())
        {
            check.Value.GetProperty("status").GetString().ShouldBe("healthy", check.Name);
            check.Value.GetProperty("description").GetString().ShouldNotBeNullOrWhiteSpace(check.Name);
        }
    }

    [Fact]
    public async Task ReadinessLeavesNoWarningInTheLog()
    {
        // The database check once asked FirstOrDefault without OrderBy, and EF Core logged a warning at the first probe.
        var logs = new RecordingLoggerProvider();
        using var database = new SqliteTestDatabase();
        await using var factory = new BreakoutBotWebFactory(new PortalOptions { Database = database, Logging = logging => logging.AddProvider(logs) });
        using var client = factory.CreateClient();

        (await GetAsync(client, "/health/ready")).Status.ShouldBe(HttpStatusCode.OK);

        logs.Messages.Where(m => m.StartsWith("Microsoft.EntityFrameworkCore.Query", StringComparison.Ordinal)).ShouldBeEmpty();
    }

    [Fact]
    public async Task ABrokenDatabaseMakesReadinessUnhealthyNamingTheCheckWhileLivenessStaysUp()
    {
        using var database = new SqliteTestDatabase();
        await using var factory = new BreakoutBotWebFactory(new PortalOptions { Database = database });
        using var client = factory.CreateClient();
        (await GetAsync(client, "/health/ready")).Status.ShouldBe(HttpStatusCode.OK);

        await using (var connection = new SqliteConnection(database.ConnectionString))
        {
            await connection.OpenAsync(Ct);
            await using var drop = connection.CreateCommand();
            drop.CommandText = "DROP TABLE Engines;";
            await drop.ExecuteNonQueryAsync(Ct);
        }

        var (status, json) = await GetAsync(client, "/health/ready");
        status.ShouldBe(HttpStatusCode.ServiceUnavailable);
        json.RootElement.GetProperty("status").GetString().ShouldBe("unhealthy");
        var db = json.RootElement.GetProperty("checks").GetProperty("database");
        db.GetProperty("status").GetString().ShouldBe("unhealthy");
        db.GetProperty("description").GetString()!.ShouldContain("database did not answer");
        json.RootElement.GetProperty("checks").GetProperty("scheduler").GetProperty("status").GetString().ShouldBe("healthy", "only the broken part is named");
        json.RootElement.ToString().ShouldNotContain("breakoutbot-test-", Case.Insensitive, "no file path (or other connection detail) in the answer");
        (await GetAsync(client, "/health/live")).Status.ShouldBe(HttpStatusCode.OK, "the process is still alive");
    }

    private static async Task<(HttpStatusCode Status, JsonDocument Json)> GetAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(new Uri(path, UriKind.Relative), Ct);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/json", path);
        response.Headers.CacheControl?.NoStore.ShouldBe(true, path);
        return (response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)));
    }
}

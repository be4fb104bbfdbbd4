using BreakoutBot.Domain.Constants;
using BreakoutBot.Infrastructure.Monitoring;
using BreakoutBot.Tests.TestSupport;
using BreakoutBot.Web.Components.Pages.Admin.Components;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace BreakoutBot.Tests.Web.Admin;

/// <summary>The Health page's readiness panel: each readiness check with its status and description, and only those.</summary>
public sealed class ReadinessPanelTests : BunitTest
{
    private readonly ScriptedChecks _checks = new();

    public ReadinessPanelTests()
    {
        Services.AddSingleton<HealthCheckService>(_checks);
        SignIn("root", Roles.Admin);
    }

    [Fact]
    public void ShowsEachReadinessCheckWithItsStatusAndDescription()
    {
        _checks.Entries["database"] = new HealthReportEntry(HealthStatus.Unhealthy, "The database did not answer a query (SqliteException).", TimeSpan.FromMilliseconds(3), null, null, [MonitoringServiceCollectionExtensions.ReadyTag]);
        _checks.Entries["scheduler"] = new HealthReportEntry(HealthStatus.Healthy, "Quartz is running.", TimeSpan.FromMilliseconds(1), null, null, [MonitoringServiceCollectionExtensions.ReadyTag]);
        _checks.Entries["liveness-only"] = new HealthReportEntry(HealthStatus.Unhealthy, "not a readiness check", TimeSpan.Zero, null, null, ["other"]);

        var panel = Render<ReadinessPanel>();

        panel.Find("#readiness-status").TextContent.ShouldContain("Overall unhealthy");
        panel.Find("tr[data-check=database]").GetAttribute("data-status").ShouldBe("unhealthy");
        panel.Find("tr[data-check=database]").TextContent.ShouldContain("did not answer a query");
        panel.Find("tr[data-check=scheduler]").GetAttribute("data-status").ShouldBe("healthy");
        panel.FindAll("tr[data-check=liveness-only]").ShouldBeEmpty("only checks tagged ready are run");
    }

    [Fact]
    public void CheckAgainRunsTheChecksAgain()
    {
        _checks.Entries["database"] = new HealthReportEntry(HealthStatus.Unhealthy, "down", TimeSpan.Zero, null, null, [MonitoringServiceCollectionExtensions.ReadyTag]);
        var panel = Render<ReadinessPanel>();
        panel.Find("tr[data-check=database]").GetAttribute("data-status").ShouldBe("unhealthy");

        _checks.Entries["database"] = new HealthReportEntry(HealthStatus.Healthy, "up", TimeSpan.Zero, null, null, [MonitoringServiceCollectionExtensions.ReadyTag]);
        panel.Find("#readiness-recheck").Click();

        panel.WaitForAssertion(() => panel.Find("tr[data-check=database]").GetAttribute("data-status").ShouldBe("healthy"));
        _checks.Runs.ShouldBe(2);
    }

    /// <summary>Answers with <see cref="Entries"/>, filtered by the predicate the way the real service filters registrations.</summary>
    private sealed class ScriptedChecks : HealthCheckService
    {
        public Dictionary<string, HealthReportEntry> Entries { get; } = [];

        public int Runs { get; private set; }

        public override Task<HealthReport> CheckHealthAsync(Func<HealthCheckRegistration, bool>? predicate, CancellationToken cancellationToken = default)
        {
            Runs++;
            var selected = Entries
                .Where(e => predicate is null || predicate(new HealthCheckRegistration(e.Key, _ => null!, null, e.Value.Tags)))
                .ToDictionary(e => e.Key, e => e.Value);
            return Task.FromResult(new HealthReport(selected, TimeSpan.FromMilliseconds(4)));
        }
    }
}

using BreakoutBot.Infrastructure.Jobs;
using Hangfire;
using Hangfire.InMemory;
using Hangfire.Storage;
using Microsoft.Extensions.Options;

namespace BreakoutBot.Tests.Infrastructure.Jobs;

/// <summary>README, Configuration: a bad value stops the start with a message naming the setting.</summary>
public sealed class RecurringJobsRegistrarTests
{
    [Fact]
    public async Task ABadRetentionCronStopsTheStartNamingTheSetting()
    {
        using var storage = new InMemoryStorage();
        var registrar = new RecurringJobsRegistrar(
            new RecurringJobManager(storage), Options.Create(new JobsOptions { RetentionCron = "bogus" }));

        var error = await Should.ThrowAsync<InvalidOperationException>(() => registrar.StartAsync(TestContext.Current.CancellationToken));

        error.Message.ShouldStartWith("Jobs:RetentionCron 'bogus' is not a cron expression");
    }

    [Fact]
    public async Task TheDefaultRetentionCronRegistersTheJob()
    {
        using var storage = new InMemoryStorage();
        var registrar = new RecurringJobsRegistrar(new RecurringJobManager(storage), Options.Create(new JobsOptions()));

        await registrar.StartAsync(TestContext.Current.CancellationToken);

        using var connection = storage.GetConnection();
        connection.GetRecurringJobs().ShouldContain(j => j.Id == RetentionJob.RecurringId && j.Cron == "0 3 * * *");
    }
}

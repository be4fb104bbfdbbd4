using System.Net;
using BreakoutBot.Infrastructure.DataSets;
using BreakoutBot.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BreakoutBot.Tests.Web.Api;

/// <summary>
/// A failed or cancelled download says "resume to try again"; <c>POST /api/v1/data-sets/{id}/resume</c> does it (the
/// API had no way to), for its owner or an Admin, and refuses (409) what cannot be resumed.
/// </summary>
public sealed class ApiDataSetResumeTests(ApiPortal portal) : IClassFixture<ApiPortal>
{
    private const string FailedMessage = "Failed: OKX did not answer. What was downloaded is kept: resume to try again.";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task TheOwnerResumesAFailedDownloadAndAnUploadCannotBeResumed()
    {
        var failed = await NewFailedDownloadAsync();

        using var resumed = await portal.Client(Caller.OwnerControl).PostAsync($"/api/v1/data-sets/{failed}/resume", null, Ct);
        using var other = await portal.Client(Caller.OtherTrader).PostAsync($"/api/v1/data-sets/{failed}/resume", null, Ct);
        using var upload = await portal.Client(Caller.OwnerControl).PostAsync($"/api/v1/data-sets/{portal.DataSet}/resume", null, Ct);

        resumed.StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await MessageAsync(failed)).ShouldNotBe(FailedMessage, "queued again (and whatever the job made of it since)");
        other.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        upload.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await upload.Content.ReadAsStringAsync(Ct)).ShouldContain("Only a download from OKX can be resumed.");
    }

    private async Task<long> NewFailedDownloadAsync()
    {
        await using var db = await Contexts.CreateDbContextAsync(Ct);
        var row = new DataSetEntity
        {
            Name = "failed download " + Guid.NewGuid().ToString("N")[..8],
            OwnerId = portal.OwnerId,
            OwnerName = ApiPortal.OwnerEmail,
            Source = DataSetSource.OkxDownload,
            Status = DataSetStatus.Failed,
            Instruments = "BTC-USDT-SWAP",
            Message = FailedMessage,
            CreatedAt = DateTimeOffset.UtcNow,
        };
        db.Add(row);
        await db.SaveChangesAsync(Ct);
        return row.Id;
    }

    private async Task<string?> MessageAsync(long id)
    {
        await using var db = await Contexts.CreateDbContextAsync(Ct);
        return await db.Set<DataSetEntity>().Where(d => d.Id == id).Select(d => d.Message).SingleAsync(Ct);
    }

    private IDbContextFactory<BreakoutBotDbContext> Contexts => portal.Factory.Services.GetRequiredService<IDbContextFactory<BreakoutBotDbContext>>();
}

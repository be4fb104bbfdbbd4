using BreakoutBot.Domain.Constants;
using BreakoutBot.Infrastructure.History;
using BreakoutBot.Infrastructure.Persistence.Entities;
using BreakoutBot.Tests.Infrastructure.History;
using BreakoutBot.Tests.TestSupport;
using BreakoutBot.Web.Components.Pages.Admin;
using Bunit;
using Microsoft.Extensions.DependencyInjection;

namespace BreakoutBot.Tests.Web.Admin;

public sealed class AuditPageTests : BunitTest
{
    private readonly HistoryTestDatabase _db = new();

    public AuditPageTests() => Services.AddSingleton(new AuditLogQueries(_db));

    private void Entries(int count) => _db.Seed(db =>
    {
        for (var i = 0; i < count; i++)
        {
            db.AuditLog.Add(new AuditLogEntity { Time = HistoryTestDatabase.T0.AddSeconds(i), UserName = "tom", Action = "login", Success = true });
        }
    });

    [Theory]
    [InlineData(1, "Page 1 of 1 · 1 entry")]
    [InlineData(1_200, "Page 1 of 48 · 1,200 entries")]
    public void TheEntryCountIsGroupedAndSingularForOneAsTheHistoryRowCountIs(int entries, string info)
    {
        // The log of a busy portal read "Page 1 of 48 · 1200 entries", and one entry "1 entries".
        Entries(entries);
        SignIn("root", Roles.Admin);

        var page = Render<Audit>();

        page.WaitForAssertion(() => page.Find("#audit-page-info").TextContent.ShouldBe(info));
    }

    protected override async ValueTask DisposeAsyncCore()
    {
        await base.DisposeAsyncCore();
        _db.Dispose();
    }
}

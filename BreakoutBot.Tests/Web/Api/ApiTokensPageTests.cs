using BreakoutBot.Domain.Abstractions;
using BreakoutBot.Domain.Constants;
using BreakoutBot.Infrastructure.ApiTokens;
using BreakoutBot.Infrastructure.Persistence;
using BreakoutBot.Tests.TestSupport;
using BreakoutBot.Tests.TestSupport.Fakes;
using BreakoutBot.Web.Components.Pages.Account;
using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using MudBlazor;

namespace BreakoutBot.Tests.Web.Api;

/// <summary>The API tokens page: create (shown once), list, revoke; an Admin also sees everyone's tokens.</summary>
public sealed class ApiTokensPageTests : BunitTest
{
    private readonly SqliteTestDatabase _database = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 6, 1, 12, 0, 0, TimeSpan.Zero));
    private readonly ApiTokenService _tokens;

    public ApiTokensPageTests()
    {
        var options = new DbContextOptionsBuilder<BreakoutBotDbContext>().UseSqlite(_database.ConnectionString).Options;
        using (var db = new BreakoutBotDbContext(options))
        {
            db.Database.EnsureCreated();
        }
        _tokens = new ApiTokenService(new PooledDbContextFactory<BreakoutBotDbContext>(options), new RecordingAuditLog(), _time, Options.Create(new ApiTokenOptions()));
        Services.AddSingleton(_tokens);
        Services.AddSingleton<TimeProvider>(_time);
    }

    protected override async ValueTask DisposeAsyncCore()
    {
        await base.DisposeAsyncCore();
        _database.Dispose();
    }

    [Fact]
    public void CreatingShowsTheTokenOnceAndListsItWithoutItsValue()
    {
        SignIn("trader-1", Roles.Trader, "trader@test.local");
        var page = Render<ApiTokens>();
        page.WaitForElement("#own-tokens-empty");

        page.Find("[data-field='name'] input").Input("deploy script");
        page.Find("#create-token").Click();

        var shown = page.WaitForElement("#new-token input").GetAttribute("value")!;
        shown.ShouldStartWith("bbt_");
        page.Find("#own-tokens").TextContent.ShouldContain("deploy script");
        page.Find("#own-tokens").TextContent.ShouldNotContain(shown);
        page.Find("#hide-token").Click();
        page.Markup.ShouldNotContain(shown);
    }

    [Fact]
    public void ABadNameIsShownAtTheField()
    {
        SignIn("trader-1", Roles.Trader);
        var page = Render<ApiTokens>();

        page.Find("#create-token").Click();

        page.WaitForAssertion(() => page.Find("[data-field='name']").TextContent.ShouldContain("Give the token a name"));
        page.FindAll("#new-token").ShouldBeEmpty();
    }

    [Fact]
    public async Task RevokingAsksFirstNamingTheTokenAndConfirmingMarksItRevoked()
    {
        var (dialogs, page, id) = await RenderWithTokenAsync("ci script");

        page.WaitForElement($"[data-revoke='{id}']").Click();
        var dialog = dialogs.WaitForElement(".mud-dialog");
        dialog.TextContent.ShouldContain("Revoke token 'ci script'? Scripts using it stop working at once.");
        page.Find($"[data-state='{id}']").TextContent.ShouldBe("active", "nothing is revoked before the answer");
        Button(dialogs, "Revoke").Click();

        page.WaitForAssertion(() => page.Find($"[data-state='{id}']").TextContent.ShouldStartWith("revoked"));
        page.FindAll($"[data-revoke='{id}']").ShouldBeEmpty();
        (await _tokens.ListOwnAsync(Trader(), Xunit.TestContext.Current.CancellationToken)).Single().RevokedAt.ShouldNotBeNull();
        dialogs.FindAll(".mud-dialog").ShouldBeEmpty();
    }

    [Fact]
    public async Task CancellingTheRevokeDialogLeavesTheTokenActive()
    {
        var (dialogs, page, id) = await RenderWithTokenAsync("ci script");

        page.WaitForElement($"[data-revoke='{id}']").Click();
        dialogs.WaitForElement(".mud-dialog").TextContent.ShouldContain("Revoke token 'ci script'?");
        Button(dialogs, "Cancel").Click();

        dialogs.WaitForAssertion(() => dialogs.FindAll(".mud-dialog").ShouldBeEmpty());
        page.Find($"[data-state='{id}']").TextContent.ShouldBe("active");
        page.FindAll($"[data-revoke='{id}']").Count.ShouldBe(1);
        (await _tokens.ListOwnAsync(Trader(), Xunit.TestContext.Current.CancellationToken)).Single().RevokedAt.ShouldBeNull();
    }

    /// <summary>The page (beside the layout's dialog provider) for a Trader who has created one token named <paramref name="name"/>.</summary>
    private async Task<(IRenderedComponent<MudDialogProvider> Dialogs, IRenderedComponent<ApiTokens> Page, Guid Id)> RenderWithTokenAsync(string name)
    {
        SignIn("trader-1", Roles.Trader, "trader@test.local");
        var dialogs = Render<MudDialogProvider>();
        var page = Render<ApiTokens>();
        page.Find("[data-field='name'] input").Input(name);
        page.Find("#create-token").Click();
        var id = (await _tokens.ListAllAsync(Admin(), Xunit.TestContext.Current.CancellationToken)).Single().Id;
        return (dialogs, page, id);
    }

    private static AngleSharp.Dom.IElement Button(IRenderedComponent<MudDialogProvider> dialogs, string text) =>
        dialogs.FindAll(".mud-dialog button").Single(b => b.TextContent.Trim() == text);

    private static System.Security.Claims.ClaimsPrincipal Trader() => new(new System.Security.Claims.ClaimsIdentity(
        [new(System.Security.Claims.ClaimTypes.NameIdentifier, "trader-1"), new(System.Security.Claims.ClaimTypes.Role, Roles.Trader)], "test"));

    [Fact]
    public async Task AnAdminSeesEveryUsersTokensAndATraderOnlyTheirOwn()
    {
        var other = new System.Security.Claims.ClaimsPrincipal(new System.Security.Claims.ClaimsIdentity(
            [new(System.Security.Claims.ClaimTypes.NameIdentifier, "someone"), new(System.Security.Claims.ClaimTypes.Name, "someone@test.local")], "test"));
        await _tokens.CreateAsync(other, "someone's token", ApiTokenScope.Control, 10, Xunit.TestContext.Current.CancellationToken);

        SignIn("admin-1", Roles.Admin);
        var page = Render<ApiTokens>();

        page.WaitForElement("#all-tokens").TextContent.ShouldContain("someone's token");
        page.Find("#all-tokens").TextContent.ShouldContain("someone@test.local");
        page.Find("#own-tokens-empty");
    }

    private static System.Security.Claims.ClaimsPrincipal Admin() => new(new System.Security.Claims.ClaimsIdentity(
        [new(System.Security.Claims.ClaimTypes.NameIdentifier, "admin-1"), new(System.Security.Claims.ClaimTypes.Role, Roles.Admin)], "test"));
}

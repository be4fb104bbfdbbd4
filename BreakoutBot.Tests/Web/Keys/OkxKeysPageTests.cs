using BreakoutBot.Infrastructure.Credentials;
using BreakoutBot.Tests.Infrastructure.Credentials;
using BreakoutBot.Tests.TestSupport;
using BreakoutBot.Web.Components.Pages.Account;
using Bunit;
using Microsoft.Extensions.DependencyInjection;

namespace BreakoutBot.Tests.Web.Keys;

public sealed class OkxKeysPageTests : BunitTest
{
    private const string Owner = OkxKeysTestHarness.Owner;

    private static CancellationToken Ct => Xunit.TestContext.Current.CancellationToken;

    private readonly OkxKeysTestHarness _harness = new();

    protected override async ValueTask DisposeAsyncCore()
    {
        await base.DisposeAsyncCore();
        await _harness.DisposeAsync();
    }

    private IRenderedComponent<OkxKeys> RenderPage(OkxKeyStore store, string userId = Owner)
    {
        Services.AddSingleton(store);
        SignIn(userId, "Trader", name: userId + "-name");
        return Render<OkxKeys>();
    }

    private static void Type(IRenderedComponent<OkxKeys> page, string field, string value) =>
        page.Find($"[data-field='{field}'] input").Input(value);

    private static void FillForm(IRenderedComponent<OkxKeys> page, string label, string apiKey, string secret, string passphrase)
    {
        Type(page, "label", label);
        Type(page, "apiKey", apiKey);
        Type(page, "secretKey", secret);
        Type(page, "passphrase", passphrase);
    }

    private static void ShouldShowNoSecret(IRenderedComponent<OkxKeys> page)
    {
        foreach (var secret in OkxKeysTestHarness.SecretTexts)
        {
            page.Markup.ShouldNotContain(secret);
        }
        page.FindAll("input").Select(i => i.GetAttribute("value") ?? "").ShouldAllBe(v => !OkxKeysTestHarness.SecretTexts.Contains(v));
    }

    [Fact]
    public async Task SavingListsTheKeySetMaskedAndClearsTheFormSoNoSecretIsRenderedAgain()
    {
        var store = _harness.Start();
        var page = RenderPage(store);
        page.WaitForElement("#no-okx-keys");

        FillForm(page, "My demo", OkxKeysTestHarness.ApiKey, OkxKeysTestHarness.Secret, OkxKeysTestHarness.Passphrase);
        page.Find("#save-okx-keys").Click();

        page.WaitForElement("#okx-keys-table");
        var saved = (await store.ListAsync(Owner, Ct)).ShouldHaveSingleItem();
        (await store.GetCredentialsAsync(Owner, saved.Id, Ct))!.SecretKey.ShouldBe(OkxKeysTestHarness.Secret);
        var row = page.Find($"tr[data-keyset='{saved.Id}']");
        row.TextContent.ShouldContain("My demo");
        row.TextContent.ShouldContain("****4e3f");
        row.TextContent.ShouldContain("demo");
        row.TextContent.ShouldContain("not tested");
        page.FindAll("[data-field] input[type='password']").Count.ShouldBe(3);
        page.FindAll("[data-field] input").Where(i => i.GetAttribute("type") != "checkbox")
            .Select(i => i.GetAttribute("value") ?? "").ShouldAllBe(v => v.Length == 0);
        ShouldShowNoSecret(page);
    }

    [Fact]
    public async Task InvalidInputShowsTheMessageAtTheFieldAndSavesNothing()
    {
        var store = _harness.Start();
        var page = RenderPage(store);
        page.WaitForElement("#no-okx-keys");

        FillForm(page, "Bad", "short", OkxKeysTestHarness.Secret, "");
        page.Find("#save-okx-keys").Click();

        page.WaitForAssertion(() => page.Find("[data-field='apiKey']").TextContent.ShouldContain("API key must be 8 to 128 characters."));
        page.Find("[data-field='apiKey'] .mud-input-error").ShouldNotBeNull();
        page.Find("[data-field='passphrase']").TextContent.ShouldContain("Passphrase is required.");
        page.Find("[data-field='label']").TextContent.ShouldNotContain("required");
        page.Find("#no-okx-keys").ShouldNotBeNull();
        (await _harness.RawRowsAsync()).ShouldBeEmpty();
    }

    [Fact]
    public async Task TestConnectionShowsTheTestersResultOnTheRow()
    {
        var store = _harness.Start();
        var id = (await _harness.SaveAsync(store)).Saved!.Id;
        _harness.Tester.Result = OkxConnectionTestResult.Failure("OKX code 50111: Invalid OK-ACCESS-KEY.");
        var page = RenderPage(store);

        page.WaitForElement($"[data-test='{id}']").Click();

        page.WaitForAssertion(() => page.Find($"[data-test-result='{id}']").TextContent.ShouldContain("OKX code 50111: Invalid OK-ACCESS-KEY."));
        page.Find($"[data-test-result='{id}']").TextContent.ShouldContain("failed");
        _harness.Tester.Calls.ShouldHaveSingleItem().ApiKey.ShouldBe(OkxKeysTestHarness.ApiKey);

        _harness.Tester.Result = OkxConnectionTestResult.Success("Connected: balance read.");
        page.Find($"[data-test='{id}']").Click();

        page.WaitForAssertion(() => page.Find($"[data-test-result='{id}']").TextContent.ShouldContain("Connected: balance read."));
        page.Find($"[data-test-result='{id}']").TextContent.ShouldContain("ok");
        ShouldShowNoSecret(page);
    }

    [Fact]
    public async Task WithoutATesterTheButtonIsDisabledAndThePageSaysWhy()
    {
        var store = _harness.Start(withTester: false);
        var id = (await _harness.SaveAsync(store)).Saved!.Id;

        var page = RenderPage(store);

        page.WaitForElement($"[data-test='{id}']").HasAttribute("disabled").ShouldBeTrue();
        page.Find("#tester-unavailable").TextContent.ShouldContain(OkxKeyStore.NotAvailableMessage);
    }

    [Fact]
    public async Task TheListShowsOnlyTheSignedInUsersKeySets()
    {
        var store = _harness.Start();
        await _harness.SaveAsync(store, owner: OkxKeysTestHarness.OtherUser, label: "Someone else's");

        var page = RenderPage(store);

        page.WaitForElement("#no-okx-keys");
        page.Markup.ShouldNotContain("Someone else's");
    }

    [Fact]
    public async Task DeletingAsksForConfirmationFirst()
    {
        var store = _harness.Start();
        var id = (await _harness.SaveAsync(store)).Saved!.Id;
        var page = RenderPage(store);

        page.WaitForElement($"[data-delete='{id}']").Click();
        page.Find($"[data-cancel-delete='{id}']").Click();
        (await store.ListAsync(Owner, Ct)).Count.ShouldBe(1);

        page.Find($"[data-delete='{id}']").Click();
        page.Find($"tr[data-keyset='{id}']").TextContent.ShouldContain("Delete 'Main'?");
        page.Find($"[data-confirm-delete='{id}']").Click();

        page.WaitForElement("#no-okx-keys");
        (await store.ListAsync(Owner, Ct)).ShouldBeEmpty();
    }
}

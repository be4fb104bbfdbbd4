using System.Text.Json;
using BreakoutBot.Infrastructure.Credentials;
using BreakoutBot.Infrastructure.Exchanges.Okx;

namespace BreakoutBot.Tests.Infrastructure.Credentials;

public sealed class OkxKeyStoreTests : IAsyncDisposable
{
    private readonly OkxKeysTestHarness _harness = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask DisposeAsync() => _harness.DisposeAsync();

    private static void ShouldHoldNoSecret(string? text)
    {
        foreach (var secret in OkxKeysTestHarness.SecretTexts)
        {
            (text ?? "").ShouldNotContain(secret);
        }
    }

    [Fact]
    public async Task TheDatabaseRowHoldsNeitherTheApiKeyNorTheSecretNorThePassphrase()
    {
        var store = _harness.Start();

        var saved = await _harness.SaveAsync(store);

        saved.Succeeded.ShouldBeTrue(saved.Message);
        var rows = await _harness.RawRowsAsync();
        rows.Count.ShouldBe(1);
        ShouldHoldNoSecret(rows[0]);
        rows[0].ShouldContain("4e3f"); // the hint, the only readable part of the key
    }

    [Fact]
    public async Task TheOwnerListSummariesShowTheMaskedKeyAndDemoFlagButNoSecret()
    {
        var store = _harness.Start();
        await _harness.SaveAsync(store, label: "Demo account", isDemo: true);
        await store.SaveAsync(OkxKeysTestHarness.Owner, "Live", "ABCDEFGH12345678wxyz", "LIVESECRET123456", "live pass", isDemo: false, cancellationToken: Ct);

        var list = await store.ListAsync(OkxKeysTestHarness.Owner, Ct);

        list.Select(k => (k.Label, k.MaskedApiKey, k.IsDemo)).ShouldBe([("Demo account", "****4e3f", true), ("Live", "****wxyz", false)]);
        list.ShouldAllBe(k => k.LastTestedAt == null && k.LastTestOk == null);
        var json = JsonSerializer.Serialize(list);
        ShouldHoldNoSecret(json);
        json.ShouldNotContain("LIVESECRET123456");
    }

    [Fact]
    public async Task KeysSavedBeforeARestartDecryptAfterItWithTheSameKeyFolder()
    {
        var before = _harness.Start();
        var id = (await _harness.SaveAsync(before)).Saved!.Id;

        var after = _harness.Start();
        var credentials = await after.GetCredentialsAsync(OkxKeysTestHarness.Owner, id, Ct);

        credentials.ShouldNotBeNull();
        credentials.ApiKey.ShouldBe(OkxKeysTestHarness.ApiKey);
        credentials.SecretKey.ShouldBe(OkxKeysTestHarness.Secret);
        credentials.Passphrase.ShouldBe(OkxKeysTestHarness.Passphrase);
        credentials.IsDemo.ShouldBeTrue();
    }

    [Fact]
    public async Task TheKeyRingIsKeptInTheDataFolderByDefaultAndInTheConfiguredFolderOtherwise()
    {
        await _harness.SaveAsync(_harness.Start());
        Directory.GetFiles(Path.Combine(_harness.DataFolder, DataProtectionKeysOptions.DefaultFolderName), "*.xml").ShouldNotBeEmpty();

        var configured = Path.Combine(_harness.DataFolder, "elsewhere");
        await _harness.SaveAsync(_harness.Start(keysFolder: configured), label: "Second");
        Directory.GetFiles(configured, "*.xml").ShouldNotBeEmpty();
    }

    [Fact]
    public async Task KeysSavedWithAnotherKeyRingAreReportedAsUnreadableWithoutLeakingThem()
    {
        var id = (await _harness.SaveAsync(_harness.Start())).Saved!.Id;
        var strangerRing = _harness.Start(keysFolder: Path.Combine(_harness.DataFolder, "lost-and-recreated"));

        var ex = await Should.ThrowAsync<OkxKeysUnreadableException>(() => strangerRing.GetCredentialsAsync(OkxKeysTestHarness.Owner, id, Ct));

        ex.Message.ShouldContain("'Main' cannot be decrypted");
        ex.Message.ShouldContain("DataProtection:KeysFolder");
        ShouldHoldNoSecret(ex.ToString());
        var test = await strangerRing.TestConnectionAsync(OkxKeysTestHarness.Owner, id, cancellationToken: Ct);
        test.Ok.ShouldBeFalse();
        test.Message.ShouldContain("cannot be decrypted");
        _harness.Tester.Calls.ShouldBeEmpty();
    }

    [Fact]
    public async Task AnotherUserCannotListUseTestOrDeleteTheKeySet()
    {
        var store = _harness.Start();
        var id = (await _harness.SaveAsync(store)).Saved!.Id;
        const string other = OkxKeysTestHarness.OtherUser;

        (await store.ListAsync(other, Ct)).ShouldBeEmpty();
        (await store.GetCredentialsAsync(other, id, Ct)).ShouldBeNull();
        (await store.TestConnectionAsync(other, id, cancellationToken: Ct)).Ok.ShouldBeFalse();
        (await store.RecordTestResultAsync(other, id, OkxConnectionTestResult.Success("forged"), cancellationToken: Ct)).ShouldBeFalse();
        (await store.DeleteAsync(other, id, cancellationToken: Ct)).Status.ShouldBe(OkxKeyDeleteStatus.NotFound);

        _harness.Tester.Calls.ShouldBeEmpty();
        var mine = (await store.ListAsync(OkxKeysTestHarness.Owner, Ct)).ShouldHaveSingleItem();
        mine.LastTestOk.ShouldBeNull();
        _harness.Audit.Entries.Where(e => e.UserId == other).ShouldAllBe(e => !e.Success);
    }

    [Theory]
    [InlineData("", OkxKeysTestHarness.ApiKey, OkxKeysTestHarness.Secret, OkxKeysTestHarness.Passphrase, "label", "Label is required.")]
    [InlineData("Main", "", OkxKeysTestHarness.Secret, OkxKeysTestHarness.Passphrase, "apiKey", "API key is required.")]
    [InlineData("Main", "short", OkxKeysTestHarness.Secret, OkxKeysTestHarness.Passphrase, "apiKey", "API key must be 8 to 128 characters.")]
    [InlineData("Main", "3f1c2b7e 55aa 4c1d", OkxKeysTestHarness.Secret, OkxKeysTestHarness.Passphrase, "apiKey", "API key may contain only letters, digits and '-'")]
    [InlineData("Main", OkxKeysTestHarness.ApiKey, "  ", OkxKeysTestHarness.Passphrase, "secretKey", "Secret key is required.")]
    [InlineData("Main", OkxKeysTestHarness.ApiKey, "9A8B7C6D 5E4F3A2B", OkxKeysTestHarness.Passphrase, "secretKey", "Secret key must not contain spaces")]
    [InlineData("Main", OkxKeysTestHarness.ApiKey, OkxKeysTestHarness.Secret, "", "passphrase", "Passphrase is required.")]
    [InlineData("Main", OkxKeysTestHarness.ApiKey, OkxKeysTestHarness.Secret, " Corr3ct-Horse!", "passphrase", "Passphrase must not start or end with a space.")]
    public async Task InvalidInputIsRejectedAtItsFieldAndNothingIsWritten(string label, string apiKey, string secret, string passphrase, string field, string message)
    {
        var store = _harness.Start();

        var result = await store.SaveAsync(OkxKeysTestHarness.Owner, label, apiKey, secret, passphrase, isDemo: true, cancellationToken: Ct);

        result.Succeeded.ShouldBeFalse();
        result.ErrorFor(field).ShouldNotBeNull().ShouldStartWith(message);
        result.Errors.Count.ShouldBe(1);
        foreach (var typed in new[] { apiKey, secret, passphrase }.Where(t => t.Trim().Length > 0))
        {
            result.Message.ShouldNotContain(typed.Trim());
        }
        (await _harness.RawRowsAsync()).ShouldBeEmpty();
        _harness.Audit.Entries.ShouldHaveSingleItem().Success.ShouldBeFalse();
    }

    [Fact]
    public async Task EveryMissingFieldIsReportedAtOnce()
    {
        var result = await _harness.Start().SaveAsync(OkxKeysTestHarness.Owner, " ", null, null, null, isDemo: false, cancellationToken: Ct);

        result.Errors.Select(e => e.Field).ShouldBe(["label", "apiKey", "secretKey", "passphrase"]);
        (await _harness.RawRowsAsync()).ShouldBeEmpty();
    }

    [Fact]
    public async Task ALabelIsUniquePerOwnerIgnoringCaseButOtherUsersMayReuseIt()
    {
        var store = _harness.Start();
        await _harness.SaveAsync(store, label: "Main");

        var duplicate = await _harness.SaveAsync(store, label: "  MAIN ");
        var otherUser = await _harness.SaveAsync(store, owner: OkxKeysTestHarness.OtherUser, label: "Main");

        duplicate.ErrorFor("label").ShouldBe("You already have a key set named 'MAIN'; choose another label.");
        otherUser.Succeeded.ShouldBeTrue();
        (await _harness.RawRowsAsync()).Count.ShouldBe(2);
    }

    [Fact]
    public async Task TheOwnerDeletesTheirKeySetAndItsSecretsAreGone()
    {
        var store = _harness.Start();
        var id = (await _harness.SaveAsync(store)).Saved!.Id;

        (await store.DeleteAsync(OkxKeysTestHarness.Owner, id, cancellationToken: Ct)).Status.ShouldBe(OkxKeyDeleteStatus.Deleted);

        (await store.ListAsync(OkxKeysTestHarness.Owner, Ct)).ShouldBeEmpty();
        (await store.GetCredentialsAsync(OkxKeysTestHarness.Owner, id, Ct)).ShouldBeNull();
        (await _harness.RawRowsAsync()).ShouldBeEmpty();
    }

    [Fact]
    public async Task TestingPassesTheDecryptedKeysToTheTesterAndRecordsTheResult()
    {
        var store = _harness.Start();
        var id = (await _harness.SaveAsync(store)).Saved!.Id;
        _harness.Time.Advance(TimeSpan.FromMinutes(5));
        _harness.Tester.Result = OkxConnectionTestResult.Failure("OKX code 50113: Invalid sign.");

        var result = await store.TestConnectionAsync(OkxKeysTestHarness.Owner, id, cancellationToken: Ct);

        result.ShouldBe(OkxConnectionTestResult.Failure("OKX code 50113: Invalid sign."));
        var given = _harness.Tester.Calls.ShouldHaveSingleItem();
        (given.ApiKey, given.SecretKey, given.Passphrase, given.IsDemo).ShouldBe((OkxKeysTestHarness.ApiKey, OkxKeysTestHarness.Secret, OkxKeysTestHarness.Passphrase, true));
        var listed = (await store.ListAsync(OkxKeysTestHarness.Owner, Ct)).ShouldHaveSingleItem();
        listed.LastTestOk.ShouldBe(false);
        listed.LastTestMessage.ShouldBe("OKX code 50113: Invalid sign.");
        listed.LastTestedAt.ShouldBe(new DateTimeOffset(2026, 3, 1, 12, 5, 0, TimeSpan.Zero));
    }

    [Fact]
    public async Task ASecretEchoedByTheTesterIsMaskedBeforeItIsStoredOrReturned()
    {
        var store = _harness.Start();
        var id = (await _harness.SaveAsync(store)).Saved!.Id;
        _harness.Tester.Throw = new HttpRequestException($"signing with {OkxKeysTestHarness.Secret} and {OkxKeysTestHarness.Passphrase} failed");

        var result = await store.TestConnectionAsync(OkxKeysTestHarness.Owner, id, cancellationToken: Ct);

        result.Ok.ShouldBeFalse();
        result.Message.ShouldContain("HttpRequestException");
        result.Message.ShouldContain("signing with **** and **** failed");
        ShouldHoldNoSecret(result.Message);
        ShouldHoldNoSecret((await store.ListAsync(OkxKeysTestHarness.Owner, Ct))[0].LastTestMessage);
        ShouldHoldNoSecret(string.Join("\n", await _harness.RawRowsAsync()));
    }

    [Fact]
    public async Task WithoutATesterTheTestSaysItIsNotAvailableAndRecordsNothing()
    {
        var store = _harness.Start(withTester: false);
        var id = (await _harness.SaveAsync(store)).Saved!.Id;

        store.CanTestConnections.ShouldBeFalse();
        var result = await store.TestConnectionAsync(OkxKeysTestHarness.Owner, id, cancellationToken: Ct);

        result.ShouldBe(OkxConnectionTestResult.Failure(OkxKeyStore.NotAvailableMessage));
        (await store.ListAsync(OkxKeysTestHarness.Owner, Ct))[0].LastTestedAt.ShouldBeNull();
    }

    [Fact]
    public async Task SavesTestsAndDeletesAreAuditedWithoutAnySecretAndNothingSecretIsLogged()
    {
        var store = _harness.Start();
        var id = (await _harness.SaveAsync(store)).Saved!.Id;
        await store.TestConnectionAsync(OkxKeysTestHarness.Owner, id, "alice", Ct);
        await store.DeleteAsync(OkxKeysTestHarness.Owner, id, "alice", Ct);

        _harness.Audit.Entries.Select(e => (e.Action, e.Success)).ShouldBe(
            [(OkxKeyAuditActions.Saved, true), (OkxKeyAuditActions.Tested, true), (OkxKeyAuditActions.Deleted, true)]);
        _harness.Audit.Entries.ShouldAllBe(e => e.UserId == OkxKeysTestHarness.Owner && e.Target == "okx-keys/" + id.ToString("D"));
        _harness.Audit.Entries[0].Details.ShouldBe("'Main' ****4e3f (demo)");
        foreach (var entry in _harness.Audit.Entries)
        {
            ShouldHoldNoSecret(entry.ToString());
        }
        _harness.Logs.Messages.ShouldNotBeEmpty();
        ShouldHoldNoSecret(string.Join("\n", _harness.Logs.Messages));
    }
}

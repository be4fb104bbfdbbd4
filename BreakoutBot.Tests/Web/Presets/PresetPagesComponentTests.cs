using BreakoutBot.Domain.Abstractions;
using BreakoutBot.Domain.Constants;
using BreakoutBot.Domain.Presets;
using BreakoutBot.Infrastructure.Engines;
using BreakoutBot.Infrastructure.Presets;
using BreakoutBot.Tests.TestSupport;
using BreakoutBot.Web.Components.Pages.Presets;
using BreakoutBot.Web.Components.Pages.Presets.Components;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace BreakoutBot.Tests.Web.Presets;

public sealed class PresetPagesComponentTests : BunitTest
{
    private readonly RecordingPresetStore _store = new();
    private readonly EngineRegistry _registry = new(NullLoggerFactory.Instance, TimeProvider.System, new NullEngineEventSink());

    public PresetPagesComponentTests()
    {
        Services.AddSingleton<IPresetStore>(_store);
        AddEngineServices(_registry);
    }

    private IRenderedComponent<PresetEdit> RenderEditor(string role, string preset = "breakout_v1")
    {
        SignIn("alice", role);
        // Over the portal's circuit (prerendered, the editor's inputs are disabled: PresetRouteTests).
        SetRendererInfo(new RendererInfo("Server", isInteractive: true));
        var page = Render<PresetEdit>(p => p.Add(c => c.Name, preset));
        return page;
    }

    private static void Type(IRenderedComponent<PresetEdit> page, string path, string value) =>
        page.Find($"[data-field='{path}'] input").Change(value);

    [Fact]
    public void TheFormIsGroupedLikeThePresetModel()
    {
        var page = RenderEditor(Roles.Admin);

        page.WaitForAssertion(() => page.FindAll("[data-section]").Select(s => s.GetAttribute("data-section")).ShouldBe(
            ["risk", "liquidity_filters", "volatility_filters", "signal_config", "position_config", "scanner_config", "execution_config", "levels_rules"]));
        page.Find("[data-field='risk.risk_per_trade'] input").GetAttribute("value").ShouldBe("0.015");
        page.Find("#save-preset").HasAttribute("disabled").ShouldBeFalse();
    }

    [Fact]
    public void AnOutOfRangeValueShowsTheValidatorsMessageAtTheFieldAndSaveDoesNotCallTheStore()
    {
        var page = RenderEditor(Roles.Admin);
        page.WaitForElement("[data-field='risk.risk_per_trade'] input");

        Type(page, "risk.risk_per_trade", "1.5");

        // The field validates as it re-renders: wait (with the deadline) for the message, not a fixed moment.
        page.WaitForAssertion(() => page.Find("[data-field='risk.risk_per_trade']").TextContent.ShouldContain("risk.risk_per_trade must be in (0, 1]; got 1.5."));
        var field = page.Find("[data-field='risk.risk_per_trade']");
        field.QuerySelector(".mud-input-error").ShouldNotBeNull();
        page.Find("#save-preset").HasAttribute("disabled").ShouldBeTrue();
        page.Find("#invalid-note").TextContent.ShouldContain("to fix before saving");

        page.Find("#save-preset").Click();

        _store.Saves.ShouldBeEmpty();
    }

    [Fact]
    public void AFieldThatMayBeLeftEmptySaysWhatEmptyMeansAndARequiredOneDoesNot()
    {
        // Clearing "Maximum position size (USD)" saved "60000 → null" with no word that null means no cap.
        var page = RenderEditor(Roles.Admin);
        page.WaitForElement("[data-field='risk.max_position_size_usd'] input");

        page.Find("[data-field='risk.max_position_size_usd'] .mud-input-helper-text").TextContent.ShouldBe("risk.max_position_size_usd; empty: no cap beyond risk sizing");
        page.Find("[data-field='position_config.time_stop_minutes'] .mud-input-helper-text").TextContent.ShouldBe("position_config.time_stop_minutes; empty: no time stop");
        page.Find("[data-field='scanner_config.symbol_whitelist'] .mud-input-helper-text").TextContent.ShouldBe("scanner_config.symbol_whitelist (comma-separated); empty: every symbol");
        page.Find("[data-field='risk.risk_per_trade'] .mud-input-helper-text").TextContent.ShouldBe("risk.risk_per_trade");
    }

    [Fact]
    public void TextThatIsNotANumberIsReportedAtItsField()
    {
        var page = RenderEditor(Roles.Admin);
        page.WaitForElement("[data-field='execution_config.twap_min_slices'] input");

        Type(page, "levels_rules.donchian_periods", "10, twenty");

        page.WaitForAssertion(() => page.Find("[data-field='levels_rules.donchian_periods']").TextContent.ShouldContain("\"twenty\" is not a number"));
        page.Find("#save-preset").HasAttribute("disabled").ShouldBeTrue();
    }

    [Fact]
    public async Task FixingTheValueAllowsSavingAndTheStoreGetsTheEditedPresetBasedOnTheOpenedVersion()
    {
        var page = RenderEditor(Roles.Admin);
        await page.WaitForElementAsync("[data-field='risk.risk_per_trade'] input");
        Type(page, "risk.risk_per_trade", "1.5");

        Type(page, "risk.risk_per_trade", "0.01");
        // The field re-validates as it re-renders: wait (with the deadline) for the error to go, not a fixed moment.
        await page.WaitForAssertionAsync(() => page.Find("[data-field='risk.risk_per_trade']").TextContent.ShouldNotContain("must be"));
        page.Find("#save-preset").Click();

        await page.WaitForAssertionAsync(() => _store.Saves.Count.ShouldBe(1));
        _store.Saves[0].Name.ShouldBe("breakout_v1");
        _store.Saves[0].Preset.Risk.RiskPerTrade.ShouldBe(0.01);
        _store.Saves[0].BasedOn.ShouldBe(1);
        Services.GetRequiredService<NavigationManager>().Uri.ShouldEndWith("/presets/breakout_v1");
    }

    [Fact]
    public void ACrossFieldRuleIsShownAtTheFieldItNames()
    {
        var page = RenderEditor(Roles.Admin);
        page.WaitForElement("[data-field='position_config.tp2_r'] input");

        Type(page, "position_config.tp2_r", "1");

        page.Find("[data-field='position_config.tp2_r']").TextContent.ShouldContain("position_config.tp2_r must be > position_config.tp1_r");
    }

    [Fact]
    public void AViewerOpeningTheEditorGetsNoEditControls()
    {
        var page = RenderEditor(Roles.Viewer);

        page.WaitForElement("#read-only");
        page.FindAll("input").ShouldBeEmpty();
        page.FindAll("#save-preset").ShouldBeEmpty();
    }

    [Fact]
    public void AViewerSeesTheListAndAPresetWithoutEditCloneRestoreOrApply()
    {
        SignIn("victor", Roles.Viewer);

        var list = Render<PresetList>();
        list.WaitForElement("#presets-table");
        list.FindAll("[data-preset]").Count.ShouldBe(BreakoutBot.Domain.Presets.PresetCatalog.Names.Count);
        list.FindAll("[data-edit], [data-clone]").ShouldBeEmpty();

        var view = Render<PresetView>(p => p.Add(c => c.Name, "breakout_v1"));
        view.WaitForElement("#history-table");
        view.FindAll("#edit-preset, #clone-preset, #apply-preset, [data-restore]").ShouldBeEmpty();
        view.Find("#read-only").ShouldNotBeNull();
    }

    [Fact]
    public async Task ATraderSeesEditCloneApplyAndDeleteOnTheirOwnPreset()
    {
        _store.AddOwned("alice_fast", "alice", "alice@example.com");
        SignIn("alice", Roles.Trader);

        var view = Render<PresetView>(p => p.Add(c => c.Name, "alice_fast"));

        await view.WaitForElementAsync("#edit-preset");
        view.FindAll("#clone-preset, #apply-preset, #delete-preset").Count.ShouldBe(3);
        view.Find("#preset-owner").TextContent.ShouldContain("alice@example.com");
        view.FindAll("#read-only").ShouldBeEmpty();
    }

    [Theory]
    [InlineData("breakout_v1", "built-in preset; only Admins may change it")]
    [InlineData("bobs_preset", "belongs to bob@example.com; only its owner or an Admin may change it")]
    public async Task ATraderMayCloneButNotEditOrDeleteABuiltInPresetOrAnotherTradersOne(string preset, string reason)
    {
        _store.AddOwned("bobs_preset", "bob", "bob@example.com");
        SignIn("alice", Roles.Trader);

        var view = Render<PresetView>(p => p.Add(c => c.Name, preset));
        await view.WaitForElementAsync("#clone-preset");
        view.FindAll("#edit-preset, #delete-preset, [data-restore]").ShouldBeEmpty();
        view.Find("#read-only").TextContent.ShouldContain(reason);

        var list = Render<PresetList>();
        await list.WaitForElementAsync("#presets-table");
        list.FindAll($"[data-edit='{preset}']").ShouldBeEmpty();
        list.FindAll($"[data-clone='{preset}']").Count.ShouldBe(1);

        var editor = Render<PresetEdit>(p => p.Add(c => c.Name, preset));
        (await editor.WaitForElementAsync("#read-only")).TextContent.ShouldContain(reason);
        editor.FindAll("input").ShouldBeEmpty();
        editor.FindAll("#save-preset").ShouldBeEmpty();
    }

    [Theory]
    [InlineData(1, " of 1 engine;")]
    [InlineData(2, " of 2 engines;")]
    public async Task ApplyingSaysHowManyEnginesInWordsNotEngineS(int engines, string text)
    {
        for (var i = 1; i <= engines; i++)
        {
            _registry.Create("alice", $"Alice's engine {i}", "breakout_v1", new EngineCreateOptions { Bars = 600, WarmupBars = 300 });
        }
        SignIn("alice", Roles.Trader);
        var view = Render<PresetView>(p => p.Add(c => c.Name, "breakout_v1"));

        await (await view.WaitForElementAsync("#apply-preset")).ClickAsync(new());

        // The engines here cannot load the test store's version (each says so in its own snackbar): only the count's words matter.
        var snackbar = Services.GetRequiredService<MudBlazor.ISnackbar>();
        var applied = snackbar.ShownSnackbars.Select(s => s.Message ?? "").Where(m => m.StartsWith("Applied 'breakout_v1' v", StringComparison.Ordinal));
        applied.ShouldHaveSingleItem().ShouldContain(text, Case.Sensitive);
    }

    [Fact]
    public async Task AnAdminMayEditABuiltInPresetAndAnotherUsersOne()
    {
        _store.AddOwned("bobs_preset", "bob", "bob@example.com");
        SignIn("ada", Roles.Admin);

        var list = Render<PresetList>();
        await list.WaitForElementAsync("#presets-table");

        list.FindAll("[data-edit='breakout_v1'], [data-edit='bobs_preset']").Count.ShouldBe(2);
    }

    [Fact]
    public async Task AViewerSeesEachPresetsOwnerByNameNeverById()
    {
        _store.AddOwned("bobs_preset", "bob-7f3c", "bob@example.com");
        SignIn("victor", Roles.Viewer);

        var list = Render<PresetList>();
        await list.WaitForElementAsync("#presets-table");

        list.Find("[data-owner='bobs_preset']").TextContent.Trim().ShouldBe("bob@example.com");
        list.Find("[data-owner='breakout_v1']").TextContent.Trim().ShouldBe("built-in");
        list.Markup.ShouldNotContain("bob-7f3c");
        var view = Render<PresetView>(p => p.Add(c => c.Name, "bobs_preset"));
        (await view.WaitForElementAsync("#preset-owner")).TextContent.ShouldContain("bob@example.com");
        view.Markup.ShouldNotContain("bob-7f3c");
    }

    [Theory]
    [InlineData("risk.risk_per_trade", "1e400")]
    [InlineData("risk.max_position_size_usd", "1e400")]
    [InlineData("risk.max_concurrent_positions", "3000000000")]
    public void ANumberTooLargeForItsFieldIsOutOfRangeInTheEditorWithoutAGarbledNumber(string path, string text)
    {
        var form = new PresetForm(PresetCatalog.Get("breakout_v1"));
        form.Sections.SelectMany(s => s.Fields).Single(f => f.Path == path).Text = text;

        form.Validate().ShouldBeFalse();

        var message = form.ErrorFor(path);
        message.ShouldNotBeNull();
        message.ShouldStartWith(path + " is out of range for this field");
        message.ShouldNotContain("E+");
        message.ShouldNotContain("Infinity");
    }

    [Fact]
    public void AnEmptiedRequiredNumberDoesNotHideTheOtherFieldsProblems()
    {
        var form = new PresetForm(PresetCatalog.Get("breakout_v1"));
        var fields = form.Sections.SelectMany(s => s.Fields).ToDictionary(f => f.Path);
        fields["risk.max_concurrent_positions"].Text = "";
        fields["risk.risk_per_trade"].Text = "5";
        fields["risk.max_leverage"].Text = "0";

        form.Validate().ShouldBeFalse();

        form.ErrorFor("risk.max_concurrent_positions").ShouldNotBeNull();
        form.ErrorFor("risk.risk_per_trade").ShouldBe("risk.risk_per_trade must be in (0, 1]; got 5.");
        form.ErrorFor("risk.max_leverage").ShouldNotBeNull();
        form.Errors.Count.ShouldBe(3, "the editor's count says how many problems there are");
        form.Preset.ShouldBeNull();
    }

    [Fact]
    public void EveryKeyAPresetHasHasALabelOfItsOwnAndEveryLabelAKey()
    {
        // Every shipped preset, and one weighting every score component (the weights are the only keys a preset may leave out).
        var presets = PresetCatalog.Names.Select(PresetCatalog.Get).ToList();
        var all = presets[0];
        presets.Add(all with { ScannerConfig = all.ScannerConfig with { ScoreWeights = ScoreComponents.All.ToDictionary(c => c, _ => 1d / ScoreComponents.All.Count) } });

        var paths = presets.SelectMany(p => new PresetForm(p).Sections.SelectMany(s => s.Fields)).Select(f => f.Path).ToHashSet(StringComparer.Ordinal);

        paths.Where(p => !PresetLabels.Has(p)).ShouldBeEmpty("a preset key without a label (add it to PresetLabels)");
        PresetLabels.Paths.Where(p => !paths.Contains(p)).ShouldBeEmpty("a label for a key no preset has");
        paths.Select(PresetLabels.For).Distinct(StringComparer.Ordinal).Count().ShouldBe(paths.Count, "two fields with the same label");
    }

    [Theory]
    [InlineData("liquidity_filters.min_oi_usd", "Minimum open interest (USD)")]
    [InlineData("liquidity_filters.min_depth_usd_0_5pct", "Minimum depth within 0.5 % (USD)")]
    [InlineData("execution_config.twap_min_slices", "TWAP minimum slices")]
    [InlineData("risk.flatten_on_kill_switch", "Close every position when the kill switch fires")]
    public void TheEditorLabelsAFieldInWordsAndKeepsItsJsonKeyBeside(string path, string label)
    {
        var page = RenderEditor(Roles.Admin);
        page.WaitForElement($"[data-field='{path}']");

        var field = page.Find($"[data-field='{path}']");
        field.QuerySelector("label")!.TextContent.Trim().ShouldBe(label);
        field.TextContent.ShouldContain(path, Case.Sensitive, "the JSON key, to match the preset file and the docs");
        field.GetAttribute("title").ShouldBe(path);
    }

    protected override async ValueTask DisposeAsyncCore()
    {
        await base.DisposeAsyncCore();
        _registry.Dispose();
    }
}

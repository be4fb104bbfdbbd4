using System.Security.Claims;
using BreakoutBot.Domain.Abstractions;
using BreakoutBot.Domain.Constants;
using BreakoutBot.Infrastructure.Engines;
using BreakoutBot.Infrastructure.Presets;
using BreakoutBot.Web.Components.Pages.Presets;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using MudBlazor.Services;

namespace BreakoutBot.Tests.Web.Presets;

public sealed class PresetPagesComponentTests : IAsyncDisposable
{
    private readonly BunitContext _ctx = new();
    private readonly RecordingPresetStore _store = new();
    private readonly EngineRegistry _registry = new(NullLoggerFactory.Instance, TimeProvider.System, new NullEngineEventSink());

    public PresetPagesComponentTests()
    {
        _ctx.JSInterop.Mode = JSRuntimeMode.Loose;
        _ctx.Services.AddMudServices(o =>
        {
            o.PopoverOptions.CheckForPopoverProvider = false;
            o.SnackbarConfiguration.ShowTransitionDuration = 0;
            o.SnackbarConfiguration.HideTransitionDuration = 0;
        });
        _ctx.Services.AddSingleton<IPresetStore>(_store);
        _ctx.Services.AddSingleton(_registry);
        _ctx.Services.AddSingleton<IAuditLog>(new LoggingAuditLog(NullLogger<LoggingAuditLog>.Instance));
        _ctx.Services.AddSingleton<EngineCommandService>();
    }

    private void SignIn(string userId, string role)
    {
        var auth = _ctx.AddAuthorization();
        auth.SetAuthorized(userId);
        auth.SetRoles(role);
        auth.SetClaims(new Claim(ClaimTypes.NameIdentifier, userId));
    }

    private IRenderedComponent<PresetEdit> RenderEditor(string role, string preset = "breakout_v1")
    {
        SignIn("alice", role);
        var page = _ctx.Render<PresetEdit>(p => p.Add(c => c.Name, preset));
        return page;
    }

    private static void Type(IRenderedComponent<PresetEdit> page, string path, string value) =>
        page.Find($"[data-field='{path}'] input").Change(value);

    [Fact]
    public void TheFormIsGroupedLikeThePresetModel()
    {
        var page = RenderEditor(Roles.Trader);

        page.WaitForAssertion(() => page.FindAll("[data-section]").Select(s => s.GetAttribute("data-section")).ShouldBe(
            ["risk", "liquidity_filters", "volatility_filters", "signal_config", "position_config", "scanner_config", "execution_config", "levels_rules"]));
        page.Find("[data-field='risk.risk_per_trade'] input").GetAttribute("value").ShouldBe("0.015");
        page.Find("#save-preset").HasAttribute("disabled").ShouldBeFalse();
    }

    [Fact]
    public void AnOutOfRangeValueShowsTheValidatorsMessageAtTheFieldAndSaveDoesNotCallTheStore()
    {
        var page = RenderEditor(Roles.Trader);
        page.WaitForElement("[data-field='risk.risk_per_trade'] input");

        Type(page, "risk.risk_per_trade", "1.5");

        var field = page.Find("[data-field='risk.risk_per_trade']");
        field.TextContent.ShouldContain("risk.risk_per_trade must be in (0, 1]; got 1.5.");
        field.QuerySelector(".mud-input-error").ShouldNotBeNull();
        page.Find("#save-preset").HasAttribute("disabled").ShouldBeTrue();
        page.Find("#invalid-note").TextContent.ShouldContain("to fix before saving");

        page.Find("#save-preset").Click();

        _store.Saves.ShouldBeEmpty();
    }

    [Fact]
    public void TextThatIsNotANumberIsReportedAtItsField()
    {
        var page = RenderEditor(Roles.Trader);
        page.WaitForElement("[data-field='execution_config.twap_min_slices'] input");

        Type(page, "levels_rules.donchian_periods", "10, twenty");

        page.Find("[data-field='levels_rules.donchian_periods']").TextContent.ShouldContain("\"twenty\" is not a number");
        page.Find("#save-preset").HasAttribute("disabled").ShouldBeTrue();
    }

    [Fact]
    public void FixingTheValueAllowsSavingAndTheStoreGetsTheEditedPresetBasedOnTheOpenedVersion()
    {
        var page = RenderEditor(Roles.Trader);
        page.WaitForElement("[data-field='risk.risk_per_trade'] input");
        Type(page, "risk.risk_per_trade", "1.5");

        Type(page, "risk.risk_per_trade", "0.01");
        page.Find("[data-field='risk.risk_per_trade']").TextContent.ShouldNotContain("must be");
        page.Find("#save-preset").Click();

        page.WaitForAssertion(() => _store.Saves.Count.ShouldBe(1));
        _store.Saves[0].Name.ShouldBe("breakout_v1");
        _store.Saves[0].Preset.Risk.RiskPerTrade.ShouldBe(0.01);
        _store.Saves[0].BasedOn.ShouldBe(1);
        _ctx.Services.GetRequiredService<NavigationManager>().Uri.ShouldEndWith("/presets/breakout_v1");
    }

    [Fact]
    public void ACrossFieldRuleIsShownAtTheFieldItNames()
    {
        var page = RenderEditor(Roles.Trader);
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

        var list = _ctx.Render<PresetList>();
        list.WaitForElement("#presets-table");
        list.FindAll("[data-preset]").Count.ShouldBe(BreakoutBot.Domain.Presets.PresetCatalog.Names.Count);
        list.FindAll("[data-edit], [data-clone]").ShouldBeEmpty();

        var view = _ctx.Render<PresetView>(p => p.Add(c => c.Name, "breakout_v1"));
        view.WaitForElement("#history-table");
        view.FindAll("#edit-preset, #clone-preset, #apply-preset, [data-restore]").ShouldBeEmpty();
        view.Find("#read-only").ShouldNotBeNull();
    }

    [Fact]
    public void ATraderSeesEditCloneAndApplyOnAPreset()
    {
        SignIn("alice", Roles.Trader);

        var view = _ctx.Render<PresetView>(p => p.Add(c => c.Name, "breakout_v1"));

        view.WaitForElement("#edit-preset");
        view.FindAll("#clone-preset, #apply-preset").Count.ShouldBe(2);
        view.Find("[data-version='1']").TextContent.ShouldContain("Shipped preset.");
    }

    public async ValueTask DisposeAsync()
    {
        await _ctx.DisposeAsync();
        _registry.Dispose();
    }
}

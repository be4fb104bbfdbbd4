using System.Security.Claims;
using System.Text.Json;
using BreakoutBot.Domain.Presets;
using BreakoutBot.Infrastructure.Engines;
using BreakoutBot.Infrastructure.Presets;

namespace BreakoutBot.Web.Api;

/// <summary>
/// <c>/api/v1/presets</c>: list, get, versions, create (from another preset), update (validated; errors name the
/// preset's field, e.g. <c>risk.risk_per_trade</c>), restore a version and delete. The preset store checks role and
/// owner and audit-logs every write, as for the pages; writes need the control scope.
/// </summary>
public static class PresetApi
{
    public static RouteGroupBuilder MapPresetApi(this RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        var presets = api.MapGroup("/presets").WithTags("Presets");
        presets.MapGet("/", ListAsync).WithName("ListPresets").WithSummary("Every preset with its latest version and owner").Produces<IReadOnlyList<PresetSummary>>();
        presets.MapGet("/{name}", GetAsync).WithName("GetPreset").WithSummary("The latest version of a preset").Produces<PresetDto>();
        presets.MapGet("/{name}/versions", VersionsAsync).WithName("ListPresetVersions").WithSummary("Every version, newest first").Produces<IReadOnlyList<PresetVersionInfo>>();
        presets.MapGet("/{name}/versions/{version:int}", GetVersionAsync).WithName("GetPresetVersion").WithSummary("One version of a preset").Produces<PresetDto>();
        presets.MapPost("/", CreateAsync).RequireAuthorization(ApiAuthentication.ControlPolicy).WithName("CreatePreset")
            .WithSummary("Create a preset as a copy of another, optionally with edited content").Produces<PresetSavedDto>(StatusCodes.Status201Created).ProducesValidationProblem();
        presets.MapPut("/{name}", UpdateAsync).RequireAuthorization(ApiAuthentication.ControlPolicy).WithName("UpdatePreset")
            .WithSummary("Save new content as the next version").Produces<PresetSavedDto>().ProducesValidationProblem();
        presets.MapPost("/{name}/versions/{version:int}/restore", RestoreAsync).RequireAuthorization(ApiAuthentication.ControlPolicy).WithName("RestorePresetVersion")
            .WithSummary("Save an old version's content as the newest version").Produces<PresetSavedDto>();
        presets.MapDelete("/{name}", DeleteAsync).RequireAuthorization(ApiAuthentication.ControlPolicy).WithName("DeletePreset")
            .WithSummary("Delete a preset no engine uses");
        return api;
    }

    private static async Task<IResult> ListAsync(IPresetStore store, CancellationToken cancellationToken) =>
        TypedResults.Ok(await store.ListAsync(cancellationToken));

    private static async Task<IResult> GetAsync(string name, IPresetStore store, CancellationToken cancellationToken) =>
        await store.GetLatestAsync(name, cancellationToken) is { } v ? TypedResults.Ok(PresetDto.From(v)) : ApiProblems.NotFound($"There is no preset '{name}'.");

    private static async Task<IResult> GetVersionAsync(string name, int version, IPresetStore store, CancellationToken cancellationToken) =>
        await store.GetVersionAsync(name, version, cancellationToken) is { } v ? TypedResults.Ok(PresetDto.From(v)) : ApiProblems.NotFound($"Preset '{name}' has no version {version}.");

    private static async Task<IResult> VersionsAsync(string name, IPresetStore store, CancellationToken cancellationToken)
    {
        var versions = await store.HistoryAsync(name, cancellationToken);
        return versions.Count == 0 ? ApiProblems.NotFound($"There is no preset '{name}'.") : TypedResults.Ok(versions);
    }

    private static async Task<IResult> CreateAsync(CreatePresetRequest request, IPresetStore store, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var errors = new List<(string, string)>();
        if (string.IsNullOrWhiteSpace(request.Name))
        {
            errors.Add(("name", "Give the new preset a name."));
        }
        if (string.IsNullOrWhiteSpace(request.From))
        {
            errors.Add(("from", "Name the preset to copy (e.g. breakout_v1)."));
        }
        TradingPreset? edited = null;
        if (request.Preset is { ValueKind: not JsonValueKind.Undefined and not JsonValueKind.Null } json)
        {
            var parsed = Parse(json, out var parseErrors);
            errors.AddRange(parseErrors);
            edited = parsed;
        }
        if (errors.Count > 0)
        {
            return ApiProblems.Invalid(errors);
        }
        var result = await store.CloneAsync(user, request.From!.Trim(), request.Name!.Trim(), edited, cancellationToken);
        return result.Success
            ? TypedResults.Created($"/api/v1/presets/{Uri.EscapeDataString(request.Name.Trim())}", new PresetSavedDto(request.Name.Trim(), result.Version, result.Message))
            // The copy is named by the request's 'name', so an error about the preset's name is that field's.
            : FromResult(result, nameField: "name");
    }

    private static async Task<IResult> UpdateAsync(string name, UpdatePresetRequest request, IPresetStore store, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        if (request.Preset is not { ValueKind: JsonValueKind.Object } json)
        {
            return ApiProblems.Invalid("preset", "Send the preset's content as a JSON object (as GET returns it in 'preset').");
        }
        var preset = Parse(json, out var errors);
        if (preset is null)
        {
            return ApiProblems.Invalid(errors);
        }
        if (!string.Equals(preset.Name, name, StringComparison.Ordinal))
        {
            return ApiProblems.Invalid("preset.name", $"The preset's name must stay '{name}'; create a new preset to rename it.");
        }
        var result = await store.SaveAsync(user, name, preset, request.BasedOnVersion, cancellationToken);
        return result.Success ? TypedResults.Ok(new PresetSavedDto(name, result.Version, result.Message)) : FromResult(result);
    }

    private static async Task<IResult> RestoreAsync(string name, int version, IPresetStore store, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var result = await store.RestoreAsync(user, name, version, cancellationToken);
        return result.Success ? TypedResults.Ok(new PresetSavedDto(name, result.Version, result.Message)) : FromResult(result);
    }

    private static async Task<IResult> DeleteAsync(string name, IPresetStore store, EngineCommandService engines, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var result = await store.DeleteAsync(user, name, engines.EnginesUsingPreset(name), cancellationToken);
        return result.Success ? TypedResults.NoContent() : FromResult(result);
    }

    private static TradingPreset? Parse(JsonElement json, out List<(string Field, string Message)> errors)
    {
        var result = PresetSerializer.DeserializeAndValidate(json.GetRawText());
        errors = result.Errors.Select(e => (FieldOf(e), e.Message)).ToList();
        return result.IsSuccess ? result.Preset : null;
    }

    /// <summary>The request field of a preset error: <c>preset.risk.risk_per_trade</c>, or <c>preset</c> for the whole document.</summary>
    private static string FieldOf(PresetError error)
    {
        var field = error.Field.TrimStart('$', '.');
        return field.Length == 0 ? "preset" : "preset." + field;
    }

    private static IResult FromResult(PresetSaveResult result, string? nameField = null) => result.Status switch
    {
        PresetSaveStatus.Invalid => ApiProblems.Invalid(result.Errors.Select(e =>
            (nameField is not null && FieldOf(e) == "preset.name" ? nameField : FieldOf(e), e.Message))),
        PresetSaveStatus.Forbidden => ApiProblems.Forbidden(result.Message),
        PresetSaveStatus.NotFound => ApiProblems.NotFound(result.Message),
        _ => ApiProblems.Conflict(result.Message),
    };
}

/// <summary>A preset version: its content in the original bot's JSON format (snake_case) under <c>preset</c>.</summary>
public sealed record PresetDto(string Name, int Version, string? CreatedBy, DateTimeOffset CreatedAt, string? ChangeSummary, JsonElement Preset)
{
    public static PresetDto From(PresetVersion version)
    {
        ArgumentNullException.ThrowIfNull(version);
        using var document = JsonDocument.Parse(version.Json);
        return new(version.Name, version.Version, version.CreatedBy, version.CreatedAt, version.ChangeSummary, document.RootElement.Clone());
    }
}

/// <summary>Create a preset named <c>name</c> as a copy of <c>from</c>; <c>preset</c>, when given, is the edited content.</summary>
public sealed record CreatePresetRequest(string? Name, string? From, JsonElement? Preset = null);

/// <summary>New content for a preset; with <c>basedOnVersion</c>, refused (409) when someone saved a newer version since.</summary>
public sealed record UpdatePresetRequest(JsonElement? Preset, int? BasedOnVersion = null);

/// <summary>The version a write saved.</summary>
public sealed record PresetSavedDto(string Name, int? Version, string Message);

using System.Runtime.CompilerServices;
using System.Text.Json;
using BreakoutBot.Domain.Engine;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace BreakoutBot.Web.Api;

/// <summary>
/// The status route's hot path: each cached <see cref="EngineStatus"/> snapshot is serialised once (as
/// <see cref="EngineStatusDto"/>), the first time it is asked for, and the same UTF-8 bytes are served until the status cache holds a new snapshot.
/// </summary>
public sealed class ApiStatusCache(IOptions<JsonOptions> json)
{
    private readonly ConditionalWeakTable<EngineStatus, byte[]> _bytes = [];
    private readonly JsonSerializerOptions _options = json.Value.SerializerOptions;

    public IResult Ok(EngineStatus status)
    {
        ArgumentNullException.ThrowIfNull(status);
        var bytes = _bytes.GetValue(status, s => JsonSerializer.SerializeToUtf8Bytes(EngineStatusDto.From(s), _options));
        return TypedResults.Bytes(bytes, "application/json; charset=utf-8");
    }
}

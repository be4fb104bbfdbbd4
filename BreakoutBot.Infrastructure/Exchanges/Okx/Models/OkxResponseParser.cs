using System.Globalization;
using System.Text.Json;

namespace BreakoutBot.Infrastructure.Exchanges.Okx.Models;

/// <summary>
/// Reads OKX REST responses: the envelope <c>{code, msg, data}</c> (where <c>code</c> may be a JSON number, as on the
/// 404 page, and <c>data</c> may be missing, as on 401/429 bodies) and the per-item <c>sCode</c>/<c>sMsg</c> of trade
/// endpoints. Every failure, including an unreadable body, comes back as an <see cref="OkxError"/>, never an exception.
/// </summary>
public static class OkxResponseParser
{
    private const int MaxBodyInMessage = 200;

    /// <summary>All items of <c>data</c>, each read with <paramref name="read"/>.</summary>
    public static OkxResult<IReadOnlyList<T>> ParseList<T>(string? body, int httpStatus, Func<JsonElement, T> read)
    {
        ArgumentNullException.ThrowIfNull(read);
        return Parse<IReadOnlyList<T>>(body, httpStatus, perItemResults: false, data => Items(data).Select(read).ToList());
    }

    /// <summary>The first item of <c>data</c>; a success without any item is an <see cref="OkxErrorKind.InvalidResponse"/> error.</summary>
    public static OkxResult<T> ParseFirst<T>(string? body, int httpStatus, Func<JsonElement, T> read)
    {
        ArgumentNullException.ThrowIfNull(read);
        var list = ParseList(body, httpStatus, read);
        if (!list.IsSuccess)
        {
            return OkxResults.Fail<T>(list.Error!);
        }
        return list.Value.Count > 0
            ? OkxResults.Ok(list.Value[0])
            : OkxResults.Fail<T>(new OkxError("empty", "OKX answered success with no data item.", OkxErrorKind.InvalidResponse, httpStatus));
    }

    /// <summary>
    /// The per-item results of a trade endpoint. A top-level code "0", "1" (all failed) or "2" (partly failed) with items
    /// gives the items, each with its own <c>sCode</c>; any other code is an error for the whole call.
    /// </summary>
    public static OkxResult<IReadOnlyList<OkxActionResult>> ParseActions(string? body, int httpStatus) =>
        Parse<IReadOnlyList<OkxActionResult>>(body, httpStatus, perItemResults: true, data => Items(data).Select(OkxActionResult.FromJson).ToList());

    /// <summary>The result of a single-item trade call (place, amend, cancel, algo): an item with a non-zero <c>sCode</c> is the error.</summary>
    public static OkxResult<OkxActionResult> ParseAction(string? body, int httpStatus)
    {
        var actions = ParseActions(body, httpStatus);
        if (!actions.IsSuccess)
        {
            return OkxResults.Fail<OkxActionResult>(actions.Error!);
        }
        if (actions.Value.Count == 0)
        {
            return OkxResults.Fail<OkxActionResult>(new OkxError("empty", "OKX answered with no result item.", OkxErrorKind.InvalidResponse, httpStatus));
        }
        var item = actions.Value[0];
        return item.ToError(httpStatus) is { } error ? OkxResults.Fail<OkxActionResult>(error) : OkxResults.Ok(item);
    }

    /// <summary>The envelope's error, or null when <c>code</c> is "0" (per-item results are not looked at).</summary>
    public static OkxError? ReadError(string? body, int httpStatus) =>
        Parse(body, httpStatus, perItemResults: false, _ => true).Error;

    private static OkxResult<TOut> Parse<TOut>(string? body, int httpStatus, bool perItemResults, Func<JsonElement, TOut> readData)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(string.IsNullOrWhiteSpace(body) ? "null" : body);
        }
        catch (JsonException)
        {
            return OkxResults.Fail<TOut>(NotAnEnvelope(body, httpStatus));
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return OkxResults.Fail<TOut>(NotAnEnvelope(body, httpStatus));
            }
            var code = OkxJson.Text(root, "code");
            var message = OkxJson.Text(root, "msg");
            var hasData = root.TryGetProperty("data", out var data);
            if (code.Length == 0)
            {
                return OkxResults.Fail<TOut>(NotAnEnvelope(body, httpStatus));
            }
            if (code != "0")
            {
                var itemsCarryResults = hasData && Items(data).Any(item => item.ValueKind == JsonValueKind.Object && item.TryGetProperty("sCode", out _));
                if (perItemResults && code is "1" or "2" && itemsCarryResults)
                {
                    return Read(readData, data, httpStatus);
                }
                if (itemsCarryResults && FirstFailedItem(data) is { } failed)
                {
                    return OkxResults.Fail<TOut>(OkxError.FromCode(OkxJson.Text(failed, "sCode"), OkxJson.Text(failed, "sMsg"), httpStatus));
                }
                return OkxResults.Fail<TOut>(OkxError.FromCode(code, message, httpStatus));
            }
            if (httpStatus is < 200 or > 299)
            {
                return OkxResults.Fail<TOut>(OkxError.FromCode(httpStatus.ToString(CultureInfo.InvariantCulture), $"HTTP {httpStatus} with OKX code 0: {message}", httpStatus));
            }
            return Read(readData, hasData ? data : default, httpStatus);
        }
    }

    private static OkxResult<TOut> Read<TOut>(Func<JsonElement, TOut> readData, JsonElement data, int httpStatus)
    {
        try
        {
            return OkxResults.Ok(readData(data));
        }
        catch (Exception ex) when (ex is FormatException or InvalidOperationException or KeyNotFoundException or JsonException)
        {
            return OkxResults.Fail<TOut>(new OkxError("parse", $"Unreadable OKX response: {ex.Message}", OkxErrorKind.InvalidResponse, httpStatus));
        }
    }

    private static IEnumerable<JsonElement> Items(JsonElement data) => data.ValueKind switch
    {
        JsonValueKind.Array => data.EnumerateArray(),
        JsonValueKind.Object => [data],
        _ => [],
    };

    private static JsonElement? FirstFailedItem(JsonElement data)
    {
        foreach (var item in Items(data))
        {
            if (item.ValueKind == JsonValueKind.Object && OkxJson.Text(item, "sCode") is { Length: > 0 } sCode && sCode != "0")
            {
                return item;
            }
        }
        return null;
    }

    private static OkxError NotAnEnvelope(string? body, int httpStatus)
    {
        var text = body ?? string.Empty;
        var excerpt = text.Length <= MaxBodyInMessage ? text : string.Concat(text.AsSpan(0, MaxBodyInMessage), "…");
        var kind = httpStatus switch
        {
            429 => OkxErrorKind.RateLimited,
            >= 500 and <= 599 => OkxErrorKind.ExchangeBusy,
            401 or 403 => OkxErrorKind.Unauthorized,
            404 => OkxErrorKind.InvalidRequest,
            _ => OkxErrorKind.InvalidResponse,
        };
        return new OkxError(
            httpStatus.ToString(CultureInfo.InvariantCulture),
            $"HTTP {httpStatus} without an OKX envelope: '{excerpt}'",
            kind,
            httpStatus);
    }
}

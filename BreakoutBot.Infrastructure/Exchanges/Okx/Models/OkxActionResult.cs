using System.Text.Json;

namespace BreakoutBot.Infrastructure.Exchanges.Okx.Models;

/// <summary>
/// The per-item result of place, amend, cancel and algo endpoints: ids plus <c>sCode</c>/<c>sMsg</c>. <c>sCode</c> "0"
/// only means the request was accepted; the order's final state comes from order details or the orders channel.
/// </summary>
public sealed record OkxActionResult
{
    public string? OrderId { get; init; }

    public string? ClientOrderId { get; init; }

    public string? AlgoId { get; init; }

    public string? AlgoClientOrderId { get; init; }

    /// <summary><c>reqId</c> of an amend.</summary>
    public string? RequestId { get; init; }

    /// <summary><c>sCode</c>: "0" on success.</summary>
    public required string Code { get; init; }

    /// <summary><c>sMsg</c>.</summary>
    public required string Message { get; init; }

    public DateTimeOffset? Time { get; init; }

    public bool IsSuccess => Code is "0" or "";

    /// <summary>The item's failure, or null when it succeeded.</summary>
    public OkxError? ToError(int? httpStatus = null) => IsSuccess ? null : OkxError.FromCode(Code, Message, httpStatus);

    public static OkxActionResult FromJson(JsonElement item) => new()
    {
        OrderId = OkxJson.TextOrNull(item, "ordId"),
        ClientOrderId = OkxJson.TextOrNull(item, "clOrdId"),
        AlgoId = OkxJson.TextOrNull(item, "algoId"),
        AlgoClientOrderId = OkxJson.TextOrNull(item, "algoClOrdId"),
        RequestId = OkxJson.TextOrNull(item, "reqId"),
        Code = OkxJson.Text(item, "sCode"),
        Message = OkxJson.Text(item, "sMsg"),
        Time = OkxJson.Time(item, "ts"),
    };
}

using BreakoutBot.Infrastructure.Exchanges.Okx.Models;

namespace BreakoutBot.Infrastructure.Exchanges.Okx.Rest;

/// <summary>Algo order details (<c>GET /api/v5/trade/order-algo</c>): one algo order in any state, live or done.</summary>
public sealed partial class OkxRestClient
{
    /// <summary>GET /api/v5/trade/order-algo, 20 requests per 2 s per account (OKX docs).</summary>
    public static readonly OkxEndpoint AlgoOrderDetails = new("/api/v5/trade/order-algo", HttpMethod.Get, 20, false, true, true);

    /// <summary>
    /// One algo order by <paramref name="algoId"/> or <paramref name="algoClientOrderId"/>, whatever its state (a fired
    /// order carries the id of the order it placed). An unknown algo order is an <see cref="OkxErrorKind.NotFound"/> error.
    /// </summary>
    public async Task<OkxResult<OkxAlgoOrder>> GetAlgoOrderAsync(string? algoId, string? algoClientOrderId, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(algoId) && string.IsNullOrEmpty(algoClientOrderId))
        {
            throw new ArgumentException("Looking up an algo order needs algoId or algoClOrdId.", nameof(algoId));
        }
        var query = new OkxQuery().Add("algoId", algoId).Add("algoClOrdId", algoClientOrderId);
        var algos = await GetAsync(AlgoOrderDetails, null, query, (body, status) => OkxResponseParser.ParseList(body, status, OkxAlgoOrder.FromJson), cancellationToken);
        if (!algos.IsSuccess)
        {
            return OkxResults.Fail<OkxAlgoOrder>(algos.Error!);
        }
        return algos.Value.Count > 0
            ? OkxResults.Ok(algos.Value[0])
            : OkxResults.Fail<OkxAlgoOrder>(new OkxError("51603", $"Algo order {algoId ?? algoClientOrderId} does not exist.", OkxErrorKind.NotFound));
    }
}

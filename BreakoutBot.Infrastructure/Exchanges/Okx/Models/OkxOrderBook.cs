using System.Globalization;
using System.Text.Json;
using BreakoutBot.Domain.Markets;

namespace BreakoutBot.Infrastructure.Exchanges.Okx.Models;

/// <summary>An order book from <c>/market/books</c> (or WS books5): asks ascending, bids descending, as OKX sends them.</summary>
public sealed record OkxOrderBook(IReadOnlyList<OkxBookLevel> Asks, IReadOnlyList<OkxBookLevel> Bids, DateTimeOffset Time)
{
    public static OkxOrderBook FromJson(JsonElement item) => new(
        ReadSide(item, "asks"),
        ReadSide(item, "bids"),
        OkxJson.RequiredTime(item, "ts"));

    /// <summary>
    /// The engine's book summary, or null when a side is empty. Depth is quote currency within 0.3 % and 0.5 % of the
    /// best price on each side; <paramref name="contractValue"/> converts sizes to coins (1 for SPOT, ctVal for a
    /// linear SWAP). Imbalance is (bid size − ask size)/(bid size + ask size) at the top of book.
    /// </summary>
    public OrderBookSummary? ToSummary(decimal contractValue = 1m)
    {
        if (Asks.Count == 0 || Bids.Count == 0 || contractValue <= 0)
        {
            return null;
        }
        var bestAsk = Asks.Min(level => level.Price);
        var bestBid = Bids.Max(level => level.Price);
        decimal Depth(IEnumerable<OkxBookLevel> levels, Func<decimal, bool> within) =>
            levels.Where(level => within(level.Price)).Sum(level => level.Price * level.Size * contractValue);
        var topBid = Bids.First(level => level.Price == bestBid).Size;
        var topAsk = Asks.First(level => level.Price == bestAsk).Size;
        var imbalance = topBid + topAsk > 0 ? (double)((topBid - topAsk) / (topBid + topAsk)) : 0d;
        return new OrderBookSummary(
            bestBid,
            bestAsk,
            Depth(Bids, price => price >= bestBid * 0.997m),
            Depth(Asks, price => price <= bestAsk * 1.003m),
            Depth(Bids, price => price >= bestBid * 0.995m),
            Depth(Asks, price => price <= bestAsk * 1.005m),
            imbalance);
    }

    private static List<OkxBookLevel> ReadSide(JsonElement item, string name)
    {
        var levels = new List<OkxBookLevel>();
        foreach (var row in OkxJson.Array(item, name))
        {
            var cells = row.EnumerateArray().Select(cell => cell.ValueKind == JsonValueKind.String ? cell.GetString() ?? string.Empty : cell.GetRawText()).ToArray();
            if (cells.Length < 2)
            {
                throw new FormatException($"OKX book level in '{name}' has {cells.Length} elements; at least px and sz are needed.");
            }
            var count = cells.Length >= 4 && int.TryParse(cells[3], NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : 0;
            levels.Add(new OkxBookLevel(
                OkxJson.ParseDecimal(cells[0], name + ".px") ?? throw new FormatException($"OKX book level in '{name}' has no price."),
                OkxJson.ParseDecimal(cells[1], name + ".sz") ?? 0m,
                count));
        }
        return levels;
    }
}

using System.Globalization;
using System.Text.Json;
using BreakoutBot.Domain.Markets;

namespace BreakoutBot.Infrastructure.Exchanges.Okx.Models;

/// <summary>An order book from <c>/market/books</c> (or WS books5): asks ascending, bids descending, as OKX sends them.</summary>
public sealed record OkxOrderBook(IReadOnlyList<OkxBookLevel> Asks, IReadOnlyList<OkxBookLevel> Bids, DateTimeOffset Time)
{
    /// <summary>Levels of each side the imbalance is measured over (the original bot's top 10).</summary>
    public const int ImbalanceLevels = 10;

    public static OkxOrderBook FromJson(JsonElement item) => new(
        ReadSide(item, "asks"),
        ReadSide(item, "bids"),
        OkxJson.RequiredTime(item, "ts"));

    /// <summary>
    /// The engine's book summary, or null when a side is empty. Depth is quote currency within 0.3 % and 0.5 % of the
    /// best price on each side; <paramref name="contractValue"/> converts sizes to coins (1 for SPOT, ctVal for a
    /// linear SWAP); a band the fetched levels do not reach counts only the levels fetched (a lower bound). Imbalance is
    /// (bid size − ask size)/(bid size + ask size) over the best <see cref="ImbalanceLevels"/> levels of each side, as the
    /// original bot's ten levels (ADR-003), by size rather than its notional: within ten levels prices differ by hundredths
    /// of a percent, and weighing by price would make a symmetric book look ask-heavy, its asks being priced higher.
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
        // Both sides' sizes carry the same contract value, which cancels out of the ratio.
        var bidSize = Bids.OrderByDescending(level => level.Price).Take(ImbalanceLevels).Sum(level => level.Size);
        var askSize = Asks.OrderBy(level => level.Price).Take(ImbalanceLevels).Sum(level => level.Size);
        var imbalance = bidSize + askSize > 0 ? (double)((bidSize - askSize) / (bidSize + askSize)) : 0d;
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

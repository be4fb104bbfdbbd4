using System.Text.Json;
using BreakoutBot.Domain.Markets;

namespace BreakoutBot.Infrastructure.Exchanges.Okx.Models;

/// <summary>
/// One candle row <c>[ts, o, h, l, c, vol, volCcy, volCcyQuote, confirm]</c> (REST and WS). <see cref="Time"/> is the
/// bar's open time. <see cref="Volume"/> is contracts for derivatives and base currency for SPOT;
/// <see cref="VolumeCurrency"/> is base currency (coins) for derivatives and quote currency for SPOT.
/// <see cref="IsConfirmed"/> is false while the bar is still forming.
/// </summary>
public sealed record OkxCandle(
    DateTimeOffset Time,
    decimal Open,
    decimal High,
    decimal Low,
    decimal Close,
    decimal Volume,
    decimal VolumeCurrency,
    decimal? VolumeQuote,
    bool IsConfirmed)
{
    /// <summary>
    /// Reads one row. Rows need at least ts and OHLC; a row without the <c>confirm</c> element (older history format)
    /// counts as closed.
    /// </summary>
    public static OkxCandle FromJson(JsonElement row)
    {
        if (row.ValueKind != JsonValueKind.Array)
        {
            throw new FormatException($"OKX candle row is a {row.ValueKind}, not an array.");
        }
        var cells = row.EnumerateArray().Select(cell => cell.ValueKind == JsonValueKind.String ? cell.GetString() ?? string.Empty : cell.GetRawText()).ToArray();
        if (cells.Length < 5)
        {
            throw new FormatException($"OKX candle row has {cells.Length} elements; at least 5 (ts, o, h, l, c) are needed.");
        }
        string Cell(int index) => index < cells.Length ? cells[index] : string.Empty;
        return new OkxCandle(
            OkxJson.ParseTime(cells[0], "candle.ts") ?? throw new FormatException("OKX candle row has no ts."),
            Required(cells[1], "candle.o"),
            Required(cells[2], "candle.h"),
            Required(cells[3], "candle.l"),
            Required(cells[4], "candle.c"),
            OkxJson.ParseDecimal(Cell(5), "candle.vol") ?? 0m,
            OkxJson.ParseDecimal(Cell(6), "candle.volCcy") ?? 0m,
            OkxJson.ParseDecimal(Cell(7), "candle.volCcyQuote"),
            Cell(8) != "0");
    }

    /// <summary>
    /// The engine's candle. Its volume is in base units: <see cref="VolumeCurrency"/> (coins) for a SWAP,
    /// <see cref="Volume"/> (base currency) for SPOT.
    /// </summary>
    public Candle ToCandle(InstrumentKind kind) =>
        Candle.Create(Time, Open, High, Low, Close, kind == InstrumentKind.Swap ? VolumeCurrency : Volume);

    /// <summary>
    /// OKX rows (newest first, possibly with the forming bar and page overlaps) as the engine wants them: closed bars
    /// only, oldest first, one per open time.
    /// </summary>
    public static IReadOnlyList<Candle> ToClosedCandlesOldestFirst(IEnumerable<OkxCandle> rows, InstrumentKind kind)
    {
        ArgumentNullException.ThrowIfNull(rows);
        return rows
            .Where(row => row.IsConfirmed)
            .DistinctBy(row => row.Time)
            .OrderBy(row => row.Time)
            .Select(row => row.ToCandle(kind))
            .ToList();
    }

    private static decimal Required(string text, string name) =>
        OkxJson.ParseDecimal(text, name) ?? throw new FormatException($"OKX field '{name}' is empty.");
}

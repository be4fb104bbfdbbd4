using System.Globalization;
using System.Text.RegularExpressions;

namespace BreakoutBot.Infrastructure.Backtests;

/// <summary>What a user asks a backtest to replay. <see cref="Validate"/> names every field that is out of range.</summary>
public sealed partial record BacktestRequest
{
    public const int MaxInstruments = 100;

    /// <summary>The stored instrument list (ids joined by commas) fits a column of this many characters.</summary>
    public const int MaxInstrumentListLength = Persistence.Configurations.ColumnLengths.InstrumentList;

    public string PresetName { get; init; } = "";

    /// <summary>The preset version to replay; null: the latest (the stored run records which one that was).</summary>
    public int? PresetVersion { get; init; }

    public BacktestDataSource DataSource { get; init; } = BacktestDataSource.Generated;

    /// <summary>The data set to replay when <see cref="DataSource"/> is <see cref="BacktestDataSource.DataSet"/>.</summary>
    public long? DataSetId { get; init; }

    /// <summary>Instruments to replay (imported data or a data set); empty: all of them.</summary>
    public IReadOnlyList<string> Instruments { get; init; } = [];

    public int Seed { get; init; } = 42;

    public int GeneratedInstruments { get; init; } = 6;

    public int GeneratedBars { get; init; } = 20_000;

    /// <summary>First and last bar close to trade (UTC); null: the data's own first and last.</summary>
    public DateTimeOffset? From { get; init; }

    public DateTimeOffset? To { get; init; }

    public decimal StartingBalance { get; init; } = 10_000m;

    /// <summary>Fee overrides in bps; null: the preset's <c>taker_fee_bps</c> / <c>maker_fee_bps</c>.</summary>
    public decimal? TakerFeeBps { get; init; }

    public decimal? MakerFeeBps { get; init; }

    public decimal SlippageBps { get; init; } = 2m;

    public decimal FundingRateBps { get; init; } = 1m;

    /// <summary>Every problem as (field, message); empty when the request can run.</summary>
    public IReadOnlyList<BacktestFieldError> Validate()
    {
        var errors = new List<BacktestFieldError>();
        if (string.IsNullOrWhiteSpace(PresetName) || PresetName.Length > 128)
        {
            errors.Add(new(nameof(PresetName), "Choose a preset."));
        }
        if (PresetVersion is < 1)
        {
            errors.Add(new(nameof(PresetVersion), "The preset version must be 1 or more."));
        }
        if (DataSource == BacktestDataSource.Generated)
        {
            Range(errors, nameof(GeneratedInstruments), GeneratedInstruments, 2, 200, "instruments");
            Range(errors, nameof(GeneratedBars), GeneratedBars, 500, 500_000, "bars");
            Range(errors, nameof(Seed), Seed, 0, int.MaxValue, "seed");
        }
        if (DataSource == BacktestDataSource.DataSet && DataSetId is null)
        {
            errors.Add(new(nameof(DataSetId), "Choose a data set."));
        }
        if (Instruments is null)
        {
            // A JSON body may send null for the list.
            errors.Add(new(nameof(Instruments), "Give a list of instrument ids (an empty list replays all of them)."));
        }
        else if (Instruments.Count > MaxInstruments)
        {
            errors.Add(new(nameof(Instruments), $"At most {MaxInstruments} instruments per backtest."));
        }
        foreach (var id in Instruments ?? [])
        {
            if (!InstrumentId().IsMatch(id ?? ""))
            {
                errors.Add(new(nameof(Instruments), $"'{Shorten(id)}' is not an instrument id such as BTC-USDT-SWAP."));
                break;
            }
        }
        if (Instruments is { Count: <= MaxInstruments } && string.Join(',', Instruments.Distinct(StringComparer.Ordinal)).Length is var length && length > MaxInstrumentListLength)
        {
            errors.Add(new(nameof(Instruments), $"The instrument ids take {length} characters together; at most {MaxInstrumentListLength} can be stored."));
        }
        if (From is { } f && To is { } t && t <= f)
        {
            errors.Add(new(nameof(To), "The end of the range must be after its start."));
        }
        Range(errors, nameof(StartingBalance), StartingBalance, 100m, 100_000_000m, "starting balance");
        if (TakerFeeBps is { } taker)
        {
            Range(errors, nameof(TakerFeeBps), taker, 0m, 100m, "taker fee (bps)");
        }
        if (MakerFeeBps is { } maker)
        {
            Range(errors, nameof(MakerFeeBps), maker, -5m, 100m, "maker fee (bps)");
        }
        Range(errors, nameof(SlippageBps), SlippageBps, 0m, 500m, "slippage (bps)");
        Range(errors, nameof(FundingRateBps), FundingRateBps, -100m, 100m, "funding rate per 8 h (bps)");
        return errors;
    }

    private static void Range<T>(List<BacktestFieldError> errors, string field, T value, T min, T max, string what)
        where T : IComparable<T>, IFormattable
    {
        if (value.CompareTo(min) < 0 || value.CompareTo(max) > 0)
        {
            errors.Add(new(field, string.Create(CultureInfo.InvariantCulture, $"The {what} must be between {min} and {max}.")));
        }
    }

    private static string Shorten(string? text) => text is null ? "" : text.Length <= 40 ? text : text[..40] + "…";

    [GeneratedRegex("^[A-Z0-9]{1,20}(-[A-Z0-9]{1,20}){1,3}$")]
    private static partial Regex InstrumentId();
}

/// <summary>One invalid field of a <see cref="BacktestRequest"/> and what is wrong with it.</summary>
public sealed record BacktestFieldError(string Field, string Message);

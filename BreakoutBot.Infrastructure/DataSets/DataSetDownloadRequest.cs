using System.Globalization;

namespace BreakoutBot.Infrastructure.DataSets;

/// <summary>What a user asks to download from OKX. <see cref="Validate"/> names every field that is wrong.</summary>
public sealed record DataSetDownloadRequest(string? Name, IReadOnlyList<string>? Instruments, DateTimeOffset? From, DateTimeOffset? To)
{
    public const int MaxInstruments = 50;

    /// <summary>The longest range one download may cover.</summary>
    public const int MaxYears = 2;

    /// <summary>The instrument ids as given, trimmed, without blanks or repeats, sorted.</summary>
    public IReadOnlyList<string> InstrumentIds =>
        (Instruments ?? []).Select(i => (i ?? "").Trim()).Where(i => i.Length > 0).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();

    /// <summary>Every problem as (field, message); empty when the download can be queued. <paramref name="now"/> bounds <see cref="To"/>.</summary>
    public IReadOnlyList<DataSetFieldError> Validate(DateTimeOffset now)
    {
        var errors = new List<DataSetFieldError>();
        if (DataSetNames.Problem(Name?.Trim()) is { } nameProblem)
        {
            errors.Add(new(nameof(Name), nameProblem));
        }
        var ids = InstrumentIds;
        if (ids.Count == 0)
        {
            errors.Add(new(nameof(Instruments), "Give at least one instrument id, e.g. BTC-USDT-SWAP."));
        }
        else if (ids.Count > MaxInstruments)
        {
            errors.Add(new(nameof(Instruments), string.Create(CultureInfo.InvariantCulture, $"At most {MaxInstruments} instruments per download ({ids.Count} given).")));
        }
        else if (ids.FirstOrDefault(i => !DataSetNames.IsInstrumentId(i)) is { } bad)
        {
            errors.Add(new(nameof(Instruments), $"'{(bad.Length <= 40 ? bad : bad[..40] + "…")}' is not an OKX instrument id such as BTC-USDT-SWAP (upper case, parts joined by '-')."));
        }
        if (From is null)
        {
            errors.Add(new(nameof(From), "Choose the start of the range."));
        }
        if (To is null)
        {
            errors.Add(new(nameof(To), "Choose the end of the range."));
        }
        else if (To > now)
        {
            errors.Add(new(nameof(To), "The end of the range cannot be in the future."));
        }
        if (From is { } from && To is { } to && To <= now)
        {
            if (DataSetBarSlots.Count(from, to) == 0)
            {
                errors.Add(new(nameof(To), "The range must hold at least one whole 5-minute bar after its start."));
            }
            else if (from.AddYears(MaxYears) < to)
            {
                errors.Add(new(nameof(To), $"A download covers at most {MaxYears} years; split longer ranges into several data sets."));
            }
        }
        return errors;
    }
}

/// <summary>One invalid field of a data-set request and what is wrong with it.</summary>
public sealed record DataSetFieldError(string Field, string Message);

/// <summary>The answer to a download request: the new data set's id, or why not (a refusal, or field errors).</summary>
public sealed record DataSetDownloadResult(long? Id, string? Refusal, IReadOnlyList<DataSetFieldError> Errors)
{
    public bool Queued => Id is not null;
}

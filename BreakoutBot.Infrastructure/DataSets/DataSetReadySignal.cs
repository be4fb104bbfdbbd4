namespace BreakoutBot.Infrastructure.DataSets;

/// <summary>
/// Says when a data set has become ready (an upload stored, a download completed) and how many candles it holds, for
/// whoever prepares data sets.
/// </summary>
public sealed class DataSetReadySignal
{
    public event Action<long, long>? Ready;

    public void Raise(long dataSetId, long candles) => Ready?.Invoke(dataSetId, candles);
}

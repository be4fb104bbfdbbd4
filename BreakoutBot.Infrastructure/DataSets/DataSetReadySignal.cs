namespace BreakoutBot.Infrastructure.DataSets;

/// <summary>Says when a data set has become ready (an upload stored, a download completed), for whoever prepares data sets.</summary>
public sealed class DataSetReadySignal
{
    public event Action<long>? Ready;

    public void Raise(long dataSetId) => Ready?.Invoke(dataSetId);
}

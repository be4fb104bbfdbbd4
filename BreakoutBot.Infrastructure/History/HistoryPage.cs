namespace BreakoutBot.Infrastructure.History;

/// <summary>One page of a filtered list with the total count of matching rows.</summary>
public sealed record HistoryPage<T>(IReadOnlyList<T> Items, int Page, int PageSize, int TotalCount)
{
    public int PageCount => TotalCount == 0 ? 1 : (TotalCount + PageSize - 1) / PageSize;

    public bool HasNext => Page < PageCount;

    public bool HasPrevious => Page > 1;
}

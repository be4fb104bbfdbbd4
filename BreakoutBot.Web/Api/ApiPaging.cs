using BreakoutBot.Infrastructure.History;

namespace BreakoutBot.Web.Api;

/// <summary>Checks <c>page</c> (1 or more) and <c>pageSize</c> (1 to 500) query parameters.</summary>
public static class ApiPaging
{
    public static IResult? Check(int? page, int? pageSize)
    {
        var errors = new List<(string, string)>();
        if (page is < 1)
        {
            errors.Add(("page", "The page counts from 1."));
        }
        if (pageSize is < 1 or > HistoryFilter.MaxPageSize)
        {
            errors.Add(("pageSize", $"The page size must be between 1 and {HistoryFilter.MaxPageSize}."));
        }
        return errors.Count > 0 ? ApiProblems.Invalid(errors) : null;
    }
}

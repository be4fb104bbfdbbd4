namespace BreakoutBot.Web;

/// <summary>Makes the entry point visible to WebApplicationFactory-based tests.</summary>
public partial class Program
{
}

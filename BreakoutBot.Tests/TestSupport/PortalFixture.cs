namespace BreakoutBot.Tests.TestSupport;

/// <summary>
/// One in-memory portal shared by the smoke tests: the default paper engine on a short generated market (800 bars,
/// 300 of them as warm-up history, then 1 ms per bar) so it is trading within a second or two; an in-memory SQLite database;
/// test authentication (<see cref="TestAuthHandler"/>: send <c>X-Test-User</c>/<c>X-Test-Roles</c>, see
/// <see cref="TestAuthenticationExtensions.AsTestUser"/>).
/// </summary>
public sealed class PortalFixture : IAsyncDisposable
{
    private readonly SqliteTestDatabase _database = new();

    public PortalFixture()
    {
        Factory = new BreakoutBotWebFactory(new PortalOptions
        {
            Database = _database,
            Settings =
            {
                ["DemoEngine:Enabled"] = "true",
                ["DemoEngine:Bars"] = "800",
                ["DemoEngine:WarmupBars"] = "300",
                ["DemoEngine:BarIntervalMs"] = "1",
            },
        });
    }

    public BreakoutBotWebFactory Factory { get; }

    public async ValueTask DisposeAsync()
    {
        await Factory.DisposeAsync();
        _database.Dispose();
    }
}

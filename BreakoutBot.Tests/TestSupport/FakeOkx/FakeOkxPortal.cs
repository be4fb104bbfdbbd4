namespace BreakoutBot.Tests.TestSupport.FakeOkx;

/// <summary>
/// The in-memory portal trading on a <see cref="FakeOkxServer"/> (REST and both WebSocket endpoints pointed at it, one
/// retry), with its own Data Protection key ring for stored key sets: a second portal over the same database and key ring
/// is a restart. Dispose after the portals: it deletes the key ring.
/// </summary>
public sealed class FakeOkxPortal(FakeOkxServer okx, SqliteTestDatabase database) : IDisposable
{
    private readonly string _keysFolder = Path.Combine(Path.GetTempPath(), "bb-dp-" + Guid.NewGuid().ToString("N"));

    public BreakoutBotWebFactory Start() => new(new PortalOptions
    {
        Database = database,
        Settings =
        {
            ["Okx:RestBaseUrl"] = okx.RestBaseUrl.ToString(),
            ["Okx:WsBaseUrl"] = okx.WsBaseUrl.ToString(),
            ["Okx:WsDemoBaseUrl"] = okx.WsBaseUrl.ToString(),
            ["Okx:MaxRetries"] = "1",
            ["DataProtection:KeysFolder"] = _keysFolder,
        },
    });

    public void Dispose()
    {
        try
        {
            Directory.Delete(_keysFolder, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a folder never created (no key set stored) or still held open.
        }
    }
}

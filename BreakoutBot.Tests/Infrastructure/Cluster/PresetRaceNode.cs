using BreakoutBot.Infrastructure.Engines;
using BreakoutBot.Infrastructure.Hosting;
using BreakoutBot.Infrastructure.Persistence;
using BreakoutBot.Infrastructure.Presets;
using BreakoutBot.Tests.TestSupport.Fakes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;

namespace BreakoutBot.Tests.Infrastructure.Cluster;

/// <summary>
/// What one portal node uses to delete presets and create engines, wired as the portal wires it, on a shared PostgreSQL
/// database: its own connection pool (with a <see cref="CommandPause"/>), preset store, registry, engine row store and the
/// restorer that keeps the <c>Engines</c> table in step with the registry.
/// </summary>
public sealed class PresetRaceNode : IAsyncDisposable, IDbContextFactory<BreakoutBotDbContext>
{
    private readonly DbContextOptions<PostgresBreakoutBotDbContext> _options;
    private readonly EngineRestorer _restorer;

    private PresetRaceNode(string connectionString)
    {
        var builder = new DbContextOptionsBuilder<PostgresBreakoutBotDbContext>();
        DatabaseProviderSetup.UsePostgresDatabase(builder, connectionString);
        builder.AddInterceptors(Pause);
        _options = builder.Options;
        Presets = new PresetStore(this, Audit, TimeProvider.System, NullLogger<PresetStore>.Instance);
        Rows = new EngineInstanceStore(this, NullLogger<EngineInstanceStore>.Instance);
        Registry = new EngineRegistry(NullLoggerFactory.Instance, TimeProvider.System, new NullEngineEventSink(), Presets, Audit, rows: Rows);
        Commands = new EngineCommandService(Registry, Audit);
        _restorer = new EngineRestorer(Registry, Rows, NullLogger<EngineRestorer>.Instance);
    }

    public CommandPause Pause { get; } = new();

    public RecordingAuditLog Audit { get; } = new();

    public PresetStore Presets { get; }

    public EngineInstanceStore Rows { get; }

    public EngineRegistry Registry { get; }

    public EngineCommandService Commands { get; }

    public static async Task<PresetRaceNode> StartAsync(string connectionString, CancellationToken cancellationToken)
    {
        var node = new PresetRaceNode(connectionString);
        await node._restorer.StartAsync(cancellationToken);
        return node;
    }

    public BreakoutBotDbContext CreateDbContext() => new PostgresBreakoutBotDbContext(_options);

    public Task<BreakoutBotDbContext> CreateDbContextAsync(CancellationToken cancellationToken = default) => Task.FromResult(CreateDbContext());

    public async ValueTask DisposeAsync()
    {
        Pause.Release();
        await _restorer.StopAsync(CancellationToken.None);
        _restorer.Dispose();
        Registry.Dispose();
    }
}

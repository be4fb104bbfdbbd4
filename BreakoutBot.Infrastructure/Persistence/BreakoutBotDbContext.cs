using BreakoutBot.Infrastructure.Persistence.Entities;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace BreakoutBot.Infrastructure.Persistence;

/// <summary>
/// The portal's database: Identity users and roles, presets and their versions, engines, runs, signals, orders,
/// fills, positions, state transitions, equity snapshots and the audit log. Entity configurations live in
/// <c>Configurations/</c> as <c>*Configuration</c> classes and are applied from this assembly.
/// </summary>
/// <remarks>
/// The running app uses a provider subclass (<see cref="SqliteBreakoutBotDbContext"/> or
/// <see cref="PostgresBreakoutBotDbContext"/>) so that each provider has its own migrations; code asks for
/// <see cref="BreakoutBotDbContext"/> (or <c>IDbContextFactory&lt;BreakoutBotDbContext&gt;</c>) and never needs to know which.
/// Money is <see cref="decimal"/>; EF's SQLite provider stores it as TEXT, so never ORDER BY, SUM or compare a
/// decimal column in a query: filter and order by ids, times (Unix ms) or enums in SQL, then do money maths in memory.
/// </remarks>
public class BreakoutBotDbContext : IdentityDbContext<ApplicationUser>, IDataProtectionKeyContext
{
    public BreakoutBotDbContext(DbContextOptions<BreakoutBotDbContext> options)
        : base(options)
    {
    }

    /// <summary>For the provider subclasses, whose options are typed to themselves.</summary>
    protected BreakoutBotDbContext(DbContextOptions options)
        : base(options)
    {
    }

    public DbSet<PresetEntity> Presets => Set<PresetEntity>();

    public DbSet<PresetVersionEntity> PresetVersions => Set<PresetVersionEntity>();

    public DbSet<EngineInstanceEntity> Engines => Set<EngineInstanceEntity>();

    public DbSet<EngineRunEntity> EngineRuns => Set<EngineRunEntity>();

    public DbSet<SignalEntity> Signals => Set<SignalEntity>();

    public DbSet<OrderEntity> Orders => Set<OrderEntity>();

    public DbSet<FillEntity> Fills => Set<FillEntity>();

    public DbSet<PositionEntity> Positions => Set<PositionEntity>();

    public DbSet<StateTransitionEntity> StateTransitions => Set<StateTransitionEntity>();

    public DbSet<EquitySnapshotEntity> EquitySnapshots => Set<EquitySnapshotEntity>();

    public DbSet<DecisionJournalEntity> DecisionJournal => Set<DecisionJournalEntity>();

    public DbSet<AuditLogEntity> AuditLog => Set<AuditLogEntity>();

    public DbSet<OrderIntentEntity> OrderIntents => Set<OrderIntentEntity>();

    public DbSet<Credentials.OkxKeySetEntity> OkxKeySets => Set<Credentials.OkxKeySetEntity>();

    /// <summary>The Data Protection key ring when several nodes share the database (cluster mode; ADR-019).</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    public DbSet<Cluster.ClusterNodeEntity> ClusterNodes => Set<Cluster.ClusterNodeEntity>();

    public DbSet<Cluster.EngineLeaseEntity> EngineLeases => Set<Cluster.EngineLeaseEntity>();

    public DbSet<Cluster.EngineStatusSnapshotEntity> EngineStatusSnapshots => Set<Cluster.EngineStatusSnapshotEntity>();

    public DbSet<Cluster.EngineCommandRequestEntity> EngineCommandRequests => Set<Cluster.EngineCommandRequestEntity>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(BreakoutBotDbContext).Assembly);
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        ArgumentNullException.ThrowIfNull(configurationBuilder);
        // UTC instants are stored as Unix milliseconds so SQLite can compare and order them (it cannot for DateTimeOffset).
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<UtcMillisecondsConverter>();
        configurationBuilder.Properties<DateTimeOffset?>().HaveConversion<UtcMillisecondsConverter>();
    }

    private sealed class UtcMillisecondsConverter() : ValueConverter<DateTimeOffset, long>(
        v => v.ToUnixTimeMilliseconds(),
        v => DateTimeOffset.FromUnixTimeMilliseconds(v));
}

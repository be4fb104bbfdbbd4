using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace BreakoutBot.Infrastructure.Persistence;

/// <summary>
/// The portal's database: Identity users and roles, and (added per feature) presets, engines, runs, signals, orders,
/// fills, positions, state transitions, equity snapshots and the audit log. Entity configurations live next to it as
/// <c>*Configuration</c> classes and are applied from this assembly.
/// </summary>
public class BreakoutBotDbContext(DbContextOptions<BreakoutBotDbContext> options) : IdentityDbContext<ApplicationUser>(options)
{
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

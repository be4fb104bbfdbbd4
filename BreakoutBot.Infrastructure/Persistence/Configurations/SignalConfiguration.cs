using BreakoutBot.Infrastructure.Persistence.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace BreakoutBot.Infrastructure.Persistence.Configurations;

public sealed class SignalConfiguration : IEntityTypeConfiguration<SignalEntity>
{
    public void Configure(EntityTypeBuilder<SignalEntity> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ToTable("Signals");
        builder.HasKey(s => s.Id);
        builder.Property(s => s.EngineId).HasMaxLength(ColumnLengths.Id).IsRequired();
        builder.Property(s => s.SignalId).HasMaxLength(ColumnLengths.Id).IsRequired();
        builder.Property(s => s.InstrumentId).HasMaxLength(ColumnLengths.Name).IsRequired();
        builder.Property(s => s.Side).HasConversion<string>().HasMaxLength(ColumnLengths.Enum);
        builder.Property(s => s.Strategy).HasConversion<string>().HasMaxLength(ColumnLengths.Enum);
        builder.Property(s => s.Status).HasConversion<string>().HasMaxLength(ColumnLengths.Enum);
        builder.Property(s => s.Reason).HasMaxLength(ColumnLengths.Text);
        builder.Property(s => s.ConditionsJson).IsRequired();
        builder.HasIndex(s => new { s.EngineId, s.SignalId }).IsUnique();
        builder.HasIndex(s => new { s.EngineId, s.CreatedAt });
    }
}

using BreakoutBot.Infrastructure.Persistence.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace BreakoutBot.Infrastructure.Persistence.Configurations;

public sealed class PositionConfiguration : IEntityTypeConfiguration<PositionEntity>
{
    public void Configure(EntityTypeBuilder<PositionEntity> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ToTable("Positions");
        builder.HasKey(p => p.Id);
        builder.Property(p => p.EngineId).HasMaxLength(ColumnLengths.Id).IsRequired();
        builder.Property(p => p.PositionId).HasMaxLength(ColumnLengths.Id).IsRequired();
        builder.Property(p => p.InstrumentId).HasMaxLength(ColumnLengths.Name).IsRequired();
        builder.Property(p => p.Strategy).HasMaxLength(ColumnLengths.Name);
        builder.Property(p => p.SignalId).HasMaxLength(ColumnLengths.Id);
        builder.Property(p => p.Side).HasConversion<string>().HasMaxLength(ColumnLengths.Enum);
        builder.Property(p => p.Status).HasConversion<string>().HasMaxLength(ColumnLengths.Enum);
        builder.Property(p => p.CloseReason).HasConversion<string>().HasMaxLength(ColumnLengths.Enum);
        builder.Property(p => p.ExitsJson).IsRequired();
        builder.Property(p => p.EntryOrderId).HasMaxLength(ColumnLengths.Id);
        builder.Property(p => p.StopOrderId).HasMaxLength(ColumnLengths.Id);
        builder.Property(p => p.Tp1OrderId).HasMaxLength(ColumnLengths.Id);
        builder.Property(p => p.Tp2OrderId).HasMaxLength(ColumnLengths.Id);
        builder.HasIndex(p => new { p.EngineId, p.PositionId }).IsUnique();
        builder.HasIndex(p => new { p.EngineId, p.Status });
        builder.HasIndex(p => new { p.EngineId, p.CreatedAt });
    }
}

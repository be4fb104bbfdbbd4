using BreakoutBot.Infrastructure.Persistence.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace BreakoutBot.Infrastructure.Persistence.Configurations;

public sealed class FillConfiguration : IEntityTypeConfiguration<FillEntity>
{
    public void Configure(EntityTypeBuilder<FillEntity> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ToTable("Fills");
        builder.HasKey(f => f.Id);
        builder.Property(f => f.EngineId).HasMaxLength(ColumnLengths.Id).IsRequired();
        builder.Property(f => f.FillId).HasMaxLength(ColumnLengths.Id).IsRequired();
        builder.Property(f => f.OrderId).HasMaxLength(ColumnLengths.Id).IsRequired();
        builder.Property(f => f.ClientOrderId).HasMaxLength(ColumnLengths.Id);
        builder.Property(f => f.InstrumentId).HasMaxLength(ColumnLengths.Name).IsRequired();
        builder.Property(f => f.Side).HasConversion<string>().HasMaxLength(ColumnLengths.Enum);
        builder.Property(f => f.Tag).HasMaxLength(ColumnLengths.Name);
        builder.HasIndex(f => new { f.EngineId, f.FillId }).IsUnique();
        builder.HasIndex(f => new { f.EngineId, f.Time });
        builder.HasIndex(f => new { f.EngineId, f.OrderId });
    }
}

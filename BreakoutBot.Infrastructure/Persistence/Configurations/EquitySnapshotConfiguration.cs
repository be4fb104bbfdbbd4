using BreakoutBot.Infrastructure.Persistence.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace BreakoutBot.Infrastructure.Persistence.Configurations;

public sealed class EquitySnapshotConfiguration : IEntityTypeConfiguration<EquitySnapshotEntity>
{
    public void Configure(EntityTypeBuilder<EquitySnapshotEntity> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ToTable("EquitySnapshots");
        builder.HasKey(s => s.Id);
        builder.Property(s => s.EngineId).HasMaxLength(ColumnLengths.Id).IsRequired();
        builder.HasIndex(s => new { s.EngineId, s.Time });
        builder.HasIndex(s => s.WrittenAt);
    }
}

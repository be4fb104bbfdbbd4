using BreakoutBot.Infrastructure.Persistence.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace BreakoutBot.Infrastructure.Persistence.Configurations;

public sealed class EngineRunConfiguration : IEntityTypeConfiguration<EngineRunEntity>
{
    public void Configure(EntityTypeBuilder<EngineRunEntity> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ToTable("EngineRuns");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.EngineId).HasMaxLength(ColumnLengths.Id).IsRequired();
        builder.Property(r => r.PresetName).HasMaxLength(ColumnLengths.Name).IsRequired();
        builder.Property(r => r.Mode).HasConversion<string>().HasMaxLength(ColumnLengths.Enum);
        builder.Property(r => r.StopReason).HasMaxLength(ColumnLengths.Text);
        builder.HasIndex(r => new { r.EngineId, r.StartedAt });
    }
}

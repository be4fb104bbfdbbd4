using BreakoutBot.Infrastructure.Persistence.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace BreakoutBot.Infrastructure.Persistence.Configurations;

public sealed class EngineInstanceConfiguration : IEntityTypeConfiguration<EngineInstanceEntity>
{
    public void Configure(EntityTypeBuilder<EngineInstanceEntity> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ToTable("Engines");
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Id).HasMaxLength(ColumnLengths.Id);
        builder.Property(e => e.OwnerUserId).HasMaxLength(ColumnLengths.Id);
        builder.Property(e => e.Name).HasMaxLength(ColumnLengths.Name).IsRequired();
        builder.Property(e => e.PresetName).HasMaxLength(ColumnLengths.Name).IsRequired();
        builder.Property(e => e.Mode).HasConversion<string>().HasMaxLength(ColumnLengths.Enum);
        builder.Property(e => e.LastKnownState).HasConversion<string>().HasMaxLength(ColumnLengths.Enum);
        builder.Property(e => e.OptionsJson).IsRequired();
        builder.HasIndex(e => e.OwnerUserId);
        builder.HasMany(e => e.Runs)
            .WithOne(r => r.Engine)
            .HasForeignKey(r => r.EngineId)
            .OnDelete(DeleteBehavior.Cascade);
    }
}

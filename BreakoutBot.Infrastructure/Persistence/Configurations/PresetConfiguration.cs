using BreakoutBot.Infrastructure.Persistence.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace BreakoutBot.Infrastructure.Persistence.Configurations;

public sealed class PresetConfiguration : IEntityTypeConfiguration<PresetEntity>
{
    public void Configure(EntityTypeBuilder<PresetEntity> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ToTable("Presets");
        builder.HasKey(p => p.Name);
        builder.Property(p => p.Name).HasMaxLength(ColumnLengths.Name);
        builder.Property(p => p.Description).HasMaxLength(ColumnLengths.Text);
        builder.Property(p => p.CreatedBy).HasMaxLength(ColumnLengths.Name);
        builder.HasMany(p => p.Versions)
            .WithOne(v => v.Preset)
            .HasForeignKey(v => v.PresetName)
            .OnDelete(DeleteBehavior.Cascade);
    }
}

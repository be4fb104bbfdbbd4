using BreakoutBot.Infrastructure.Persistence.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace BreakoutBot.Infrastructure.Persistence.Configurations;

public sealed class PresetVersionConfiguration : IEntityTypeConfiguration<PresetVersionEntity>
{
    public void Configure(EntityTypeBuilder<PresetVersionEntity> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ToTable("PresetVersions");
        builder.HasKey(v => v.Id);
        builder.Property(v => v.PresetName).HasMaxLength(ColumnLengths.Name).IsRequired();
        builder.Property(v => v.Json).IsRequired();
        builder.Property(v => v.CreatedByUserId).HasMaxLength(ColumnLengths.Id);
        builder.Property(v => v.CreatedByUserName).HasMaxLength(ColumnLengths.Name);
        builder.Property(v => v.ChangeSummary).HasMaxLength(ColumnLengths.Text);
        builder.HasIndex(v => new { v.PresetName, v.Version }).IsUnique();
    }
}

using BreakoutBot.Infrastructure.Persistence.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace BreakoutBot.Infrastructure.Persistence.Configurations;

public sealed class StateTransitionConfiguration : IEntityTypeConfiguration<StateTransitionEntity>
{
    public void Configure(EntityTypeBuilder<StateTransitionEntity> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ToTable("StateTransitions");
        builder.HasKey(t => t.Id);
        builder.Property(t => t.EngineId).HasMaxLength(ColumnLengths.Id).IsRequired();
        builder.Property(t => t.From).HasConversion<string>().HasMaxLength(ColumnLengths.Enum);
        builder.Property(t => t.To).HasConversion<string>().HasMaxLength(ColumnLengths.Enum);
        builder.Property(t => t.Reason).IsRequired();
        builder.Property(t => t.MetadataJson).IsRequired();
        builder.HasIndex(t => new { t.EngineId, t.Time });
        builder.HasIndex(t => t.WrittenAt);
    }
}

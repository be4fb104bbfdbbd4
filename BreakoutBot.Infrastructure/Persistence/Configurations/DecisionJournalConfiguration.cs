using BreakoutBot.Infrastructure.Persistence.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace BreakoutBot.Infrastructure.Persistence.Configurations;

public sealed class DecisionJournalConfiguration : IEntityTypeConfiguration<DecisionJournalEntity>
{
    public void Configure(EntityTypeBuilder<DecisionJournalEntity> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ToTable("DecisionJournal");
        builder.HasKey(d => d.Id);
        builder.Property(d => d.EngineId).HasMaxLength(ColumnLengths.Id).IsRequired();
        builder.Property(d => d.InstrumentId).HasMaxLength(ColumnLengths.Id).IsRequired();
        builder.Property(d => d.Outcome).HasConversion<string>().HasMaxLength(ColumnLengths.Enum);
        builder.Property(d => d.Reason).HasMaxLength(ColumnLengths.Text).IsRequired();
        builder.Property(d => d.DetailJson).IsRequired();
        builder.HasIndex(d => new { d.EngineId, d.Time });
        builder.HasIndex(d => new { d.EngineId, d.InstrumentId, d.Time });
        builder.HasIndex(d => d.WrittenAt);
    }
}

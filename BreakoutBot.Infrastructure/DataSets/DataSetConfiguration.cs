using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace BreakoutBot.Infrastructure.DataSets;

public sealed class DataSetConfiguration : IEntityTypeConfiguration<DataSetEntity>
{
    /// <summary>Length of the comma-separated instrument list (varchar on PostgreSQL: a longer list fails the insert).</summary>
    public const int InstrumentsMaxLength = Persistence.Configurations.ColumnLengths.InstrumentList;

    public void Configure(EntityTypeBuilder<DataSetEntity> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ToTable("DataSets");
        builder.HasKey(d => d.Id);
        builder.Property(d => d.Name).HasMaxLength(DataSetNames.MaxLength).IsRequired();
        builder.HasIndex(d => d.Name).IsUnique();
        builder.Property(d => d.OwnerId).HasMaxLength(128).IsRequired();
        builder.Property(d => d.OwnerName).HasMaxLength(256).IsRequired();
        builder.Property(d => d.Source).HasConversion<string>().HasMaxLength(32);
        builder.Property(d => d.Status).HasConversion<string>().HasMaxLength(32);
        builder.Property(d => d.Instruments).HasMaxLength(InstrumentsMaxLength);
        builder.Property(d => d.BarSize).HasMaxLength(8);
        builder.Property(d => d.HangfireJobId).HasMaxLength(128);
        builder.Property(d => d.Message).HasMaxLength(4000);
    }
}

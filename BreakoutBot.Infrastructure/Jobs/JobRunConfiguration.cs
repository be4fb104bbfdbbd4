using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace BreakoutBot.Infrastructure.Jobs;

public sealed class JobRunConfiguration : IEntityTypeConfiguration<JobRunEntity>
{
    public void Configure(EntityTypeBuilder<JobRunEntity> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ToTable("JobRuns");
        builder.HasKey(j => j.Id);
        builder.Property(j => j.Job).HasMaxLength(64).IsRequired();
        builder.Property(j => j.HangfireJobId).HasMaxLength(128);
        builder.Property(j => j.RequestedBy).HasMaxLength(256);
        builder.Property(j => j.Status).HasConversion<string>().HasMaxLength(32);
        builder.Property(j => j.Message).HasMaxLength(2000);
        builder.Property(j => j.FilePath).HasMaxLength(1000);
        builder.HasIndex(j => j.QueuedAt);
    }
}

using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace BreakoutBot.Infrastructure.Backtests;

public sealed class BacktestRunConfiguration : IEntityTypeConfiguration<BacktestRunEntity>
{
    public void Configure(EntityTypeBuilder<BacktestRunEntity> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ToTable("BacktestRuns");
        builder.HasKey(b => b.Id);
        builder.Property(b => b.OwnerId).HasMaxLength(128).IsRequired();
        builder.Property(b => b.OwnerName).HasMaxLength(256).IsRequired();
        builder.Property(b => b.PresetName).HasMaxLength(128).IsRequired();
        builder.Property(b => b.DataSource).HasConversion<string>().HasMaxLength(32);
        builder.Property(b => b.Instruments).HasMaxLength(BacktestRequest.MaxInstrumentListLength);
        builder.Property(b => b.Status).HasConversion<string>().HasMaxLength(32);
        builder.Property(b => b.HangfireJobId).HasMaxLength(128);
        builder.Property(b => b.Message).HasMaxLength(2000);
        builder.HasIndex(b => new { b.OwnerId, b.Status });
        builder.HasIndex(b => b.QueuedAt);
        builder.Property(b => b.Overrides).HasMaxLength(2000);
        builder.HasIndex(b => b.SweepId);
    }
}

public sealed class SweepConfiguration : IEntityTypeConfiguration<SweepEntity>
{
    public void Configure(EntityTypeBuilder<SweepEntity> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ToTable("Sweeps");
        builder.HasKey(s => s.Id);
        builder.Property(s => s.OwnerId).HasMaxLength(128).IsRequired();
        builder.Property(s => s.OwnerName).HasMaxLength(256).IsRequired();
        builder.Property(s => s.PresetName).HasMaxLength(128).IsRequired();
        builder.Property(s => s.Fields).HasMaxLength(8000).IsRequired();
    }
}

using BreakoutBot.Infrastructure.Persistence.Configurations;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace BreakoutBot.Infrastructure.Cluster;

public sealed class ClusterNodeConfiguration : IEntityTypeConfiguration<ClusterNodeEntity>
{
    public void Configure(EntityTypeBuilder<ClusterNodeEntity> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ToTable("ClusterNodes");
        builder.HasKey(n => n.NodeId);
        builder.Property(n => n.NodeId).HasMaxLength(ColumnLengths.Id);
    }
}

public sealed class EngineLeaseConfiguration : IEntityTypeConfiguration<EngineLeaseEntity>
{
    public void Configure(EntityTypeBuilder<EngineLeaseEntity> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ToTable("EngineLeases");
        builder.HasKey(l => l.EngineId);
        builder.Property(l => l.EngineId).HasMaxLength(ColumnLengths.Id);
        builder.Property(l => l.OwnerNode).HasMaxLength(ColumnLengths.Id).IsRequired();
        builder.HasIndex(l => l.OwnerNode);
    }
}

public sealed class EngineCommandRequestConfiguration : IEntityTypeConfiguration<EngineCommandRequestEntity>
{
    public void Configure(EntityTypeBuilder<EngineCommandRequestEntity> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ToTable("EngineCommandRequests");
        builder.HasKey(c => c.Id);
        builder.Property(c => c.EngineId).HasMaxLength(ColumnLengths.Id).IsRequired();
        // Requests queued before removals and preset versions were routed are commands. A kind written by a later
        // version reads as Unrecognised (its runner answers it as failed) instead of failing the whole queue.
        builder.Property(c => c.Kind)
            .HasConversion(kind => kind.ToString(), name => EngineRequestKinds.FromStored(name))
            .HasMaxLength(ColumnLengths.Enum)
            .HasDefaultValue(EngineRequestKind.Command)
            .HasSentinel((EngineRequestKind)(-1));
        builder.Property(c => c.Command).HasConversion<string>().HasMaxLength(ColumnLengths.Enum);
        builder.Property(c => c.PresetName).HasMaxLength(ColumnLengths.Name);
        builder.Property(c => c.UserId).HasMaxLength(ColumnLengths.Id);
        builder.Property(c => c.UserName).HasMaxLength(ColumnLengths.Name);
        builder.Property(c => c.RequestedOn).HasMaxLength(ColumnLengths.Id).IsRequired();
        builder.Property(c => c.RunOn).HasMaxLength(ColumnLengths.Id);
        builder.Property(c => c.Result).HasMaxLength(ColumnLengths.Text);
        builder.Property(c => c.InstrumentId).HasMaxLength(ColumnLengths.Id);
        // A chart as the dashboard draws it: tens of kilobytes, kept only until the asking node has read it.
        builder.Property(c => c.Payload);
        builder.HasIndex(c => new { c.EngineId, c.CompletedAt });
    }
}

public sealed class EngineStatusSnapshotConfiguration : IEntityTypeConfiguration<EngineStatusSnapshotEntity>
{
    public void Configure(EntityTypeBuilder<EngineStatusSnapshotEntity> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ToTable("EngineStatusSnapshots");
        builder.HasKey(s => s.EngineId);
        builder.Property(s => s.EngineId).HasMaxLength(ColumnLengths.Id);
        builder.Property(s => s.Node).HasMaxLength(ColumnLengths.Id).IsRequired();
        builder.Property(s => s.Payload).IsRequired();
    }
}

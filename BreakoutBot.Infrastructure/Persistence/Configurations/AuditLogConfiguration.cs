using BreakoutBot.Infrastructure.Persistence.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace BreakoutBot.Infrastructure.Persistence.Configurations;

public sealed class AuditLogConfiguration : IEntityTypeConfiguration<AuditLogEntity>
{
    public void Configure(EntityTypeBuilder<AuditLogEntity> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ToTable("AuditLog");
        builder.HasKey(a => a.Id);
        builder.Property(a => a.UserId).HasMaxLength(ColumnLengths.Id);
        builder.Property(a => a.UserName).HasMaxLength(ColumnLengths.Name);
        builder.Property(a => a.Action).HasMaxLength(ColumnLengths.Name).IsRequired();
        builder.Property(a => a.Target).HasMaxLength(ColumnLengths.Text);
        builder.HasIndex(a => a.Time);
        builder.HasIndex(a => new { a.UserId, a.Time });
    }
}

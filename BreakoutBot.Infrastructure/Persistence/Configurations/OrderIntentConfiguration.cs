using BreakoutBot.Infrastructure.Persistence.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace BreakoutBot.Infrastructure.Persistence.Configurations;

public sealed class OrderIntentConfiguration : IEntityTypeConfiguration<OrderIntentEntity>
{
    public void Configure(EntityTypeBuilder<OrderIntentEntity> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ToTable("OrderIntents");
        builder.HasKey(o => o.Id);
        builder.Property(o => o.EngineId).HasMaxLength(ColumnLengths.Id).IsRequired();
        builder.Property(o => o.ClientOrderId).HasMaxLength(ColumnLengths.Id).IsRequired();
        builder.Property(o => o.InstrumentId).HasMaxLength(ColumnLengths.Name).IsRequired();
        builder.Property(o => o.Side).HasConversion<string>().HasMaxLength(ColumnLengths.Enum);
        builder.Property(o => o.Type).HasConversion<string>().HasMaxLength(ColumnLengths.Enum);
        builder.Property(o => o.Tag).HasMaxLength(ColumnLengths.Name);
        builder.Property(o => o.OrderId).HasMaxLength(ColumnLengths.Id);
        builder.Property(o => o.Error).HasMaxLength(ColumnLengths.Text);
        builder.HasIndex(o => new { o.EngineId, o.ClientOrderId }).IsUnique();
    }
}

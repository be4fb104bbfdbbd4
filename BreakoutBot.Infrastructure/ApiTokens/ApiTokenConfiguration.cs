using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace BreakoutBot.Infrastructure.ApiTokens;

/// <summary>The <c>ApiTokens</c> table: found by hash on every API request (unique index), listed by owner.</summary>
public sealed class ApiTokenConfiguration : IEntityTypeConfiguration<ApiTokenEntity>
{
    public void Configure(EntityTypeBuilder<ApiTokenEntity> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ToTable("ApiTokens");
        builder.HasKey(t => t.Id);
        builder.Property(t => t.OwnerUserId).HasMaxLength(ApiTokenRules.MaxOwnerLength).IsRequired();
        builder.Property(t => t.OwnerName).HasMaxLength(ApiTokenRules.MaxOwnerLength).IsRequired();
        builder.Property(t => t.Name).HasMaxLength(ApiTokenRules.MaxNameLength).IsRequired();
        builder.Property(t => t.Scope).HasConversion<string>().HasMaxLength(16).IsRequired();
        builder.Property(t => t.TokenHash).HasMaxLength(64).IsFixedLength().IsRequired();
        builder.Property(t => t.RevokedBy).HasMaxLength(ApiTokenRules.MaxOwnerLength);
        builder.HasIndex(t => t.TokenHash).IsUnique();
        builder.HasIndex(t => new { t.OwnerUserId, t.Name }).IsUnique();
    }
}

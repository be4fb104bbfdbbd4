using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace BreakoutBot.Infrastructure.Credentials;

/// <summary>
/// The <c>OkxKeySets</c> table. There is no foreign key to the Identity users table, like the other owner columns of
/// the portal (users are locked, never deleted); the owner's key sets are found by the <c>OwnerUserId</c> index.
/// </summary>
public sealed class OkxKeySetConfiguration : IEntityTypeConfiguration<OkxKeySetEntity>
{
    /// <summary>Room for a Data Protection payload of the longest accepted secret.</summary>
    public const int ProtectedLength = 2000;

    public void Configure(EntityTypeBuilder<OkxKeySetEntity> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ToTable("OkxKeySets");
        builder.HasKey(k => k.Id);
        builder.Property(k => k.OwnerUserId).HasMaxLength(OkxKeyRules.MaxOwnerIdLength).IsRequired();
        builder.Property(k => k.Label).HasMaxLength(OkxKeyRules.MaxLabelLength).IsRequired();
        builder.Property(k => k.ApiKey).HasMaxLength(ProtectedLength).IsRequired();
        builder.Property(k => k.SecretKey).HasMaxLength(ProtectedLength).IsRequired();
        builder.Property(k => k.Passphrase).HasMaxLength(ProtectedLength).IsRequired();
        builder.Property(k => k.ApiKeyHint).HasMaxLength(8).IsRequired();
        builder.Property(k => k.LastTestMessage).HasMaxLength(OkxKeyRules.MaxTestMessageLength);
        builder.HasIndex(k => new { k.OwnerUserId, k.Label }).IsUnique();
    }
}

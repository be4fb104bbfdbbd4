using System.Globalization;
using System.Security.Claims;
using BreakoutBot.Domain.Abstractions;
using BreakoutBot.Domain.Common;
using BreakoutBot.Domain.Constants;
using BreakoutBot.Infrastructure.Identity;
using BreakoutBot.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace BreakoutBot.Infrastructure.ApiTokens;

/// <summary>
/// Personal access tokens: create (the plain token is returned once and never stored, only its SHA-256 hash), list and
/// revoke one's own; Admins list and revoke anyone's (never seeing a value, which nobody can). Every creation and
/// revocation, refused ones included, is audit-logged. <see cref="AuthenticateAsync"/> turns a presented token into
/// its owner with their current roles, refusing unknown, expired and revoked tokens and tokens of locked or deleted
/// users; verified tokens are reused for <see cref="ApiTokenOptions.CacheSeconds"/> (a revocation, or a change of the
/// owner's roles or lock, drops them at once). A revocation also tells the owner's live connections to check themselves
/// (<see cref="SessionRevocations"/>), so a hub connection signed in with the revoked token is closed.
/// </summary>
public sealed class ApiTokenService(
    IDbContextFactory<BreakoutBotDbContext> contexts,
    IAuditLog audit,
    TimeProvider time,
    IOptions<ApiTokenOptions> options,
    SessionRevocations? revocations = null)
{
    private static readonly TimeSpan LastUsedResolution = TimeSpan.FromMinutes(1);

    private readonly ApiTokenCache _cache = new();

    public static string? UserId(ClaimsPrincipal? user) => user?.FindFirstValue(ClaimTypes.NameIdentifier);

    /// <summary>Creates a token for the signed-in user; the result holds the plain token, shown once.</summary>
    public async Task<ApiTokenCreateResult> CreateAsync(ClaimsPrincipal user, string? name, ApiTokenScope scope, int days, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        var userId = UserId(user);
        var userName = user.Identity?.Name ?? userId;
        if (user.Identity?.IsAuthenticated != true || userId is null || userName is null)
        {
            return new ApiTokenCreateResult(null, null, [], "Sign in to create a token.");
        }
        return await CreateCoreAsync(userId, userName, userName, name, scope, days, cancellationToken);
    }

    /// <summary>Creates a token for the user with <paramref name="email"/> (the <c>token create</c> CLI verb, run by the server's operator).</summary>
    public async Task<ApiTokenCreateResult> CreateForEmailAsync(string email, string? name, ApiTokenScope scope, int days, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(email);
        var normalized = email.Trim().ToUpperInvariant();
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            var user = await db.Users.AsNoTracking().Where(u => u.NormalizedEmail == normalized)
                .Select(u => new { u.Id, u.UserName, u.LockoutEnd }).FirstOrDefaultAsync(cancellationToken);
            if (user is null)
            {
                audit.Record(null, "cli", ApiTokenAuditActions.Created, email, "no such user", false);
                return new ApiTokenCreateResult(null, null, [], $"There is no user with e-mail '{email}'.");
            }
            if (user.LockoutEnd is { } end && end > time.GetUtcNow())
            {
                audit.Record(user.Id, "cli", ApiTokenAuditActions.Created, email, "user is locked", false);
                return new ApiTokenCreateResult(null, null, [], $"User '{email}' is locked.");
            }
            return await CreateCoreAsync(user.Id, user.UserName ?? email, "cli", name, scope, days, cancellationToken);
        }
    }

    private async Task<ApiTokenCreateResult> CreateCoreAsync(string userId, string userName, string actor, string? name, ApiTokenScope scope, int days, CancellationToken cancellationToken)
    {
        var errors = new List<ApiTokenFieldError>(ApiTokenRules.Validate(name, days));
        if (!Enum.IsDefined(scope))
        {
            errors.Add(new(ApiTokenRules.ScopeField, "The scope must be read or control."));
        }
        var clean = (name ?? "").Trim();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (errors.Count == 0 && await db.Set<ApiTokenEntity>().AnyAsync(t => t.OwnerUserId == userId && t.Name == clean, cancellationToken))
        {
            errors.Add(new(ApiTokenRules.NameField, $"You already have a token named '{clean}'."));
        }
        if (errors.Count > 0)
        {
            audit.Record(userId, actor, ApiTokenAuditActions.Created, clean, "invalid: " + string.Join(", ", errors.Select(e => e.Field)), false);
            return new ApiTokenCreateResult(null, null, errors);
        }
        var now = time.GetUtcNow();
        var token = ApiTokenRules.NewToken();
        var entity = new ApiTokenEntity
        {
            Id = Guid.NewGuid(),
            OwnerUserId = userId,
            OwnerName = userName,
            Name = clean,
            Scope = scope,
            TokenHash = ApiTokenRules.Hash(token),
            CreatedAt = now,
            ExpiresAt = now.AddDays(days),
        };
        db.Add(entity);
        await db.SaveChangesAsync(cancellationToken);
        audit.Record(userId, actor, ApiTokenAuditActions.Created, entity.Id.ToString(),
            string.Create(CultureInfo.InvariantCulture, $"'{clean}' scope {scope.ToString().ToLowerInvariant()}, expires {entity.ExpiresAt:yyyy-MM-dd HH:mm}Z"), true);
        return new ApiTokenCreateResult(token, ApiTokenSummary.From(entity), []);
    }

    /// <summary>The user's own tokens, newest first.</summary>
    public async Task<IReadOnlyList<ApiTokenSummary>> ListOwnAsync(ClaimsPrincipal user, CancellationToken cancellationToken = default)
    {
        var userId = UserId(user);
        if (userId is null)
        {
            return [];
        }
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var rows = await db.Set<ApiTokenEntity>().AsNoTracking().Where(t => t.OwnerUserId == userId).ToListAsync(cancellationToken);
        return rows.OrderByDescending(t => t.CreatedAt).Select(ApiTokenSummary.From).ToList();
    }

    /// <summary>Every user's tokens, newest first, for Admins; empty for anyone else.</summary>
    public async Task<IReadOnlyList<ApiTokenSummary>> ListAllAsync(ClaimsPrincipal user, CancellationToken cancellationToken = default)
    {
        if (user?.IsInRole(Roles.Admin) != true)
        {
            return [];
        }
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var rows = await db.Set<ApiTokenEntity>().AsNoTracking().ToListAsync(cancellationToken);
        return rows.OrderByDescending(t => t.CreatedAt).Select(ApiTokenSummary.From).ToList();
    }

    /// <summary>Revokes a token of the user's own (or anyone's, for an Admin); null on success, else why not.</summary>
    public async Task<string?> RevokeAsync(ClaimsPrincipal user, Guid tokenId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        var userId = UserId(user);
        var target = tokenId.ToString();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var row = await db.Set<ApiTokenEntity>().FirstOrDefaultAsync(t => t.Id == tokenId, cancellationToken);
        var isAdmin = user.IsInRole(Roles.Admin);
        if (row is null || userId is null || (!isAdmin && row.OwnerUserId != userId))
        {
            audit.Record(userId, user.Identity?.Name, ApiTokenAuditActions.Revoked, target, "no such token of the user", false);
            return "No such token.";
        }
        if (row.RevokedAt is not null)
        {
            return null;
        }
        row.RevokedAt = time.GetUtcNow();
        row.RevokedBy = user.Identity?.Name ?? userId;
        await db.SaveChangesAsync(cancellationToken);
        _cache.Forget(tokenId);
        revocations?.Revoke(row.OwnerUserId);
        audit.Record(userId, user.Identity?.Name, ApiTokenAuditActions.Revoked, target,
            $"'{row.Name}' of {(row.OwnerUserId == userId ? "own" : row.OwnerName)}", true);
        return null;
    }

    /// <summary>
    /// Revokes every active token of <paramref name="userId"/> (their password changed: whatever an intruder who knew the
    /// old one created ends with it) and closes live connections signed in with them; how many were revoked.
    /// </summary>
    public async Task<int> RevokeAllOfUserAsync(string userId, string userName, string reason, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(userId);
        var now = time.GetUtcNow();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var count = await db.Set<ApiTokenEntity>()
            .Where(t => t.OwnerUserId == userId && t.RevokedAt == null && t.ExpiresAt > now)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.RevokedAt, now).SetProperty(t => t.RevokedBy, userName), cancellationToken);
        _cache.ForgetUser(userId);
        if (count > 0)
        {
            revocations?.Revoke(userId);
            audit.Record(userId, userName, ApiTokenAuditActions.Revoked, userName,
                $"all {Counted.Of(count, "active token")}: {reason}", true);
        }
        return count;
    }

    /// <summary>The user's roles or lock changed: their tokens are verified against the store again at their next use.</summary>
    public void ForgetUser(string userId) => _cache.ForgetUser(userId);

    /// <summary>True while the token with <paramref name="tokenId"/> exists, is not revoked and has not expired.</summary>
    public async Task<bool> IsActiveAsync(Guid tokenId, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Set<ApiTokenEntity>().AsNoTracking()
            .AnyAsync(t => t.Id == tokenId && t.RevokedAt == null && t.ExpiresAt > now, cancellationToken);
    }

    /// <summary>
    /// The owner a presented token acts for, or null for a malformed, unknown, expired or revoked token or one whose
    /// owner is locked or deleted.
    /// </summary>
    public async ValueTask<ApiTokenIdentity?> AuthenticateAsync(string token, CancellationToken cancellationToken = default)
    {
        if (!ApiTokenRules.LooksLikeToken(token))
        {
            return null;
        }
        var hash = ApiTokenRules.Hash(token);
        var now = time.GetUtcNow();
        var cached = _cache.Get(hash, now, TimeSpan.FromSeconds(options.Value.CacheSeconds));
        var identity = cached?.Identity;
        if (cached is null)
        {
            var generation = _cache.Generation;
            identity = await LoadAsync(hash, now, cancellationToken);
            if (identity is null)
            {
                return null;
            }
            cached = _cache.Put(hash, identity, now, generation);
        }
        if (identity!.ExpiresAt <= now)
        {
            return null;
        }
        if (cached.ClaimLastUsedWrite(now, LastUsedResolution))
        {
            _ = WriteLastUsedAsync(identity.TokenId, now);
        }
        return identity;
    }

    private async Task<ApiTokenIdentity?> LoadAsync(string hash, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var row = await db.Set<ApiTokenEntity>().AsNoTracking().FirstOrDefaultAsync(t => t.TokenHash == hash, cancellationToken);
        if (row is null || row.RevokedAt is not null || row.ExpiresAt <= now)
        {
            return null;
        }
        var user = await StoredUser.LoadAsync(db, row.OwnerUserId, now, cancellationToken);
        return user is null ? null : new ApiTokenIdentity(row.Id, row.Scope, row.ExpiresAt, user.Id, user.UserName, user.Roles);
    }

    private async Task WriteLastUsedAsync(Guid tokenId, DateTimeOffset now)
    {
        try
        {
            await using var db = await contexts.CreateDbContextAsync();
            await db.Set<ApiTokenEntity>().Where(t => t.Id == tokenId).ExecuteUpdateAsync(s => s.SetProperty(t => t.LastUsedAt, now));
        }
        catch (Exception ex) when (ex is DbUpdateException or InvalidOperationException or System.Data.Common.DbException)
        {
            // Best effort: "last used" is informational; a busy database never fails a request.
        }
    }
}

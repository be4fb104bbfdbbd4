using System.Security.Cryptography;
using BreakoutBot.Domain.Abstractions;
using BreakoutBot.Infrastructure.Exchanges.Okx;
using BreakoutBot.Infrastructure.Persistence;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace BreakoutBot.Infrastructure.Credentials;

/// <summary>
/// Per-user OKX key sets in the <c>OkxKeySets</c> table. The API key, secret and passphrase are encrypted with ASP.NET
/// Core Data Protection (purpose <see cref="Purpose"/>) before they reach the database and are decrypted only by
/// <see cref="GetCredentialsAsync"/> for the owner. Every operation takes the acting user's id and touches only that
/// user's key sets: nobody, an administrator included, can list, use, test or delete another user's keys (an
/// administrator sees in the audit log that key sets were saved, tested or deleted, but not their secrets).
/// Saves, deletions and tests are audit-logged with the label and masked key only.
/// </summary>
public sealed class OkxKeyStore
{
    /// <summary>The Data Protection purpose; changing it makes every stored key set unreadable.</summary>
    public const string Purpose = "BreakoutBot.OkxKeys.v1";

    public const string NotAvailableMessage = "Connection testing is not available in this portal build.";

    private const string Mask = "****";

    private readonly IDbContextFactory<BreakoutBotDbContext> _contexts;
    private readonly IDataProtector _protector;
    private readonly IAuditLog _audit;
    private readonly TimeProvider _time;
    private readonly ILogger<OkxKeyStore> _logger;
    private readonly IOkxConnectionTester? _tester;

    public OkxKeyStore(
        IDbContextFactory<BreakoutBotDbContext> contexts,
        IDataProtectionProvider protection,
        IAuditLog audit,
        TimeProvider time,
        ILogger<OkxKeyStore> logger,
        IOkxConnectionTester? tester = null)
    {
        ArgumentNullException.ThrowIfNull(contexts);
        ArgumentNullException.ThrowIfNull(protection);
        ArgumentNullException.ThrowIfNull(audit);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(logger);
        _contexts = contexts;
        _protector = protection.CreateProtector(Purpose);
        _audit = audit;
        _time = time;
        _logger = logger;
        _tester = tester;
    }

    /// <summary>True when a connection tester is registered, so <see cref="TestConnectionAsync"/> can reach OKX.</summary>
    public bool CanTestConnections => _tester is not null;

    /// <summary>
    /// Validates and stores a new key set for <paramref name="ownerUserId"/>. On any error nothing is written and the
    /// result names each bad field (without echoing its value). The API key and secret are trimmed; the passphrase is
    /// kept exactly as typed but may not start or end with a space.
    /// </summary>
    public async Task<OkxKeySaveResult> SaveAsync(
        string ownerUserId,
        string? label,
        string? apiKey,
        string? secretKey,
        string? passphrase,
        bool isDemo,
        string? ownerUserName = null,
        CancellationToken cancellationToken = default)
    {
        RequireOwner(ownerUserId);
        var cleanLabel = (label ?? "").Trim();
        var cleanApiKey = (apiKey ?? "").Trim();
        var cleanSecret = (secretKey ?? "").Trim();
        var cleanPassphrase = passphrase ?? "";
        var errors = OkxKeyValidator.Validate(cleanLabel, cleanApiKey, cleanSecret, cleanPassphrase);

        await using var db = await _contexts.CreateDbContextAsync(cancellationToken);
        var labels = await db.OkxKeySets.AsNoTracking()
            .Where(k => k.OwnerUserId == ownerUserId)
            .Select(k => k.Label)
            .ToListAsync(cancellationToken);
        if (labels.Count >= OkxKeyRules.MaxKeySetsPerUser)
        {
            errors.Add(new OkxKeyFieldError(OkxKeyValidator.LabelField,
                $"You already have {OkxKeyRules.MaxKeySetsPerUser} key sets; delete one before adding another."));
        }
        else if (cleanLabel.Length > 0 && labels.Contains(cleanLabel, StringComparer.OrdinalIgnoreCase))
        {
            errors.Add(DuplicateLabel(cleanLabel));
        }
        if (errors.Count > 0)
        {
            _audit.Record(ownerUserId, ownerUserName, OkxKeyAuditActions.Saved, null,
                "rejected: " + string.Join(", ", errors.Select(e => e.Field).Distinct(StringComparer.Ordinal)), success: false);
            return OkxKeySaveResult.Invalid(errors);
        }

        var now = _time.GetUtcNow();
        var entity = new OkxKeySetEntity
        {
            Id = Guid.NewGuid(),
            OwnerUserId = ownerUserId,
            Label = cleanLabel,
            ApiKey = _protector.Protect(cleanApiKey),
            SecretKey = _protector.Protect(cleanSecret),
            Passphrase = _protector.Protect(cleanPassphrase),
            ApiKeyHint = cleanApiKey[^4..],
            IsDemo = isDemo,
            CreatedAt = now,
            UpdatedAt = now,
        };
        db.OkxKeySets.Add(entity);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // The unique (owner, label) index: the same label was saved at the same moment in another tab.
            _audit.Record(ownerUserId, ownerUserName, OkxKeyAuditActions.Saved, null, "rejected: label", success: false);
            return OkxKeySaveResult.Invalid([DuplicateLabel(cleanLabel)]);
        }

        var summary = ToSummary(entity);
        _audit.Record(ownerUserId, ownerUserName, OkxKeyAuditActions.Saved, Target(entity.Id), Describe(summary));
        _logger.LogInformation("User {UserId} saved OKX key set {KeySetId} ({MaskedKey}).", ownerUserId, entity.Id, summary.MaskedApiKey);
        return OkxKeySaveResult.Success(summary);
    }

    /// <summary>The owner's key sets, oldest first, without any secret.</summary>
    public async Task<IReadOnlyList<OkxKeySetSummary>> ListAsync(string ownerUserId, CancellationToken cancellationToken = default)
    {
        RequireOwner(ownerUserId);
        await using var db = await _contexts.CreateDbContextAsync(cancellationToken);
        var rows = await db.OkxKeySets.AsNoTracking()
            .Where(k => k.OwnerUserId == ownerUserId)
            .OrderBy(k => k.CreatedAt)
            .ToListAsync(cancellationToken);
        return rows.Select(ToSummary).ToList();
    }

    /// <summary>
    /// Deletes the key set if <paramref name="ownerUserId"/> owns it and none of their engines is built on it (a demo or
    /// live engine decrypts its key set again at every restart: without it the engine could not come back, and its
    /// positions would be left on the account unmanaged). Nothing is deleted otherwise; the result says why.
    /// </summary>
    public async Task<OkxKeyDeleteResult> DeleteAsync(string ownerUserId, Guid keySetId, string? ownerUserName = null, CancellationToken cancellationToken = default)
    {
        RequireOwner(ownerUserId);
        await using var db = await _contexts.CreateDbContextAsync(cancellationToken);
        var entity = await db.OkxKeySets.FirstOrDefaultAsync(k => k.Id == keySetId && k.OwnerUserId == ownerUserId, cancellationToken);
        if (entity is null)
        {
            _audit.Record(ownerUserId, ownerUserName, OkxKeyAuditActions.Deleted, Target(keySetId), "no such key set of this user", success: false);
            return new OkxKeyDeleteResult(OkxKeyDeleteStatus.NotFound, "That key set was already gone.");
        }
        var usedBy = await EnginesUsingAsync(db, ownerUserId, keySetId, cancellationToken);
        if (usedBy.Count > 0)
        {
            var names = string.Join(", ", usedBy.Select(n => $"'{n}'"));
            _audit.Record(ownerUserId, ownerUserName, OkxKeyAuditActions.Deleted, Target(keySetId),
                $"{Describe(ToSummary(entity))}: refused, used by engine(s) {names}", success: false);
            return new OkxKeyDeleteResult(OkxKeyDeleteStatus.InUse,
                $"Key set '{entity.Label}' is not deleted: engine(s) {names} trade with it and need it to start again after a restart. Stop and delete those engines first.");
        }
        db.OkxKeySets.Remove(entity);
        await db.SaveChangesAsync(cancellationToken);
        _audit.Record(ownerUserId, ownerUserName, OkxKeyAuditActions.Deleted, Target(keySetId), Describe(ToSummary(entity)));
        _logger.LogInformation("User {UserId} deleted OKX key set {KeySetId}.", ownerUserId, keySetId);
        return new OkxKeyDeleteResult(OkxKeyDeleteStatus.Deleted, $"Deleted key set '{entity.Label}'.");
    }

    /// <summary>The names of the owner's stored engines whose options name the key set.</summary>
    private static async Task<IReadOnlyList<string>> EnginesUsingAsync(BreakoutBotDbContext db, string ownerUserId, Guid keySetId, CancellationToken cancellationToken)
    {
        var id = keySetId.ToString("D");
        var rows = await db.Engines.AsNoTracking()
            .Where(e => e.OwnerUserId == ownerUserId && e.OptionsJson.Contains(id))
            .Select(e => new { e.Name, e.OptionsJson })
            .ToListAsync(cancellationToken);
        return rows.Where(r => PersistenceJson.Deserialize<Engines.EngineCreateOptions>(r.OptionsJson)?.KeySetId == keySetId)
            .Select(r => r.Name)
            .ToList();
    }

    /// <summary>
    /// The decrypted credentials of the key set, or null when it does not exist or belongs to someone else.
    /// For building an engine or testing a connection; never show or log the result (its ToString masks).
    /// </summary>
    /// <exception cref="OkxKeysUnreadableException">The stored values cannot be decrypted (Data Protection keys lost).</exception>
    public async Task<OkxCredentials?> GetCredentialsAsync(string ownerUserId, Guid keySetId, CancellationToken cancellationToken = default)
    {
        RequireOwner(ownerUserId);
        await using var db = await _contexts.CreateDbContextAsync(cancellationToken);
        var entity = await db.OkxKeySets.AsNoTracking()
            .FirstOrDefaultAsync(k => k.Id == keySetId && k.OwnerUserId == ownerUserId, cancellationToken);
        return entity is null ? null : Unprotect(entity);
    }

    /// <summary>
    /// Stores the outcome of a connection test on the owner's key set (the message is shortened and any part of the
    /// key set found in it is masked) and audit-logs it. False when the key set is not the owner's.
    /// </summary>
    public async Task<bool> RecordTestResultAsync(
        string ownerUserId,
        Guid keySetId,
        OkxConnectionTestResult result,
        string? ownerUserName = null,
        CancellationToken cancellationToken = default)
    {
        RequireOwner(ownerUserId);
        ArgumentNullException.ThrowIfNull(result);
        await using var db = await _contexts.CreateDbContextAsync(cancellationToken);
        var entity = await db.OkxKeySets.FirstOrDefaultAsync(k => k.Id == keySetId && k.OwnerUserId == ownerUserId, cancellationToken);
        if (entity is null)
        {
            _audit.Record(ownerUserId, ownerUserName, OkxKeyAuditActions.Tested, Target(keySetId), "no such key set of this user", success: false);
            return false;
        }
        OkxCredentials? credentials = null;
        try
        {
            credentials = Unprotect(entity);
        }
        catch (OkxKeysUnreadableException)
        {
            // Nothing readable to mask; the message is stored as given.
        }
        entity.LastTestedAt = _time.GetUtcNow();
        entity.LastTestOk = result.Ok;
        entity.LastTestMessage = Scrub(result.Message, credentials);
        await db.SaveChangesAsync(cancellationToken);
        _audit.Record(ownerUserId, ownerUserName, OkxKeyAuditActions.Tested, Target(keySetId),
            $"{Describe(ToSummary(entity))}: {(result.Ok ? "ok" : "failed")}: {entity.LastTestMessage}", result.Ok);
        return true;
    }

    /// <summary>
    /// Tests the owner's key set with the registered <see cref="IOkxConnectionTester"/> and records the outcome.
    /// Without a tester the result says so and nothing is recorded.
    /// </summary>
    public async Task<OkxConnectionTestResult> TestConnectionAsync(
        string ownerUserId,
        Guid keySetId,
        string? ownerUserName = null,
        CancellationToken cancellationToken = default)
    {
        RequireOwner(ownerUserId);
        if (_tester is null)
        {
            return OkxConnectionTestResult.Failure(NotAvailableMessage);
        }
        OkxCredentials? credentials;
        OkxConnectionTestResult result;
        try
        {
            credentials = await GetCredentialsAsync(ownerUserId, keySetId, cancellationToken);
        }
        catch (OkxKeysUnreadableException ex)
        {
            result = OkxConnectionTestResult.Failure(ex.Message);
            await RecordTestResultAsync(ownerUserId, keySetId, result, ownerUserName, cancellationToken);
            return result;
        }
        if (credentials is null)
        {
            _audit.Record(ownerUserId, ownerUserName, OkxKeyAuditActions.Tested, Target(keySetId), "no such key set of this user", success: false);
            return OkxConnectionTestResult.Failure("There is no such key set.");
        }
        try
        {
            result = await _tester.TestAsync(credentials, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            _logger.LogWarning("Connection test of OKX key set {KeySetId} threw {ExceptionType}.", keySetId, ex.GetType().Name);
            result = OkxConnectionTestResult.Failure($"The test did not complete ({ex.GetType().Name}: {ex.Message})");
        }
        result = result with { Message = Scrub(result.Message, credentials) };
        await RecordTestResultAsync(ownerUserId, keySetId, result, ownerUserName, cancellationToken);
        return result;
    }

    private OkxCredentials Unprotect(OkxKeySetEntity entity)
    {
        try
        {
            return new OkxCredentials(
                _protector.Unprotect(entity.ApiKey),
                _protector.Unprotect(entity.SecretKey),
                _protector.Unprotect(entity.Passphrase),
                entity.IsDemo);
        }
        catch (CryptographicException ex)
        {
            _logger.LogError("OKX key set {KeySetId} cannot be decrypted; the Data Protection key folder is missing or different.", entity.Id);
            throw new OkxKeysUnreadableException(
                $"Key set '{entity.Label}' cannot be decrypted: the portal's Data Protection keys (DataProtection:KeysFolder) are not the ones it was saved with. Restore that folder from the backup, or delete the key set and enter it again.",
                ex);
        }
    }

    private static void RequireOwner(string ownerUserId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(ownerUserId);
        if (ownerUserId.Length > OkxKeyRules.MaxOwnerIdLength)
        {
            throw new ArgumentException($"A user id is at most {OkxKeyRules.MaxOwnerIdLength} characters.", nameof(ownerUserId));
        }
    }

    private static OkxKeyFieldError DuplicateLabel(string label) =>
        new(OkxKeyValidator.LabelField, $"You already have a key set named '{label}'; choose another label.");

    private static OkxKeySetSummary ToSummary(OkxKeySetEntity entity) => new(
        entity.Id,
        entity.Label,
        Mask + entity.ApiKeyHint,
        entity.IsDemo,
        entity.CreatedAt,
        entity.LastTestedAt,
        entity.LastTestOk,
        entity.LastTestMessage);

    private static string Target(Guid keySetId) => "okx-keys/" + keySetId.ToString("D");

    private static string Describe(OkxKeySetSummary summary) =>
        $"'{summary.Label}' {summary.MaskedApiKey} ({(summary.IsDemo ? "demo" : "live")})";

    private static string Scrub(string? message, OkxCredentials? credentials)
    {
        var text = string.IsNullOrWhiteSpace(message) ? "(no message)" : message.Trim();
        if (credentials is not null)
        {
            foreach (var secret in new[] { credentials.SecretKey, credentials.Passphrase, credentials.ApiKey })
            {
                text = text.Replace(secret, Mask, StringComparison.Ordinal);
            }
        }
        return text.Length <= OkxKeyRules.MaxTestMessageLength ? text : text[..(OkxKeyRules.MaxTestMessageLength - 1)] + "…";
    }
}

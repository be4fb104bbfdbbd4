using System.Collections.Concurrent;

namespace BreakoutBot.Infrastructure.ApiTokens;

/// <summary>
/// Verified tokens by hash, each reused until it is older than the cache time or forgotten (on revocation, or when the
/// owner's roles or lock change).
/// </summary>
public sealed class ApiTokenCache
{
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    // Raised by every forget: a load that began before one (and read the old roles or a token since revoked) is not stored.
    private long _generation;

    /// <summary>Taken before loading a token from the store, and handed to <see cref="Put"/>.</summary>
    public long Generation => Interlocked.Read(ref _generation);

    public Entry? Get(string hash, DateTimeOffset now, TimeSpan maxAge)
    {
        if (!_entries.TryGetValue(hash, out var entry))
        {
            return null;
        }
        if (now - entry.LoadedAt < maxAge)
        {
            return entry;
        }
        _entries.TryRemove(KeyValuePair.Create(hash, entry));
        return null;
    }

    /// <summary>
    /// Keeps a token loaded from the store, unless something was forgotten since <paramref name="loadedFrom"/> (the
    /// <see cref="Generation"/> when the load began): the load may have read what was just changed. The entry is
    /// returned either way, for this one request.
    /// </summary>
    public Entry Put(string hash, ApiTokenIdentity identity, DateTimeOffset now, long loadedFrom)
    {
        var entry = new Entry(identity, now);
        _entries[hash] = entry;
        if (Generation != loadedFrom)
        {
            _entries.TryRemove(KeyValuePair.Create(hash, entry));
        }
        return entry;
    }

    public void Forget(Guid tokenId)
    {
        Interlocked.Increment(ref _generation);
        foreach (var (hash, entry) in _entries)
        {
            if (entry.Identity.TokenId == tokenId)
            {
                _entries.TryRemove(hash, out _);
            }
        }
    }

    /// <summary>Drops every verified token of <paramref name="userId"/> (their roles or lock changed: read them again).</summary>
    public void ForgetUser(string userId)
    {
        Interlocked.Increment(ref _generation);
        foreach (var (hash, entry) in _entries)
        {
            if (string.Equals(entry.Identity.UserId, userId, StringComparison.Ordinal))
            {
                _entries.TryRemove(hash, out _);
            }
        }
    }

    public sealed class Entry(ApiTokenIdentity identity, DateTimeOffset loadedAt)
    {
        private long _lastUsedWriteTicks = long.MinValue;

        public ApiTokenIdentity Identity { get; } = identity;

        public DateTimeOffset LoadedAt { get; } = loadedAt;

        /// <summary>True for the one caller that should write "last used" now (at most once per <paramref name="resolution"/>).</summary>
        public bool ClaimLastUsedWrite(DateTimeOffset now, TimeSpan resolution)
        {
            var last = Interlocked.Read(ref _lastUsedWriteTicks);
            if (last != long.MinValue && now.UtcTicks - last < resolution.Ticks)
            {
                return false;
            }
            return Interlocked.CompareExchange(ref _lastUsedWriteTicks, now.UtcTicks, last) == last;
        }
    }
}

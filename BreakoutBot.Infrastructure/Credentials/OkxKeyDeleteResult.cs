namespace BreakoutBot.Infrastructure.Credentials;

/// <summary>What <see cref="OkxKeyStore.DeleteAsync"/> did.</summary>
public enum OkxKeyDeleteStatus
{
    Deleted,

    /// <summary>No such key set of this user (never one of theirs, or already deleted).</summary>
    NotFound,

    /// <summary>One of the user's engines is built on it: nothing was deleted.</summary>
    InUse,
}

/// <summary>The outcome of deleting a key set, with one line for the user.</summary>
public sealed record OkxKeyDeleteResult(OkxKeyDeleteStatus Status, string Message)
{
    public bool Deleted => Status == OkxKeyDeleteStatus.Deleted;
}

using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace BreakoutBot.Infrastructure.Persistence;

/// <summary>
/// Tells a database that cannot take writes right now (locked or busy, disk full, I/O error, read-only or unreachable
/// file, a transient server error) from a write that is wrong in itself (a constraint, a bad value). The first passes:
/// the same write succeeds later, so it is kept and retried; the second never will.
/// </summary>
public static class StorageOutage
{
    // SQLite primary result codes: BUSY, LOCKED, NOMEM, READONLY, IOERR, FULL, CANTOPEN, PROTOCOL.
    private static readonly int[] SqliteOutageCodes = [5, 6, 7, 8, 10, 13, 14, 15];

    /// <summary>True when <paramref name="exception"/> (or one it wraps) says the storage is unavailable, not that the write is bad.</summary>
    public static bool Is(Exception? exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case SqliteException sqlite when SqliteOutageCodes.Contains(sqlite.SqliteErrorCode & 0xFF):
                case IOException:
                case UnauthorizedAccessException:
                case TimeoutException:
                case DbException { IsTransient: true }:
                    return true;
                default:
                    break;
            }
        }
        return false;
    }
}

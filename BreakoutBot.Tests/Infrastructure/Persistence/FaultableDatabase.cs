using BreakoutBot.Infrastructure.Persistence;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace BreakoutBot.Tests.Infrastructure.Persistence;

/// <summary>
/// Contexts on a test database's SQLite file, wired as the portal wires them, whose every save can be slowed down or made
/// to fail as a full disk or a locked database would (switched at any time by the test). Reads pass untouched.
/// </summary>
internal sealed class FaultableDatabase : SaveChangesInterceptor, IDbContextFactory<BreakoutBotDbContext>
{
    private readonly DbContextOptions<SqliteBreakoutBotDbContext> _options;
    private Func<Exception>? _fault;
    private long _delayTicks;
    private int _saves;
    private int _refused;

    /// <param name="busyTimeoutSeconds">How long a write waits for a lock another connection holds before SQLite answers "database is locked".</param>
    public FaultableDatabase(PersistenceTestDatabase database, int busyTimeoutSeconds = 30)
    {
        ArgumentNullException.ThrowIfNull(database);
        var connection = new SqliteConnectionStringBuilder { DataSource = database.FilePath, DefaultTimeout = busyTimeoutSeconds };
        var builder = new DbContextOptionsBuilder<SqliteBreakoutBotDbContext>();
        DatabaseProviderSetup.UseSqliteDatabase(builder, connection.ToString());
        builder.AddInterceptors(this);
        _options = builder.Options;
    }

    /// <summary>How long every save waits before it writes (zero: no wait).</summary>
    public TimeSpan Delay
    {
        get => TimeSpan.FromTicks(Interlocked.Read(ref _delayTicks));
        set => Interlocked.Exchange(ref _delayTicks, value.Ticks);
    }

    /// <summary>Saves that went through (each waited <see cref="Delay"/>).</summary>
    public int Saves => Volatile.Read(ref _saves);

    /// <summary>Saves refused with the injected fault.</summary>
    public int Refused => Volatile.Read(ref _refused);

    /// <summary>From now on every save throws what <paramref name="fault"/> makes, until <see cref="Heal"/>.</summary>
    public void Fail(Func<Exception> fault) => Volatile.Write(ref _fault, fault ?? throw new ArgumentNullException(nameof(fault)));

    public void Heal() => Volatile.Write(ref _fault, null);

    public BreakoutBotDbContext CreateDbContext() => new SqliteBreakoutBotDbContext(_options);

    public Task<BreakoutBotDbContext> CreateDbContextAsync(CancellationToken cancellationToken = default) => Task.FromResult(CreateDbContext());

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        ThrowIfFailing();
        Interlocked.Increment(ref _saves);
        return result;
    }

    public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        ThrowIfFailing();
        var delay = Delay;
        if (delay > TimeSpan.Zero)
        {
            // The simulated slow storage itself, not a wait for a condition.
            await Task.Delay(delay, cancellationToken);
        }
        Interlocked.Increment(ref _saves);
        return result;
    }

    private void ThrowIfFailing()
    {
        if (Volatile.Read(ref _fault) is { } fault)
        {
            Interlocked.Increment(ref _refused);
            throw fault();
        }
    }
}

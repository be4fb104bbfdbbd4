using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace BreakoutBot.Tests.TestSupport.Fakes;

/// <summary>
/// Holds the first command EF is about to send whose text contains a given fragment (once armed): the test learns it was
/// reached (<see cref="Reached"/>), does what it wants to interleave, and lets it go (<see cref="Release"/>). Whatever the
/// paused command's transaction holds stays held meanwhile. Other commands pass untouched.
/// </summary>
public sealed class CommandPause : DbCommandInterceptor
{
    private readonly Lock _gate = new();
    private string? _fragment;
    private TaskCompletionSource _reached = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when the armed command has been reached and is waiting.</summary>
    public Task Reached => _reached.Task;

    /// <summary>Pauses the next command whose text contains <paramref name="fragment"/>.</summary>
    public void Arm(string fragment)
    {
        lock (_gate)
        {
            _fragment = fragment;
            _reached = new(TaskCreationOptions.RunContinuationsAsynchronously);
            _released = new(TaskCreationOptions.RunContinuationsAsynchronously);
        }
    }

    /// <summary>Lets the paused command (or the next one that matches) go on.</summary>
    public void Release() => _released.TrySetResult();

    public override async ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        await PauseIfArmedAsync(command, cancellationToken);
        return result;
    }

    public override async ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        await PauseIfArmedAsync(command, cancellationToken);
        return result;
    }

    private async Task PauseIfArmedAsync(DbCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        TaskCompletionSource released;
        lock (_gate)
        {
            if (_fragment is null || !command.CommandText.Contains(_fragment, StringComparison.Ordinal))
            {
                return;
            }
            _fragment = null;
            released = _released;
            _reached.TrySetResult();
        }
        await released.Task.WaitAsync(cancellationToken);
    }
}

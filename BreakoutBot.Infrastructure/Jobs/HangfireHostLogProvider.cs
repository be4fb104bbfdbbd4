using Hangfire.Logging;
using Microsoft.Extensions.Logging;
using HangfireLogLevel = Hangfire.Logging.LogLevel;
using MsLogLevel = Microsoft.Extensions.Logging.LogLevel;

namespace BreakoutBot.Infrastructure.Jobs;

/// <summary>
/// Hangfire's logging into the host's <see cref="ILoggerFactory"/>. Hangfire keeps one log provider for the whole
/// process (set by the last host that configured it) and caches loggers in static attribute instances, so a process
/// with several hosts (the test suite's portals, two cluster nodes in one test) can outlive the factory it was given.
/// This provider creates its loggers when they first log and drops a message, rather than failing the job being
/// enqueued, when that factory has been disposed.
/// </summary>
public sealed class HangfireHostLogProvider(ILoggerFactory factory) : ILogProvider
{
    public ILog GetLogger(string name) => new HostLog(factory, name);

    private sealed class HostLog(ILoggerFactory factory, string name) : ILog
    {
        private Microsoft.Extensions.Logging.ILogger? _logger;

        public bool Log(HangfireLogLevel logLevel, Func<string>? messageFunc, Exception? exception = null)
        {
            try
            {
                var logger = _logger ??= factory.CreateLogger(name);
                var level = Map(logLevel);
                if (messageFunc is null || !logger.IsEnabled(level))
                {
                    return logger.IsEnabled(level);
                }
                logger.Log(level, 0, messageFunc(), exception, static (message, _) => message);
                return true;
            }
            catch (ObjectDisposedException)
            {
                // The host whose factory this is has stopped; nothing to log to.
                return false;
            }
        }

        private static MsLogLevel Map(HangfireLogLevel level) => level switch
        {
            HangfireLogLevel.Trace => MsLogLevel.Trace,
            HangfireLogLevel.Debug => MsLogLevel.Debug,
            HangfireLogLevel.Info => MsLogLevel.Information,
            HangfireLogLevel.Warn => MsLogLevel.Warning,
            HangfireLogLevel.Error => MsLogLevel.Error,
            _ => MsLogLevel.Critical,
        };
    }
}

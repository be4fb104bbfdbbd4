using BreakoutBot.Domain.Risk;
using Microsoft.Extensions.Logging;

namespace BreakoutBot.Infrastructure.Backtests;

/// <summary>
/// Loggers for the engine a backtest replays. Everything the engine decides in a backtest (trades, transitions, kill
/// switches) is in the stored report, so the portal's log gets only its faults: errors, under categories prefixed
/// <see cref="CategoryPrefix"/> so they are never mistaken for a live engine's. The risk manager's kill-switch line is
/// a trading outcome in a replay and is left out. Before, a 50-run sweep over a year of 10 instruments logged about
/// 12,000 entries per run, and about 250,000 (24.7 million console lines, 1.5 GB in all) when the portal ran without its
/// <c>appsettings.json</c>; that sweep used 208 s of CPU against 143 s now (README, "Backtests in the portal").
/// </summary>
public sealed class BacktestLoggerFactory(ILoggerFactory inner) : ILoggerFactory
{
    public const string CategoryPrefix = "Backtest.";

    /// <summary>The lowest level a backtest's engine writes to the portal's log.</summary>
    public const LogLevel MinimumLevel = LogLevel.Error;

    public ILogger CreateLogger(string categoryName)
    {
        ArgumentNullException.ThrowIfNull(categoryName);
        if (string.Equals(categoryName, typeof(RiskManager).FullName, StringComparison.Ordinal))
        {
            return Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;
        }
        return new ErrorsOnly(inner.CreateLogger(CategoryPrefix + categoryName));
    }

    public void AddProvider(ILoggerProvider provider) => throw new NotSupportedException("A backtest's loggers write through the portal's providers.");

    public void Dispose()
    {
        // The portal owns the inner factory.
    }

    private sealed class ErrorsOnly(ILogger inner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => inner.BeginScope(state);

        public bool IsEnabled(LogLevel logLevel) => logLevel >= MinimumLevel && logLevel != LogLevel.None && inner.IsEnabled(logLevel);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                inner.Log(logLevel, eventId, state, exception, formatter);
            }
        }
    }
}

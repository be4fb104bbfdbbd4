using BreakoutBot.Domain.Abstractions;
using BreakoutBot.Domain.Engine;
using BreakoutBot.Domain.Engine.Errors;
using BreakoutBot.Domain.Execution;
using BreakoutBot.Domain.Positions;
using BreakoutBot.Domain.Presets;
using BreakoutBot.Domain.Risk;
using BreakoutBot.Domain.Scanning;
using BreakoutBot.Domain.Signals;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace BreakoutBot.Infrastructure.Engine;

/// <summary>Wires one engine from its ports: market data, exchange, presets and clock. The engine cannot tell paper from live.</summary>
public static class EngineAssembly
{
    public static TradingEngine Create(
        string engineId,
        IMarketDataProvider marketData,
        IExchangeClient exchange,
        TimeProvider time,
        IPresetSource? presets = null,
        ILoggerFactory? loggerFactory = null,
        int errorSeed = 17,
        string idScope = "",
        string? benchmarkInstrumentId = null,
        ScanningManager? scanning = null)
    {
        ArgumentNullException.ThrowIfNull(marketData);
        ArgumentNullException.ThrowIfNull(exchange);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(idScope);
        loggerFactory ??= NullLoggerFactory.Instance;
        // A replay group passes the scanner its runs share (ADR-010, "Seventh round"); every other engine has its own.
        scanning ??= new ScanningManager(marketData, benchmarkInstrumentId);
        var signals = new SignalManager(new SignalGenerator(new BreakoutHistory(), idScope), scanning, time);
        var risk = new RiskManager(loggerFactory.CreateLogger<RiskManager>());
        var execution = new ExecutionManager(exchange, time, ClientIdPrefix(engineId) + idScope, logger: loggerFactory.CreateLogger<ExecutionManager>());
        var positions = new PositionManager(exchange, execution, scanning, time, loggerFactory.CreateLogger<PositionManager>(), idScope, ClientIdPrefix(engineId));
        var errors = new ErrorHandler(time, random: new Random(errorSeed), logger: loggerFactory.CreateLogger<ErrorHandler>());
        return new TradingEngine(engineId, scanning, signals, risk, execution, positions, exchange, errors, presets ?? CatalogPresetSource.Instance, time, loggerFactory);
    }

    /// <summary>
    /// What a rebuilt engine adds to its signal, position and client-order ids so they never collide with stored ones:
    /// <c>r&lt;generation&gt;</c>; nothing for generation 0 (an engine that was never rebuilt).
    /// </summary>
    public static string IdScope(int generation) =>
        generation > 0 ? "r" + generation.ToString(System.Globalization.CultureInfo.InvariantCulture) : "";

    /// <summary>
    /// The generation of the engine run that made a client order id (<see cref="ClientIdPrefix"/>, then
    /// <see cref="IdScope"/>, then the order's purpose, which starts with a letter); -1 when the id does not start with
    /// the engine's prefix.
    /// </summary>
    public static int GenerationOf(string clientOrderId, string engineId)
    {
        ArgumentNullException.ThrowIfNull(clientOrderId);
        var prefix = ClientIdPrefix(engineId);
        if (!clientOrderId.StartsWith(prefix, StringComparison.Ordinal))
        {
            return -1;
        }
        var rest = clientOrderId.AsSpan(prefix.Length);
        if (rest.Length < 2 || rest[0] != 'r' || !char.IsAsciiDigit(rest[1]))
        {
            return 0;
        }
        var digits = 1;
        while (digits < rest.Length && char.IsAsciiDigit(rest[digits]))
        {
            digits++;
        }
        return int.TryParse(rest[1..digits], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var generation) ? generation : -1;
    }

    /// <summary>The client-order-id prefix of an engine's orders (the same across restarts; a rebuilt engine adds its generation after it).</summary>
    public static string ClientIdPrefix(string engineId)
    {
        var letters = new string(engineId.Where(char.IsAsciiLetterOrDigit).ToArray());
        return "bb" + (letters.Length > 6 ? letters[..6] : letters);
    }
}

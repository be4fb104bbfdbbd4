using BreakoutBot.Domain.Common;

namespace BreakoutBot.Web.Cli;

/// <summary>Headless verbs of the portal executable: <c>replay</c>, <c>bench</c>, <c>migrate</c> and <c>token create</c>.</summary>
public static class CliCommands
{
    public const string Usage = """
        Usage:
          dotnet run --project BreakoutBot.Web                      run the portal
          dotnet run -c Release --project BreakoutBot.Web -- replay [options]
                                   replay candles through the engine in paper mode (Release: about twice as fast as
                                   Debug; from about 100,000 candle-steps in a child process that compiles sooner)
              --preset NAME        preset (default breakout_v1)
              --data FOLDER        OHLCV CSV files, one per instrument (default: the bundled generated market)
              --benchmark FILE     a BTC series (same CSV format) to correlate with, read but not traded; without
                                   one and without BTC in the data, the correlation filter is not applicable
              --out FILE           write the JSON report here (checked before the replay starts; default: print the summary only)
              --repair             sort out-of-order rows and drop exact duplicates, saying how many (without it they
                                   are an error naming file and line; a repeated time with other values always is)
              --seed N --instruments N --bars N   the generated market (defaults 42, 6, 6000)
              --balance USDT       starting paper balance (default 10000)
              --no-reset           stay halted after a kill switch instead of restarting the next day
              --taker-fee-bps X --maker-fee-bps X   override the preset's execution_config fees
              --slippage-bps X     base slippage of taker fills (default 2)
              --depth-impact-bps X extra slippage per notional/0.3%-depth (default 40, ADR-007)
              --funding-bps X      flat funding per 8 h settlement, longs pay (default 1)
          dotnet run --project BreakoutBot.Web -- migrate           apply pending database migrations and exit
          dotnet run --project BreakoutBot.Web -- token create --user EMAIL --name NAME [--scope read|control] [--days N]
                                   create a personal access token for the HTTP API (default scope read, 30 days);
                                   it is printed once and stored only as a hash
          dotnet run --project BreakoutBot.Web -- user reset-two-factor --user EMAIL
                                   turn a user's two-factor log-in off (lost phone and recovery codes); their
                                   sessions end and they set it up again at their next log-in
          dotnet run -c Release --project BreakoutBot.Web -- bench [options]
              --instruments N --bars N   market for the pipeline benchmark (defaults 100, 5000)
              --data FOLDER        use CSV files instead of the generated market
              --preset NAME        the preset replayed (default breakout_v1)
              --sweep N            time N runs of a parameter sweep on the same data instead (1-100)
              --scan-instruments N --scan-rounds N   the scan-cycle benchmark (defaults 300, 200)
        """;

    private static readonly string[] Verbs = ["replay", "bench", "migrate", "token", "user", "help"];

    /// <summary>
    /// True when the arguments name a verb, or start with a bare word that is not one (a mistyped verb such as
    /// <c>migrte</c> is refused, not ignored by the host's configuration while the whole portal starts). Settings
    /// (<c>--urls …</c>, <c>/urls …</c>, <c>urls=…</c>) and no arguments run the portal.
    /// </summary>
    public static bool IsCommand(string[] args) =>
        args is { Length: > 0 } && (args[0] is "--help" or "-h" || IsBareWord(args[0]));

    private static bool IsBareWord(string arg) =>
        arg.Length > 0 && arg[0] is not ('-' or '/') && !arg.Contains('=', StringComparison.Ordinal);

    /// <summary>Runs a verb from the command line (a replay in a child process whose JIT optimises sooner: <see cref="OptimisedRelaunch"/>).</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        if (OptimisedRelaunch.ShouldRelaunch(args, Environment.GetEnvironmentVariable, System.Diagnostics.Debugger.IsAttached)
            && await OptimisedRelaunch.RunAsync(args) is { } exitCode)
        {
            return exitCode;
        }
        return await RunAsync(args, Console.Out, Console.Error);
    }

    /// <summary>Runs a verb writing to the given streams; returns 0 on success and 2 on a usage or data error.</summary>
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        if (args.Length == 0)
        {
            await output.WriteLineAsync(Usage);
            return 0;
        }
        if (!Verbs.Contains(args[0], StringComparer.Ordinal) && args[0] is not ("--help" or "-h"))
        {
            await error.WriteLineAsync($"error: Unknown command '{args[0]}'. Commands: {string.Join(", ", Verbs)}; without one the portal runs. 'help' lists their options.");
            return 2;
        }
        if (args.Skip(1).Any(a => a is "--help" or "-h"))
        {
            await output.WriteLineAsync(Usage);
            return 0;
        }
        try
        {
            if (args[0] == "token")
            {
                return await TokenCommand.RunAsync(args[1..], output);
            }
            if (args[0] == "user")
            {
                return await UserCommand.RunAsync(args[1..], output);
            }
            var rest = new CliArguments(args.Skip(1));
            switch (args[0])
            {
                case "replay":
                    return await ReplayCommand.RunAsync(rest, output);
                case "bench":
                    return await BenchCommand.RunAsync(rest, output);
                case "migrate":
                    return await MigrateCommand.RunAsync(rest, output);
                default:
                    await output.WriteLineAsync(Usage);
                    return 0;
            }
        }
        catch (Exception ex) when (ex is CliException or DomainException or IOException or InvalidDataException or UnauthorizedAccessException)
        {
            await error.WriteLineAsync("error: " + ex.Message);
            return 2;
        }
    }
}

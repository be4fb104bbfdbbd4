using BreakoutBot.Infrastructure.ApiTokens;
using BreakoutBot.Infrastructure.Persistence;

namespace BreakoutBot.Web.Cli;

/// <summary>
/// <c>token create --user EMAIL --name NAME [--scope read|control] [--days N]</c>: creates a personal access token for
/// a headless set-up and prints it once (it is stored only as a hash). Reads the portal's configuration (database),
/// applies pending migrations first, and audit-logs the creation as the portal does.
/// </summary>
public static class TokenCommand
{
    /// <param name="args">The words after <c>token</c>.</param>
    /// <param name="output">Where the token is printed.</param>
    /// <param name="settings">Configuration over the portal's own (tests point it at their database).</param>
    public static async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter output, IReadOnlyDictionary<string, string?>? settings = null)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        if (args.Count == 0 || args[0] != "create")
        {
            throw new CliException("Usage: token create --user EMAIL --name NAME [--scope read|control] [--days N]");
        }
        var options = new CliArguments(args.Skip(1));
        var email = options.String("user") ?? throw new CliException("--user EMAIL is required (the token acts as this user).");
        var name = options.String("name") ?? throw new CliException("--name NAME is required (e.g. the script that will use the token).");
        var scope = (options.String("scope") ?? "read") switch
        {
            "read" => ApiTokenScope.Read,
            "control" => ApiTokenScope.Control,
            var other => throw new CliException($"--scope must be read or control, not '{other}'."),
        };
        var days = options.Int("days", ApiTokenRules.DefaultDays, 1, ApiTokenRules.MaxDays);
        options.EnsureAllUsed();

        using var host = CliHost.Build(settings, services => services.AddApiTokens());
        await host.StartAsync();
        try
        {
            var result = await host.Services.GetRequiredService<ApiTokenService>().CreateForEmailAsync(email, name, scope, days);
            if (!result.Success)
            {
                throw new CliException(result.Refusal ?? string.Join(" ", result.Errors.Select(e => $"--{e.Field}: {e.Message}")));
            }
            await output.WriteLineAsync($"Token '{result.Summary!.Name}' for {email}, scope {ApiClaimsText(scope)}, expires {result.Summary.ExpiresAt:yyyy-MM-dd HH:mm}Z.");
            await output.WriteLineAsync("It is shown only now; store it safely:");
            await output.WriteLineAsync(result.Token);
            return 0;
        }
        finally
        {
            await host.StopAsync();
        }
    }

    private static string ApiClaimsText(ApiTokenScope scope) => Api.ApiClaims.ScopeName(scope);
}

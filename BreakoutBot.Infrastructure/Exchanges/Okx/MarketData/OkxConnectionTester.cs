using System.Globalization;
using BreakoutBot.Infrastructure.Credentials;
using BreakoutBot.Infrastructure.Exchanges.Okx.Models;
using BreakoutBot.Infrastructure.Exchanges.Okx.Rest;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BreakoutBot.Infrastructure.Exchanges.Okx.MarketData;

/// <summary>
/// The keys page's "Test connection": with the given key set, measures the clock skew against <c>/public/time</c>
/// (several round trips, slow ones ignored: <see cref="OkxClockSkew"/>),
/// then reads <c>/account/config</c> and <c>/account/balance</c>. Success reads like "Connected to OKX demo: account
/// level 2 (futures), net mode, 1,234.56 USDT equity, clock skew 120 ms"; failures name the likely cause (invalid
/// key, wrong passphrase, wrong secret, demo/live mismatch, IP whitelist, no permission, unreachable). Messages are
/// built from fixed text and OKX codes; anything taken from OKX is scrubbed of the key, secret and passphrase.
/// </summary>
public sealed class OkxConnectionTester : IOkxConnectionTester
{
    private readonly IHttpClientFactory _httpClients;
    private readonly OkxOptions _options;
    private readonly TimeProvider _time;
    private readonly ILoggerFactory _loggers;
    private readonly ILogger _logger;

    public OkxConnectionTester(IHttpClientFactory httpClients, IOptions<OkxOptions> options, TimeProvider timeProvider, ILoggerFactory loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(httpClients);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        _httpClients = httpClients;
        _options = options.Value;
        _time = timeProvider;
        _loggers = loggerFactory;
        _logger = loggerFactory.CreateLogger<OkxConnectionTester>();
    }

    public async Task<OkxConnectionTestResult> TestAsync(OkxCredentials credentials, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        var result = await RunAsync(credentials, cancellationToken);
        // OkxCredentials.ToString masks the key; the message itself never holds a secret.
        _logger.LogInformation("OKX connection test for {Key}: {Outcome}", credentials, result.Message);
        return result;
    }

    private async Task<OkxConnectionTestResult> RunAsync(OkxCredentials credentials, CancellationToken cancellationToken)
    {
        using var client = new OkxRestClient(
            _httpClients.CreateClient(OkxServiceCollectionExtensions.HttpClientName),
            _options,
            _time,
            _loggers.CreateLogger<OkxRestClient>(),
            credentials);
        var environment = credentials.IsDemo ? "OKX demo" : "OKX live";

        var skew = await client.MeasureClockAsync(OkxClockSkew.DefaultSamples, cancellationToken);
        if (!skew.IsSuccess)
        {
            return Fail(environment, "reading the server time", skew.Error!, credentials);
        }
        var config = await client.GetAccountConfigAsync(cancellationToken);
        if (!config.IsSuccess)
        {
            return Fail(environment, "reading the account configuration", config.Error!, credentials);
        }
        var balance = await client.GetBalanceAsync(null, cancellationToken);
        if (!balance.IsSuccess)
        {
            return Fail(environment, "reading the balance", balance.Error!, credentials);
        }

        var account = config.Value;
        var text = string.Create(
            CultureInfo.InvariantCulture,
            $"Connected to {environment}: account level {account.AccountLevel} ({LevelName(account.AccountLevel)}), {ModeName(account.PositionMode)}, {Equity(balance.Value)}, {Skew(skew.Value)}");
        var warnings = new List<string>();
        if (!account.CanTrade)
        {
            warnings.Add("the key has no trade permission");
        }
        if (!account.CanTradeDerivatives)
        {
            warnings.Add("Spot mode (level 1) cannot trade swaps");
        }
        if (skew.Value.Reliable && Math.Abs(skew.Value.Offset.TotalSeconds) > 5)
        {
            warnings.Add("this computer's clock is more than 5 s off (requests are corrected automatically)");
        }
        if (warnings.Count > 0)
        {
            text += ". Warning: " + string.Join("; ", warnings);
        }
        return OkxConnectionTestResult.Success(text + ".");
    }

    /// <summary>The skew of the fastest usable round trip; when every round trip was slow, no skew is claimed.</summary>
    private static string Skew(OkxClockSkew skew) => skew.Reliable
        ? string.Create(CultureInfo.InvariantCulture, $"clock skew {(long)Math.Round(skew.Offset.TotalMilliseconds)} ms")
        : string.Create(CultureInfo.InvariantCulture, $"clock skew not measurable (every round trip was slow, fastest {(long)Math.Round(skew.RoundTrip.TotalMilliseconds)} ms)");

    private static string Equity(OkxBalance balance)
    {
        if (balance.For("USDT")?.Equity is { } usdt)
        {
            return usdt.ToString("N2", CultureInfo.InvariantCulture) + " USDT equity";
        }
        return balance.TotalEquity is { } total
            ? total.ToString("N2", CultureInfo.InvariantCulture) + " USD total equity"
            : "no equity reported";
    }

    private static string LevelName(string level) => level switch
    {
        "1" => "spot",
        "2" => "futures",
        "3" => "multi-currency margin",
        "4" => "portfolio margin",
        _ => "unknown",
    };

    private static string ModeName(string mode) => mode switch
    {
        "net_mode" => "net mode",
        "long_short_mode" => "long/short mode",
        _ => mode + " mode",
    };

    private OkxConnectionTestResult Fail(string environment, string step, OkxError error, OkxCredentials credentials)
    {
        var cause = OkxKeyErrorCause.For(error, credentials.IsDemo) ?? error.Kind switch
        {
            OkxErrorKind.OutcomeUnknown or OkxErrorKind.CircuitOpen => $"OKX could not be reached at {_options.RestBaseUrl.Host} ({Scrub(error.Message, credentials)}).",
            OkxErrorKind.RateLimited or OkxErrorKind.ExchangeBusy => "OKX is busy or rate-limiting; try again in a minute.",
            OkxErrorKind.Unauthorized => "OKX refused the key (" + Scrub(error.Message, credentials) + ").",
            _ => "OKX refused the request (" + Scrub(error.Message, credentials) + ").",
        };
        return OkxConnectionTestResult.Failure(string.Create(
            CultureInfo.InvariantCulture,
            $"{environment}: {cause} (OKX code {Scrub(error.Code, credentials)} while {step})"));
    }

    /// <summary>Removes the key, secret and passphrase from text that came from outside (an echo must not leak them).</summary>
    private static string Scrub(string text, OkxCredentials credentials)
    {
        foreach (var secret in new[] { credentials.SecretKey, credentials.Passphrase, credentials.ApiKey })
        {
            if (secret.Length > 0)
            {
                text = text.Replace(secret, "***", StringComparison.Ordinal);
            }
        }
        return text;
    }
}

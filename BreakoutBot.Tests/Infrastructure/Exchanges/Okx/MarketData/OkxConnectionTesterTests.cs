using System.Net;
using System.Net.Sockets;
using BreakoutBot.Infrastructure.Credentials;
using BreakoutBot.Infrastructure.Exchanges.Okx;
using BreakoutBot.Infrastructure.Exchanges.Okx.MarketData;
using BreakoutBot.Tests.TestSupport.Fakes;
using BreakoutBot.Tests.TestSupport.FakeOkx;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace BreakoutBot.Tests.Infrastructure.Exchanges.Okx.MarketData;

public sealed class OkxConnectionTesterTests
{
    private const string ApiKey = "tester-api-key-7f3a";
    private const string Secret = "TESTER-SECRET-9c1d2e";
    private const string Passphrase = "tester pass phrase";
    private static readonly DateTimeOffset Start = new(2026, 3, 2, 10, 0, 0, TimeSpan.Zero);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ReportsLevelModeEquityAndClockSkewOnSuccess()
    {
        // The server's clock runs 120 ms ahead of ours.
        await using var okx = await Server(isDemo: true, new FakeTimeProvider(Start.AddMilliseconds(120)));
        okx.SetBalance("USDT", 1_234.56m);
        await using var app = App(okx.RestBaseUrl);

        var result = await app.TestAsync(new OkxCredentials(ApiKey, Secret, Passphrase, isDemo: true));

        result.ShouldBe(OkxConnectionTestResult.Success(
            "Connected to OKX demo: account level 2 (futures), net mode, 1,234.56 USDT equity, clock skew 120 ms."));
        app.ShouldNotLeakSecrets(result);
    }

    [Fact]
    public async Task AWrongSecretIsReportedAsASignatureError()
    {
        await using var okx = await Server(isDemo: true);
        await using var app = App(okx.RestBaseUrl);

        var result = await app.TestAsync(new OkxCredentials(ApiKey, "WRONG-" + Secret, Passphrase, isDemo: true));

        result.Ok.ShouldBeFalse();
        result.Message.ShouldBe("OKX demo: OKX rejected the request signature: the secret key is wrong. (OKX code 50113 while reading the account configuration)");
        app.ShouldNotLeakSecrets(result, "WRONG-" + Secret);
    }

    [Fact]
    public async Task ADemoKeyTestedAsLiveIsReportedAsAnEnvironmentMismatch()
    {
        await using var okx = await Server(isDemo: true);
        await using var app = App(okx.RestBaseUrl);

        var result = await app.TestAsync(new OkxCredentials(ApiKey, Secret, Passphrase, isDemo: false));

        result.Ok.ShouldBeFalse();
        result.Message.ShouldStartWith("OKX live: This key set is marked live, but OKX says the key is a demo-trading key: tick demo.");
        result.Message.ShouldContain("50101");
        app.ShouldNotLeakSecrets(result);
    }

    [Fact]
    public async Task ALiveKeyMarkedDemoIsReportedTheOtherWayRound()
    {
        await using var okx = await Server(isDemo: false);
        await using var app = App(okx.RestBaseUrl);

        var result = await app.TestAsync(new OkxCredentials(ApiKey, Secret, Passphrase, isDemo: true));

        result.Ok.ShouldBeFalse();
        result.Message.ShouldContain("marked demo, but OKX says the key belongs to live trading");
    }

    [Fact]
    public async Task AWrongPassphraseAndAnUnknownKeyAreNamed()
    {
        await using var okx = await Server(isDemo: true);
        await using var app = App(okx.RestBaseUrl);

        var passphrase = await app.TestAsync(new OkxCredentials(ApiKey, Secret, "not the passphrase", isDemo: true));
        var key = await app.TestAsync(new OkxCredentials("unknown-key-0000", Secret, Passphrase, isDemo: true));

        passphrase.Message.ShouldContain("The passphrase is wrong for this API key.");
        passphrase.Message.ShouldContain("50105");
        key.Message.ShouldContain("OKX does not know this API key");
        key.Message.ShouldContain("50111");
        app.ShouldNotLeakSecrets(passphrase, "not the passphrase");
        app.ShouldNotLeakSecrets(key, "unknown-key-0000");
    }

    [Fact]
    public async Task AnUnreachableHostIsReportedWithoutRetryingForLong()
    {
        await using var app = App(new Uri($"http://127.0.0.1:{UnusedPort()}"));

        var result = await app.TestAsync(new OkxCredentials(ApiKey, Secret, Passphrase, isDemo: true));

        result.Ok.ShouldBeFalse();
        result.Message.ShouldStartWith("OKX demo: OKX could not be reached at 127.0.0.1");
        result.Message.ShouldContain("while reading the server time");
        app.ShouldNotLeakSecrets(result);
    }

    private static Task<FakeOkxServer> Server(bool isDemo, FakeTimeProvider? clock = null) =>
        FakeOkxServer.StartAsync(new FakeOkxOptions
        {
            ApiKey = ApiKey,
            SecretKey = Secret,
            Passphrase = Passphrase,
            IsDemo = isDemo,
            TimeProvider = clock ?? new FakeTimeProvider(Start),
        }, Ct);

    private static TesterApp App(Uri restBaseUrl)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Okx:RestBaseUrl"] = restBaseUrl.ToString(),
                ["Okx:MaxRetries"] = "0",
            })
            .Build();
        var logs = new RecordingLoggerProvider();
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(new FakeTimeProvider(Start));
        services.AddLogging(builder => builder.AddProvider(logs).SetMinimumLevel(LogLevel.Trace));
        services.AddOkx(configuration);
        return new TesterApp(services.BuildServiceProvider(), logs);
    }

    private static int UnusedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private sealed class TesterApp(ServiceProvider services, RecordingLoggerProvider logs) : IAsyncDisposable
    {
        public async Task<OkxConnectionTestResult> TestAsync(OkxCredentials credentials)
        {
            await using var scope = services.CreateAsyncScope();
            var tester = scope.ServiceProvider.GetRequiredService<IOkxConnectionTester>();
            tester.ShouldBeOfType<OkxConnectionTester>();
            return await tester.TestAsync(credentials, Ct);
        }

        public void ShouldNotLeakSecrets(OkxConnectionTestResult result, params string[] more)
        {
            logs.Messages.ShouldNotBeEmpty();
            foreach (var secret in more.Append(Secret).Append(Passphrase).Append(ApiKey))
            {
                result.Message.ShouldNotContain(secret);
                logs.Messages.ShouldAllBe(message => !message.Contains(secret, StringComparison.Ordinal));
            }
        }

        public ValueTask DisposeAsync() => services.DisposeAsync();
    }
}

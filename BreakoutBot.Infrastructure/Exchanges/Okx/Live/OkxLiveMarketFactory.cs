using BreakoutBot.Domain.Common;
using BreakoutBot.Domain.Engine;
using BreakoutBot.Domain.Presets;
using BreakoutBot.Infrastructure.Credentials;
using BreakoutBot.Infrastructure.Engines;
using BreakoutBot.Infrastructure.Exchanges.Okx.MarketData;
using BreakoutBot.Infrastructure.Exchanges.Okx.Rest;
using BreakoutBot.Infrastructure.Exchanges.Okx.Trading;
using BreakoutBot.Infrastructure.Exchanges.Okx.WebSocket;
using BreakoutBot.Infrastructure.Exchanges.Paper;
using BreakoutBot.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BreakoutBot.Infrastructure.Exchanges.Okx.Live;

/// <summary>
/// Builds live OKX markets for engines: loads the universe and backfills candles before the engine exists, opens the
/// WebSocket feed, and for demo or live mode connects the owner's own key set (decrypted only here, never stored in
/// the engine's options) through an OKX exchange client whose order intents are journalled in the database.
/// </summary>
public sealed class OkxLiveMarketFactory(
    IServiceScopeFactory scopes,
    IHttpClientFactory httpClients,
    IOptions<OkxOptions> okxOptions,
    IOptions<OkxMarketDataOptions> dataOptions,
    IDbContextFactory<BreakoutBotDbContext> contexts,
    ILoggerFactory loggerFactory,
    TimeProvider time) : ILiveMarketFactory
{
    public async Task<IEngineMarket> CreateAsync(string engineId, string ownerId, EngineCreateOptions options, long lastFillSequence, ExecutionConfig? execution = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        OkxCredentials? credentials = null;
        if (options.Mode != TradingMode.Paper)
        {
            credentials = await LoadCredentialsAsync(ownerId, options, cancellationToken);
        }
        var owned = new List<IDisposable>();
        try
        {
            var publicRest = new OkxRestClient(httpClients.CreateClient(OkxServiceCollectionExtensions.HttpClientName), okxOptions.Value, time,
                loggerFactory.CreateLogger<OkxRestClient>(), credentials);
            owned.Add(publicRest);
            var data = dataOptions.Value;
            var perEngine = new OkxMarketDataOptions
            {
                IncludeSpot = data.IncludeSpot,
                MaxInstruments = options.MaxInstruments,
                AllowList = data.AllowList,
                BenchmarkInstrumentId = data.BenchmarkInstrumentId,
                BackfillBars = data.BackfillBars,
                MaxBarsKept = data.MaxBarsKept,
                UniverseRefreshInterval = data.UniverseRefreshInterval,
                PollInterval = data.PollInterval,
                TickerRefreshInterval = data.TickerRefreshInterval,
                BookTtl = data.BookTtl,
                FetchBooks = data.FetchBooks,
                BookDepth = data.BookDepth,
                FetchOpenInterest = data.FetchOpenInterest,
                OpenInterestRefreshInterval = data.OpenInterestRefreshInterval,
                OpenInterestMaxAge = data.OpenInterestMaxAge,
                FundingRefreshInterval = data.FundingRefreshInterval,
                CandleGrace = data.CandleGrace,
                TickerMaxAge = data.TickerMaxAge,
                MaxConcurrentRequests = data.MaxConcurrentRequests,
                AssumedTradeSizeUsd = data.AssumedTradeSizeUsd,
            };
            var provider = new OkxMarketDataProvider(publicRest, perEngine, time, loggerFactory.CreateLogger<OkxMarketDataProvider>());
            owned.Add(provider);
            if (!await provider.InitializeAsync(cancellationToken))
            {
                throw new DomainException("OKX market data could not be loaded: " + (provider.Summary.LastError ?? "no instruments"));
            }

            PaperExchangeClient? paper = null;
            Func<TimeSpan>? serverClockOffset = null;
            Domain.Abstractions.IExchangeClient exchange;
            string description;
            if (credentials is null)
            {
                var instruments = (await provider.GetInstrumentsAsync(cancellationToken)).ToDictionary(i => i.Id, StringComparer.Ordinal);
                var paperOptions = new PaperExchangeOptions { StartingBalance = options.StartingBalance };
                paper = new PaperExchangeClient(id => instruments.GetValueOrDefault(id), time, execution is null ? paperOptions : paperOptions.WithFees(execution));
                // Each swap's own funding rate at its own settlement times, as OKX reports them (the flat rate until read).
                paper.UseFundingSchedule(provider.Funding);
                exchange = new LivePricedPaperExchange(paper, provider);
                description = $"live OKX data, {instruments.Count} instruments, paper fills";
            }
            else
            {
                var tradeRest = new OkxRestClient(httpClients.CreateClient(OkxServiceCollectionExtensions.HttpClientName), okxOptions.Value, time,
                    loggerFactory.CreateLogger<OkxRestClient>(), credentials);
                owned.Add(tradeRest);
                // The sockets' logins are signed on OKX's clock too: a local clock more than 30 s off is refused (60006) at
                // every login otherwise, while signed REST calls work. A failed measurement leaves the offset at zero
                // (REST re-syncs on 50102; the next reconnect's login reads the offset again).
                await tradeRest.SyncClockAsync(cancellationToken);
                serverClockOffset = () => tradeRest.ClockOffset;
                var client = new OkxExchangeClient(tradeRest, new EfOrderJournal(engineId, contexts, time), time,
                    new OkxExchangeClientOptions { Name = credentials.IsDemo ? "okx-demo" : "okx" },
                    new OkxFillCursor(lastFillSequence, await KnownFillIdsAsync(engineId, cancellationToken)), loggerFactory.CreateLogger<OkxExchangeClient>());
                owned.Add(client);
                var init = await client.InitializeAsync(cancellationToken);
                if (!init.IsSuccess)
                {
                    throw new DomainException("OKX account could not be reached: " + init.Error?.Message);
                }
                exchange = client;
                description = $"live OKX data, OKX {(credentials.IsDemo ? "demo trading" : "LIVE trading")} with key {credentials.MaskedApiKey}";
            }
            var socket = new OkxWebSocketClient(okxOptions.Value, time, loggerFactory, credentials) { ServerClockOffset = serverClockOffset };
            var ids = (await provider.GetInstrumentsAsync(cancellationToken)).Select(i => i.Id).ToList();
            return new LiveEngineMarket(description, provider, exchange, paper, socket, ids, owned, loggerFactory.CreateLogger<LiveEngineMarket>(), time);
        }
        catch
        {
            foreach (var d in owned)
            {
                d.Dispose();
            }
            throw;
        }
    }

    /// <summary>Fills of the last days already stored for the engine: after a restart OKX hands them out again, and they must not count twice.</summary>
    private async Task<IReadOnlyCollection<string>> KnownFillIdsAsync(string engineId, CancellationToken cancellationToken)
    {
        var since = time.GetUtcNow() - TimeSpan.FromDays(4);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Fills.AsNoTracking().Where(f => f.EngineId == engineId && f.Time >= since).Select(f => f.FillId).ToListAsync(cancellationToken);
    }

    private async Task<OkxCredentials> LoadCredentialsAsync(string ownerId, EngineCreateOptions options, CancellationToken cancellationToken)
    {
        if (options.KeySetId is not { } keySetId)
        {
            throw new DomainException($"Mode {options.Mode} needs one of your OKX key sets.");
        }
        await using var scope = scopes.CreateAsyncScope();
        var store = scope.ServiceProvider.GetRequiredService<OkxKeyStore>();
        OkxCredentials? credentials;
        try
        {
            credentials = await store.GetCredentialsAsync(ownerId, keySetId, cancellationToken);
        }
        catch (OkxKeysUnreadableException ex)
        {
            throw new DomainException(ex.Message);
        }
        if (credentials is null)
        {
            throw new DomainException("That OKX key set is not one of yours.");
        }
        if (credentials.IsDemo != (options.Mode == TradingMode.LiveDemo))
        {
            throw new DomainException(options.Mode == TradingMode.LiveDemo
                ? "Demo trading needs a demo key set; this one is for live trading."
                : "Live trading needs a live key set; this one is a demo key.");
        }
        return credentials;
    }
}

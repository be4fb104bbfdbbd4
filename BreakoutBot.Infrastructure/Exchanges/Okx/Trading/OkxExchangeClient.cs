using System.Collections.Concurrent;
using BreakoutBot.Domain.Abstractions;
using BreakoutBot.Domain.Common;
using BreakoutBot.Domain.Markets;
using BreakoutBot.Domain.Trading;
using BreakoutBot.Infrastructure.Exchanges.Okx.Models;
using BreakoutBot.Infrastructure.Exchanges.Okx.Rest;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace BreakoutBot.Infrastructure.Exchanges.Okx.Trading;

/// <summary>
/// The engine's exchange port on OKX (one-way net positions), over <see cref="OkxRestClient"/>. The engine cannot tell
/// it from the paper exchange: quantities are coins (converted to SWAP contracts of <c>ctVal × ctMult</c> and rounded
/// down to the lot size), prices are rounded to the tick, and fills of a fired stop or take-profit carry the id of the
/// resting order the engine placed (the OKX <c>algoId</c>).
/// </summary>
/// <remarks>
/// <para><b>Orders.</b> Market and limit orders go to <c>/trade/order</c> with <c>clOrdId</c> = the request's client
/// order id. Stop and take-profit orders are protective: they rest on OKX as reduce-only <c>conditional</c> algo orders
/// (market on trigger) with <c>algoClOrdId</c> = the client order id, and their <see cref="Order.OrderId"/> is the
/// <c>algoId</c>. Amending a stop or take-profit moves its trigger (<c>/trade/amend-algos</c>); amending a limit
/// order moves its price.</para>
/// <para><b>Never two orders for one client id.</b> The intent is written to the <see cref="IOrderJournal"/> before a
/// placement is sent. When the outcome is unknown (timeout, dropped connection, 5xx) the order is looked up by its client
/// id first; only when OKX says it does not exist is the same request sent once more, with the same client id. That
/// lookup waits until the request's <c>expTime</c> deadline has passed on OKX's clock (<c>OkxExchangeClient.Deadlines.cs</c>),
/// so a late original cannot be executed after it as well as the resend. A "client order id already exists" answer is
/// resolved by looking the order up.</para>
/// <para><b>Fills.</b> OKX numbers no fills, so the client gives each new fill (deduplicated by trade and order id) the
/// next local sequence number, starting after <see cref="OkxFillCursor.LastSequence"/>.</para>
/// <para><b>Failures.</b> Order calls return failures as <see cref="OrderResult"/> values. Reads that OKX does not
/// answer throw <see cref="OkxExchangeException"/> rather than report an empty account.</para>
/// </remarks>
public sealed partial class OkxExchangeClient : IExchangeClient, IDisposable
{
    private const string AlgoOrderTypes = "conditional,oco";

    private readonly OkxRestClient _rest;
    private readonly IOrderJournal _journal;
    private readonly TimeProvider _time;
    private readonly OkxExchangeClientOptions _options;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<string, TrackedOrder> _byOrderId = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, TrackedOrder> _byClientId = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, AlgoLink> _childOrders = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _attachedStops = new(StringComparer.Ordinal);
    private volatile Dictionary<string, Instrument> _instruments = new Dictionary<string, Instrument>(StringComparer.Ordinal);

    public OkxExchangeClient(
        OkxRestClient rest,
        IOrderJournal journal,
        TimeProvider timeProvider,
        OkxExchangeClientOptions? options = null,
        OkxFillCursor? fillCursor = null,
        ILogger<OkxExchangeClient>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(rest);
        ArgumentNullException.ThrowIfNull(journal);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _rest = rest;
        _journal = journal;
        _time = timeProvider;
        _options = options ?? new OkxExchangeClientOptions();
        if (_options.TradeMode is not ("cross" or "isolated"))
        {
            throw new ArgumentException($"OKX trade mode '{_options.TradeMode}' must be cross or isolated.", nameof(options));
        }
        if (string.IsNullOrWhiteSpace(_options.Name) || string.IsNullOrWhiteSpace(_options.Currency))
        {
            throw new ArgumentException("OKX exchange options: Name and Currency are required.", nameof(options));
        }
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        var cursor = fillCursor ?? OkxFillCursor.Empty;
        if (cursor.LastSequence < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(fillCursor), cursor.LastSequence, "The fill cursor's last sequence cannot be negative.");
        }
        _lastSequence = cursor.LastSequence;
        foreach (var id in cursor.KnownFillIds)
        {
            _seenFills.Add(id);
        }
    }

    public string Name => _options.Name;

    /// <summary>Asked right before each order, amend or cancel is sent (see <see cref="OkxRestClient.MaySend"/>); false refuses it unsent.</summary>
    public Func<bool>? MaySend
    {
        get => _rest.MaySend;
        set => _rest.MaySend = value;
    }

    /// <summary>The instruments loaded by <see cref="InitializeAsync"/>, by id.</summary>
    public IReadOnlyDictionary<string, Instrument> Instruments => _instruments;

    /// <summary>
    /// Loads the tradable instruments from OKX: live linear SWAPs (and SPOT when <see cref="OkxExchangeClientOptions.IncludeSpot"/>).
    /// Call before trading; orders for instruments not loaded fail with <see cref="ExchangeErrorCode.UnknownInstrument"/>.
    /// </summary>
    public async Task<OkxResult<IReadOnlyList<Instrument>>> InitializeAsync(CancellationToken cancellationToken)
    {
        var kinds = _options.IncludeSpot ? new[] { InstrumentKind.Swap, InstrumentKind.Spot } : [InstrumentKind.Swap];
        var loaded = new Dictionary<string, Instrument>(StringComparer.Ordinal);
        foreach (var kind in kinds)
        {
            var result = await _rest.GetInstrumentsAsync(kind, null, cancellationToken);
            if (!result.IsSuccess)
            {
                return OkxResults.Fail<IReadOnlyList<Instrument>>(result.Error!);
            }
            foreach (var okx in result.Value.Where(i => i.IsLive && i.CanMapToInstrument))
            {
                try
                {
                    loaded[okx.InstrumentId] = okx.ToInstrument();
                }
                catch (DomainException ex)
                {
                    // One listing with impossible figures (a zero size) is left out, as the market data does; it must not
                    // keep every engine on this account from starting.
                    _logger.LogWarning("{Exchange}: OKX instrument {Instrument} skipped: {Reason}", Name, okx.InstrumentId, ex.Message);
                }
            }
        }
        _instruments = loaded;
        _logger.LogInformation("{Exchange}: loaded {Count} instruments", Name, loaded.Count);
        return OkxResults.Ok<IReadOnlyList<Instrument>>([.. loaded.Values]);
    }

    public void Dispose() => _fillGate.Dispose();

    private Instrument? FindInstrument(string? instrumentId) =>
        instrumentId is not null && _instruments.TryGetValue(instrumentId, out var instrument) ? instrument : null;

    private void Track(TrackedOrder tracked)
    {
        _byOrderId[tracked.OrderId] = tracked;
        _byClientId[tracked.ClientOrderId] = tracked;
    }

    private static OrderResult Fail(OkxError error, string context) =>
        OrderResult.Fail(error.ExchangeErrorCode, $"{context}: {error}");

    /// <summary>Where this client records its order intents before sending them (read back at a restore).</summary>
    public IOrderJournal Journal => _journal;

    /// <summary>What the client knows about an order it placed or looked up.</summary>
    private sealed record TrackedOrder(string OrderId, string ClientOrderId, string InstrumentId, bool IsAlgo, OrderType Type, string? Tag);

    /// <summary>The algo order that placed a regular (child) order; <see cref="AlgoId"/> null when it was not placed by one.</summary>
    private sealed record AlgoLink(string? AlgoId, string? AlgoClientOrderId);
}

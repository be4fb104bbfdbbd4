using BreakoutBot.Domain.Engine;
using BreakoutBot.Infrastructure.Engines;
using BreakoutBot.Infrastructure.Exchanges.Okx.Live;
using BreakoutBot.Infrastructure.Exchanges.Okx.MarketData;
using BreakoutBot.Infrastructure.Exchanges.Okx.WebSocket;

namespace BreakoutBot.Infrastructure.Cluster;

/// <summary>
/// What the owner node publishes of one engine for the other nodes (ADR-021): the cached <see cref="EngineStatus"/> the
/// status route serves (state, money, positions, recent transitions, scan funnels) plus the handle's facts a dashboard
/// shows (name, preset, market, command progress, the tail of the equity curve, the top of the last scan with its filter
/// verdicts, the latest signals, the last reconciliation with the exchange and a live engine's market-data feed). No
/// secret is in it. A node of an earlier version publishes none of these last (null): the dashboard then says what is not
/// published.
/// </summary>
public sealed record RemoteEnginePayload(
    string Name,
    DateTimeOffset CreatedAt,
    string PresetName,
    int? PresetVersion,
    TradingMode Mode,
    bool IsReplay,
    bool StoredData,
    string MarketDescription,
    int BarsReplayed,
    int TotalBars,
    bool Finished,
    EngineStatus Status,
    EngineCommandProgress? Command,
    IReadOnlyList<EquitySample> Equity,
    string? Moved,
    ScanTable? LastScan = null,
    IReadOnlyList<SignalRow>? Signals = null,
    ReconciliationReport? Reconciliation = null,
    OkxMarketDataSummary? LiveData = null,
    IReadOnlyList<OkxWebSocketStats>? Sockets = null)
{
    /// <summary>Equity samples published (the dashboard's chart shows as many).</summary>
    public const int EquityPoints = 120;

    /// <summary>The payload of a handle this node runs, from its cached status (never waiting on the engine).</summary>
    public static RemoteEnginePayload From(EngineHandle handle)
    {
        ArgumentNullException.ThrowIfNull(handle);
        var market = handle.Market;
        var curve = handle.EquityCurve;
        return new RemoteEnginePayload(
            handle.Name,
            handle.CreatedAt,
            handle.PresetName,
            handle.PresetVersion,
            market.Paper is not null ? TradingMode.Paper : handle.Options.Mode,
            market.IsReplay,
            !string.IsNullOrWhiteSpace(handle.Options.DataFolder),
            market.Description,
            market.BarsReplayed,
            market.TotalBars,
            market.Finished,
            handle.Status,
            handle.CommandProgress,
            curve.Skip(Math.Max(0, curve.Count - EquityPoints)).ToList(),
            handle.Restored?.Move?.Describe(),
            handle.Engine.LastScan is { } scan ? ScanTable.From(scan) : null,
            SignalRow.Latest(handle.Engine.Signals.History),
            handle.LastReconciliation,
            (market as LiveEngineMarket)?.DataSummary,
            (market as LiveEngineMarket)?.SocketStats);
    }
}

/// <summary>
/// An engine another node runs, as this node last read it: the owner's payload, the stored owner (user) and name, the
/// node that published it and the node holding the lease now (null: none; it is between nodes).
/// </summary>
public sealed record RemoteEngineStatus(
    string EngineId,
    string OwnerId,
    string PublishedBy,
    string? LeaseNode,
    DateTimeOffset PublishedAt,
    long Revision,
    RemoteEnginePayload Engine)
{
    public EngineStatus Status => Engine.Status;
}

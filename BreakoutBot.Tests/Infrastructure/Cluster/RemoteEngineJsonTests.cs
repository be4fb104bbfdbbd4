using BreakoutBot.Domain.Engine;
using BreakoutBot.Infrastructure.Cluster;
using BreakoutBot.Infrastructure.Engines;
using Microsoft.Extensions.Logging.Abstractions;

namespace BreakoutBot.Tests.Infrastructure.Cluster;

/// <summary>What an owner node publishes of a trading engine reads back whole on another node (ADR-021).</summary>
public sealed class RemoteEngineJsonTests : IDisposable
{
    private readonly EngineRegistry _registry = new(NullLoggerFactory.Instance, TimeProvider.System, new NullEngineEventSink());

    [Fact]
    public async Task ATradingEnginesPayloadSurvivesTheTripBetweenNodes()
    {
        var handle = _registry.Create("alice", "Alice's engine", "breakout_v1",
            new EngineCreateOptions { StartingBalance = 1_000m, Bars = 700, WarmupBars = 300, BarIntervalMs = 1_000 });
        (await handle.ExecuteAsync(EngineCommand.Start, null, TestContext.Current.CancellationToken)).Success.ShouldBeTrue();
        for (var i = 0; i < 40; i++)
        {
            await handle.RunCycleAsync(TestContext.Current.CancellationToken);
        }
        handle.RefreshStatus();
        var sent = RemoteEnginePayload.From(handle);
        sent.Status.CycleCount.ShouldBeGreaterThan(0);
        sent.Status.RecentTransitions.ShouldNotBeEmpty();
        sent.Status.Funnel.Scans.ShouldBeGreaterThan(0);

        var json = RemoteEngineJson.Write(sent);
        TestContext.Current.TestOutputHelper?.WriteLine($"payload: {json.Length} characters, {sent.Status.RecentTransitions.Count} transitions, {sent.Status.Positions.Count} positions, {sent.Equity.Count} equity samples");
        var read = RemoteEngineJson.Read(json);

        RemoteEngineJson.Write(read).ShouldBe(json);
        read.Status.State.ShouldBe(sent.Status.State);
        read.Status.Equity.ShouldBe(sent.Status.Equity);
        read.Status.Funnel.FailedByFilter.ShouldBe(sent.Status.Funnel.FailedByFilter);
        read.Status.RecentTransitions.Select(t => (t.From, t.To, t.Reason, t.Time)).ShouldBe(sent.Status.RecentTransitions.Select(t => (t.From, t.To, t.Reason, t.Time)));
        read.Equity.ShouldBe(sent.Equity);
        json.ShouldContain("\"state\":\"Scanning\"", Case.Insensitive);

        // The top of the last scan and the latest signals, as the engine's own dashboard shows them.
        var local = ScanTable.From(handle.Engine.LastScan!);
        sent.LastScan.ShouldNotBeNull().Rows.Count.ShouldBe(Math.Min(ScanTable.RowCount, handle.Engine.LastScan!.Results.Count));
        read.LastScan.ShouldNotBeNull().Rows.Select(Describe).ShouldBe(local.Rows.Select(Describe));
        read.LastScan.NotChecked.ShouldBe(local.NotChecked);
        read.Signals.ShouldNotBeNull().ShouldBe(SignalRow.Latest(handle.Engine.Signals.History));
    }

    private static string Describe(ScanTableRow row) =>
        $"{row.Rank} {row.InstrumentId} {row.Passed} {row.Score} " + string.Join("|", row.Filters.Select(f => $"{f.Name}:{f.Verdict}:{f.Text}"));

    [Fact]
    public void APayloadFromANodeOfAnEarlierVersionReadsWithoutScanOrSignals()
    {
        var handle = _registry.Create("alice", "Alice's engine", "breakout_v1", new EngineCreateOptions { Bars = 600, WarmupBars = 300 });
        var json = System.Text.Json.Nodes.JsonNode.Parse(RemoteEngineJson.Write(RemoteEnginePayload.From(handle)))!.AsObject();
        json.Remove("lastScan");
        json.Remove("signals");

        var read = RemoteEngineJson.Read(json.ToJsonString());

        read.Name.ShouldBe("Alice's engine");
        read.LastScan.ShouldBeNull();
        read.Signals.ShouldBeNull();
    }

    [Fact]
    public void AnUnreadableSnapshotIsAnErrorNotAnEmptyEngine() =>
        Should.Throw<System.Text.Json.JsonException>(() => RemoteEngineJson.Read("null"));

    public void Dispose() => _registry.Dispose();
}

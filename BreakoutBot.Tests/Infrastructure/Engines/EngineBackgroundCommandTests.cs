using BreakoutBot.Domain.Constants;
using BreakoutBot.Domain.Engine;
using BreakoutBot.Infrastructure.Engines;
using BreakoutBot.Tests.TestSupport;
using BreakoutBot.Tests.TestSupport.Fakes;
using Microsoft.Extensions.Logging.Abstractions;

namespace BreakoutBot.Tests.Infrastructure.Engines;

/// <summary>
/// A start or resume on a live market answers at once and finishes in the background: the "OKX" of these tests holds
/// the reconciliation's first read until the test opens the gate, so "slow" needs no sleeps.
/// </summary>
public sealed class EngineBackgroundCommandTests : IAsyncLifetime
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(15);
    private readonly FakeLiveMarketFactory _markets = new();
    private readonly RecordingAuditLog _audit = new();
    private EngineRegistry _registry = null!;
    private EngineCommandService _service = null!;
    private EngineHandle _engine = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private GatedExchange Okx => _markets.Last!.Gate;

    public async ValueTask InitializeAsync()
    {
        _registry = new EngineRegistry(NullLoggerFactory.Instance, TimeProvider.System, new NullEngineEventSink(), liveMarkets: _markets);
        _service = new EngineCommandService(_registry, _audit);
        var options = new EngineCreateOptions { Source = MarketSource.OkxLive, Mode = TradingMode.LiveDemo, KeySetId = Guid.NewGuid(), Bars = 600, WarmupBars = 300 };
        _engine = await _registry.CreateAsync("alice", "Alice's demo engine", "breakout_v1", options, cancellationToken: Ct);
    }

    public ValueTask DisposeAsync()
    {
        Okx.Open();
        _registry.Dispose();
        return ValueTask.CompletedTask;
    }

    private async Task<EngineCommandProgress> FinishedAsync()
    {
        await Eventually.WaitUntilAsync(() => _engine.CommandProgress is { IsPending: false }, "the background command to finish", Deadline);
        return _engine.CommandProgress!;
    }

    [Fact]
    public async Task AStartOnASlowLiveMarketAnswersAtOnceAndShowsItsOutcomeWhenDone()
    {
        var submitted = await _service.SubmitAsync(EngineCommandServiceTests.User("alice", Roles.Trader), _engine.Id, EngineCommand.Start, "breakout_v1");

        submitted.Status.ShouldBe(EngineCommandStatus.Pending, submitted.Message);
        submitted.Message.ShouldContain("starting…");
        await Okx.Entered.WaitAsync(Deadline, Ct);
        var pending = _engine.CommandProgress.ShouldNotBeNull();
        pending.IsPending.ShouldBeTrue("OKX has not answered yet");
        pending.Step.ShouldBe("reconciling with the exchange");
        _engine.Engine.State.ShouldBe(TradingState.Idle);
        _audit.Entries.ShouldBeEmpty("the outcome is audit-logged when it is known");

        Okx.Open();
        var done = await FinishedAsync();

        done.Outcome!.Status.ShouldBe(EngineCommandStatus.Done, done.Outcome.Message);
        done.FinishedAt.ShouldNotBeNull();
        _engine.Engine.State.ShouldBe(TradingState.Scanning);
        _engine.LastReconciliation.ShouldNotBeNull().Trigger.ShouldBe("start");
        var entry = _audit.Entries.ShouldHaveSingleItem();
        (entry.Action, entry.UserId, entry.Target, entry.Success).ShouldBe((EngineCommandService.CommandAction, "alice", _engine.Id, true));
    }

    [Fact]
    public async Task ASecondStartWhileTheFirstIsPendingIsRefused()
    {
        var alice = EngineCommandServiceTests.User("alice", Roles.Trader);
        (await _service.SubmitAsync(alice, _engine.Id, EngineCommand.Start)).Status.ShouldBe(EngineCommandStatus.Pending);

        var second = await _service.SubmitAsync(alice, _engine.Id, EngineCommand.Start);

        second.Status.ShouldBe(EngineCommandStatus.Refused);
        second.Message.ShouldContain("still busy");
        Okx.Open();
        (await FinishedAsync()).Outcome!.Success.ShouldBeTrue();
    }

    [Theory]
    [InlineData("bob", Roles.Trader)]
    [InlineData("viewer", Roles.Viewer)]
    public async Task AuthorisationIsCheckedBeforeAnythingStarts(string userId, string role)
    {
        var outcome = await _service.SubmitAsync(EngineCommandServiceTests.User(userId, role), _engine.Id, EngineCommand.Start);

        outcome.Status.ShouldBe(EngineCommandStatus.Forbidden);
        _engine.CommandProgress.ShouldBeNull();
        Okx.Entered.IsCompleted.ShouldBeFalse("the exchange was never asked");
        _audit.Entries.ShouldHaveSingleItem().Success.ShouldBeFalse();
    }

    [Fact]
    public async Task AFailureInTheBackgroundBecomesTheOutcomeAndIsAudited()
    {
        (await _service.SubmitAsync(EngineCommandServiceTests.User("alice", Roles.Trader), _engine.Id, EngineCommand.Start)).Status.ShouldBe(EngineCommandStatus.Pending);
        await Okx.Entered.WaitAsync(Deadline, Ct);

        Okx.Fail(new HttpRequestException("OKX unreachable"));
        var done = await FinishedAsync();

        // The account cannot be read: the start is refused like any reconciliation that fails, saying why.
        done.Outcome!.Status.ShouldBe(EngineCommandStatus.Refused);
        done.Outcome.Message.ShouldContain("could not be reconciled");
        done.Outcome.Message.ShouldContain("OKX unreachable");
        _engine.Engine.State.ShouldBe(TradingState.Idle);
        _audit.Entries.ShouldHaveSingleItem().Success.ShouldBeFalse();
    }

    [Fact]
    public async Task AStartIsRefusedWhenTheAccountCannotBeReconciled()
    {
        Okx.PositionsError = new HttpRequestException("positions unreadable");
        Okx.Open();

        var outcome = await _service.ExecuteAsync(EngineCommandServiceTests.User("alice", Roles.Trader), _engine.Id, EngineCommand.Start, "breakout_v1", Ct);

        outcome.Status.ShouldBe(EngineCommandStatus.Refused);
        outcome.Message.ShouldContain("could not be reconciled");
        outcome.Message.ShouldContain("positions unreadable");
        _engine.Engine.State.ShouldBe(TradingState.Idle, "an engine never trades on an account it could not bring in step");
        _audit.Entries.ShouldContain(e => !e.Success && e.Details != null && e.Details.Contains("could not be reconciled"));
    }

    [Fact]
    public async Task AReplayEngineStillAnswersWithTheResult()
    {
        var replay = _registry.Create("alice", "Replay", "breakout_v1", new EngineCreateOptions { Bars = 600, WarmupBars = 300 });

        var outcome = await _service.SubmitAsync(EngineCommandServiceTests.User("alice", Roles.Trader), replay.Id, EngineCommand.Start);

        outcome.Status.ShouldBe(EngineCommandStatus.Done, outcome.Message);
        replay.CommandProgress.ShouldBeNull();
    }
}

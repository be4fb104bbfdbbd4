using System.Security.Claims;
using BreakoutBot.Domain.Abstractions;
using BreakoutBot.Domain.Constants;
using BreakoutBot.Domain.Engine;
using BreakoutBot.Infrastructure.Engines;
using Microsoft.Extensions.Logging.Abstractions;

namespace BreakoutBot.Tests.Infrastructure.Engines;

public sealed class EngineCommandServiceTests : IDisposable
{
    private readonly EngineRegistry _registry = new(NullLoggerFactory.Instance, TimeProvider.System, new NullEngineEventSink());
    private readonly RecordingAudit _audit = new();
    private readonly EngineCommandService _service;
    private readonly EngineHandle _alicesEngine;

    public EngineCommandServiceTests()
    {
        _service = new EngineCommandService(_registry, _audit);
        _alicesEngine = _registry.Create("alice", "Alice's engine", "breakout_v1", new EngineCreateOptions { Bars = 600, WarmupBars = 300 });
    }

    public static ClaimsPrincipal User(string id, string role) =>
        new(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, id), new Claim(ClaimTypes.Name, id + "@example.test"), new Claim(ClaimTypes.Role, role)], "test"));

    [Theory]
    [InlineData("viewer", Roles.Viewer, EngineCommandStatus.Forbidden)]
    [InlineData("bob", Roles.Trader, EngineCommandStatus.Forbidden)]
    [InlineData("alice", Roles.Trader, EngineCommandStatus.Done)]
    [InlineData("root", Roles.Admin, EngineCommandStatus.Done)]
    public async Task StartIsAuthorisedByRoleAndOwnership(string userId, string role, EngineCommandStatus expected)
    {
        var outcome = await _service.ExecuteAsync(User(userId, role), _alicesEngine.Id, EngineCommand.Start);

        outcome.Status.ShouldBe(expected, outcome.Message);
        _alicesEngine.Engine.State.ShouldBe(expected == EngineCommandStatus.Done ? TradingState.Scanning : TradingState.Idle);
        var entry = _audit.Entries.ShouldHaveSingleItem();
        entry.Action.ShouldBe(EngineCommandService.CommandAction);
        entry.UserId.ShouldBe(userId);
        entry.Target.ShouldBe(_alicesEngine.Id);
        entry.Success.ShouldBe(expected == EngineCommandStatus.Done);
    }

    [Fact]
    public async Task AnonymousUsersControlNothing()
    {
        var outcome = await _service.ExecuteAsync(new ClaimsPrincipal(new ClaimsIdentity()), _alicesEngine.Id, EngineCommand.Start);

        outcome.Status.ShouldBe(EngineCommandStatus.Forbidden);
        _alicesEngine.Engine.State.ShouldBe(TradingState.Idle);
    }

    [Fact]
    public async Task TheOwnerIsToldWhenTheEngineRefusesACommandInItsState()
    {
        var outcome = await _service.ExecuteAsync(User("alice", Roles.Trader), _alicesEngine.Id, EngineCommand.Pause);

        outcome.Status.ShouldBe(EngineCommandStatus.Refused);
        outcome.Message.ShouldContain("not available");
        _audit.Entries.ShouldHaveSingleItem().Success.ShouldBeFalse();
    }

    [Fact]
    public async Task AnUnknownEngineIsNotFound()
    {
        (await _service.ExecuteAsync(User("root", Roles.Admin), "nope", EngineCommand.Start)).Status.ShouldBe(EngineCommandStatus.NotFound);
    }

    [Theory]
    [InlineData("viewer", Roles.Viewer, 0)]
    [InlineData("bob", Roles.Trader, 0)]
    [InlineData("alice", Roles.Trader, 1)]
    [InlineData("root", Roles.Admin, 1)]
    public void CommandButtonsFollowRoleAndOwnership(string userId, string role, int expectedCommands)
    {
        var status = _alicesEngine.RefreshStatus();

        EngineCommandService.CommandsFor(User(userId, role), _alicesEngine, status).Count.ShouldBe(expectedCommands);
    }

    [Fact]
    public void TradersSeeTheirOwnEnginesAdminsAndViewersSeeAll()
    {
        _registry.Create("bob", "Bob's engine", "breakout_v1", new EngineCreateOptions { Bars = 600 });

        _service.Visible(User("alice", Roles.Trader)).Select(h => h.OwnerId).ShouldBe(["alice"]);
        _service.Visible(User("bob", Roles.Trader)).Select(h => h.OwnerId).ShouldBe(["bob"]);
        _service.Visible(User("root", Roles.Admin)).Count.ShouldBe(2);
        _service.Visible(User("viewer", Roles.Viewer)).Count.ShouldBe(2);
        _service.Find(User("bob", Roles.Trader), _alicesEngine.Id).ShouldBeNull();
    }

    [Fact]
    public void ViewersCannotCreateEnginesTradersOwnWhatTheyCreate()
    {
        var options = new EngineCreateOptions { Bars = 600 };

        _service.Create(User("viewer", Roles.Viewer), "mine", "breakout_v1", options, out var none).Status.ShouldBe(EngineCommandStatus.Forbidden);
        none.ShouldBeNull();
        _service.Create(User("bob", Roles.Trader), "mine", "breakout_v1", options, out var created).Status.ShouldBe(EngineCommandStatus.Done);
        created.ShouldNotBeNull().OwnerId.ShouldBe("bob");
        _service.Create(User("bob", Roles.Trader), "bad", "no_such_preset", options, out _).Status.ShouldBe(EngineCommandStatus.Refused);
    }

    [Theory]
    [InlineData(65)]
    [InlineData(300)]
    [InlineData(0)]
    public void AnEngineNameTheApiRefusesIsRefusedForThePageTooAndTheRefusalIsAudited(int length)
    {
        var before = _registry.ListAll().Count;

        var outcome = _service.Create(User("bob", Roles.Trader), new string('x', length) + "  ", "breakout_v1", new EngineCreateOptions { Bars = 600 }, out var handle);

        outcome.Status.ShouldBe(EngineCommandStatus.Refused);
        outcome.Message.ShouldBe("Give the engine a name of 1 to 64 characters.");
        handle.ShouldBeNull();
        _registry.ListAll().Count.ShouldBe(before);
        _audit.Entries.ShouldContain(e => e.Action == EngineCommandService.CreateAction && !e.Success && e.UserId == "bob");
    }

    [Fact]
    public void AnEngineNameIsStoredTrimmedAndSixtyFourCharactersAreAllowed()
    {
        _service.Create(User("bob", Roles.Trader), "  " + new string('y', 64) + " ", "breakout_v1", new EngineCreateOptions { Bars = 600 }, out var handle)
            .Status.ShouldBe(EngineCommandStatus.Done);

        handle.ShouldNotBeNull().Name.ShouldBe(new string('y', 64));
    }

    [Fact]
    public async Task OnlyAStoppedEngineCanBeRemovedAndOnlyByWhoControlsIt()
    {
        await _service.ExecuteAsync(User("alice", Roles.Trader), _alicesEngine.Id, EngineCommand.Start);

        (await _service.RemoveAsync(User("bob", Roles.Trader), _alicesEngine.Id)).Status.ShouldBe(EngineCommandStatus.Forbidden);
        (await _service.RemoveAsync(User("alice", Roles.Trader), _alicesEngine.Id)).Status.ShouldBe(EngineCommandStatus.Refused);
        await _service.ExecuteAsync(User("alice", Roles.Trader), _alicesEngine.Id, EngineCommand.Stop);
        (await _service.RemoveAsync(User("alice", Roles.Trader), _alicesEngine.Id)).Status.ShouldBe(EngineCommandStatus.Done);
        _registry.Get(_alicesEngine.Id).ShouldBeNull();
    }

    public void Dispose() => _registry.Dispose();

    public sealed record AuditEntry(string? UserId, string? UserName, string Action, string? Target, string? Details, bool Success);

    private sealed class RecordingAudit : IAuditLog
    {
        public List<AuditEntry> Entries { get; } = [];

        public void Record(string? userId, string? userName, string action, string? target, string? details, bool success = true) =>
            Entries.Add(new AuditEntry(userId, userName, action, target, details, success));
    }
}

using BreakoutBot.Domain.Abstractions;
using BreakoutBot.Tests.TestSupport;
using BreakoutBot.Tests.Web.Api;
using BreakoutBot.Web.Hubs;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace BreakoutBot.Tests.Web.Push;

/// <summary>
/// What a hub client reads when a call fails: the hub's own refusal in its own words (SignalR put "An unexpected error
/// occurred invoking 'Subscribe' on the server. HubException:" before it, which reads as a crash), and for a real fault
/// only SignalR's generic sentence, nothing of the exception.
/// </summary>
public sealed class EngineHubRefusalTests(ApiPortal portal) : IClassFixture<ApiPortal>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ARefusedSubscriptionReachesTheClientInTheHubsOwnWords()
    {
        await using var connection = HubClients.WithToken(portal.Factory, portal.Tokens[Caller.OtherTrader]!);
        await connection.StartAsync(Ct);

        var notYours = await Should.ThrowAsync<HubException>(() => connection.InvokeAsync<string>(nameof(EngineHub.Subscribe), portal.Engine, Ct));
        var blank = await Should.ThrowAsync<HubException>(() => connection.InvokeAsync<string>(nameof(EngineHub.Subscribe), " ", Ct));

        notYours.Message.ShouldBe($"engineId: no engine '{portal.Engine}' you may see.");
        blank.Message.ShouldBe("engineId: give the id of an engine.");
    }

    [Fact]
    public async Task AFaultInTheHubStaysHiddenBehindSignalRsGenericSentence()
    {
        await using var faulty = ApiPortal.With(new Dictionary<string, string?> { ["Okx:RestBaseUrl"] = "http://127.0.0.1:9/" },
            services => services.AddSingleton<IAuditLog>(new SubscribeAuditFault()));
        await faulty.InitializeAsync();
        await using var connection = HubClients.WithToken(faulty.Factory, faulty.Tokens[Caller.OwnerControl]!);
        await connection.StartAsync(Ct);

        var fault = await Should.ThrowAsync<HubException>(() => connection.InvokeAsync<string>(nameof(EngineHub.Subscribe), faulty.Engine, Ct));

        fault.Message.ShouldBe("An unexpected error occurred invoking 'Subscribe' on the server.");
    }

    /// <summary>An audit log whose store fails when a subscription is recorded: an exception the hub does not expect.</summary>
    private sealed class SubscribeAuditFault : IAuditLog
    {
        public void Record(string? userId, string? userName, string action, string? target, string? details, bool success = true)
        {
            if (action == EngineHub.SubscribeAction && success)
            {
                throw new InvalidOperationException("audit store at /var/secret/audit.db is locked");
            }
        }
    }
}

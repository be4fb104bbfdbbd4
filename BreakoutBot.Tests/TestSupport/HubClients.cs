using BreakoutBot.Web.Hubs;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;

namespace BreakoutBot.Tests.TestSupport;

/// <summary>Live-event hub clients of a test portal.</summary>
public static class HubClients
{
    /// <summary>A hub client of <paramref name="portal"/> signed in only with a personal access token in the query string, as a browser's SignalR client sends it.</summary>
    public static HubConnection WithToken(BreakoutBotWebFactory portal, string token)
    {
        ArgumentNullException.ThrowIfNull(portal);
        var server = portal.Server;
        return new HubConnectionBuilder()
            .WithUrl(new Uri(server.BaseAddress, EngineHub.Path.TrimStart('/') + "?access_token=" + Uri.EscapeDataString(token)), options =>
            {
                options.Transports = HttpTransportType.WebSockets;
                options.HttpMessageHandlerFactory = _ => server.CreateHandler();
                options.WebSocketFactory = async (context, cancellationToken) => await server.CreateWebSocketClient().ConnectAsync(context.Uri, cancellationToken);
            })
            .Build();
    }
}

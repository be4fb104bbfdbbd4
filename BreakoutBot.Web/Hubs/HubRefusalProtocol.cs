using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;

namespace BreakoutBot.Web.Hubs;

/// <summary>
/// The JSON hub protocol, except that a hub's refusal (a <see cref="HubException"/> it throws on purpose, such as
/// "engineId: no engine 'x' you may see.") reaches the client in the hub's own words. SignalR words every failed
/// invocation "An unexpected error occurred invoking 'Subscribe' on the server. HubException: …", in every environment,
/// which reads as a crash; that prefix is dropped for <see cref="HubException"/> only. Any other exception stays
/// SignalR's generic sentence, without its type or message (the portal never sets <c>EnableDetailedErrors</c>).
/// </summary>
public sealed partial class HubRefusalProtocol(IHubProtocol inner) : IHubProtocol
{
    public string Name => inner.Name;

    public int Version => inner.Version;

    public TransferFormat TransferFormat => inner.TransferFormat;

    public bool IsVersionSupported(int version) => inner.IsVersionSupported(version);

    public bool TryParseMessage(ref ReadOnlySequence<byte> input, IInvocationBinder binder, [NotNullWhen(true)] out HubMessage? message) =>
        inner.TryParseMessage(ref input, binder, out message);

    public void WriteMessage(HubMessage message, IBufferWriter<byte> output) => inner.WriteMessage(InOwnWords(message), output);

    public ReadOnlyMemory<byte> GetMessageBytes(HubMessage message) => inner.GetMessageBytes(InOwnWords(message));

    private static HubMessage InOwnWords(HubMessage message) =>
        message is CompletionMessage { Error: { } error, InvocationId: { } id } completion && RefusalPrefix().Match(error) is { Success: true } prefix
            ? new CompletionMessage(id, error[prefix.Length..], result: null, hasResult: false) { Headers = completion.Headers }
            : message;

    [GeneratedRegex(@"^An unexpected error occurred invoking '[^']*' on the server\. HubException: ")]
    private static partial Regex RefusalPrefix();
}

using System.Text.Json;
using BreakoutBot.Domain.Engine;

namespace BreakoutBot.Infrastructure.Cluster;

/// <summary>
/// The engine's state before and after a command run on the owner node, carried back to the asking node in the request's
/// payload, so a command routed through the cluster answers as one run on the node the user is on (ADR-020).
/// </summary>
public static class RemoteCommandStates
{
    private sealed record States(string StateBefore, string StateAfter);

    /// <summary>The payload for a command's result; null when the command gave none (refused before the engine was reached).</summary>
    public static string? ToPayload(CommandResult? result) =>
        result is null ? null : JsonSerializer.Serialize(new States(result.StateBefore.ToWireName(), result.StateAfter.ToWireName()));

    /// <summary>
    /// The owner node's result rebuilt from its payload; null when there is none, or it was written by a node that did
    /// not send states (an earlier version) or sent states this node does not know.
    /// </summary>
    public static CommandResult? Read(string? payload, EngineCommand? command, bool success, string message)
    {
        if (string.IsNullOrWhiteSpace(payload) || command is null)
        {
            return null;
        }
        try
        {
            return JsonSerializer.Deserialize<States>(payload) is { } states
                && TradingStates.TryParseWireName(states.StateBefore, out var before)
                && TradingStates.TryParseWireName(states.StateAfter, out var after)
                    ? new CommandResult(command.Value, success, message, before.Value, after.Value)
                    : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

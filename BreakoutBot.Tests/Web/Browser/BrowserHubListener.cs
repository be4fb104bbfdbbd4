using System.Text.Json;
using Microsoft.Playwright;

namespace BreakoutBot.Tests.Web.Browser;

/// <summary>
/// Listens to the portal's live engine events (<c>/hubs/engines</c>) from inside a signed-in browser page, with the page's
/// own log-in cookie: the SignalR JSON protocol spoken over the browser's WebSocket (negotiate, handshake,
/// <c>Subscribe(engineId)</c> per engine, a keep-alive ping every 10 s). Every <c>message</c> that arrives is kept in the
/// page with the browser's arrival time, for the test to read back.
/// </summary>
public static class BrowserHubListener
{
    private const string Script = """
        async (engineIds) => {
          const RS = '\u001e';
          const hub = window.__engineHub = { messages: [], completions: [], closed: null };
          const negotiated = await fetch('/hubs/engines/negotiate?negotiateVersion=1', { method: 'POST', credentials: 'same-origin' });
          if (!negotiated.ok) throw new Error('negotiate answered ' + negotiated.status);
          const n = await negotiated.json();
          const token = n.connectionToken || n.connectionId;
          const socket = new WebSocket(location.origin.replace(/^http/, 'ws') + '/hubs/engines?id=' + encodeURIComponent(token));
          let buffer = '';
          let shookHands = false;
          await new Promise((resolve, reject) => {
            socket.onopen = () => socket.send(JSON.stringify({ protocol: 'json', version: 1 }) + RS);
            socket.onerror = () => reject(new Error('the hub socket failed'));
            socket.onclose = e => { hub.closed = 'closed ' + e.code + ' ' + e.reason; reject(new Error(hub.closed)); };
            socket.onmessage = e => {
              buffer += e.data;
              let end;
              while ((end = buffer.indexOf(RS)) >= 0) {
                const frame = JSON.parse(buffer.slice(0, end));
                buffer = buffer.slice(end + 1);
                if (!shookHands) {
                  if (frame.error) { reject(new Error(frame.error)); return; }
                  shookHands = true;
                  resolve();
                } else if (frame.type === 1 && frame.target === 'message') {
                  const m = frame.arguments[0] || {};
                  hub.messages.push({ at: Date.now(), engineId: m.engineId || '', type: m.type || '' });
                } else if (frame.type === 3) {
                  hub.completions.push({ id: frame.invocationId, error: frame.error || null });
                }
              }
            };
          });
          setInterval(() => { if (socket.readyState === 1) socket.send(JSON.stringify({ type: 6 }) + RS); }, 10000);
          engineIds.forEach((id, i) => socket.send(JSON.stringify({ type: 1, invocationId: String(i + 1), target: 'Subscribe', arguments: [id] }) + RS));
        }
        """;

    /// <summary>Connects the page to the hub and subscribes to each engine; throws when a subscription is refused.</summary>
    public static async Task SubscribeAsync(IPage page, IReadOnlyList<string> engineIds)
    {
        ArgumentNullException.ThrowIfNull(page);
        ArgumentNullException.ThrowIfNull(engineIds);
        await page.EvaluateAsync(Script, engineIds);
        await page.WaitForFunctionAsync($"() => window.__engineHub.completions.length >= {engineIds.Count}");
        var state = await ReadAsync(page);
        if (state.Refusals.Count > 0)
        {
            throw new InvalidOperationException("The hub refused a subscription: " + string.Join("; ", state.Refusals));
        }
    }

    /// <summary>What the page received so far: each message's engine, type and arrival time, and any refused subscription.</summary>
    public static async Task<(IReadOnlyList<(string EngineId, string Type, DateTimeOffset At)> Messages, IReadOnlyList<string> Refusals, string? Closed)> ReadAsync(IPage page)
    {
        ArgumentNullException.ThrowIfNull(page);
        var json = await page.EvaluateAsync<string>("() => JSON.stringify(window.__engineHub)");
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        var messages = root.GetProperty("messages").EnumerateArray()
            .Select(m => (m.GetProperty("engineId").GetString() ?? "", m.GetProperty("type").GetString() ?? "", DateTimeOffset.FromUnixTimeMilliseconds((long)m.GetProperty("at").GetDouble())))
            .ToList();
        var refusals = root.GetProperty("completions").EnumerateArray()
            .Where(c => c.GetProperty("error").ValueKind == JsonValueKind.String).Select(c => c.GetProperty("error").GetString()!).ToList();
        var closed = root.GetProperty("closed").ValueKind == JsonValueKind.String ? root.GetProperty("closed").GetString() : null;
        return (messages, refusals, closed);
    }
}

using BreakoutBot.Domain.Execution;
using BreakoutBot.Domain.Presets;
using BreakoutBot.Domain.Risk;
using BreakoutBot.Domain.Trading;
using Microsoft.Extensions.Logging;

namespace BreakoutBot.Domain.Positions;

/// <summary>
/// Entries executed in slices (ADR-011): TWAP slices and iceberg clips, with one order in flight at a time. Each slice
/// has a client id derived from the entry's (parent) id: <c>parent + "s" + n</c>, and <c>parent + "f" + n</c> for the
/// immediate-or-cancel fallback of clip n. The slice in flight is resolved (looked up by client id when its answer was
/// lost) before anything else is sent, so a slice is never sent twice. The quantity sent never exceeds the approved
/// quantity minus what earlier slices filled as the exchange reports them; what is not filled when the schedule ends is
/// not taken. The first slice that can open the position carries the stop; later slices grow the position and its one
/// stop is resized to the filled quantity; the take-profits are placed once, for the final quantity, when the schedule ends.
/// A fill of the stop ends the schedule: no slice is sent after it and a clip still resting is cancelled.
/// </summary>
public sealed partial class PositionManager
{
    private readonly Dictionary<string, EntrySchedule> _schedules = new(StringComparer.Ordinal);

    /// <summary>True while the entry of the position is still being executed in slices.</summary>
    public bool IsExecutingEntry(string positionId)
    {
        lock (_gate)
        {
            return _schedules.ContainsKey(positionId);
        }
    }

    private bool HasSchedule(Position position)
    {
        lock (_gate)
        {
            return _schedules.ContainsKey(position.Id);
        }
    }

    private async ValueTask<Position?> OpenInSlicesAsync(Position position, ApprovedEntry entry, EntryPlan plan, TradingPreset preset, CancellationToken cancellationToken)
    {
        var schedule = new EntrySchedule(entry, plan, preset.ExecutionConfig, _execution.NextClientOrderId("en"));
        lock (_gate)
        {
            _schedules[position.Id] = schedule;
            _active.Add(position);
            _activeCount = _active.Count;
        }
        _logger.LogInformation("{Position} {Instrument}: entry of {Quantity} as {Reason}.", position.Id, position.InstrumentId, entry.Quantity, plan.Reason);
        if (plan.Style == EntryStyle.Iceberg && !ClipsCanRest(plan))
        {
            _logger.LogInformation("{Position}: the exchange decides resting fills per {Resolution}, longer than the {Deadman} deadman; each clip goes as the immediate-or-cancel it would fall back to.",
                position.Id, _exchange.RestingFillResolution, plan.DeadmanTimeout);
        }
        await AdvanceEntryAsync(position, preset, cancellationToken);
        await SyncFillsAsync(preset, cancellationToken);
        return position.Status == PositionStatus.Cancelled ? null : position;
    }

    /// <summary>
    /// One step of a position's entry schedule: resolves the slice in flight (a post-only clip older than the deadman
    /// timeout is cancelled and its unfilled rest goes at once as an immediate-or-cancel at the price guard), sends the
    /// next slice when it is due, and ends the schedule when every slice is done, nothing is left, or the market has come
    /// back too close to the stop.
    /// </summary>
    private async ValueTask AdvanceEntryAsync(Position position, TradingPreset preset, CancellationToken cancellationToken)
    {
        EntrySchedule? s;
        lock (_gate)
        {
            _schedules.TryGetValue(position.Id, out s);
        }
        if (s is null)
        {
            return;
        }
        if (position.Status is PositionStatus.Closed or PositionStatus.Cancelled)
        {
            await AbandonEntryAsync(position, cancellationToken);
            return;
        }
        var now = _time.GetUtcNow();
        if (s.Working is not null && !await ResolveWorkingSliceAsync(position, s, now, cancellationToken))
        {
            return;
        }
        // A post-only clip that would have crossed ends at once: its fallback goes in the same pass (at most two sends,
        // then a last look that ends the schedule when every slice is done).
        for (var send = 0; send < 3 && s.Working is null && !s.Ending; send++)
        {
            if (!await SendNextSliceAsync(position, s, now, cancellationToken))
            {
                break;
            }
        }
        if (s.Working is null && s.Ending)
        {
            await FinishEntryAsync(position, s, preset, now, cancellationToken);
        }
    }

    /// <summary>Reads the slice in flight; true when it has ended (its fill is counted), false while it still works.</summary>
    private async ValueTask<bool> ResolveWorkingSliceAsync(Position position, EntrySchedule s, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var w = s.Working!;
        var order = w.OrderId is { } id
            ? await _exchange.GetOrderAsync(position.InstrumentId, id, cancellationToken)
            : await _exchange.GetOrderByClientIdAsync(position.InstrumentId, w.ClientOrderId, cancellationToken);
        if (order is not null && w.OrderId is null)
        {
            LinkSliceOrder(position, w, order);
        }
        if (order is { IsOpen: true })
        {
            if (!w.IsPostOnly || now - w.SentAt < s.Plan.DeadmanTimeout)
            {
                return false;
            }
            // The deadman: the clip is cancelled; only once the exchange says it has ended is its rest sent elsewhere.
            await _execution.CancelAsync(position.InstrumentId, order.OrderId, cancellationToken);
            order = await _exchange.GetOrderAsync(position.InstrumentId, order.OrderId, cancellationToken);
            if (order is null or { IsOpen: true })
            {
                return false;
            }
            _logger.LogInformation("{Position}: post-only clip {ClientOrderId} rested past the deadman timeout ({Filled} of {Quantity} filled); the rest goes at the price guard.", position.Id, w.ClientOrderId, order.FilledQuantity, w.Quantity);
        }
        if (order is null)
        {
            _logger.LogWarning("{Position}: slice {ClientOrderId} is not known to the exchange; counted as never placed.", position.Id, w.ClientOrderId);
        }
        SliceEnded(s, w, order?.FilledQuantity ?? 0m);
        return true;
    }

    private static void SliceEnded(EntrySchedule s, WorkingSlice w, decimal filled)
    {
        s.Completed += filled;
        s.Working = null;
        if (w.IsPostOnly && filled < w.Quantity)
        {
            s.FallbackQuantity = w.Quantity - filled;
            s.FallbackNumber = w.Number;
        }
    }

    /// <summary>
    /// Whether a post-only clip can rest for its deadman on this exchange. A bar-stepped paper account (a replay) matches a
    /// resting order against a whole bar: a clip meant to wait 8 s would be given 5 minutes to fill at the maker fee, which
    /// live trading never gives it. There the clip goes at once as the immediate-or-cancel at the price guard that its
    /// deadman falls back to, so a replay never looks better than live (ADR-011).
    /// </summary>
    private bool ClipsCanRest(EntryPlan plan) => _exchange.RestingFillResolution <= plan.DeadmanTimeout;

    /// <summary>Sends the fallback or the next slice when due; false when nothing was sent (not due, or the schedule is ending).</summary>
    private async ValueTask<bool> SendNextSliceAsync(Position position, EntrySchedule s, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var signal = s.Entry.Signal;
        var market = _markets.GetMarket(position.InstrumentId);
        var instrument = market?.Instrument;
        var remaining = s.Entry.Quantity - s.Completed;
        var fallback = s.FallbackQuantity > 0;
        var quantity = 0m;
        if (fallback)
        {
            quantity = instrument is null ? Math.Min(s.FallbackQuantity, remaining) : instrument.RoundQuantityDown(Math.Min(s.FallbackQuantity, remaining));
            if (quantity <= 0 || (instrument is not null && quantity < instrument.MinQuantity))
            {
                s.FallbackQuantity = 0m;
                fallback = false;
            }
        }
        if (!fallback)
        {
            if (s.SlicesSent >= s.Plan.Slices)
            {
                return End(s, "every slice was sent");
            }
            if (s.SlicesSent > 0 && (now <= s.LastSentAt || now - s.LastSentAt < s.Plan.Interval))
            {
                return false;
            }
            quantity = EntryPlanner.NextSliceQuantity(s.Plan, remaining, s.Plan.Slices - s.SlicesSent, instrument);
            if (quantity <= 0)
            {
                return End(s, "nothing left to send");
            }
        }
        if (EntryPriceGuard.LeavesTooLittleRoom(signal, EntryQuote(market, signal.Side)))
        {
            return End(s, "the market came back within half the planned stop distance of the stop");
        }

        var guard = EntryPriceGuard.LimitPrice(signal, s.Config, instrument);
        var postOnlyPrice = !fallback && s.Plan.Style == EntryStyle.Iceberg && ClipsCanRest(s.Plan) && EntryPlanner.SpreadBps(market?.LiquidityBook, market?.Ticker) <= s.Config.SpreadWidenBps
            ? EntryPlanner.PostOnlyPrice(s.Entry.EntrySide, market?.LiquidityBook, market?.Ticker, s.Config, guard, instrument)
            : null;
        var number = fallback ? s.FallbackNumber : s.SlicesSent + 1;
        var clientId = FitClientId(s.ParentClientId + (fallback ? "f" : "s") + number.ToString(System.Globalization.CultureInfo.InvariantCulture));
        // Only while nothing has filled can a slice open the position: that slice carries the stop.
        var stop = s.Completed == 0 && position.Status == PositionStatus.Opening ? new AttachedStop(_execution.NextClientOrderId("sl"), signal.StopLoss) : null;
        var request = new OrderRequest(clientId, position.InstrumentId, s.Entry.EntrySide, OrderType.Limit, quantity,
            Price: postOnlyPrice ?? guard,
            Tag: OrderTag.Entry(position.Id),
            TimeInForce: postOnlyPrice is null ? TimeInForce.ImmediateOrCancel : TimeInForce.PostOnly,
            AttachedStop: stop);
        var working = new WorkingSlice(number, clientId, quantity, postOnlyPrice is not null, now);
        lock (_gate)
        {
            _byClientId[clientId] = new OrderLink(position, OrderRole.Entry, null);
            _entryClientIds[position.Id] = clientId;
            if (stop is not null)
            {
                _byClientId[stop.ClientOrderId] = new OrderLink(position, OrderRole.Stop, null);
                _attachedStops[position.Id] = stop.ClientOrderId;
            }
            s.Working = working;
            s.LastSentAt = now;
            if (fallback)
            {
                s.FallbackQuantity = 0m;
            }
            else
            {
                s.SlicesSent++;
            }
        }
        var result = await _execution.PlaceAsync(request, cancellationToken);
        if (result is { IsSuccess: true, Order: { } order })
        {
            LinkSliceOrder(position, working, order);
            if (!order.IsOpen)
            {
                SliceEnded(s, working, order.FilledQuantity);
            }
        }
        else if (!result.IsTransient)
        {
            s.Working = null;
            _logger.LogWarning("{Position}: entry slice {ClientOrderId} failed ({Error}: {Message}); the schedule ends with what has filled.", position.Id, clientId, result.Error, result.Message);
            End(s, "a slice was refused");
        }
        else
        {
            _logger.LogWarning("{Position}: entry slice {ClientOrderId} has no known outcome ({Error}); it is looked up by client id before anything else is sent.", position.Id, clientId, result.Error);
        }
        return true;
    }

    private void LinkSliceOrder(Position position, WorkingSlice slice, Order order)
    {
        lock (_gate)
        {
            slice.OrderId = order.OrderId;
            position.EntryOrderId ??= order.OrderId;
            _orders[order.OrderId] = new OrderLink(position, OrderRole.Entry, null);
        }
    }

    private static bool End(EntrySchedule s, string why)
    {
        s.Ending = true;
        s.EndReason ??= why;
        return false;
    }

    /// <summary>
    /// Ends the schedule once the fills of every slice are in the position (or the deadman timeout has passed waiting for
    /// them): nothing filled drops the position; otherwise its take-profits are placed for the quantity it holds.
    /// </summary>
    private async ValueTask FinishEntryAsync(Position position, EntrySchedule s, TradingPreset preset, DateTimeOffset now, CancellationToken cancellationToken)
    {
        s.EndedAt ??= now;
        await SyncFillsAsync(preset, cancellationToken);
        if (position.EntryQuantity < s.Completed && position.Status is PositionStatus.Open or PositionStatus.Opening && now - s.EndedAt.Value < s.Plan.DeadmanTimeout)
        {
            return;
        }
        bool stillMine;
        lock (_gate)
        {
            // Not when an exit (its room check, a flatten) has already stopped it while the fills were read.
            stillMine = _schedules.Remove(position.Id);
        }
        if (!stillMine)
        {
            return;
        }
        _logger.LogInformation("{Position} {Instrument}: entry schedule ended ({Why}) with {Filled} of {Approved} filled in {Slices} slice(s).", position.Id, position.InstrumentId, s.EndReason, position.EntryQuantity, s.Entry.Quantity, s.SlicesSent);
        if (position.Status == PositionStatus.Opening)
        {
            Drop(position);
        }
        else if (position.IsOpen)
        {
            await PlaceTargetsAsync(position, preset, cancellationToken);
        }
    }

    public async ValueTask<int> StopEntriesAsync(TradingPreset preset, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(preset);
        List<(Position Position, EntrySchedule Schedule)> running;
        lock (_gate)
        {
            running = [.. _active.Where(p => _schedules.ContainsKey(p.Id)).Select(p => (p, _schedules[p.Id]))];
        }
        foreach (var (position, s) in running)
        {
            End(s, "stopped by the engine");
            await CancelRestingClipAsync(position, s, cancellationToken);
            // Resolves the cancelled clip and ends the schedule (the position keeps what filled, with its targets).
            await AdvanceEntryAsync(position, preset, cancellationToken);
        }
        return running.Count;
    }

    /// <summary>Stops the entry schedule of a position (it exits or is flattened): the post-only clip in flight is cancelled.</summary>
    private async ValueTask AbandonEntryAsync(Position position, CancellationToken cancellationToken)
    {
        EntrySchedule? s;
        lock (_gate)
        {
            if (!_schedules.Remove(position.Id, out s))
            {
                return;
            }
        }
        await CancelRestingClipAsync(position, s, cancellationToken);
    }

    /// <summary>
    /// Schedules that a stop fill ended (<see cref="SyncFillsAsync"/>): the post-only clip in flight of a position still
    /// open is cancelled; the next pass resolves it and ends the schedule (a closed position's clip is a leftover already).
    /// </summary>
    private async ValueTask CancelRestingClipsAsync(List<(Position Position, EntrySchedule Schedule)> ended, CancellationToken cancellationToken)
    {
        foreach (var (position, s) in ended)
        {
            if (HasSchedule(position))
            {
                await CancelRestingClipAsync(position, s, cancellationToken);
            }
        }
    }

    /// <summary>Cancels the post-only clip in flight of a schedule, found by its client id when its answer was lost.</summary>
    private async ValueTask CancelRestingClipAsync(Position position, EntrySchedule s, CancellationToken cancellationToken)
    {
        if (s.Working is { IsPostOnly: true } w)
        {
            var id = w.OrderId ?? (await _exchange.GetOrderByClientIdAsync(position.InstrumentId, w.ClientOrderId, cancellationToken))?.OrderId;
            if (id is not null)
            {
                await _execution.CancelAsync(position.InstrumentId, id, cancellationToken);
            }
        }
    }

    /// <summary>Client ids are at most 32 characters: the tail (which carries the parent's counter and the slice number) is kept.</summary>
    private static string FitClientId(string id) => id.Length <= 32 ? id : id[^32..];

    /// <summary>The execution state of one sliced entry.</summary>
    private sealed class EntrySchedule(ApprovedEntry entry, EntryPlan plan, ExecutionConfig config, string parentClientId)
    {
        public ApprovedEntry Entry { get; } = entry;
        public EntryPlan Plan { get; } = plan;
        public ExecutionConfig Config { get; } = config;
        public string ParentClientId { get; } = parentClientId;
        public int SlicesSent { get; set; }

        /// <summary>What the slices that have ended filled, as the exchange reported them on their orders.</summary>
        public decimal Completed { get; set; }

        public WorkingSlice? Working { get; set; }
        public DateTimeOffset LastSentAt { get; set; }

        /// <summary>The unfilled rest of a post-only clip, to be sent as an immediate-or-cancel at the price guard.</summary>
        public decimal FallbackQuantity { get; set; }

        public int FallbackNumber { get; set; }
        public bool Ending { get; set; }
        public string? EndReason { get; set; }
        public DateTimeOffset? EndedAt { get; set; }
    }

    /// <summary>The slice in flight: its exchange id is null until an answer (or a lookup by client id) gives it.</summary>
    private sealed class WorkingSlice(int number, string clientOrderId, decimal quantity, bool isPostOnly, DateTimeOffset sentAt)
    {
        public int Number { get; } = number;
        public string ClientOrderId { get; } = clientOrderId;
        public decimal Quantity { get; } = quantity;
        public bool IsPostOnly { get; } = isPostOnly;
        public DateTimeOffset SentAt { get; } = sentAt;
        public string? OrderId { get; set; }
    }
}

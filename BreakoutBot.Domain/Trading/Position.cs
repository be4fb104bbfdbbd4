using BreakoutBot.Domain.Common;

namespace BreakoutBot.Domain.Trading;

/// <summary>
/// A trade the engine owns, from entry fill to the last exit fill. State changes only through fills
/// (<see cref="ApplyEntryFill"/>, <see cref="ApplyExitFill"/>) and the position manager's stop moves, so what it
/// reports is what the exchange did. P&amp;L includes every fee; R is net P&amp;L over the initial risk. P&amp;L is measured
/// from the average price of the quantity still open (<see cref="AverageOpenPrice"/>), as the exchange books it, so entry
/// fills that come after an exit (a slice filling after a partial stop or TP1) leave the realised P&amp;L equal to the cash
/// the fills moved.
/// </summary>
public sealed class Position
{
    private readonly List<PositionExit> _exits = [];

    public Position(
        string id,
        string instrumentId,
        PositionSide side,
        string strategy,
        string signalId,
        decimal plannedQuantity,
        decimal plannedEntry,
        decimal initialStop,
        decimal takeProfit1,
        decimal takeProfit2,
        DateTimeOffset createdAt)
    {
        if (plannedQuantity <= 0)
        {
            throw new DomainException($"Position {id}: planned quantity must be positive; got {plannedQuantity}.");
        }
        Id = id;
        InstrumentId = instrumentId;
        Side = side;
        Strategy = strategy;
        SignalId = signalId;
        PlannedQuantity = plannedQuantity;
        PlannedEntry = plannedEntry;
        InitialStop = initialStop;
        StopLoss = initialStop;
        TakeProfit1 = takeProfit1;
        TakeProfit2 = takeProfit2;
        CreatedAt = createdAt;
        Status = PositionStatus.Opening;
    }

    public string Id { get; }
    public string InstrumentId { get; }
    public PositionSide Side { get; }
    public string Strategy { get; }
    public string SignalId { get; }
    public decimal PlannedQuantity { get; }
    public decimal PlannedEntry { get; }
    public decimal InitialStop { get; }
    public decimal StopLoss { get; private set; }
    public decimal TakeProfit1 { get; private set; }
    public decimal TakeProfit2 { get; private set; }
    public DateTimeOffset CreatedAt { get; }
    public DateTimeOffset? OpenedAt { get; private set; }
    public DateTimeOffset? ClosedAt { get; private set; }
    public PositionStatus Status { get; private set; }

    /// <summary>
    /// Average price of every entry fill, quantity-weighted over <see cref="EntryQuantity"/> (shown as the trade's entry;
    /// the 1R, the targets and breakeven are measured from it). Not the basis of P&amp;L: see <see cref="AverageOpenPrice"/>.
    /// </summary>
    public decimal EntryPrice { get; private set; }

    /// <summary>
    /// Average entry price of the quantity still open (its cost basis), the running average the exchange keeps
    /// (<c>PaperExchangeClient</c>, OKX's <c>avgPx</c>): entry fills move it quantity-weighted over the open quantity, exits
    /// leave it. Realised and unrealised P&amp;L are measured from it. Equal to <see cref="EntryPrice"/> unless an entry
    /// filled after an exit.
    /// </summary>
    public decimal AverageOpenPrice { get; private set; }

    /// <summary>Total quantity filled on entry.</summary>
    public decimal EntryQuantity { get; private set; }

    /// <summary>Quantity still open.</summary>
    public decimal Quantity { get; private set; }

    public decimal EntryFees { get; private set; }
    public decimal ExitFees { get; private set; }
    public decimal GrossRealizedPnl { get; private set; }
    public bool Tp1Done { get; private set; }
    public bool Tp2Done { get; private set; }
    public bool BreakevenMoved { get; private set; }
    public bool TrailingActive { get; private set; }
    public ExitReason? CloseReason { get; private set; }

    /// <summary>Highest high (long) or lowest low (short) seen since the entry; drives progress checks.</summary>
    public decimal BestPrice { get; private set; }

    public decimal LastPrice { get; private set; }

    // Exchange order ids of the protective orders resting for this position.
    public string? EntryOrderId { get; set; }
    public string? StopOrderId { get; set; }
    public string? Tp1OrderId { get; set; }
    public string? Tp2OrderId { get; set; }

    public IReadOnlyList<PositionExit> Exits => _exits;

    public bool IsOpen => Status == PositionStatus.Open;

    public decimal Fees => EntryFees + ExitFees;

    /// <summary>Initial risk in currency: entry quantity × |entry − initial stop|. The "1R" of this trade.</summary>
    public decimal InitialRiskUsd => EntryQuantity * Math.Abs(EntryPrice - InitialStop);

    public decimal UnrealizedPnl => Quantity == 0 ? 0m : Direction * (LastPrice - AverageOpenPrice) * Quantity;

    /// <summary>Realised P&amp;L net of entry and exit fees.</summary>
    public decimal NetRealizedPnl => GrossRealizedPnl - Fees;

    /// <summary>Net P&amp;L so far: realised, plus unrealised at the last price, minus all fees paid.</summary>
    public decimal NetPnl => NetRealizedPnl + UnrealizedPnl;

    /// <summary>Net P&amp;L in R (0 when the initial risk is unknown).</summary>
    public double PnlR => InR(NetPnl);

    /// <summary>An amount of this trade in R: over <see cref="InitialRiskUsd"/> (0 when the initial risk is unknown).</summary>
    public double InR(decimal amount) => InitialRiskUsd > 0 ? (double)(amount / InitialRiskUsd) : 0d;

    /// <summary>Price progress in R from the entry to the last price, before fees (drives no-progress exits).</summary>
    public double PriceR
    {
        get
        {
            var risk = Math.Abs(EntryPrice - InitialStop);
            return risk > 0 ? (double)(Direction * (LastPrice - EntryPrice) / risk) : 0d;
        }
    }

    /// <summary>
    /// Rebuilds an open position from what was stored about it (after a restart): quantities, prices, fees, stop moves
    /// and exits exactly as recorded, so P&amp;L and R carry on where they stopped.
    /// </summary>
    public static Position Restore(PositionRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (record.Status != PositionStatus.Open || record.Quantity <= 0 || record.EntryQuantity < record.Quantity || record.EntryPrice <= 0)
        {
            throw new DomainException($"Position {record.Id}: only an open position with a positive open quantity can be restored.");
        }
        var p = new Position(record.Id, record.InstrumentId, record.Side, record.Strategy, record.SignalId, record.PlannedQuantity,
            record.PlannedEntry, record.InitialStop, record.TakeProfit1, record.TakeProfit2, record.CreatedAt)
        {
            StopLoss = record.StopLoss,
            OpenedAt = record.OpenedAt ?? record.CreatedAt,
            Status = PositionStatus.Open,
            EntryPrice = record.EntryPrice,
            AverageOpenPrice = record.AverageOpenPrice(),
            EntryQuantity = record.EntryQuantity,
            Quantity = record.Quantity,
            EntryFees = record.EntryFees,
            ExitFees = record.ExitFees,
            GrossRealizedPnl = record.GrossRealizedPnl,
            Tp1Done = record.Tp1Done,
            Tp2Done = record.Tp2Done,
            BreakevenMoved = record.BreakevenMoved,
            TrailingActive = record.TrailingActive,
            BestPrice = record.BestPrice > 0 ? record.BestPrice : record.EntryPrice,
            LastPrice = record.LastPrice > 0 ? record.LastPrice : record.EntryPrice,
            EntryOrderId = record.EntryOrderId,
            StopOrderId = record.StopOrderId,
            Tp1OrderId = record.Tp1OrderId,
            Tp2OrderId = record.Tp2OrderId,
        };
        p._exits.AddRange(record.Exits);
        return p;
    }

    public int Direction => Side == PositionSide.Long ? 1 : -1;

    public OrderSide ExitSide => Side == PositionSide.Long ? OrderSide.Sell : OrderSide.Buy;

    public TimeSpan Age(DateTimeOffset now) => OpenedAt is { } t ? now - t : TimeSpan.Zero;

    public void ApplyEntryFill(decimal quantity, decimal price, decimal fee, DateTimeOffset time)
    {
        if (Status is PositionStatus.Closed or PositionStatus.Cancelled)
        {
            throw new DomainException($"Position {Id}: entry fill after the position ended.");
        }
        if (quantity <= 0 || price <= 0)
        {
            throw new DomainException($"Position {Id}: entry fill needs positive quantity and price.");
        }
        EntryPrice = EntryQuantity == 0 ? price : ((EntryPrice * EntryQuantity) + (price * quantity)) / (EntryQuantity + quantity);
        // The paper exchange's rule (PaperExchangeClient.ApplyFill), operand for operand, so both book the same P&L.
        AverageOpenPrice = Quantity == 0 ? price : ((Quantity * AverageOpenPrice) + (quantity * price)) / (Quantity + quantity);
        EntryQuantity += quantity;
        Quantity += quantity;
        EntryFees += fee;
        OpenedAt ??= time;
        Status = PositionStatus.Open;
        if (BestPrice == 0)
        {
            BestPrice = price;
        }
        if (LastPrice == 0)
        {
            LastPrice = price;
        }
    }

    /// <summary>Records an exit fill; returns true when it closed the position.</summary>
    public bool ApplyExitFill(decimal quantity, decimal price, decimal fee, DateTimeOffset time, ExitReason reason, string orderId)
    {
        if (Status != PositionStatus.Open)
        {
            throw new DomainException($"Position {Id}: exit fill while {Status}.");
        }
        if (quantity <= 0 || quantity > Quantity)
        {
            throw new DomainException($"Position {Id}: exit quantity {quantity} is outside (0, {Quantity}].");
        }
        var gross = Direction * (price - AverageOpenPrice) * quantity;
        GrossRealizedPnl += gross;
        ExitFees += fee;
        Quantity -= quantity;
        _exits.Add(new PositionExit(time, quantity, price, reason, fee, gross, orderId));
        if (reason == ExitReason.TakeProfit1)
        {
            Tp1Done = true;
        }
        else if (reason == ExitReason.TakeProfit2)
        {
            Tp2Done = true;
        }
        if (Quantity == 0)
        {
            Status = PositionStatus.Closed;
            ClosedAt = time;
            CloseReason = reason;
            LastPrice = price;
            return true;
        }
        return false;
    }

    /// <summary>
    /// A real exit fill that arrives after reconciliation had booked the same quantity as <see cref="ExitReason.Reconciled"/>
    /// at a guessed price: up to <paramref name="quantity"/> of those bookings are re-priced to the fill (price, fee,
    /// reason, order) instead of being exited twice, against the cost basis they were booked at (so the open quantity's
    /// <see cref="AverageOpenPrice"/> is unchanged). Returns the quantity re-priced (0 when nothing was reconciled).
    /// </summary>
    public decimal ConfirmReconciledExit(decimal quantity, decimal price, decimal fee, DateTimeOffset time, ExitReason reason, string orderId)
    {
        var left = quantity;
        for (var i = 0; i < _exits.Count && left > 0; i++)
        {
            var exit = _exits[i];
            if (exit.Reason != ExitReason.Reconciled || exit.OrderId != ReconciledOrderId)
            {
                continue;
            }
            var q = Math.Min(left, exit.Quantity);
            var share = q / exit.Quantity;
            var booked = exit.GrossPnl * share;
            var gross = (Direction * (price - exit.Price) * q) + booked;
            GrossRealizedPnl += gross - booked;
            ExitFees += fee * (q / quantity);
            _exits[i] = new PositionExit(time, q, price, reason, fee * (q / quantity), gross, orderId);
            if (q < exit.Quantity)
            {
                _exits.Insert(i + 1, exit with { Quantity = exit.Quantity - q, GrossPnl = exit.GrossPnl * (1 - share) });
            }
            left -= q;
        }
        return quantity - left;
    }

    /// <summary>The order id under which reconciliation books quantity no fill explained.</summary>
    public const string ReconciledOrderId = "reconciliation";

    /// <summary>Re-bases the targets on the actual entry fill (R stays fixed at the initial stop distance).</summary>
    public void SetTargets(decimal takeProfit1, decimal takeProfit2)
    {
        TakeProfit1 = takeProfit1;
        TakeProfit2 = takeProfit2;
    }

    public void MarkCancelled(DateTimeOffset time)
    {
        if (Status != PositionStatus.Opening)
        {
            throw new DomainException($"Position {Id}: only an unfilled entry can be cancelled (status {Status}).");
        }
        Status = PositionStatus.Cancelled;
        ClosedAt = time;
    }

    /// <summary>Stop moves kept per position (the first ones; a trailing stop moves at most once per bar).</summary>
    public const int MaxStopMoves = 1_000;

    private List<StopMove>? _stopMoves;

    /// <summary>Where the stop was moved and when, oldest first (moves given a time; at most <see cref="MaxStopMoves"/>).</summary>
    public IReadOnlyList<StopMove> StopMoves => _stopMoves ?? (IReadOnlyList<StopMove>)[];

    /// <summary>
    /// Moves the stop; only ever in the position's favour. Returns false if the move would loosen it. With
    /// <paramref name="at"/>, the move is kept in <see cref="StopMoves"/>.
    /// </summary>
    public bool TightenStop(decimal newStop, bool isBreakeven, bool isTrailing, DateTimeOffset? at = null)
    {
        var better = Side == PositionSide.Long ? newStop > StopLoss : newStop < StopLoss;
        if (!better)
        {
            return false;
        }
        StopLoss = newStop;
        if (at is { } time && (_stopMoves ??= []).Count < MaxStopMoves)
        {
            _stopMoves.Add(new StopMove(time, newStop, isBreakeven ? "breakeven" : isTrailing ? "trailing" : "tightened"));
        }
        BreakevenMoved |= isBreakeven;
        TrailingActive |= isTrailing;
        return true;
    }

    public void Mark(decimal lastPrice, decimal high, decimal low)
    {
        if (lastPrice > 0)
        {
            LastPrice = lastPrice;
        }
        if (Side == PositionSide.Long && high > BestPrice)
        {
            BestPrice = high;
        }
        else if (Side == PositionSide.Short && (BestPrice == 0 || (low > 0 && low < BestPrice)))
        {
            BestPrice = low;
        }
    }

    /// <summary>The reason a stop fill is booked under, given how far the stop has moved.</summary>
    public ExitReason StopExitReason => TrailingActive ? ExitReason.TrailingStop : BreakevenMoved ? ExitReason.BreakevenStop : ExitReason.StopLoss;
}

using BreakoutBot.Domain.Markets;

namespace BreakoutBot.Domain.Engine;

/// <summary>The market of one instrument as the engine sees it, for the dashboard's chart.</summary>
public sealed partial class TradingEngine
{
    /// <summary>
    /// A copy of the instrument's last closed bars, its levels on the newest bar and its open positions, taken between
    /// cycles (under the cycle lock, so never half-updated); null when the engine does not watch the instrument or has no
    /// preset yet.
    /// </summary>
    public async Task<MarketChart?> ChartAsync(string instrumentId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(instrumentId);
        await _cycleLock.WaitAsync(cancellationToken);
        try
        {
            if (_scanning.GetMarket(instrumentId) is not { CandleCount: > 0 } market || Preset is not { } preset)
            {
                return null;
            }
            var window = market.Window;
            var bars = new ChartBar[window.Count];
            for (var i = 0; i < bars.Length; i++)
            {
                bars[i] = new ChartBar(window.TimeAt(i) + Candle.Interval, window.Open[i], window.High[i], window.Low[i], window.Close[i], window.Volume[i]);
            }
            var positions = _positions.OpenPositions.Where(p => p.InstrumentId == instrumentId).Select(PositionSummary.From).ToList();
            var from = bars.Length > 0 ? bars[0].Close : DateTimeOffset.MaxValue;
            var signals = _signals.History.Where(r => r.Signal.InstrumentId == instrumentId && r.Signal.CreatedAt >= from).ToList();
            return new MarketChart(instrumentId, bars, _scanning.LevelsFor(instrumentId, preset), positions) { Signals = signals };
        }
        finally
        {
            _cycleLock.Release();
        }
    }
}

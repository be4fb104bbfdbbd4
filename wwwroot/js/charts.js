// Time-series charts drawn with TradingView's lightweight-charts (global LightweightCharts, loaded by App.razor).
// Blazor components call these through JS interop; every chart is keyed by its element and disposed with it.
const charts = new WeakMap();

function baseOptions(element, height) {
    return {
        height: height,
        width: element.clientWidth || 600,
        layout: { background: { color: 'transparent' }, textColor: '#555', fontSize: 11 },
        grid: { vertLines: { color: '#eee' }, horzLines: { color: '#eee' } },
        timeScale: { timeVisible: true, secondsVisible: false },
        rightPriceScale: { borderVisible: false },
        localization: { timeFormatter: t => new Date(t * 1000).toISOString().slice(0, 16).replace('T', ' ') + ' UTC' },
    };
}

function create(element, height) {
    dispose(element);
    const chart = LightweightCharts.createChart(element, baseOptions(element, height));
    const resize = new ResizeObserver(() => chart.applyOptions({ width: element.clientWidth }));
    resize.observe(element);
    charts.set(element, { chart, resize });
    return chart;
}

// series: [{ name, color, kind: 'line' | 'area' | 'histogram', points: [{ time, value }], percent }]
export function timeSeries(element, height, series) {
    const chart = create(element, height);
    for (const s of series) {
        const format = s.percent ? { type: 'percent', precision: 2, minMove: 0.01 } : { type: 'price', precision: 2, minMove: 0.01 };
        const options = { title: s.name, color: s.color, lineWidth: 2, priceFormat: format };
        const kind = s.kind === 'area' ? LightweightCharts.AreaSeries
            : s.kind === 'histogram' ? LightweightCharts.HistogramSeries
            : LightweightCharts.LineSeries;
        if (s.kind === 'area') {
            options.lineColor = s.color;
            options.topColor = s.color + '55';
            options.bottomColor = s.color + '05';
        }
        chart.addSeries(kind, options).setData(s.points);
    }
    chart.timeScale().fitContent();
}

// Decimals for an instrument's prices: enough for four significant digits of its lowest price, at least two
// (BTC at 43466.4 → 2, ADA at 0.6425 → 4, DOGE at 0.07983 → 5), so the axis, the last-price label and the crosshair
// do not round a cheap instrument's price to "0.08".
function pricePrecision(data) {
    let lowest = Infinity;
    for (const c of data) {
        if (c.low > 0 && c.low < lowest) {
            lowest = c.low;
        }
    }
    if (!isFinite(lowest)) {
        return 2;
    }
    return Math.min(10, Math.max(2, 3 - Math.floor(Math.log10(lowest))));
}

// candles: [{ time, open, high, low, close, volume }]; lines: [{ color, title, dashed, steps, points: [{ time, value }] }]
// drawn over their time span (steps: the value holds until the next point, e.g. a stop as it moved);
// markers: [{ time, position: 'aboveBar' | 'belowBar' | 'inBar', color, shape, text }]
export function candles(element, height, data, lines, markers) {
    const chart = create(element, height);
    const precision = pricePrecision(data);
    const priceFormat = { type: 'price', precision: precision, minMove: Math.pow(10, -precision) };
    element.dataset.pricePrecision = String(precision);
    const candle = chart.addSeries(LightweightCharts.CandlestickSeries, {
        upColor: '#26a69a', downColor: '#ef5350', borderVisible: false, wickUpColor: '#26a69a', wickDownColor: '#ef5350',
        priceFormat: priceFormat,
    });
    candle.setData(data.map(c => ({ time: c.time, open: c.open, high: c.high, low: c.low, close: c.close })));
    const volume = chart.addSeries(LightweightCharts.HistogramSeries, { priceFormat: { type: 'volume' }, priceScaleId: 'volume', color: '#90a4ae88' });
    volume.priceScale().applyOptions({ scaleMargins: { top: 0.8, bottom: 0 } });
    volume.setData(data.map(c => ({ time: c.time, value: c.volume })));
    for (const l of lines) {
        // A level or stop over a time span: a line series covering only that span.
        const s = chart.addSeries(LightweightCharts.LineSeries, {
            color: l.color, lineWidth: 1, lineStyle: l.dashed ? LightweightCharts.LineStyle.Dashed : LightweightCharts.LineStyle.Solid,
            priceLineVisible: false, lastValueVisible: false, crosshairMarkerVisible: false, title: l.title || '',
            lineType: l.steps ? LightweightCharts.LineType.WithSteps : LightweightCharts.LineType.Simple,
            priceFormat: priceFormat,
        });
        s.setData(l.points);
    }
    if (markers.length > 0) {
        LightweightCharts.createSeriesMarkers(candle, markers);
    }
    chart.timeScale().fitContent();
}

// The components send a chart's data as one JSON string (the arguments after the element), parsed here.
export function draw(element, name, json) {
    const draws = { timeSeries, candles };
    draws[name](element, ...JSON.parse(json));
}

export function dispose(element) {
    const entry = charts.get(element);
    if (entry) {
        entry.resize.disconnect();
        entry.chart.remove();
        charts.delete(element);
    }
}

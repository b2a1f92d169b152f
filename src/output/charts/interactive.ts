/**
 * The report's time series, to explore: zoom (drag across a chart, or the
 * mouse wheel), pan (shift-drag), a shared cursor that reads every series'
 * value at one instant, double-click to see the whole run again. Drawn by
 * uPlot (a small, fast canvas charting library, ~50 kB), whose script and
 * style are inlined with the data, so the report stays one file that opens
 * offline and loads nothing. Without scripts the static SVG charts stand in
 * (in a noscript: on paper the interactive charts print as drawn).
 *
 * The data are the scan's fine bins (at most FINE_BINS a series, averaged
 * by row length), in the units the static charts use.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { DASHES, FILLS, LINE_COLOURS, type Series, withUnit } from './chart-frame.ts';
import { timeSpecs } from './run-charts.ts';
import type { Scan } from './series-scan.ts';
import { esc } from './svg.ts';

interface Layer {
  name: string;
  values: (number | null)[];
}
interface LiveChart {
  id: string;
  title: string;
  y: string;
  y2?: string;
  /** The axes' units, after each value the cursor reads ('' for a ratio). */
  units: string[];
  /** Each axis's scale: a fixed range, or from zero (powers are read from their base), or the data's own. */
  scales: { domain?: [number, number]; zero?: boolean }[];
  stack: Layer[];
  lines: (Layer & { right?: boolean })[];
}

/** Four significant digits: what a cursor read-out shows, a third of the bytes of full precision. */
const short = (v: number): number | null => (Number.isFinite(v) ? Number(v.toPrecision(4)) : null);
const layer = (s: Series): Layer => ({ name: s.name, values: Array.from(s.values, short) });

/** The static time charts (run-charts.ts decides what each shows), on the scan's fine bins. */
function liveCharts(scan: Scan): LiveChart[] {
  return timeSpecs(scan, (c) => scan.cols[scan.names.indexOf(c)], []).map((s) => ({
    id: `live-${s.name}`,
    title: s.title,
    y: withUnit(s.left.title, s.left.unit),
    y2: s.right && withUnit(s.right.title, s.right.unit),
    units: [s.left.unit, ...(s.right ? [s.right.unit] : [])],
    scales: [s.left, ...(s.right ? [s.right] : [])].map((ax) => ({ domain: ax.domain, zero: ax.zero })),
    stack: (s.left.stack ?? []).map(layer),
    lines: [...s.left.lines.map(layer), ...(s.right?.lines ?? []).map((l) => ({ ...layer(l), right: true }))],
  }));
}

const require = createRequire(import.meta.url);
const asset = (p: string): string => readFileSync(require.resolve(p), 'utf8');

/** The browser side: builds each chart from the inlined data. Plain JavaScript, run once at load. */
const CLIENT = String.raw`(function () {
  var D = JSON.parse(document.getElementById('dcpsim-data').textContent);
  // Each bin is drawn from its start to the next one's: the last bin's values again at the run's end, so the last bin
  // is drawn to it too (without, a run of ten daily rows drew nine days). The cursor reads the bin it is over.
  var last = D.end > D.t[D.t.length - 1];
  var t = last ? D.t.concat([D.end]) : D.t, t0 = t[0], t1 = D.end;
  var toEnd = function (vs) { return last ? vs.concat([vs[vs.length - 1]]) : vs; };
  var binAt = function (u, s, i, x) {
    if (x == null || !(x === x)) return i;
    var lo = 0, hi = D.t.length - 1;
    while (lo < hi) { var mid = (lo + hi + 1) >> 1; if (D.t[mid] <= x) lo = mid; else hi = mid - 1; }
    return lo;
  };
  var fmt = function (v) { return v == null ? '—' : v.toLocaleString('en-US', { maximumFractionDigits: Math.abs(v) >= 100 ? 0 : Math.abs(v) >= 1 ? 2 : 4 }); };
  // A cursor's value with its axis's unit ('41.2 MW', '18 °C'), as the static charts' axes give it; none on a dash.
  var withUnit = function (text, unit) { return unit && text !== '—' ? text + ' ' + unit : text; };
  // A value axis's labels, each with the decimals its step needs: ticks 0.005 apart read 1.125, 1.130, 1.135, where
  // fmt's two decimals between 1 and 100 wrote 1.13, 1.13, 1.14 (the default campus's PUE).
  var ticks = function (u, vs, axis, space, incr) {
    var d = 0;
    while (d < 6 && Math.abs(incr * Math.pow(10, d) - Math.round(incr * Math.pow(10, d))) > 1e-6 * incr * Math.pow(10, d)) d++;
    return vs.map(function (v) { return v == null ? '' : (v + 0).toLocaleString('en-US', { minimumFractionDigits: d, maximumFractionDigits: d }); });
  };
  var steps = uPlot.paths.stepped({ align: 1 });
  var utc = function (s) { return uPlot.tzDate(new Date(s * 1000), 'Etc/UTC'); };
  function explore() {
    return { hooks: { ready: function (u) {
      var clamp = function (a, b) { var w = Math.min(b - a, t1 - t0); if (a < t0) { a = t0; b = a + w; } if (b > t1) { b = t1; a = b - w; } u.setScale('x', { min: a, max: b }); };
      u.over.addEventListener('wheel', function (e) {
        e.preventDefault();
        var x = u.posToVal(e.offsetX, 'x'), a = u.scales.x.min, b = u.scales.x.max, f = e.deltaY < 0 ? 0.75 : 1 / 0.75;
        clamp(x - (x - a) * f, x + (b - x) * f);
      }, { passive: false });
      u.over.addEventListener('mousedown', function (e) {
        if (!e.shiftKey && e.button !== 1) return;
        e.preventDefault(); e.stopPropagation();
        var x0 = e.clientX, a = u.scales.x.min, b = u.scales.x.max, per = (b - a) / u.over.clientWidth;
        var move = function (ev) { var d = (ev.clientX - x0) * per; clamp(a - d, b - d); };
        var up = function () { document.removeEventListener('mousemove', move); document.removeEventListener('mouseup', up); };
        document.addEventListener('mousemove', move); document.addEventListener('mouseup', up);
      }, true);
    } } };
  }
  // An axis's range: fixed (a state of charge), from zero (powers and intensities: a stack is read from its base), or the data's.
  function range(a) {
    return function (u, lo, hi) {
      if (a.domain) return a.domain;
      return a.zero ? uPlot.rangeNum(Math.min(0, lo), Math.max(0, hi), 0.1, true) : uPlot.rangeNum(lo, hi, 0.1, true);
    };
  }
  D.charts.forEach(function (c) {
    var el = document.getElementById(c.id);
    var data = [t], series = [{ label: 'time (UTC)', value: function (u, v) { return v == null ? '' : new Date(v * 1000).toISOString().slice(0, 16).replace('T', ' '); } }];
    // A diverging stack: each layer adds to the positive or the negative side; drawn outermost first, each filled to zero.
    var n = D.t.length, pos = new Float64Array(n), neg = new Float64Array(n), tops = [];
    c.stack.forEach(function (l) {
      var top = new Array(n);
      for (var i = 0; i < n; i++) { var v = l.values[i] || 0; if (v >= 0) { pos[i] += v; top[i] = pos[i]; } else { neg[i] += v; top[i] = neg[i]; } }
      tops.push(top);
    });
    for (var k = c.stack.length - 1; k >= 0; k--) {
      (function (k) {
        var raw = c.stack[k].values;
        data.push(toEnd(tops[k]));
        series.push({ label: c.stack[k].name, fill: D.fills[k % D.fills.length], stroke: D.fills[k % D.fills.length], width: 0, paths: steps, fillTo: 0,
          value: function (u, v, si, i) { return i == null ? '' : withUnit(fmt(raw[i]), c.units[0]); } });
      })(k);
    }
    c.lines.forEach(function (l, k) {
      data.push(toEnd(l.values));
      var dash = D.dashes[k % D.dashes.length];
      series.push({ label: l.name, stroke: D.lines[k % D.lines.length], width: 1.8, dash: dash ? dash.split(' ').map(Number) : undefined, paths: steps,
        scale: l.right ? 'y2' : 'y', spanGaps: false, value: function (u, v) { return withUnit(fmt(v), c.units[l.right ? 1 : 0]); } });
    });
    // Time ticks in UTC, ISO-like: months over long spans, days, then hours.
    var tick = function (u, splits) {
      var span = u.scales.x.max - u.scales.x.min;
      return splits.map(function (v) {
        var iso = new Date(v * 1000).toISOString();
        if (span > 400 * 86400) return iso.slice(0, 7);
        if (span > 3 * 86400) return iso.slice(0, 10);
        return iso.slice(11, 16) === '00:00' ? iso.slice(0, 10) : iso.slice(11, 16);
      });
    };
    var axes = [{ space: 80, values: tick }, { label: c.y, size: 70, values: ticks }];
    if (c.y2) axes.push({ label: c.y2, scale: 'y2', side: 1, grid: { show: false }, size: 60, values: ticks });
    var width = Math.max(320, el.clientWidth || 900);
    // Room on the right for half the last time label, centred on the chart's right edge (a 30-day run's "2027-01-31",
    // about 70 px at 12 px), where no right axis gives it (uPlot's own right padding is 25 px).
    var padding = [null, c.y2 ? null : 44, null, null];
    (window.dcpsimCharts = window.dcpsimCharts || []).push(new uPlot({
      title: c.title, width: width, height: 320, tzDate: utc, series: series, axes: axes, padding: padding,
      scales: { x: { time: true, min: t0, max: t1 }, y: { range: range(c.scales[0]) }, y2: { range: range(c.scales[1] || {}) } },
      cursor: { sync: { key: 'dcpsim' }, drag: { x: true, y: false }, dataIdx: binAt },
      legend: { live: true }, plugins: [explore()],
    }, data, el));
    // The legend in stack order (the layers were added outermost first, for drawing).
    var rows = Array.prototype.slice.call(el.querySelectorAll('.u-legend .u-series'));
    if (rows.length) {
      var order = [rows[0]].concat(rows.slice(1, c.stack.length + 1).reverse(), rows.slice(c.stack.length + 1));
      order.forEach(function (r) { r.parentNode.appendChild(r); });
    }
  });
})();`;

/** '1 row', '9,600 rows' (a one-row run's hint read '1 rows shown as 1 steps' until 7 December 2026). */
const count = (n: number, word: string): string => `${n.toLocaleString('en-US')} ${word}${n === 1 ? '' : 's'}`;

/** The interactive charts' HTML (containers, data, uPlot and the client), or '' when there is nothing to explore. */
export function interactiveHtml(scan: Scan): { head: string; body: string } {
  const charts = liveCharts(scan);
  if (charts.length === 0) return { head: '', body: '' };
  const data = {
    t: scan.starts.map((ms) => ms / 1000),
    end: scan.end / 1000,
    charts,
    fills: FILLS,
    lines: LINE_COLOURS,
    dashes: DASHES,
  };
  // "<" escaped: no "</script>" can end the data block early, whatever a name holds.
  const json = JSON.stringify(data).replace(/</g, '\\u003c');
  const script = (js: string) => `<script>${js.replace(/<\/script/gi, '<\\/script')}</script>`;
  return {
    head: `<style>${asset('uplot/dist/uPlot.min.css')}\n.live { margin: 1.5em 0; min-height: 380px; } .u-title { font-size: 15px; text-align: left; }</style>`,
    body:
      `<p class="hint">Drag across a chart to zoom in, scroll to zoom around the cursor, shift-drag to pan, double-click to see the whole run. Times are UTC; ${count(scan.rows, 'row')} shown as ${count(scan.starts.length, 'step')}, each the mean of its rows.</p>\n` +
      charts
        .map((c) => `<div class="live" id="${esc(c.id)}" role="img" aria-label="${esc(c.title)}"></div>`)
        .join('\n') +
      `\n<script type="application/json" id="dcpsim-data">${json}</script>\n` +
      `<!-- uPlot ${esc(JSON.parse(asset('uplot/package.json')).version)} (MIT licence) -->\n` +
      script(asset('uplot/dist/uPlot.iife.min.js')) +
      '\n' +
      script(CLIENT),
  };
}

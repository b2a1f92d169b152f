/**
 * What to draw from a run folder, the charts an energy planner expects from
 * HOMER's or REopt's results pages, from one streaming pass over the time
 * series (series-scan.ts): dispatch (export, charging and curtailment below
 * the axis), PUE, shortfall and state of charge, the price and carbon
 * signals, the load-duration curve, monthly energy by source, hour-by-month
 * heat maps, SMR units' availability and their outages over time. Which
 * columns are sources, batteries and the rest, and their units, come from
 * the series' CSV on the Web metadata (src/output/columns.ts; Scan.columns),
 * so variables other layers add appear without changes here.
 */
import { downsample } from './downsample.ts';
import type { RunFolder } from './folder.ts';
import { scanSeries, type Scan } from './series-scan.ts';
import { parseUtc } from './folder.ts';
import { num } from './svg.ts';
import { MAX_BINS, label, powerScale, type Chart, type Series } from './chart-frame.ts';
import { barChart, curveChart, heatMap, timeChart, unitBars } from './chart-kinds.ts';
import { smrTimeline } from './smr-timeline.ts';
import type { RunSummary } from './summary.ts';

const hasValues = (v: ArrayLike<number>): boolean => {
  for (let i = 0; i < v.length; i++) if (Number.isFinite(v[i])) return true;
  return false;
};
const stamp = (ms: number): string => new Date(ms).toISOString().slice(0, 16).replace('T', ' ');

/** A run's series scanned once, shared by the charts and the report's interactive charts. */
export function scanRun(run: RunFolder): Scan | undefined {
  if (!run.timeseriesFile) return undefined;
  const end = run.summary?.end_utc ? parseUtc(run.summary.end_utc) : undefined;
  const scan = scanSeries(run.timeseriesFile, end);
  return scan.rows > 0 ? scan : undefined;
}

export function runCharts(run: RunFolder, scanned?: Scan): Chart[] {
  const scan = scanned ?? scanRun(run);
  const s = run.summary;
  // Without a series, what summary.json alone shows.
  if (!scan)
    return [
      smrUnits(s, 'from summary.json'),
      smrTimeline(run, 'from summary.json and outages.csv'),
      costBreakdown(s, 'from summary.json'),
    ].filter((c): c is Chart => c !== undefined);
  const names = scan.names;
  const has = (c: string): boolean => names.includes(c);
  const b = downsample(scan.starts, scan.end, scan.cols, MAX_BINS);
  const col = (c: string): Series => ({ name: label(c), values: b.cols[names.indexOf(c)] });
  const who = s ? `${s.model.name}, seed ${s.seed}, ` : '';
  const span = `${who}${stamp(scan.first)} to ${stamp(scan.end)} UTC`;
  const subtitle =
    `${span}; ` +
    (b.starts.length < scan.rows
      ? `${scan.rows} rows averaged into ${b.starts.length}`
      : `${scan.rows} rows of ${num(scan.step / 60000)} min`);
  const common = { subtitle, starts: b.starts, end: b.end };
  const charts: Chart[] = [];

  const sources = scan.columns.withRole('source');
  // Below zero only what happened: a run that never exported draws no export layer.
  const below = scan.columns
    .withRole('below')
    .filter((c) => scan.cols[names.indexOf(c)].some((v) => v !== 0 && Number.isFinite(v)));
  if (sources.length > 0 || has('facility_kw')) {
    const demand = has('facility_kw') ? [{ ...col('facility_kw'), name: 'demand (facility)' }] : [];
    const negative = below.map((c) => ({
      name: label(c).replace(/_charge$/, ' charging'),
      values: Float64Array.from(col(c).values, (v) => -v),
    }));
    const p = powerScale([...sources.map(col), ...negative, ...demand]);
    const stacked = p.series.slice(0, sources.length + negative.length);
    charts.push(
      timeChart({
        ...common,
        name: 'supply',
        title: below.length
          ? 'Dispatch: supply by source against demand; export, charging, curtailment below zero'
          : 'Supply by source against demand',
        left: { title: 'power', unit: p.unit, stack: stacked, lines: p.series.slice(stacked.length), zero: true },
      }),
    );
  }

  const ambient = scan.columns.withRole('ambient').filter((c) => hasValues(col(c).values));
  if (has('pue')) {
    charts.push(
      timeChart({
        ...common,
        name: 'pue',
        title: ambient.length ? 'PUE and ambient temperature' : 'PUE',
        left: { title: 'PUE', unit: '', lines: [col('pue')] },
        right: ambient.length ? { title: 'temperature', unit: '°C', lines: ambient.map(col) } : undefined,
      }),
    );
  }

  const short = ['unmet_kw', 'curtailed_kw'].filter(has);
  const soc = scan.columns.withRole('soc');
  if (short.length > 0 || soc.length > 0) {
    const p = powerScale(short.map(col));
    const socUnit = soc.length ? scan.columns.unit(soc[0]) : '';
    const domain: [number, number] | undefined =
      socUnit === '%' ? [0, 100] : socUnit === '' || socUnit === 'fraction' ? [0, 1] : undefined;
    charts.push(
      timeChart({
        ...common,
        name: 'unmet',
        title: soc.length ? 'Unmet demand and battery state of charge' : 'Unmet demand and curtailed supply',
        left: { title: 'power', unit: p.unit, lines: p.series, zero: true },
        right: soc.length
          ? {
              title: 'state of charge',
              unit: socUnit === 'fraction' ? '' : socUnit,
              lines: soc.map(col),
              zero: true,
              domain,
            }
          : undefined,
      }),
    );
  }

  // Signals: the site's cost and carbon per MWh supplied in each interval (ratios of the interval totals).
  if (has('energy_mwh') && (has('cost_usd') || has('carbon_kg'))) {
    const e = col('energy_mwh').values;
    const per = (c: string): Float64Array => Float64Array.from(col(c).values, (v, i) => (e[i] > 0 ? v / e[i] : NaN));
    const price = has('cost_usd') ? [{ name: 'cost per MWh (net of export revenue)', values: per('cost_usd') }] : [];
    const carbon = has('carbon_kg') ? [{ name: 'carbon intensity', values: per('carbon_kg') }] : [];
    charts.push(
      timeChart({
        ...common,
        name: 'signals',
        title: "Price and carbon: the site's cost and carbon per MWh supplied",
        left: price.length
          ? { title: 'cost', unit: '$/MWh', lines: price }
          : { title: 'carbon intensity', unit: 'g/kWh', lines: carbon, zero: true },
        right:
          price.length && carbon.length
            ? { title: 'carbon intensity', unit: 'g/kWh', lines: carbon, zero: true }
            : undefined,
      }),
    );
  }

  if (scan.demand && scan.demand.length > 1) charts.push(loadDuration(scan.demand, scan.step, span));
  const monthly = monthlyEnergy(scan, sources, below, span);
  if (monthly) charts.push(monthly);
  charts.push(...heatMaps(scan, s, span));
  const smr = smrUnits(s, span);
  if (smr) charts.push(smr);
  const timeline = smrTimeline(run, `${span}; from outages.csv`);
  if (timeline) charts.push(timeline);
  const cost = costBreakdown(s, span);
  if (cost) charts.push(cost);
  return charts;
}

interface EconomicsLike {
  npc_usd?: number;
  discount_rate?: number;
  components?: { name: string; by_category?: Record<string, number> }[];
}

/** Net present cost by source (bars) and category (stacked; revenue below zero), from summary.json's economics. */
function costBreakdown(s: RunSummary | undefined, span: string): Chart | undefined {
  const econ = (s as { economics?: EconomicsLike } | undefined)?.economics;
  const comps = (econ?.components ?? []).filter((c) => c.by_category && Object.keys(c.by_category).length > 0);
  if (comps.length === 0) return undefined;
  const cats = [...new Set(comps.flatMap((c) => Object.keys(c.by_category!)))];
  let max = 0;
  for (const c of comps) for (const v of Object.values(c.by_category!)) max = Math.max(max, Math.abs(v));
  const [unit, div] = max >= 1e6 ? ['$M', 1e6] : max >= 1e3 ? ['$k', 1e3] : ['USD', 1];
  const npc = econ?.npc_usd;
  const total =
    npc === undefined
      ? ''
      : `; net present cost ${(npc / div).toLocaleString('en-US', { maximumFractionDigits: 2 })} ${unit}`;
  const rate =
    econ?.discount_rate === undefined ? '' : ` at a ${(econ.discount_rate * 100).toFixed(1)} % discount rate`;
  return barChart({
    name: 'cost-breakdown',
    title: 'Cost by source and category (net present cost)',
    subtitle: `${span}${total}${rate}; revenue below zero`,
    categories: comps.map((c) => c.name),
    xTitle: 'source',
    yTitle: 'net present cost',
    yUnit: unit,
    series: cats.map((cat) => ({
      name: cat.replace(/_/g, ' '),
      values: comps.map((c) => (c.by_category![cat] ?? 0) / div),
    })),
  });
}

/** Demand sorted from highest to lowest against the hours it is reached (at most MAX_BINS points, evenly spaced in rank). */
function loadDuration(demand: Float64Array, stepMs: number, span: string): Chart {
  const sorted = Float64Array.from(demand).filter(Number.isFinite).sort().reverse();
  const n = sorted.length;
  const k = Math.max(1, Math.ceil(n / MAX_BINS));
  const idx: number[] = [];
  for (let i = 0; i < n; i += k) idx.push(i);
  if (idx[idx.length - 1] !== n - 1) idx.push(n - 1);
  const hours = idx.map((i) => ((i + 1) * stepMs) / 3.6e6);
  const p = powerScale([{ name: 'demand (facility)', values: idx.map((i) => sorted[i]) }]);
  return curveChart({
    name: 'load-duration',
    title: 'Load-duration curve: demand from highest to lowest',
    subtitle: `${span}; ${n} rows`,
    xTitle: 'hours at or above this demand',
    xUnit: 'h',
    yTitle: 'demand',
    yUnit: p.unit,
    xs: hours,
    lines: p.series,
  });
}

/** Energy by source for each calendar month, export, charging and curtailment below zero. */
function monthlyEnergy(scan: Scan, sources: string[], below: string[], span: string): Chart | undefined {
  // The dispatch chart's order (sources, then what goes below zero), so each keeps its colour; unmet last.
  const cols = [...sources, ...below, ...(scan.names.includes('unmet_kw') ? ['unmet_kw'] : [])];
  if (cols.length === 0 || scan.months.length === 0) return undefined;
  const m = scan.names.length;
  const mwh = cols.map((c) => {
    const j = scan.names.indexOf(c);
    const sign = below.includes(c) ? -1 : 1;
    return scan.months.map((mo) => {
      let x = 0;
      for (let h = 0; h < 24; h++) x += mo.sum[h * m + j];
      return (sign * x) / 1000; // kW·h -> MWh
    });
  });
  let max = 0;
  for (const v of mwh) for (const x of v) max = Math.max(max, Math.abs(x));
  const [unit, div] = max >= 1e4 ? ['GWh', 1000] : max < 1 ? ['kWh', 0.001] : ['MWh', 1];
  return barChart({
    name: 'monthly-energy',
    title: 'Energy by source each month',
    subtitle: `${span}; export, charging and curtailment below zero`,
    categories: scan.months.map((mo) => mo.key),
    yTitle: 'energy',
    yUnit: unit,
    series: cols.map((c, k) => ({
      name: label(c).replace(/_charge$/, ' charging'),
      values: mwh[k].map((x) => x / div),
    })),
  });
}

/** Hour-of-day by month means: grid import, battery state of charge, the carbon-free share of demand. Only for rows of an hour or less. */
function heatMaps(scan: Scan, s: RunSummary | undefined, span: string): Chart[] {
  if (!(scan.step <= 3.6e6) || scan.months.length === 0) return [];
  const m = scan.names.length;
  const months = scan.months.map((mo) => mo.key);
  const cells = (f: (sum: (c: string) => number, hours: (c: string) => number) => number): Float64Array => {
    const out = new Float64Array(months.length * 24);
    scan.months.forEach((mo, i) => {
      for (let h = 0; h < 24; h++) {
        const sum = (c: string) => mo.sum[h * m + scan.names.indexOf(c)];
        const hours = (c: string) => mo.hours[h * m + scan.names.indexOf(c)];
        out[i * 24 + h] = f(sum, hours);
      }
    });
    return out;
  };
  const charts: Chart[] = [];
  const sub = `${span}; the mean of each hour of the day in each month`;
  const grid = s?.sources.find((x) => x.kind === 'grid')?.name ?? 'grid';
  if (scan.names.includes(`${grid}_kw`)) {
    const c = `${grid}_kw`;
    const v = cells((sum, hours) => (hours(c) > 0 ? sum(c) / hours(c) : NaN));
    let max = 0;
    for (const x of v) if (Number.isFinite(x)) max = Math.max(max, Math.abs(x));
    const mw = max >= 1e4;
    charts.push(
      heatMap({
        name: 'heat-grid',
        title: `Grid import (${grid}) by hour and month`,
        subtitle: sub,
        months,
        unit: mw ? 'MW' : 'kW',
        quantity: 'grid import',
        cells: mw ? v.map((x) => x / 1000) : v,
      }),
    );
  }
  const soc = scan.columns.withRole('soc')[0];
  if (soc) {
    const pct = scan.columns.unit(soc) === '%';
    charts.push(
      heatMap({
        name: 'heat-soc',
        title: `Battery state of charge (${label(soc).replace(/_soc$/, '')}) by hour and month`,
        subtitle: sub,
        months,
        unit: pct ? '%' : '',
        quantity: 'state of charge',
        cells: cells((sum, hours) => (hours(soc) > 0 ? sum(soc) / hours(soc) : NaN)),
        domain: pct ? [0, 100] : [0, 1],
      }),
    );
  }
  if (scan.names.includes('carbon_free_kw') && scan.names.includes('facility_kw')) {
    // Σ demand met by carbon-free power / Σ demand over the cell's rows: the share of the load served carbon-free.
    charts.push(
      heatMap({
        name: 'heat-cfe',
        title: 'Carbon-free share of demand by hour and month',
        subtitle: `${span}; the share of each hour's demand met carbon-free, month by month`,
        months,
        unit: '%',
        quantity: 'carbon-free share',
        domain: [0, 100],
        cells: cells((sum) => (sum('facility_kw') > 0 ? (100 * sum('carbon_free_kw')) / sum('facility_kw') : NaN)),
      }),
    );
  } else if (scan.names.includes('carbon_kg') && scan.names.includes('energy_mwh')) {
    // A run folder from before carbon_free_kw: Σ carbon / Σ energy of the cell's rows, kg per MWh (the same number as g per kWh).
    charts.push(
      heatMap({
        name: 'heat-carbon',
        title: 'Carbon intensity of the supply by hour and month',
        subtitle: `${sub} (0 is carbon-free)`,
        months,
        unit: 'g/kWh',
        quantity: 'carbon intensity',
        cells: cells((sum) => (sum('energy_mwh') > 0 ? sum('carbon_kg') / sum('energy_mwh') : NaN)),
      }),
    );
  }
  return charts;
}

/** Each SMR module's availability and capacity factor over the run, against the expectation (from summary.json). */
function smrUnits(s: RunSummary | undefined, span: string): Chart | undefined {
  const smrs = (s?.sources ?? []).filter(
    (x) => x.kind === 'smr' && Array.isArray((x.detail as { units?: unknown })?.units),
  );
  if (smrs.length === 0) return undefined;
  const labels: string[] = [];
  const avail: number[] = [];
  const cf: number[] = [];
  let expected: number | undefined;
  for (const src of smrs) {
    const d = src.detail as {
      units: { unit?: number; availability?: number; capacity_factor?: number }[];
      expected_availability?: number;
    };
    d.units.forEach((u, i) => {
      labels.push(`${src.name} ${u.unit ?? i + 1}`);
      avail.push((u.availability ?? NaN) * 100);
      cf.push((u.capacity_factor ?? NaN) * 100);
    });
    if (typeof d.expected_availability === 'number') expected = d.expected_availability * 100;
  }
  return unitBars({
    name: 'smr-units',
    title: 'SMR modules: availability and capacity factor over the run',
    subtitle: `${span}; refuelling and drawn outages`,
    labels,
    bars: [
      { name: 'availability', values: avail },
      { name: 'capacity factor', values: cf },
    ],
    yTitle: 'share of the run',
    yUnit: '%',
    reference: expected === undefined ? undefined : { name: 'expected availability', value: expected },
  });
}

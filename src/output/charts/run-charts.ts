/**
 * What to draw from a run folder, the charts an energy planner expects from
 * HOMER's or REopt's results pages, from one streaming pass over the time
 * series (series-scan.ts): dispatch (export, charging and curtailment below
 * the axis), PUE, shortfall and state of charge, the price and carbon
 * signals, the load-duration curve, monthly energy by source, hour-by-month
 * heat maps, SMR units' availability and their outages over time. Which
 * columns are sources, batteries and the rest, and their units, come from
 * the series' CSV on the Web metadata (src/output/tables/columns.ts; Scan.columns),
 * so variables other layers add appear without changes here.
 */
import { downsample } from './downsample.ts';
import { categoryWords, formatFigure } from '../tables/figures.ts';
import type { RunFolder } from '../tables/folder.ts';
import { scanSeries, type Scan } from './series-scan.ts';
import { parseUtc } from '../tables/folder.ts';
import { capitalized, inWords } from '../terminal/table.ts';
import { givenPct, termsText } from '../terminal/run-table.ts';
import {
  MAX_BINS,
  label,
  nonzero,
  powerScale,
  range,
  throughout,
  varies,
  type Chart,
  type Series,
  type YAxis,
} from './chart-frame.ts';
import { barChart, curveChart, heatMap, timeChart, unitBars } from './chart-kinds.ts';
import { smrTimeline } from './smr-timeline.ts';
import type { RunSummary } from '../tables/summary.ts';
import { columnName } from '../../model/column-name.ts';

const stamp = (ms: number): string => new Date(ms).toISOString().slice(0, 16).replace('T', ' ');

/** A run's series scanned once, shared by the charts and the report's interactive charts. */
export function scanRun(run: RunFolder): Scan | undefined {
  if (!run.timeseriesFile) return undefined;
  const end = run.summary?.end_utc ? parseUtc(run.summary.end_utc) : undefined;
  const scan = scanSeries(run.timeseriesFile, end);
  return scan.rows > 0 ? scan : undefined;
}

/**
 * The energy supplied in each row (or bin, or sum of rows) of `col`, MWh: `energy_mwh`, the facility's, less the share of
 * the demand that went unmet, (facility_kw - unmet_kw) / facility_kw, the kW columns being the interval's means. Cost
 * and carbon per MWh supplied are over it: until 5 December 2026 the charts divided by the facility's energy, unmet
 * included, and an interval short of supply showed a cheaper, cleaner supply than it had.
 */
function suppliedMwh(names: readonly string[], col: (c: string) => ArrayLike<number>): Float64Array {
  const e = col('energy_mwh');
  if (!(names.includes('facility_kw') && names.includes('unmet_kw'))) return Float64Array.from(e);
  const demand = col('facility_kw');
  const unmet = col('unmet_kw');
  return Float64Array.from(e, (v, i) => (demand[i] > 0 ? (v * Math.max(0, demand[i] - unmet[i])) / demand[i] : v));
}

/**
 * Each row's (or bin's) PUE as outputs.md defines the column: the interval's facility energy over its IT energy, the
 * ratio of the kW columns' means (a bin's means are weighted by the rows' lengths, downsample.ts); the column itself
 * where IT drew nothing (empty, as the rows write it: a gap) or either column is missing. Until 5 December 2026 a bin took the
 * mean of its rows' PUE, which weighs an idle hour's PUE as much as a busy hour's.
 */
function binPue(names: readonly string[], col: (c: string) => ArrayLike<number>): Float64Array {
  const pue = col('pue');
  if (!(names.includes('facility_kw') && names.includes('it_kw'))) return Float64Array.from(pue);
  const facility = col('facility_kw');
  const it = col('it_kw');
  return Float64Array.from(pue, (v, i) => (it[i] > 0 ? facility[i] / it[i] : v));
}

/** A time chart's content, decided once for the static charts and the report's interactive ones. */
interface TimeSpec {
  name: string;
  title: string;
  left: YAxis;
  right?: YAxis;
}

/** Sources that supplied something, and what went below zero (export, charging, curtailment) when there was some. */
function drawnColumns(scan: Scan): { sources: string[]; below: string[] } {
  const some = (c: string) => nonzero(scan.cols[scan.names.indexOf(c)]);
  return { sources: scan.columns.withRole('source').filter(some), below: scan.columns.withRole('below').filter(some) };
}

/**
 * The run's time charts: dispatch, PUE and ambient temperature, shortfall and
 * state of charge, price and carbon. `col` gives a column's values (averaged
 * into the chart's bins). No empty axis: a quantity that never changed (PUE
 * 1.25, nothing unmet, cost 55 $/MWh) is said in words, in the title of the
 * chart it would have joined or, with nothing left to draw, in `notes`.
 */
export function timeSpecs(scan: Scan, col: (c: string) => ArrayLike<number>, notes: string[]): TimeSpec[] {
  const has = (c: string): boolean => scan.names.includes(c);
  const series = (c: string, name = label(c)): Series => ({ name, values: col(c) });
  const specs: TimeSpec[] = [];

  const { sources, below } = drawnColumns(scan);
  const silent = scan.columns.withRole('source').filter((c) => !sources.includes(c));
  if (silent.length) notes.push(`${inWords(silent.map(label))} supplied nothing`);
  // No supply, nothing below zero (exports, charging, curtailment) and no demand (a run before its cluster's in_service)
  // would draw an empty axis: the demand is said in words.
  const noDemand = has('facility_kw') && !nonzero(col('facility_kw'));
  if (sources.length === 0 && below.length === 0 && noDemand)
    notes.push(throughout('demand', col('facility_kw'), 'kW'));
  else if (sources.length > 0 || has('facility_kw')) {
    const demand = has('facility_kw') ? [series('facility_kw', 'demand (facility)')] : [];
    const negative = below.map((c) => ({
      name: label(c).replace(/_charge$/, ' charging'),
      values: Float64Array.from(col(c), (v) => -v),
    }));
    const p = powerScale([...sources.map((c) => series(c)), ...negative, ...demand]);
    const stacked = p.series.slice(0, sources.length + negative.length);
    specs.push({
      name: 'supply',
      title: below.length
        ? 'Dispatch: supply by source against demand; export, charging, curtailment below zero'
        : 'Supply by source against demand',
      left: { title: 'power', unit: p.unit, stack: stacked, lines: p.series.slice(stacked.length), zero: true },
    });
  }

  if (has('pue')) {
    const pueOf = binPue(scan.names, col);
    const pue = varies(pueOf);
    const ambient = scan.columns.withRole('ambient').filter((c) => range(col(c)) !== undefined);
    const warm = ambient.filter((c) => varies(col(c)));
    const said = [
      ...(pue ? [] : [throughout('PUE', pueOf, '')]),
      ...ambient.filter((c) => !warm.includes(c)).map((c) => throughout('ambient temperature', col(c), '°C')),
    ];
    const temperature: YAxis = { title: 'temperature', unit: '°C', lines: warm.map((c) => series(c)) };
    if (pue || warm.length)
      specs.push({
        name: 'pue',
        title:
          (pue ? (warm.length ? 'PUE and ambient temperature' : 'PUE') : 'Ambient temperature') +
          (said.length ? `; ${said.join('; ')}` : ''),
        left: pue ? { title: 'PUE', unit: '', lines: [{ name: 'PUE', values: pueOf }] } : temperature,
        right: pue && warm.length ? temperature : undefined,
      });
    else notes.push(...said);
  }

  const short = ['unmet_kw', 'curtailed_kw'].filter(has);
  const drawn = short.filter((c) => nonzero(col(c)));
  const socs = scan.columns.withRole('soc').filter((c) => range(col(c)) !== undefined);
  const soc = socs.filter((c) => varies(col(c)));
  const none = short.filter((c) => !drawn.includes(c)).map((c) => (c === 'unmet_kw' ? 'unmet' : 'curtailed'));
  const socName = (c: string): string => label(c).replace(/_soc$/, ' state of charge');
  const said = [
    ...(none.length ? [`nothing ${none.join(' or ')}`] : []),
    ...socs.filter((c) => !soc.includes(c)).map((c) => throughout(socName(c), col(c), scan.columns.unit(c))),
  ];
  if (drawn.length > 0 || soc.length > 0) {
    const p = powerScale(drawn.map((c) => series(c)));
    const socUnit = soc.length ? scan.columns.unit(soc[0]) : '';
    const domain: [number, number] | undefined =
      socUnit === '%' ? [0, 100] : socUnit === '' || socUnit === 'fraction' ? [0, 1] : undefined;
    const charge: YAxis = {
      title: 'state of charge',
      unit: socUnit === 'fraction' ? '' : socUnit,
      lines: soc.map((c) => series(c, socName(c))),
      zero: true,
      domain,
    };
    const what = [
      ...drawn.map((c) => (c === 'unmet_kw' ? 'unmet demand' : 'curtailed supply')),
      ...(soc.length ? ['battery state of charge'] : []),
    ];
    specs.push({
      name: 'unmet',
      title: capitalized(inWords(what)) + (said.length ? `; ${said.join('; ')}` : ''),
      left: drawn.length ? { title: 'power', unit: p.unit, lines: p.series, zero: true } : charge,
      right: drawn.length && soc.length ? charge : undefined,
    });
  } else notes.push(...said);

  // Signals: the site's cost and carbon per MWh supplied in each interval (ratios of the interval totals).
  if (has('energy_mwh') && (has('cost_usd') || has('carbon_kg'))) {
    const e = suppliedMwh(scan.names, col);
    const per = (c: string): Float64Array => Float64Array.from(col(c), (v, i) => (e[i] > 0 ? v / e[i] : NaN));
    const price = has('cost_usd') ? per('cost_usd') : undefined;
    const carbon = has('carbon_kg') ? per('carbon_kg') : undefined;
    // A battery's charge is paid for and emits in the rows it charges, over those rows' energy supplied; its discharge
    // costs nothing in its own: the lines are the site's, not a tariff's or a grid's intensity.
    const charged = below.some((c) => c.endsWith('_charge_kw'));
    const axes: YAxis[] = [];
    const said: string[] = [];
    if (price && varies(price))
      axes.push({
        title: 'cost',
        unit: '$/MWh',
        lines: [{ name: 'cost per MWh (net of export revenue)', values: price }],
      });
    else if (price) said.push(throughout('cost', price, '$/MWh'));
    if (carbon && varies(carbon))
      axes.push({
        title: 'carbon intensity',
        unit: 'g/kWh',
        lines: [{ name: 'carbon intensity', values: carbon }],
        zero: true,
      });
    else if (carbon) said.push(throughout('carbon intensity', carbon, 'g/kWh'));
    if (axes.length)
      specs.push({
        name: 'signals',
        title:
          "Price and carbon: the site's cost and carbon per MWh supplied" +
          (charged ? ', battery charging counted when it charges' : '') +
          (said.length ? `; ${said.join('; ')}` : ''),
        left: axes[0],
        right: axes[1],
      });
    else notes.push(...said);
  }
  return specs;
}

/** A row's step (ms), whole seconds: in minutes when whole ('15 min'), else in seconds ('45 s', where '0.8 min' was). */
const stepWords = (ms: number): string =>
  ms % 60000 === 0 ? `${ms / 60000} min` : `${formatFigure(Math.round(ms / 1000))} s`;

/**
 * The charts of a run. What was left undrawn because it never changed
 * (a PUE of 1.25 throughout, nothing unmet) is added to `notes` in words.
 */
export function runCharts(run: RunFolder, scanned?: Scan, notes: string[] = []): Chart[] {
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
  const b = downsample(scan.starts, scan.end, scan.cols, MAX_BINS);
  const who = s ? `${s.model.name}, seed ${s.seed}, ` : '';
  const span = `${who}${stamp(scan.first)} to ${stamp(scan.end)} UTC`;
  const subtitle =
    `${span}; ` +
    (b.starts.length < scan.rows
      ? `${formatFigure(scan.rows)} rows averaged into ${formatFigure(b.starts.length)}`
      : `${formatFigure(scan.rows)} ${scan.rows === 1 ? 'row' : 'rows'} of ${stepWords(scan.step)}`);
  const common = { subtitle, starts: b.starts, end: b.end };
  const charts: Chart[] = timeSpecs(scan, (c) => b.cols[names.indexOf(c)], notes).map((spec) =>
    timeChart({ ...common, ...spec }),
  );
  if (scan.demand && scan.demand.length > 1) {
    if (varies(scan.demand))
      charts.push(loadDuration(scan.demand, scan.step, scan.end - scan.first - (scan.rows - 1) * scan.step, span));
    else {
      const p = powerScale([{ name: 'demand', values: scan.demand }]);
      const said = throughout('demand', p.series[0].values, p.unit);
      if (!notes.includes(said)) notes.push(said); // a demand of 0 throughout is said with the dispatch chart
    }
  }
  const monthly = monthlyEnergy(scan, span);
  if (monthly) charts.push(monthly);
  charts.push(...heatMaps(scan, s, span, notes));
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
  years?: number;
  escalation?: number;
  components?: { name: string; kind?: string; by_category?: Record<string, number> }[];
}

/** Net present cost by source (bars) and category (stacked; revenue below zero), from summary.json's economics. */
function costBreakdown(s: RunSummary | undefined, span: string): Chart | undefined {
  const econ = (s as { economics?: EconomicsLike } | undefined)?.economics;
  const comps = (econ?.components ?? []).filter((c) => c.by_category && Object.keys(c.by_category).length > 0);
  if (comps.length === 0) return undefined;
  const cats = [...new Set(comps.flatMap((c) => Object.keys(c.by_category!)))];
  let max = 0;
  for (const c of comps) for (const v of Object.values(c.by_category!)) max = Math.max(max, Math.abs(v));
  if (!(max > 0)) return undefined;
  const [unit, div] = max >= 1e6 ? ['$M', 1e6] : max >= 1e3 ? ['$k', 1e3] : ['USD', 1];
  const npc = econ?.npc_usd;
  const total = npc === undefined ? '' : `; net present cost ${formatFigure(npc / div)} ${unit}`;
  // The NPC's terms as the run's table gives them beside it ('over 10 years at 7.25%, prices escalating 2.25% a year'):
  // until 6 December 2026 the rate alone, to one decimal ('at a 7.2 % discount rate' for 7.25 %), and no years.
  const rate =
    econ?.discount_rate === undefined
      ? ''
      : econ.years === undefined
        ? ` at a ${givenPct(econ.discount_rate)} discount rate`
        : ` over ${termsText({ years: econ.years, discount_rate: econ.discount_rate, escalation: econ.escalation ?? 0 })}`;
  // A bar is a supply, or a cluster's hardware, demand response's payments or the value of lost load (cashflow.csv's
  // components): those were 'lost_load' and a cluster's bare name under the axis 'source'.
  const OTHER: Record<string, (name: string) => string> = {
    cluster: (name) => `${name} (cluster)`,
    demand_response: () => 'demand response',
    lost_load: () => 'lost load',
  };
  const axis = comps.every((c) => !(c.kind !== undefined && c.kind in OTHER)) ? 'source' : 'component';
  return barChart({
    name: 'cost-breakdown',
    title: `Cost by ${axis} and category (net present cost)`,
    subtitle: `${span}${total}${rate}; revenue below zero`,
    categories: comps.map((c) => (c.kind !== undefined && c.kind in OTHER ? OTHER[c.kind](c.name) : c.name)),
    xTitle: axis,
    yTitle: 'net present cost',
    yUnit: unit,
    series: cats.map((cat) => ({
      name: categoryWords(cat),
      values: comps.map((c) => (c.by_category![cat] ?? 0) / div),
    })),
  });
}

/**
 * Demand sorted from highest to lowest against the hours it is reached (at most MAX_BINS points, evenly spaced in
 * rank). Every row is the first's length but the last, `lastMs` (shorter when the step does not divide the run; until
 * 5 December 2026 it counted as a whole step, and 2027 in 30-day rows ran to 9,360 h).
 */
function loadDuration(demand: Float64Array, stepMs: number, lastMs: number, span: string): Chart {
  const last = demand[demand.length - 1];
  const sorted = Float64Array.from(demand).filter(Number.isFinite).sort().reverse();
  const n = sorted.length;
  // From the last row's rank on (the first of its ties), the hours lack what it falls short of a step.
  const lastRank = Number.isFinite(last) ? sorted.indexOf(last) : n;
  const k = Math.max(1, Math.ceil(n / MAX_BINS));
  const idx: number[] = [];
  for (let i = 0; i < n; i += k) idx.push(i);
  if (idx[idx.length - 1] !== n - 1) idx.push(n - 1);
  // From 0 h at the peak, each point's demand held back to the point before it: the rows' levels are held for their
  // hours, so a demand between two rows' is reached for the hours of the rows above it, not a share of the next row's.
  const hours = [0, ...idx.map((i) => ((i + 1) * stepMs - (i >= lastRank ? stepMs - lastMs : 0)) / 3.6e6)];
  const p = powerScale([{ name: 'demand (facility)', values: [sorted[0], ...idx.map((i) => sorted[i])] }]);
  return curveChart({
    name: 'load-duration',
    title: 'Load-duration curve: demand from highest to lowest',
    subtitle: `${span}; ${formatFigure(n)} rows`,
    xTitle: 'hours at or above this demand',
    xUnit: 'h',
    yTitle: 'demand',
    yUnit: p.unit,
    xs: hours,
    lines: p.series,
    steps: true,
  });
}

/** Energy by source for each calendar month, export, charging and curtailment below zero. */
function monthlyEnergy(scan: Scan, span: string): Chart | undefined {
  // The dispatch chart's order (sources, then what goes below zero), so each keeps its colour; unmet last, when there was some.
  const { sources, below } = drawnColumns(scan);
  const unmet = scan.names.includes('unmet_kw') && nonzero(scan.cols[scan.names.indexOf('unmet_kw')]);
  const cols = [...sources, ...below, ...(unmet ? ['unmet_kw'] : [])];
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

/**
 * Hour-of-day by month means: grid import, battery state of charge, the carbon-free share of demand. Only for rows
 * of an hour or less over a day or more; a map whose cells are all alike is said in `notes` instead.
 */
function heatMaps(scan: Scan, s: RunSummary | undefined, span: string, notes: string[]): Chart[] {
  if (!(scan.step <= 3.6e6) || scan.months.length === 0 || scan.end - scan.first < 86400e3) return [];
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
  const mean = (c: string) => cells((sum, hours) => (hours(c) > 0 ? sum(c) / hours(c) : NaN));
  const charts: Chart[] = [];
  const sub = `${span}; the mean of each hour of the day in each month`;
  // Cells all alike are said in words: that the quantity held in every hour only if its rows did not change either (a
  // grid importing for five days and not for five has the same mean at every hour of the day, but it changed).
  const map = (spec: Parameters<typeof heatMap>[0], words = true, over?: ArrayLike<number>) => {
    if (varies(spec.cells)) charts.push(heatMap(spec));
    else if (words) {
      const when = over && varies(over) ? 'on average at every hour of the day' : 'in every hour';
      notes.push(throughout(spec.quantity, spec.cells, spec.unit, when));
    }
  };
  const col = (c: string) => scan.cols[scan.names.indexOf(c)];
  const ratio = (a: string, b: string, k = 1): Float64Array => {
    const x = col(a);
    const y = col(b);
    return Float64Array.from(x, (v, i) => (y[i] > 0 ? (k * v) / y[i] : NaN));
  };
  // The grid's import: what it delivered to the load (its `<stem>_kw`, the stem its name's columnName) and what it sent
  // to storage. The series gives each battery's charging, not from which supply: where the grid alone charged storage
  // (no other supply sent energy to it, by summary.json), that is its import beside the load's; where others did too,
  // the map is of the power to the load and says so. Until 5 December 2026 the map was of the power to the load
  // alone, titled import, and drawn only for a grid whose name was its column's stem.
  // The first grid that delivered power, to the load or to storage (an export-only line listed before the utility
  // delivered none: until 7 December 2026 the map was of the first listed alone, and the utility's import in no chart).
  const delivered = (x: { energy_mwh?: number; to_storage_mwh?: number }) =>
    (x.energy_mwh ?? 0) > 0 || (x.to_storage_mwh ?? 0) > 0;
  const gridSources = s?.sources.filter((x) => x.kind === 'grid') ?? [];
  const gridSource = gridSources.find(delivered) ?? gridSources[0];
  const grids = gridSources.length;
  const grid = gridSource?.name ?? 'grid';
  const gridCol = `${columnName(grid)}_kw`;
  if (scan.names.includes(gridCol)) {
    const stored = (x: { to_storage_mwh?: number }): boolean => (x.to_storage_mwh ?? 0) > 0;
    const charges = (s?.sources ?? [])
      .filter((x) => x.kind === 'battery')
      .map((x) => `${columnName(x.name)}_charge_kw`)
      .filter((c) => scan.names.includes(c));
    const toStorage = gridSource !== undefined && stored(gridSource);
    const alone = toStorage && !s?.sources.some((x) => x !== gridSource && stored(x));
    const parts = [gridCol, ...(alone ? charges : [])];
    const add = (xs: ArrayLike<number>[]) => Float64Array.from(xs[0], (_, i) => xs.reduce((t, x) => t + x[i], 0));
    const v = add(parts.map(mean));
    const mw = (range(v)?.map(Math.abs) ?? [0]).some((x) => x >= 1e4);
    const toLoad = toStorage && !alone;
    // A grid that supplied nothing is said with the dispatch chart.
    map(
      {
        name: 'heat-grid',
        title: `${toLoad ? 'Grid power to the load' : 'Grid import'} (${grid}) by hour and month`,
        subtitle: sub,
        months,
        unit: mw ? 'MW' : 'kW',
        // Beside another grid, which one (until 7 December 2026 'grid import 2,000 kW in every hour' read as the site's).
        quantity: `${toLoad ? 'grid power to the load' : 'grid import'}${grids > 1 ? ` (${grid})` : ''}`,
        cells: mw ? v.map((x) => x / 1000) : v,
      },
      nonzero(v),
      add(parts.map(col)),
    );
  }
  const soc = scan.columns.withRole('soc')[0];
  if (soc) {
    const pct = scan.columns.unit(soc) === '%';
    // A state of charge that never changed is said with the unmet chart.
    map(
      {
        name: 'heat-soc',
        title: `Battery state of charge (${label(soc).replace(/_soc$/, '')}) by hour and month`,
        subtitle: sub,
        months,
        unit: pct ? '%' : '',
        quantity: 'state of charge',
        cells: mean(soc),
        domain: pct ? [0, 100] : [0, 1],
      },
      false,
    );
  }
  if (scan.names.includes('carbon_free_kw') && scan.names.includes('facility_kw')) {
    // Σ demand met by carbon-free power / Σ demand over the cell's rows: the share of the load served carbon-free.
    map(
      {
        name: 'heat-cfe',
        title: 'Carbon-free share of demand by hour and month',
        subtitle: `${span}; the share of each hour's demand met carbon-free, month by month`,
        months,
        unit: '%',
        quantity: 'carbon-free share',
        domain: [0, 100],
        cells: cells((sum) => (sum('facility_kw') > 0 ? (100 * sum('carbon_free_kw')) / sum('facility_kw') : NaN)),
      },
      true,
      ratio('carbon_free_kw', 'facility_kw', 100),
    );
  } else if (scan.names.includes('carbon_kg') && scan.names.includes('energy_mwh')) {
    // A run folder from before carbon_free_kw: Σ carbon / Σ energy supplied of the cell's rows, kg per MWh (the
    // same number as g per kWh); the energy supplied is the facility's less the share unmet, as in the signals chart.
    const supplied = suppliedMwh(scan.names, col);
    map(
      {
        name: 'heat-carbon',
        title: 'Carbon intensity of the supply by hour and month',
        subtitle: `${sub} (0 is carbon-free)`,
        months,
        unit: 'g/kWh',
        quantity: 'carbon intensity',
        cells: cells((sum) => {
          const e = suppliedMwh(scan.names, (c) => [sum(c)])[0];
          return e > 0 ? sum('carbon_kg') / e : NaN;
        }),
      },
      true,
      Float64Array.from(col('carbon_kg'), (v, i) => (supplied[i] > 0 ? v / supplied[i] : NaN)),
    );
  }
  return charts;
}

/**
 * Each SMR module's availability and capacity factor over the run, each beside its own expected availability (from
 * summary.json): a run shorter than the refuelling cycle expects one unit refuelled and another not. Until 5 December
 * 2026 one line at the fleet's mean stood for every unit (the last fleet's, with two fleets).
 */
function smrUnits(s: RunSummary | undefined, span: string): Chart | undefined {
  const smrs = (s?.sources ?? []).filter(
    (x) => x.kind === 'smr' && Array.isArray((x.detail as { units?: unknown })?.units),
  );
  if (smrs.length === 0) return undefined;
  const labels: string[] = [];
  const avail: number[] = [];
  const expected: number[] = [];
  const cf: number[] = [];
  for (const src of smrs) {
    const d = src.detail as {
      units: { unit?: number; availability?: number; capacity_factor?: number; expected_availability?: number }[];
    };
    d.units.forEach((u, i) => {
      labels.push(`${src.name} ${u.unit ?? i + 1}`);
      avail.push((u.availability ?? NaN) * 100);
      expected.push((u.expected_availability ?? NaN) * 100);
      cf.push((u.capacity_factor ?? NaN) * 100);
    });
  }
  return unitBars({
    name: 'smr-units',
    title: 'SMR modules: availability, as expected, and capacity factor over the run',
    subtitle: `${span}; refuelling and drawn outages`,
    labels,
    bars: [
      { name: 'availability', values: avail },
      ...(expected.some((x) => !Number.isNaN(x)) ? [{ name: 'expected availability', values: expected }] : []),
      { name: 'capacity factor', values: cf },
    ],
    yTitle: 'share of the run',
    yUnit: '%',
  });
}

/**
 * A grid's hourly carbon intensity from its generation by fuel: each hour the generation-weighted mean of each
 * fuel's emission factor, Σ max(0, g_f)·e_f / Σ max(0, g_f) (docs/models/supply.md, Carbon). `lifecycle` takes the
 * factors the shipped traces were built with (IPCC AR5 WG3 Annex III lifecycle medians; docs/reference.md) and finds
 * the fuel columns by name: the shipped traces' short names (COL, NG, ...) and EIA-930 BALANCE files' `Net Generation
 * (MW) from Coal`, ... (their `(Adjusted)` columns where the file has them). A map names each column and its factor.
 */
import { InputError } from '../model/errors.ts';
import { J_PER_KWH } from '../model/units.ts';
import { traceColumn, type TraceColumns } from './trace.ts';

/** Lifecycle medians, g CO2e/kWh, by fuel, and whether the fuel counts as carbon-free in the 24/7 score. */
const FUELS = {
  coal: { g: 820, clean: false },
  gas: { g: 490, clean: false },
  oil: { g: 650, clean: false },
  other: { g: 230, clean: false },
  hydro: { g: 24, clean: true },
  nuclear: { g: 12, clean: true },
  solar: { g: 41, clean: true },
  wind: { g: 11, clean: true },
  geothermal: { g: 38, clean: true },
} as const;
type Fuel = keyof typeof FUELS;

/** The shipped traces' columns (HewlettPackard/dc-rl, from EIA-930). */
const SHORT: Record<string, Fuel> = {
  COL: 'coal',
  NG: 'gas',
  OIL: 'oil',
  OTH: 'other',
  WAT: 'hydro',
  NUC: 'nuclear',
  SUN: 'solar',
  WND: 'wind',
  GEO: 'geothermal',
};

/** An EIA-930 BALANCE file's fuel column: `Net Generation (MW) from <fuel>`, perhaps `(Adjusted)` or `(Imputed)`. */
const EIA930 = /^Net Generation \(MW\) from (.+?)(?: \((Adjusted|Imputed)\))?$/;

/**
 * An EIA-930 fuel's name to its fuel: hydro, solar and wind with or without storage beside them are those fuels;
 * storage alone gives back energy taken from the grid (not a fuel: left out); unknown sources have no factor.
 */
function eia930Fuel(name: string): Fuel | 'storage' | undefined {
  const n = name.toLowerCase();
  if (n.startsWith('hydro')) return 'hydro';
  if (n.startsWith('solar')) return 'solar';
  if (n.startsWith('wind')) return 'wind';
  if (n === 'coal') return 'coal';
  if (n === 'natural gas') return 'gas';
  if (n === 'nuclear') return 'nuclear';
  if (n.includes('petroleum')) return 'oil';
  if (n.startsWith('geothermal')) return 'geothermal';
  if (n.startsWith('other fuel')) return 'other';
  if (n.endsWith('storage')) return 'storage';
  return undefined;
}

/** Each generation column read and its factor in g/kWh; `clean` where the fuel is known. */
interface MixColumn {
  name: string;
  g: number;
  clean?: boolean;
}

/** The columns `lifecycle` reads in this file, or a one-line error naming a fuel column it has no factor for. */
function lifecycleColumns(t: TraceColumns): MixColumn[] {
  const data = t.header.filter((h, c) => c !== t.timeColumn && !t.labels.has(h));
  const short = data.filter((h) => Object.hasOwn(SHORT, h));
  const eia = data.map((h) => ({ h, m: EIA930.exec(h) })).filter((x) => x.m !== null);
  // Each fuel's adjusted series where the file has it (newer files give both), else its series as reported: a fuel
  // with only a reported column beside others' adjusted ones was left out of the mix.
  const adjusted = new Set(eia.filter((x) => x.m?.[2] === 'Adjusted').map((x) => x.m?.[1]));
  const wanted = eia.filter((x) =>
    x.m?.[2] === 'Adjusted' ? true : x.m?.[2] === undefined && !adjusted.has(x.m?.[1]),
  );
  const out: MixColumn[] = short.map((h) => ({ name: h, g: FUELS[SHORT[h]].g, clean: FUELS[SHORT[h]].clean }));
  for (const { h, m } of wanted) {
    const fuel = eia930Fuel(m?.[1] ?? '');
    if (fuel === 'storage') continue;
    if (fuel === undefined) {
      // A column of zeros (a balancing authority without the source) weighs nothing: no factor needed.
      if (traceColumn(t, h).every((v) => v <= 0)) continue;
      throw new InputError(
        t.file,
        'factors',
        `a fuel lifecycle has a factor for (${Object.keys(FUELS).join(', ')}); for "${h}" give factors as a map of each generation column to its g/kWh`,
        `"${h}"`,
        1,
      );
    }
    out.push({ name: h, g: FUELS[fuel].g, clean: FUELS[fuel].clean });
  }
  if (out.length === 0)
    throw new InputError(
      t.file,
      'factors',
      `generation columns lifecycle knows (${Object.keys(SHORT).join(', ')}, or EIA-930's "Net Generation (MW) from Coal", ...), or factors as a map of each generation column to its g/kWh`,
      `columns ${data.join(', ') || 'none'}`,
      1,
    );
  return out;
}

export interface FuelMix {
  /** Each hour's intensity, g CO2e/kWh. */
  gPerKwh: Float64Array;
  /** Each hour's carbon-free share, where `lifecycle` knows every column's fuel; else undefined (clean_columns). */
  share?: Float64Array;
  /** The generation columns weighed. */
  columns: string[];
}

/**
 * The hourly intensity of a trace's generation mix. `factors`: 'lifecycle', or each column's factor in the model's
 * bare carbon unit (kg/J). Negative generation (a pumped-storage plant pumping, a solar plant's night draw) weighs
 * nothing: it is consumption, not a source.
 */
export function fuelMixIntensity(t: TraceColumns, factors: 'lifecycle' | Readonly<Record<string, number>>): FuelMix {
  const cols: MixColumn[] =
    factors === 'lifecycle'
      ? lifecycleColumns(t)
      : // A column without a filled cell (a production type the area has not, "n/e" throughout) weighs nothing.
        Object.entries(factors)
          .filter(([name]) => !t.empty.has(name))
          .map(([name, kgPerJ]) => ({ name, g: kgPerJ * 1e3 * J_PER_KWH }));
  const values = cols.map((c) => traceColumn(t, c.name));
  const gPerKwh = new Float64Array(t.hours);
  const known = cols.every((c) => c.clean !== undefined);
  const share = known ? new Float64Array(t.hours) : undefined;
  for (let h = 0; h < t.hours; h++) {
    let all = 0;
    let weighed = 0;
    let clean = 0;
    for (let i = 0; i < cols.length; i++) {
      const g = Math.max(0, values[i][h]);
      all += g;
      weighed += g * cols[i].g;
      if (cols[i].clean) clean += g;
    }
    if (!(all > 0))
      throw new InputError(
        t.file,
        'factors',
        `generation above 0 in every hour (each hour's intensity is its fuels' mean, weighed by ${cols.map((c) => c.name).join(', ')})`,
        'none',
        t.lines[h],
      );
    gPerKwh[h] = weighed / all;
    if (share) share[h] = clean / all;
  }
  return { gPerKwh, ...(share ? { share } : {}), columns: cols.map((c) => c.name) };
}

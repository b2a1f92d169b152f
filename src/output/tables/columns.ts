/**
 * What each column of a run's time series means, written beside it as W3C
 * CSV on the Web metadata (https://www.w3.org/TR/tabular-metadata/):
 * `timeseries.csv-metadata.json` beside `timeseries.csv`, the name CSVW
 * processors look for. Each column has its name, title (the header as
 * written), datatype, unit (`schema:unitText`), what it is and how a row
 * holds it (`dc:description`), and for the columns charts place, a role
 * (`schema:roleName`: demand, source, below, unmet, soc, ambient). Plot,
 * report and the workbook read units and roles from it instead of guessing
 * them from names; CSVW tools, spreadsheets and pandas users can too.
 *
 * Meanings come from the model's components (its clusters, services and
 * supplies name the columns they add). A column no entry here describes gets
 * its unit from its name and no description; a test holds every preset to
 * none.
 */
import type { Channel } from '../../kernel/recorder.ts';
import { unitOf } from './figures.ts';
import type { TableLayout, TimestampStyle } from './table-options.ts';

/** Where a reader places a column: the demand, a source stacked in the dispatch, power leaving below the axis, ... */
export type ColumnRole = 'demand' | 'source' | 'below' | 'unmet' | 'soc' | 'ambient';

export interface ColumnMeta {
  readonly name: string;
  readonly unit: string;
  readonly description: string;
  readonly role?: ColumnRole;
}

/** The model's named components whose columns the site adds. */
export interface ColumnParts {
  readonly clusters: readonly string[];
  readonly services: readonly string[];
  /** Supplies: name, kind and the stem of their columns (src/supply/system.ts columnName). */
  readonly supplies: readonly { readonly name: string; readonly kind: string; readonly column: string }[];
}

/** The unit a time-series column's name says, or what the name alone does not say. */
export function columnUnit(name: string): string {
  if (name === 'timestamp_utc') return 'UTC';
  if (/_tok_s$/.test(name)) return 'tokens/s';
  if (name === 'cooling_mode') return 'code';
  if (/(^|_)(running|queued)(_jobs)?$|^busy_chips$|_jobs$/.test(name)) return 'count';
  if (/_duty$/.test(name)) return '0-1';
  if (name === 'pue') return 'ratio';
  return unitOf(name);
}

type Entry = readonly [description: string, role?: ColumnRole];

const SITE: Record<string, Entry> = {
  it_kw: ["accelerators' (IT) power, their servers included"],
  losses_kw: ['power-chain losses'],
  cooling_kw: ['cooling power'],
  facility_kw: ['everything the site draws: the demand', 'demand'],
  pue: ['facility energy over IT energy'],
  ambient_c: ['outdoor dry-bulb temperature (empty without weather)', 'ambient'],
  cooling_mode: [
    'cooling mode: 0 free, 1 partial, 2 chiller, 3 pue, 4 radiator (a row spanning a change holds the time-weighted mean)',
  ],
  throttled_kw: [
    'IT power the jobs wanted but did not get: slowed for the radiator, a supply shortage (shortage: throttle or pause), a demand-response event (by: throttle) or a policy throttle',
  ],
  unmet_kw: ['demand no supply met', 'unmet'],
  curtailed_kw: ['must-run output not needed', 'below'],
  export_kw: ['surplus sold to the grid', 'below'],
  busy_chips: ['accelerators busy'],
  running_jobs: ['jobs and training runs running'],
  queued_jobs: ['jobs and training runs queued'],
  carbon_free_kw: ['carbon-free power produced or contracted, up to the demand'],
  energy_mwh: ['facility energy'],
  cost_usd: ["the site's net cost: what is paid to the supplies less export revenue"],
  carbon_kg: ["the site's carbon emissions, kg CO2e: of the energy its sources sent to the load and to stores"],
  export_carbon_kg: ["the carbon of the energy exported, kg CO2e: the buyer's, in no other column"],
  dr_asked_kw: ['demand response: power the grid asks the site to shed (0 outside events)'],
  dr_shed_kw: ["demand response: power shed, the event's baseline less the demand, up to the power asked"],
};

/**
 * What a supply's cost column holds, by its kind: a grid's is its energy alone (its demand and fixed charges are
 * billed by month, in the economics), a battery's nothing (it has no price); the others' price and charges.
 */
const COST_PAID: Record<string, string> = {
  grid: "what is paid to it for its energy to the load and to storage, at its price, not net of export revenue; its demand and fixed charges are billed by month, in the economics (cashflow.csv) and summary.json's sources[].charges, not here",
  battery: 'what is paid to it: 0, a battery having no price (its capital and O&M are in the economics, cashflow.csv)',
  other: 'what is paid to it (all energy taken from it, fixed and take-or-pay charges)',
};

/** Every column the site and the model's components may add, by name. */
function entries(parts: ColumnParts): Map<string, Entry> {
  const out = new Map<string, Entry>(Object.entries(SITE));
  for (const c of parts.clusters) {
    out.set(`${c}_it_kw`, [`cluster ${c}: IT power (chips and their servers)`]);
    out.set(`${c}_duty`, [`cluster ${c}: mean duty of its chips`]);
    out.set(`${c}_running`, [`cluster ${c}: jobs and training runs running`]);
    out.set(`${c}_queued`, [`cluster ${c}: jobs and training runs queued`]);
  }
  for (const s of parts.services) {
    out.set(`${s}_demand_tok_s`, [`inference service ${s}: demand`]);
    out.set(`${s}_served_tok_s`, [`inference service ${s}: tokens served`]);
  }
  for (const { name, kind, column: c } of parts.supplies) {
    const who = `supply ${name} (${kind})`;
    out.set(`${c}_kw`, [`${who}: power delivered to the load`, 'source']);
    out.set(`${c}_charge_kw`, [`${who}: power into the battery`, 'below']);
    out.set(`${c}_soc_pct`, [`${who}: state of charge`, 'soc']);
    out.set(`${c}_cost_usd`, [`${who}: ${COST_PAID[kind] ?? COST_PAID.other}`]);
    out.set(`${c}_carbon_kg`, [`${who}: carbon emissions of its energy to the load and to stores, kg CO2e`]);
    out.set(`${c}_export_revenue_usd`, [`${who}: what exports earned`]);
  }
  return out;
}

const HOLDS: Record<Channel['kind'], string> = {
  mean: 'the mean over the row',
  sum: 'the total over the row',
  ratio: "the ratio of the row's totals",
};

/** Meaning of each channel of a run's time series, in column order. */
export function describeColumns(channels: readonly Channel[], parts: ColumnParts): ColumnMeta[] {
  const known = entries(parts);
  return channels.map((c) => {
    const [what, role] = known.get(c.name) ?? [''];
    const description = what && `${what}; ${HOLDS[c.kind]}`;
    return { name: c.name, unit: columnUnit(c.name), description, ...(role ? { role } : {}) };
  });
}

/** A CSVW column name: the header with characters a URI template variable cannot hold percent-encoded. */
const csvwName = (s: string): string =>
  s.replace(/[^A-Za-z0-9_]/g, (ch) =>
    [...Buffer.from(ch)].map((b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`).join(''),
  );

function csvwColumn(c: ColumnMeta): object {
  return {
    name: csvwName(c.name),
    titles: c.name,
    datatype: 'double',
    'schema:unitText': c.unit,
    ...(c.description ? { 'dc:description': c.description } : {}),
    ...(c.role ? { 'schema:roleName': c.role } : {}),
  };
}

/**
 * The CSVW metadata of a time series written as `url` (its file name):
 * wide, one column per meter; long, the columns timestamp_utc, variable,
 * value, with each variable described under `notes`.
 */
export function csvwMetadata(
  url: string,
  columns: readonly ColumnMeta[],
  opts: { sep: string; layout: TableLayout; timestamps: TimestampStyle; title: string },
): string {
  const timestamp = {
    name: 'timestamp_utc',
    titles: 'timestamp_utc',
    datatype: { base: 'datetime', format: opts.timestamps === 'iso' ? "yyyy-MM-dd'T'HH:mm:ss" : 'yyyy-MM-dd HH:mm:ss' },
    required: true,
    'dc:description': 'start of the row, UTC',
  };
  const wide = opts.layout === 'wide';
  const doc = {
    '@context': 'http://www.w3.org/ns/csvw',
    url,
    'dc:title': opts.title,
    dialect: { delimiter: opts.sep, header: true },
    tableSchema: {
      columns: wide
        ? [timestamp, ...columns.map(csvwColumn)]
        : [
            timestamp,
            {
              name: 'variable',
              titles: 'variable',
              datatype: 'string',
              required: true,
              'dc:description': 'the column of the wide table; notes describe each',
            },
            { name: 'value', titles: 'value', datatype: 'double', 'dc:description': "the variable's value in the row" },
          ],
      primaryKey: wide ? 'timestamp_utc' : ['timestamp_utc', 'variable'],
    },
    ...(wide ? {} : { notes: columns.map(csvwColumn) }),
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}

/**
 * The model-file schema: one zod schema assembled from each layer's own
 * parts. It gives the TypeScript types (`Scenario`) and the JSON Schema that
 * `dcpsim schema` prints for editors.
 */
import * as z from 'zod';
import { quantity } from './model/units.ts';
import { formatTimestamp } from './kernel/time.ts';
import { clusterSchema, workloadSchema, checkWorkload, nameSchema, utcDate } from './workload/schema.ts';
import { facilitySchema } from './facility/facility.ts';
import { supplySchema } from './supply/registry.ts';
import { PJM_CARBON_G_PER_KWH, PJM_PRICE_USD_PER_MWH } from './supply/grid.ts';
import { economicsSchema } from './model/costs.ts';
import { checkNames } from './names.ts';
import { namesUsedOnce } from './model/errors.ts';
import { demandResponseSchema } from './policy/demand-response.ts';

/**
 * A training run's deadline at or before its submission (its submit, or the start) can only be missed: a date's typo
 * ran, counted among deadline_misses, a carbon- or price-aware run with it never deferring, exit 0.
 */
function checkDeadlines(
  training: readonly { deadline?: number; submit?: number; arrivals?: { count?: number } }[],
  start: number,
  end: number,
  ctx: z.RefinementCtx,
): void {
  training.forEach((t, i) => {
    if (t.deadline === undefined) return;
    // One date for every copy of a run that arrives as a process: a copy submitted after it could only miss it, and
    // was counted so ('deadlines missed 7 of the 8 due'), where finish_within was meant. A date at or after the end
    // (the whole campaign's) stays, as does a single copy's, checked below as a run's.
    if (t.arrivals && (t.arrivals.count ?? Infinity) > 1 && t.deadline < end) {
      ctx.addIssue({
        code: 'custom',
        message: `finish_within beside arrivals (a deadline after each copy's submission), or a deadline at or after the run's end, ${formatTimestamp(end)} (one date for every copy: a copy submitted after it could only miss it)`,
        path: ['workload', 'training', i, 'deadline'],
        input: t.deadline,
      });
      return;
    }
    const submitted = Math.max(start, t.submit ?? start);
    if (t.deadline > submitted) return;
    const why =
      t.submit === undefined
        ? ' (the start: it gives no submit)'
        : t.submit < start
          ? ' (the start: its submit is before it)'
          : '';
    ctx.addIssue({
      code: 'custom',
      message: `a deadline after the run's submission, ${formatTimestamp(submitted)}${why}`,
      path: ['workload', 'training', i, 'deadline'],
      input: t.deadline,
    });
  });
}

export const scenarioSchema = z
  .strictObject({
    name: nameSchema.optional().meta({ description: 'Run name; output goes to runs/<name>/ (default: the file name)' }),
    description: z.string().optional().meta({ description: 'What question this scenario answers' }),
    start: utcDate.prefault('2027-01-01'),
    duration: quantity(
      'duration',
      { positive: true, wholeSeconds: true },
      'Simulated horizon ("1y" is 365 days and "1mo" a twelfth of that, not calendar ones: 1y from 2028-01-01 leaves out 31 December; 366d is that leap year), a whole number of seconds',
    ),
    step: quantity(
      'duration',
      { positive: true, wholeSeconds: true },
      'Output row interval, a whole number of seconds',
    ).prefault('15m'),
    seed: z.number().int().prefault(1).meta({ description: 'Seed of every random stream' }),
    clusters: z.array(clusterSchema).min(1).meta({ description: 'Accelerator clusters' }),
    workload: workloadSchema
      .prefault({})
      .meta({ description: 'What runs on the clusters: job streams, training runs, inference services' }),
    facility: facilitySchema.prefault({ cooling: { model: 'pue', pue: 1.2 } }),
    supply: z.array(supplySchema).min(1).meta({ description: 'Supplies, in merit order' }),
    shortage: z.enum(['unmet', 'throttle', 'pause']).prefault('unmet').meta({
      description:
        'What a supply shortfall does: counted as unmet demand (as if backup or shed load carried it), or a power cap that throttles or pauses jobs',
    }),
    economics: economicsSchema.optional(),
    demand_response: demandResponseSchema.optional(),
  })
  .superRefine((m, ctx) => {
    checkNames(m, ctx);
    namesUsedOnce(
      ctx,
      ['clusters'],
      m.clusters.map((c) => c.name),
      'a cluster name not used before',
    );
    m.clusters.forEach((c, i) => checkWindow(c, m.start, ['clusters', i], ctx));
    checkWorkload(m.clusters, m.workload, ctx);
    checkDeadlines(m.workload.training, m.start, m.start + m.duration, ctx);
    // Costs are discounted at the project's rate: a component with costs needs the `economics` section.
    if (!m.economics) {
      const i = m.supply.findIndex((s) => s.costs);
      const c = m.clusters.findIndex((x) => x.costs);
      if (i >= 0 || c >= 0) {
        ctx.addIssue({
          code: 'custom',
          message: 'an `economics` section with a discount_rate (the model gives costs)',
          path: ['economics'],
          input: undefined,
        });
      }
    }
    if (!m.supply.some((s) => s.kind === 'grid')) {
      const needsGrid = (carbon: boolean): string =>
        `a grid supply (its ${carbon ? 'carbon intensity' : 'price'} is the signal)`;
      for (const list of ['training', 'jobs'] as const) {
        m.workload[list].forEach((t, i) => {
          for (const f of ['carbon_aware', 'price_aware'] as const) {
            if (t[f])
              ctx.addIssue({
                code: 'custom',
                message: needsGrid(f === 'carbon_aware'),
                path: ['workload', list, i, f],
                input: t[f],
              });
          }
        });
      }
      // Demand response is the grid's call and the grid's payment: an off-grid site was paid for shedding a demand no grid
      // serves (an SMR's site, 1 kW asked for 5 h at 800 $/MWh: 4 USD paid).
      if (m.demand_response)
        ctx.addIssue({
          code: 'custom',
          message: 'a grid supply (the grid asks for the shed and pays for it)',
          path: ['demand_response'],
          input: m.demand_response,
        });
      // A battery following the grid's price or carbon without a grid read 0 for it, always at or below charge_below:
      // it charged from the others' headroom at any price (a load-following SMR's at $70/MWh against charge_below
      // $30/MWh) and held the rest of the time, silently.
      m.supply.forEach((s, i) => {
        if (s.kind === 'battery' && typeof s.strategy === 'object')
          ctx.addIssue({
            code: 'custom',
            message:
              s.strategy.by === 'import'
                ? 'a grid supply (its import is what is shaved)'
                : needsGrid(s.strategy.by === 'carbon'),
            path: ['supply', i, 'strategy', 'by'],
            input: s.strategy.by,
          });
      });
    }
    // A carbon- or price-aware rule reads the grid's carbon intensity or price: left out, it is PJM's flat figure,
    // the same every hour, so 'cleanest' or 'cheapest' held nothing and 'above' every hour or none, silently (carbon
    // saved 0.0 kg; 'above: 50 $/MWh' on PJM's 55.54 held a 10 h run all of 36 h, 'work done -100.0%', exit 0).
    if (m.supply.some((s) => s.kind === 'grid')) {
      const refuse = (
        signal: 'carbon' | 'price',
        path: (string | number)[],
        input: unknown,
        reader: string,
        at: number,
      ): void =>
        ctx.addIssue({
          code: 'custom',
          message:
            signal === 'carbon'
              ? `a grid whose carbon intensity is given, the signal the ${reader} (an hourly trace like carbon: { file: grid.csv })`
              : `a grid whose price is given, the signal the ${reader} (time-of-use periods or an hourly trace like price: { file: prices.csv })`,
          path,
          input,
          params: {
            found:
              signal === 'carbon'
                ? `supply[${at}] (${m.supply[at].name}) with no carbon, so PJM's 2022 mean, ${PJM_CARBON_G_PER_KWH} g/kWh, the same every hour`
                : `supply[${at}] (${m.supply[at].name}) with no price, so PJM's 2024 wholesale, ${PJM_PRICE_USD_PER_MWH} $/MWh, the same every hour`,
          },
        });
      // Rules and a battery by price or carbon read the first grid in service at each instant: a later grid is read once
      // those before it are out of service (one retiring as it enters), so each such grid needs the signal too (a new
      // tariff's grid given no price was followed at PJM's flat 55.54 $/MWh, silently). A battery without it held: charge_below
      // 300 g/kWh, discharge_above 400 g/kWh held a 20 kWh battery empty for a whole run, 0.0 kWh from it, exit 0.
      const end = m.start + m.duration;
      const followed: number[] = [];
      for (const [i, s] of m.supply.entries()) {
        if (s.kind !== 'grid') continue;
        followed.push(i);
        if ((s.in_service ?? m.start) <= m.start && (s.retire ?? Number.POSITIVE_INFINITY) >= end) break;
      }
      const unsignalled = (by: 'carbon' | 'price'): number | undefined =>
        followed.find((j) => (m.supply[j] as { carbon?: unknown; price?: unknown })[by] === undefined);
      for (const list of ['training', 'jobs'] as const)
        m.workload[list].forEach((t, i) => {
          for (const [f, by] of [
            ['carbon_aware', 'carbon'],
            ['price_aware', 'price'],
          ] as const) {
            const at = t[f] ? unsignalled(by) : undefined;
            if (at !== undefined) refuse(by, ['workload', list, i, f], t[f], 'rule reads', at);
          }
        });
      m.supply.forEach((s, i) => {
        if (s.kind !== 'battery' || typeof s.strategy !== 'object') return;
        const by = s.strategy.by;
        if (by !== 'carbon' && by !== 'price') return;
        const at = unsignalled(by);
        if (at !== undefined) refuse(by, ['supply', i, 'strategy', 'by'], by, 'strategy follows', at);
      });
    }
    if (m.demand_response?.by === 'pause' && m.shortage === 'throttle') {
      ctx.addIssue({
        code: 'custom',
        message: 'by: throttle with shortage: throttle (or shortage: pause or unmet to shed by pausing)',
        path: ['demand_response', 'by'],
        input: 'pause',
      });
    }
    namesUsedOnce(
      ctx,
      ['supply'],
      m.supply.map((s) => s.name),
      'a supply name not used before (set `name`)',
    );
    m.supply.forEach((s, i) => checkWindow(s, m.start, ['supply', i], ctx));
    if (m.economics) checkComponentNames(m, ctx);
  });

/**
 * With economics, each supply, each cluster with costs, demand response's payments (`demand_response`) and the value of
 * lost load (`lost_load`) is a component of cashflow.csv and summary.json's economics.components, found by its name:
 * two of one name merged their flows (a cluster `smr` with capital beside the supply `smr` counted the SMR's energy
 * twice in the NPC, and the site's LCOE took the cluster's capital: 2,714 $/MWh where 230).
 */
function checkComponentNames(m: Scenario, ctx: z.RefinementCtx): void {
  const taken = new Map<string, string>();
  if (m.demand_response) taken.set('demand_response', 'the payments of demand_response');
  if (m.economics?.value_of_lost_load !== undefined) taken.set('lost_load', 'the value_of_lost_load');
  const components = [
    ...m.supply.map((s, i) => ({ name: s.name, what: `supply ${s.name}`, path: ['supply', i, 'name'] })),
    ...m.clusters.flatMap((c, i) =>
      c.costs ? [{ name: c.name, what: `cluster ${c.name}`, path: ['clusters', i, 'name'] }] : [],
    ),
  ];
  for (const c of components) {
    const other = taken.get(c.name);
    // Two supplies of one name are namesUsedOnce's to refuse.
    if (other !== undefined && !(other.startsWith('supply ') && c.what.startsWith('supply ')))
      ctx.addIssue({
        code: 'custom',
        message: `a name other than ${c.name}, which ${other} has (with economics, each is a component of cashflow.csv by its name)`,
        path: c.path,
        input: c.name,
      });
    else taken.set(c.name, c.what);
  }
}

/** The costs that follow an asset from the day it enters service: its capital and its life. */
const OWNED = ['capital', 'energy_capital', 'launch', 'lifetime', 'decommissioning'];

/**
 * A service window (clusters, supplies) retires after it enters service (or
 * after the start). One entering after the run ends is allowed: a shortened
 * run of a plan (--duration 90d) simply ends before it. One with capital or a
 * lifetime enters at or after the start, unless it also retires by then (it
 * costs nothing): the project's cash flows begin at the start, where an
 * earlier date paid its capital as new and began its life (2025's asset with a
 * life of 5 years was salvaged in 2029 with 3 of them left, not 1).
 */
function checkWindow(
  x: { in_service?: number; retire?: number; costs?: object; kind?: string; start?: number },
  start: number,
  path: (string | number)[],
  ctx: z.RefinementCtx,
): void {
  // A fusion PPA without in_service enters at its contracted start, as its costs do (src/economics/components.ts): one
  // retiring before it ran, delivered nothing and cost nothing.
  const contract = x.kind === 'fusion-ppa' && x.in_service === undefined && x.start !== undefined && x.start > start;
  const enters = x.in_service ?? (contract ? x.start! : start);
  if (x.retire !== undefined && x.retire <= enters) {
    ctx.addIssue({
      code: 'custom',
      message: `a retirement after it enters service (${x.in_service !== undefined ? 'in_service' : contract ? 'its contracted start' : 'the start'})`,
      path: [...path, 'retire'],
      input: x.retire,
    });
  }
  const costs = (x.costs ?? {}) as Record<string, unknown>;
  const owned = OWNED.filter((k) => costs[k] !== undefined);
  if (owned.length === 0 || (x.retire ?? Infinity) <= start) return;
  if (x.in_service !== undefined && x.in_service < start) {
    ctx.addIssue({
      code: 'custom',
      message: `a date at or after the start, ${formatTimestamp(start)}, for a component whose costs give ${owned.join(' and ')} (the project begins at the start: its capital would be paid then as new, and its life begun; date what the project starts with at the start)`,
      path: [...path, 'in_service'],
      input: x.in_service,
    });
  } else if (x.kind === 'fusion-ppa' && x.in_service === undefined && x.start !== undefined && x.start < start) {
    // Its costs enter at its contracted start, and one before the project's at the project's start: a plant contracted
    // from 2025 with a 30-year life paid its capital in year 0 of a project from 2027 as new, its life begun then.
    ctx.addIssue({
      code: 'custom',
      message: `a contracted start at or after the start, ${formatTimestamp(start)}, for a fusion plant whose costs give ${owned.join(' and ')} (its costs enter at its contracted start, and the project begins at the start: its capital would be paid then as new, and its life begun; give in_service: ${formatTimestamp(start).slice(0, 10)} if it is bought then)`,
      path: [...path, 'start'],
      // Its default (2028-01-01) shown as a date: 'found none given, so "2028-01-01 00:00:00"'.
      input: formatTimestamp(x.start),
    });
  }
}

export type Scenario = z.output<typeof scenarioSchema>;

/** The JSON Schema of model files (what they accept, before units are converted). */
export function scenarioJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(scenarioSchema, { io: 'input', unrepresentable: 'any' }),
    title: 'dcpsim model file',
  };
}

/**
 * The model-file schema: one zod schema assembled from each layer's own
 * parts. It gives the TypeScript types (`Scenario`) and the JSON Schema that
 * `dcpsim schema` prints for editors.
 */
import { z } from 'zod';
import { quantity } from './model/units.ts';
import { CHIP_NAMES } from './model/chips.ts';
import { parseDate } from './kernel/time.ts';
import { jobStreamSchema } from './workload/jobs.ts';
import { facilitySchema } from './facility/facility.ts';
import { supplySchema } from './supply/registry.ts';

const date = z
  .union([z.string(), z.date()])
  .transform((v, ctx) => {
    try {
      return parseDate(v);
    } catch {
      ctx.addIssue({ code: 'custom', message: 'an ISO date like "2027-01-01" or "2027-01-01T06:00Z"', input: v });
      return z.NEVER;
    }
  })
  .meta({ description: 'A UTC date: "2027-01-01" or "2027-01-01T06:00:00Z"' });

const name = z.string().regex(/^[A-Za-z0-9][\w.-]*$/, 'letters, digits, ".", "_" or "-"');

export const clusterSchema = z.strictObject({
  name: name.meta({ description: 'Cluster name, used in column names' }),
  chip: z.enum(CHIP_NAMES).meta({ description: 'Accelerator from the catalogue' }),
  count: z.number().int().positive().meta({ description: 'Number of accelerators' }),
});

export const scenarioSchema = z
  .strictObject({
    name: name.optional().meta({ description: 'Run name; output goes to runs/<name>/ (default: the file name)' }),
    description: z.string().optional().meta({ description: 'What question this scenario answers' }),
    start: date.prefault('2027-01-01'),
    duration: quantity('duration', { positive: true }, 'Simulated horizon'),
    step: quantity('duration', { positive: true }, 'Output row interval').prefault('15m'),
    seed: z.number().int().prefault(1).meta({ description: 'Seed of every random stream' }),
    clusters: z.array(clusterSchema).min(1).meta({ description: 'Accelerator clusters' }),
    workload: z
      .strictObject({
        jobs: z.array(jobStreamSchema).prefault([]).meta({ description: 'Poisson streams of jobs placed first-come first-served' }),
      })
      .prefault({ jobs: [] }),
    facility: facilitySchema.prefault({ cooling: { model: 'pue', pue: 1.2 } }),
    supply: z.array(supplySchema).min(1).meta({ description: 'Supplies, in merit order' }),
    shortage: z.enum(['unmet', 'throttle', 'pause']).prefault('unmet').meta({
      description: 'What a supply shortfall does: counted as unmet demand (as if backup or shed load carried it), or a power cap that throttles or pauses jobs',
    }),
  })
  .superRefine((m, ctx) => {
    const clusters = new Set<string>();
    m.clusters.forEach((c, i) => {
      if (clusters.has(c.name)) ctx.addIssue({ code: 'custom', message: 'a cluster name not used before', path: ['clusters', i, 'name'], input: c.name });
      clusters.add(c.name);
    });
    m.workload.jobs.forEach((j, i) => {
      if (!clusters.has(j.cluster)) {
        ctx.addIssue({ code: 'custom', message: `the name of a cluster (${[...clusters].join(', ')})`, path: ['workload', 'jobs', i, 'cluster'], input: j.cluster });
      }
    });
    const supplies = new Set<string>();
    m.supply.forEach((s, i) => {
      if (supplies.has(s.name)) ctx.addIssue({ code: 'custom', message: 'a supply name not used before (set `name`)', path: ['supply', i, 'name'], input: s.name });
      supplies.add(s.name);
    });
  });

export type Scenario = z.output<typeof scenarioSchema>;

/** The JSON Schema of model files (what they accept, before units are converted). */
export function scenarioJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(scenarioSchema, { io: 'input', unrepresentable: 'any' }),
    title: 'dcpsim model file',
  };
}

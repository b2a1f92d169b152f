/**
 * Small random models for the whole-run property tests (tests/sweep-size.test.ts, tests/run-workbook.test.ts): a
 * cluster with a job stream and sometimes a checkpointed training run, an SMR with forced outages, a battery, a
 * capped grid with a flat or PJM's hourly carbon, economics. Sized by the rough peak demand so each supply matters.
 */
import { join } from 'node:path';
import fc from 'fast-check';

const PJM = join(import.meta.dirname, '..', '..', 'models', 'data', 'grid-carbon', 'PJM-2022-hourly.csv');

export const arbModel = fc.record({
  seed: fc.integer({ min: 1, max: 1_000_000 }),
  month: fc.integer({ min: 1, max: 12 }),
  day: fc.integer({ min: 1, max: 28 }),
  hours: fc.integer({ min: 12, max: 96 }),
  step: fc.constantFrom('15m', '1h', '3h'),
  chips: fc.integer({ min: 2, max: 16 }).map((k) => 8 * k),
  jobRate: fc.integer({ min: 1, max: 20 }),
  training: fc.boolean(),
  workH: fc.integer({ min: 5, max: 150 }),
  smrShare: fc.integer({ min: 20, max: 90 }).map((v) => v / 100),
  mttfH: fc.integer({ min: 10, max: 200 }),
  batteryH: fc.integer({ min: 0, max: 4 }),
  gridShare: fc.integer({ min: 0, max: 80 }).map((v) => v / 100),
  carbonTrace: fc.boolean(),
});
export type ModelCase = typeof arbModel extends fc.Arbitrary<infer T> ? T : never;

/** A model and its rough peak demand, kW, to size things by. */
export function modelOf(m: ModelCase): { model: Record<string, unknown>; peakKw: number } {
  const peakKw = Math.round(m.chips * 1.1 * 1.2);
  const smrKw = Math.max(1, Math.round(m.smrShare * peakKw));
  const model = {
    name: 'ss',
    start: `2027-${String(m.month).padStart(2, '0')}-${String(m.day).padStart(2, '0')}T00:00:00Z`,
    duration: `${m.hours}h`,
    step: m.step,
    seed: m.seed,
    clusters: [{ name: 'c0', chip: 'H100', count: m.chips }],
    workload: {
      jobs: [{ name: 'j', cluster: 'c0', rate: `${m.jobRate}/h`, chips: [1, 2, 4, 8], duration: '1h' }],
      training: m.training
        ? [
            {
              name: 't',
              cluster: 'c0',
              chips: m.chips / 2,
              work: `${m.workH}h`,
              chip_mtbf: '5000h',
              checkpoint: { every: '2h', takes: '5m' },
            },
          ]
        : [],
    },
    facility: { cooling: { model: 'pue', pue: 1.2 } },
    supply: [
      {
        kind: 'smr',
        units: 1,
        rating: `${smrKw} kW`,
        refuel: { every: '400d', takes: '0d' },
        forced_outages: { mttf: `${m.mttfH}h`, mttr: '6h' },
        price: '30 $/MWh',
        costs: { capital: '5000 $/kW', lifetime: '30y', fixed_om: '100 $/kW-yr' },
      },
      {
        kind: 'battery',
        name: 'bat',
        energy: `${m.batteryH * smrKw} kWh`,
        power: `${smrKw} kW`,
        costs: { capital: '300 $/kW', energy_capital: '250 $/kWh', lifetime: '15y' },
      },
      {
        kind: 'grid',
        import_cap: `${Math.round(m.gridShare * peakKw)} kW`,
        price: '70 $/MWh',
        ...(m.carbonTrace ? { carbon: { file: PJM } } : { carbon: '420 g/kWh', carbon_free_share: 0.3 }),
      },
    ],
    economics: { discount_rate: 0.07 },
  };
  return { model, peakKw };
}

/**
 * Training runs and carbon-aware work (docs/models/workload.md, docs/policies.md) against oracles that do not call
 * the code under test:
 *
 * - a stream ranked `cleanest: { hours: k, per: day | week }` computes only in the k cleanest hours of each UTC day (or
 *   week from Monday) of the trace; a checkpointed training run so held computes in a held hour only to finish the
 *   checkpoint interval it began in a chosen one;
 * - a checkpointed run interrupted at chips / chip_mtbf takes the renewal result's wall time, interruptions and lost work;
 * - under carbon-aware deferral, `shortage: pause` under a capped grid and demand response by pause: each run's wall
 *   time is its work done and lost, its checkpoints, restarts and pauses (up to a checkpoint cut short by each
 *   interruption, and the horizon's cut); its energy is its chips' power (the H100's measured curve with an 8-chip
 *   server's share) over those phases, paused and restarting chips idle; a completed run did its work; goodput is done
 *   over wall time; `jobs.chip_hours` the chips held; the `policy` section's work and goodput are the runs', and its
 *   baseline's those of the model without its policies run alone, with throughput lost 1 - work / baseline work;
 * - a training run holding its whole cluster under `shortage: throttle` with SMR outages: the work done and lost is the
 *   integral of the cluster's duty over the run's duty, and its energy the cluster's IT energy while it runs.
 *
 * Seeded: `DCPSIM_FUZZ_RUNS=20 DCPSIM_FUZZ_SEED=7 npx vitest run tests/oracles/training.test.ts` explores further.
 */

import { readFileSync, writeFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { chipW } from '../helpers/h100.ts';
import { hourOf, TRACES, traceFile } from '../helpers/carbon-trace.ts';
import { type Json, modelRunner, oracleDir, report, RUNS, SEED, summaryOf } from '../helpers/oracle.ts';
import { readCsv } from '../helpers/read-csv.ts';
import { runScenario } from '../../src/run.ts';

const tmp = oracleDir('training');

/** Run a model (as JSON) and give its folder. */
const run = modelRunner(tmp);

// ---------------------------------------------------------------------------------------------
// A carbon trace read here: the hour's intensity and carbon-free share by UTC month, day and hour.

const PJM = traceFile('PJM');

// ---------------------------------------------------------------------------------------------
// Work conservation of training runs under policies

const arbTraining = fc.record({
  seed: fc.integer({ min: 1, max: 1_000_000 }),
  month: fc.integer({ min: 1, max: 12 }),
  hours: fc.integer({ min: 24, max: 96 }),
  step: fc.constantFrom('15m', '1h'),
  groups: fc.constantFrom(2, 4, 8),
  runs: fc.array(
    fc.record({
      share: fc.constantFrom(1, 2, 4),
      workH: fc.integer({ min: 4, max: 40 }),
      duty: fc.constantFrom(0.5, 0.8, 1),
      everyM: fc.constantFrom(20, 30, 60),
      takesM: fc.constantFrom(1, 2, 5),
      checkpointDuty: fc.constantFrom(0, 0, 0.3),
      mtbfH: fc.constantFrom(2000, 20000, 200000),
      restartM: fc.constantFrom(5, 10),
      priority: fc.integer({ min: 0, max: 2 }),
      policy: fc.constantFrom('none', 'cleanest', 'above'),
      arrivals: fc.boolean(),
      deadline: fc.boolean(),
    }),
    { minLength: 1, maxLength: 3 },
  ),
  // A grid capped below the peak with `shortage: pause`, and demand-response events by pause.
  capShare: fc.option(fc.integer({ min: 40, max: 100 }).map((v) => v / 100)),
  demandResponse: fc.boolean(),
});

type TrainingCase = typeof arbTraining extends fc.Arbitrary<infer T> ? T : never;

function trainingModel(c: TrainingCase): Json {
  const chips = 64 * c.groups;
  const peakKw = Math.round((chips * chipW(1) * 1.2) / 1000);
  return {
    name: 'tr',
    start: `2027-${String(c.month).padStart(2, '0')}-05T00:00:00Z`,
    duration: `${c.hours}h`,
    step: c.step,
    seed: c.seed,
    clusters: [{ name: 'c', chip: 'H100', count: chips, server: { chips: 8 } }],
    workload: {
      training: c.runs.map((r, i) => ({
        name: `t${i}`,
        cluster: 'c',
        chips: chips / r.share,
        work: `${r.workH}h`,
        duty: r.duty,
        checkpoint: { every: `${r.everyM}m`, takes: `${r.takesM}m`, duty: r.checkpointDuty },
        chip_mtbf: `${r.mtbfH}h`,
        restart: `${r.restartM}m`,
        priority: r.priority,
        ...(r.policy === 'cleanest' ? { carbon_aware: { cleanest: { hours: 12, per: 'day' } } } : {}),
        ...(r.policy === 'above' ? { carbon_aware: { above: '370 g/kWh' } } : {}),
        ...(r.arrivals ? { arrivals: { rate: '1/d' } } : {}),
        ...(r.deadline ? { finish_within: '3d' } : {}),
      })),
    },
    facility: { cooling: { model: 'pue', pue: 1.2 } },
    ...(c.capShare !== null ? { shortage: 'pause' } : {}),
    ...(c.demandResponse
      ? {
          demand_response: {
            payment: '800 $/MWh',
            by: 'pause',
            events: { rate: '1/d', duration: '3h', shed: `${Math.round(peakKw * 0.3)} kW` },
          },
        }
      : {}),
    supply: [
      {
        kind: 'grid',
        price: '60 $/MWh',
        carbon: { file: PJM },
        ...(c.capShare !== null ? { import_cap: `${Math.round(c.capShare * peakKw)} kW` } : {}),
      },
    ],
  };
}

// ---------------------------------------------------------------------------------------------
// Carbon-aware work: only in the k cleanest hours of each UTC day or week (from Monday 00:00 UTC)

describe('a job stream that computes only in the k cleanest hours of each UTC day or week', () => {
  it(`does so for ${2 * RUNS} random streams and traces (seed ${SEED})`, () => {
    fc.assert(
      fc.property(
        fc.record({
          seed: fc.integer({ min: 1, max: 1_000_000 }),
          month: fc.integer({ min: 1, max: 12 }),
          day: fc.integer({ min: 1, max: 27 }),
          days: fc.integer({ min: 2, max: 4 }),
          per: fc.constantFrom('day', 'week'),
          share: fc.integer({ min: 1, max: 95 }).map((v) => v / 100), // k as a share of the period's hours
          trace: fc.constantFrom(...TRACES),
          rate: fc.integer({ min: 1, max: 8 }),
        }),
        (m) => {
          const start = Date.UTC(2027, m.month - 1, m.day) / 1000;
          const periodH = m.per === 'day' ? 24 : 168;
          const k = Math.max(1, Math.round(m.share * periodH));
          const dir = run({
            name: 'oracle-cleanest',
            start: new Date(start * 1000).toISOString(),
            duration: `${m.days}d`,
            step: '1h',
            seed: m.seed,
            clusters: [{ name: 'gpu', chip: 'H100', count: 256 }],
            workload: {
              jobs: [
                {
                  name: 'batch',
                  cluster: 'gpu',
                  rate: `${m.rate}/h`,
                  chips: [8, 16],
                  duration: '2h',
                  carbon_aware: { cleanest: { hours: k, per: m.per } },
                },
              ],
            },
            facility: { cooling: { model: 'pue', pue: 1.2 } },
            supply: [{ kind: 'grid', carbon: { file: traceFile(m.trace) } }],
          });
          const ts = readCsv(join(dir, 'timeseries.csv'));
          const duty = ts.col('gpu_duty');
          const fails: string[] = [];
          let inChosen = 0;
          let chosenLater = 0; // chosen hours after the first two, when jobs are waiting
          // The period's k-th cleanest hour, ranked over all its hours (a week's before the run's start too).
          const MONDAY = Date.UTC(2027, 0, 4) / 1000;
          const kthOf = new Map<number, number>();
          for (let row = 0; row < duty.length; row++) {
            const t = start + 3600 * row;
            const p0 = t - ((((t - MONDAY) % (3600 * periodH)) + 3600 * periodH) % (3600 * periodH));
            if (!kthOf.has(p0)) {
              const ci = Array.from({ length: periodH }, (_, h) => hourOf(m.trace, p0 + 3600 * h).ci);
              kthOf.set(p0, ci.sort((a, b) => a - b)[k - 1]); // hours tied with the k-th count as chosen
            }
            const kth = kthOf.get(p0)!;
            const ci = hourOf(m.trace, t).ci;
            if (ci <= kth) {
              inChosen += duty[row];
              if (row >= 2) chosenLater++;
            } else if (duty[row] > 0)
              fails.push(
                `row ${row}: duty ${duty[row]} at ${ci} g/kWh, above the ${k}th cleanest of its ${m.per} ${kth}`,
              );
          }
          if (inChosen === 0 && chosenLater > 0) fails.push('the stream never computed in its chosen hours');
          rmSync(dir, { recursive: true, force: true });
          if (fails.length > 0) throw new Error(`${fails.slice(0, 10).join('\n')}\nmodel: ${JSON.stringify(m)}`);
        },
      ),
      { seed: SEED, numRuns: 2 * RUNS },
    );
  });
});

// ---------------------------------------------------------------------------------------------
// A checkpointed training run with chip failures: the renewal result

describe('a checkpointed training run interrupted at chips / chip_mtbf', () => {
  it('takes the expected wall time, interruptions and lost work of failure-free-restart renewal (docs/models/workload.md)', () => {
    // Segments of τ of compute and δ of checkpoint; failures at λ = chips/MTBF while computing or checkpointing lose
    // the segment, then a restart of R (no failures). Per segment: P = e^{λ(τ+δ)} − 1 interruptions expected, time
    // P·(1/λ + R), and lost work per interruption 1/λ − (τ+δ)/P (the mean of an exponential cut at τ+δ).
    const lambda = 4096 / 50000; // per hour
    const [tau, delta, restart, work] = [1, 0.1, 0.25, 2000];
    const p = Math.exp(lambda * (tau + delta)) - 1;
    const segments = work / tau;
    const wall = segments * p * (1 / lambda + restart); // 2,349 h
    const interruptions = segments * p; // 188.6
    const lost = interruptions * (1 / lambda - (tau + delta) / p); // 102 h
    const dir = run({
      name: 'oracle-training',
      start: '2027-01-01',
      duration: '130d',
      step: '1d',
      seed: 3,
      clusters: [{ name: 'gpu', chip: 'H100', count: 4096 }],
      workload: {
        training: [
          {
            name: 'big',
            cluster: 'gpu',
            chips: 4096,
            work: `${work}h`,
            checkpoint: { every: `${tau}h`, takes: `${delta * 60}m` },
            chip_mtbf: '50000h',
            restart: `${restart * 60}m`,
          },
        ],
      },
      facility: { cooling: { model: 'pue', pue: 1.2 } },
      supply: [{ kind: 'grid' }],
    });
    const r = summaryOf(dir).training[0];
    expect(r.completed).toBe(true);
    // Spread from seed to seed (3 seeds): wall time about 0.3 %, interruptions and lost work about 8 %.
    expect(Math.abs(r.wall_time_h / wall - 1)).toBeLessThan(0.02);
    expect(Math.abs(r.goodput - work / wall)).toBeLessThan(0.02);
    expect(Math.abs(r.interruptions / interruptions - 1)).toBeLessThan(0.2);
    expect(Math.abs(r.lost_work_h / lost - 1)).toBeLessThan(0.25);
  });
});

// ---------------------------------------------------------------------------------------------
// A carbon-aware training run: it computes in a hour it is held only to reach the checkpoint it is heading for

describe('a checkpointed training run held to the 10 cleanest hours of each UTC day', () => {
  it('computes in a held hour only to finish the checkpoint interval it began in a chosen one', () => {
    // Submitted at midnight, a held hour of ERCOT's: with nothing computed it has nothing to lose by waiting, so it
    // waits (before, it ran 22 min, 0.27 of the hour, to its first checkpoint). After a chosen block it runs on to
    // its next checkpoint (at most 20 + 2 min), never into a second held hour.
    const start = Date.UTC(2027, 3, 10) / 1000;
    const dir = run({
      name: 'oracle-held-training',
      start: '2027-04-10',
      duration: '6d',
      step: '1h',
      seed: 2,
      clusters: [{ name: 'gpu', chip: 'H100', count: 64 }],
      workload: {
        training: [
          {
            name: 't',
            cluster: 'gpu',
            chips: 64,
            work: '60h',
            checkpoint: { every: '20m', takes: '2m' },
            carbon_aware: { cleanest: { hours: 10, per: 'day' } },
          },
        ],
      },
      facility: { cooling: { model: 'pue', pue: 1.2 } },
      supply: [{ kind: 'grid', carbon: { file: traceFile('ERCOT') } }],
    });
    const duty = readCsv(join(dir, 'timeseries.csv')).col('gpu_duty');
    const chosen: boolean[] = [];
    for (let d = 0; d < 6; d++) {
      const ci = Array.from({ length: 24 }, (_, h) => hourOf('ERCOT', start + 86400 * d + 3600 * h).ci);
      const kth = [...ci].sort((a, b) => a - b)[9];
      for (const c of ci) chosen.push(c <= kth);
    }
    expect(chosen[0]).toBe(false);
    expect(duty[0]).toBe(0);
    let carried = 0;
    for (let h = 0; h < duty.length; h++) {
      if (chosen[h]) continue;
      if (h === 0 || !chosen[h - 1] || duty[h - 1] === 0) expect(duty[h], `hour ${h}`).toBe(0);
      else {
        expect(duty[h], `hour ${h}`).toBeLessThanOrEqual(22 / 60);
        if (duty[h] > 0) carried++;
      }
    }
    expect(carried).toBeGreaterThan(2); // it does run on to its checkpoint after a chosen block
  });
});

describe('training runs deferred by carbon, paused by a power cap or demand response', () => {
  it(`account for every hour and kWh, and the policy's work is the runs' (${2 * RUNS} models, seed ${SEED})`, () => {
    const cases = fc.sample(arbTraining, { numRuns: 2 * RUNS, seed: SEED });
    let k = 0;
    for (const c of cases) {
      const id = k++;
      const model = trainingModel(c);
      const failures: string[] = [];
      const file = join(tmp, `train${id}.json`);
      writeFileSync(file, JSON.stringify(model, null, 1));
      const out = join(tmp, `train${id}`);
      runScenario({ model: file, out, sync: false });
      const s = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
      const throttled = s.facility?.throttled_mwh ?? 0;
      const specOf = (name: string) => c.runs[Number(/^t(\d+)/.exec(name)![1])];
      const tol = (x: number) => 1e-9 * Math.max(1, Math.abs(x));
      for (const t of s.training) {
        const r = specOf(t.name);
        const [takes, restart] = [r.takesM / 60, r.restartM / 60];
        if (t.done_h > t.work_h + tol(t.work_h) || (t.completed && Math.abs(t.done_h - t.work_h) > tol(t.work_h)))
          failures.push(`${t.name}: done ${t.done_h} h of ${t.work_h} h, completed ${t.completed}`);
        // Wall time: computing (done and lost), checkpoints written, restarts, paused; plus, without a throttle,
        // at most one checkpoint cut short by each interruption and one in progress at the horizon. A run the
        // horizon cuts may be part way through its last restart.
        const restarts = t.interruptions * restart;
        const restartsLo = t.completed || t.interruptions === 0 ? restarts : restarts - restart;
        const known = t.done_h + t.lost_work_h + t.checkpoints * takes + t.paused_h;
        const slack = throttled > 0 ? Number.POSITIVE_INFINITY : (t.interruptions + (t.completed ? 0 : 1)) * takes;
        if (t.wall_time_h < known + restartsLo - tol(known) || t.wall_time_h > known + restarts + slack + tol(known))
          failures.push(
            `${t.name}: wall ${t.wall_time_h} h; done ${t.done_h} + lost ${t.lost_work_h} + ${t.checkpoints} checkpoints x ${takes} + ${t.interruptions} restarts x ${restart} + paused ${t.paused_h} (throttled ${throttled} MWh)`,
          );
        // The phases' hours and energies sum to the wall time and energy (docs/models/workload.md); a checkpoint cut
        // short is in checkpointing_h, so it is at least the completed ones' and at most one more per interruption.
        const phasesH = t.computing_h + t.checkpointing_h + t.restarting_h + t.paused_h;
        if (Math.abs(phasesH - t.wall_time_h) > tol(t.wall_time_h))
          failures.push(`${t.name}: phases ${phasesH} h, wall ${t.wall_time_h} h`);
        const phasesMwh = t.computing_mwh + t.checkpointing_mwh + t.restarting_mwh + t.paused_mwh;
        if (Math.abs(phasesMwh - t.energy_mwh) > tol(t.energy_mwh))
          failures.push(`${t.name}: phases ${phasesMwh} MWh, energy ${t.energy_mwh} MWh`);
        if (
          t.checkpointing_h < t.checkpoints * takes - tol(takes) ||
          t.checkpointing_h > (t.checkpoints + t.interruptions + 1) * takes + tol(takes)
        )
          failures.push(`${t.name}: checkpointing ${t.checkpointing_h} h, ${t.checkpoints} written x ${takes} h`);
        if (t.wall_time_h > 0 && Math.abs(t.goodput - t.done_h / t.wall_time_h) > 1e-12)
          failures.push(`${t.name}: goodput ${t.goodput}, done/wall ${t.done_h / t.wall_time_h}`);
        if (throttled === 0) {
          // Its chips' energy: computing at its duty, checkpoints at theirs, restarts and pauses idle.
          const phases = (restartH: number): number => {
            const writing = t.wall_time_h - t.done_h - t.lost_work_h - restartH - t.paused_h;
            return (
              (t.chips *
                ((t.done_h + t.lost_work_h) * chipW(r.duty) +
                  writing * chipW(r.checkpointDuty) +
                  (restartH + t.paused_h) * chipW(0))) /
              1e6
            );
          };
          const [a, b] = [phases(restartsLo), phases(restarts)].sort((x, y) => x - y);
          if (t.energy_mwh < a - tol(a) || t.energy_mwh > b + tol(b))
            failures.push(`${t.name}: energy ${t.energy_mwh} MWh, phases ${a === b ? a : `${a} to ${b}`}`);
        }
      }
      const held = s.training.reduce((a: number, t: Json) => a + t.chips * t.wall_time_h, 0);
      if (Math.abs(s.jobs.chip_hours - held) > 1e-9 * held)
        failures.push(`jobs.chip_hours ${s.jobs.chip_hours}, runs ${held}`);
      const work = (tr: Json[]) => tr.reduce((a, t) => a + t.chips * t.done_h, 0);
      if (s.policy) {
        const p = s.policy;
        if (Math.abs(p.work_chip_h - work(s.training)) > 1e-9 * work(s.training))
          failures.push(`policy.work_chip_h ${p.work_chip_h}, runs ${work(s.training)}`);
        if (held > 0 && Math.abs(p.goodput - work(s.training) / held) > 1e-12)
          failures.push(`policy.goodput ${p.goodput}, work / held ${work(s.training) / held}`);
        // The baseline: the same model without its policies (carbon_aware, demand_response), run alone.
        const bare = structuredClone(model);
        for (const t of bare.workload.training) delete t.carbon_aware;
        delete bare.demand_response;
        const bfile = join(tmp, `train${id}-base.json`);
        writeFileSync(bfile, JSON.stringify(bare, null, 1));
        runScenario({ model: bfile, out: `${out}-base`, sync: false });
        const b = JSON.parse(readFileSync(join(`${out}-base`, 'summary.json'), 'utf8'));
        const bw = work(b.training);
        if (Math.abs(p.baseline_work_chip_h - bw) > 1e-9 * Math.max(1, bw))
          failures.push(`policy.baseline_work_chip_h ${p.baseline_work_chip_h}, the run without policies ${bw}`);
        if (b.jobs.chip_hours > 0 && Math.abs(p.baseline_goodput - bw / b.jobs.chip_hours) > 1e-12)
          failures.push(`policy.baseline_goodput ${p.baseline_goodput}, without policies ${bw / b.jobs.chip_hours}`);
        const lost = bw > 0 ? 1 - work(s.training) / bw : 0;
        if (Math.abs(p.throughput_lost_share - lost) > 1e-9)
          failures.push(`policy.throughput_lost_share ${p.throughput_lost_share}, 1 - work/baseline ${lost}`);
      }
      report(failures, `case ${JSON.stringify(c)}; files ${out}`);
    }
  }, 120_000);
});

describe('a training run holding its whole cluster under `shortage: throttle`', () => {
  it(`does the work its chips' duty integrates to, and is charged the cluster's IT energy while it runs (${RUNS} models, seed ${SEED})`, () => {
    const cases = fc.sample(
      fc.record({
        seed: fc.integer({ min: 1, max: 1_000_000 }),
        groups: fc.integer({ min: 1, max: 8 }),
        workH: fc.integer({ min: 10, max: 60 }),
        duty: fc.constantFrom(0.5, 0.8, 1),
        mtbfH: fc.constantFrom(3000, 30000),
        smrShare: fc.integer({ min: 20, max: 60 }).map((v) => v / 100),
        gridShare: fc.integer({ min: 0, max: 40 }).map((v) => v / 100),
      }),
      { numRuns: RUNS, seed: SEED },
    );
    let k = 0;
    for (const c of cases) {
      const id = k++;
      const chips = 64 * c.groups;
      const peakKw = (chips * chipW(c.duty) * 1.2) / 1000;
      const model = {
        name: 'th',
        start: '2027-03-01',
        duration: '3d',
        step: '15m',
        seed: c.seed,
        clusters: [{ name: 'c', chip: 'H100', count: chips, server: { chips: 8 } }],
        workload: {
          training: [
            {
              name: 't',
              cluster: 'c',
              chips,
              work: `${c.workH}h`,
              duty: c.duty,
              checkpoint: { every: '30m', takes: '2m' },
              chip_mtbf: `${c.mtbfH}h`,
              restart: '10m',
            },
          ],
        },
        facility: { cooling: { model: 'pue', pue: 1.2 } },
        shortage: 'throttle',
        supply: [
          {
            kind: 'smr',
            units: 2,
            rating: `${Math.round((c.smrShare * peakKw) / 2 + 1)} kW`,
            forced_outages: { mttf: '20h', mttr: '5h' },
          },
          {
            kind: 'grid',
            import_cap: `${Math.round(c.gridShare * peakKw)} kW`,
            price: '60 $/MWh',
            carbon: '400 g/kWh',
          },
        ],
      };
      const file = join(tmp, `throttle${id}.json`);
      writeFileSync(file, JSON.stringify(model, null, 1));
      const out = join(tmp, `throttle${id}`);
      runScenario({ model: file, out, sync: false });
      const s = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
      const t = s.training[0];
      const ts = readCsv(join(out, 'timeseries.csv'));
      const duty = ts.col('c_duty');
      const itKw = ts.col('c_it_kw');
      const failures: string[] = [];
      // Computing at duty d slowed by x shows as the cluster's duty d·x (checkpoints and restarts at duty 0), so the
      // work done and lost is the duty's integral over d, to the cells' 4 decimals (a factor held for hours rounds
      // the same way in every row: up to 0.5e-4 / d of each row's 15 minutes).
      const work = duty.reduce((a, x) => a + (x / c.duty) * 0.25, 0);
      if (Math.abs(work - (t.done_h + t.lost_work_h)) > (duty.length * 0.25 * 0.5e-4) / c.duty + 1e-9)
        failures.push(`done ${t.done_h} + lost ${t.lost_work_h} h, the duty integrates to ${work} h`);
      // Its energy: the cluster's IT energy less the idle chips' after it ends (cells of 3 decimals in kW).
      const after = 72 - t.wall_time_h;
      const mwh = itKw.reduce((a, x) => a + x * 0.25, 0) / 1000 - (chips * chipW(0) * after) / 1e6;
      if (Math.abs(t.energy_mwh - mwh) > (itKw.length * 0.25 * 0.0005) / 1000 + 1e-9)
        failures.push(`energy ${t.energy_mwh} MWh, the cluster's while it ran ${mwh}`);
      if (!(s.facility.throttled_mwh > 0)) failures.push('never throttled: the case tests nothing');
      report(failures, `case ${JSON.stringify(c)}; files ${out}`);
    }
  }, 60_000);
});

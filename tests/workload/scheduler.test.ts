/**
 * The scheduler's running tasks (src/workload/scheduler.ts): held in arrays with holes that are
 * closed up now and then, not in a Map. Against a Map kept beside it, as the scheduler kept them
 * before: the same tasks in the same (start) order, the same count, the same chip-seconds held.
 */
import fc from 'fast-check';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runScenario } from '../../src/run.ts';
import { Simulation } from '../../src/kernel/simulation.ts';
import { ClusterState } from '../../src/workload/cluster.ts';
import { Scheduler, shadowTime, type Task } from '../../src/workload/scheduler.ts';

class Job implements Task {
  runningSlot = -1;
  startedS = NaN;
  priority = 0;
  constructor(
    readonly chips: number,
    readonly submittedS: number,
    private readonly cluster: ClusterState,
    private readonly started: Map<Task, number>,
    private readonly sim: Simulation,
  ) {}
  estimateS(): number {
    return this.sim.now + this.chips;
  }
  start(): void {
    this.cluster.occupy(this.chips, 1);
    this.started.set(this, this.sim.now);
  }
}

// Submit a job of `chips` at the next second, or end the running job at `end` (an index into them, in start order).
const op = fc.oneof(fc.record({ chips: fc.integer({ min: 1, max: 6 }) }), fc.record({ end: fc.nat({ max: 200 }) }));

describe('scheduler: running tasks', () => {
  it('keeps the running tasks in start order with their start times, across many starts and ends', () => {
    fc.assert(
      fc.property(fc.array(op, { minLength: 150, maxLength: 500 }), (ops) => {
        const sim = new Simulation();
        const cluster = new ClusterState('c', 48);
        const scheduler = new Scheduler(sim, cluster);
        const started = new Map<Task, number>(); // the reference: a Map keyed on the task, in start order
        let chipS = 0;
        let t = 0;
        for (const o of ops) {
          sim.run(++t);
          if ('chips' in o) scheduler.submit(new Job(o.chips, sim.now, cluster, started, sim));
          else if (started.size > 0) {
            const job = [...started.keys()][o.end % started.size] as Job;
            chipS += job.chips * (sim.now - started.get(job)!);
            started.delete(job);
            cluster.release(job.chips, 1);
            scheduler.finished(job);
            scheduler.finished(job); // a second end changes nothing
          }
          const running: unknown[] = [];
          scheduler.pushRunning(running as never[]);
          expect(running).toEqual([...started.keys()]);
          expect(scheduler.running).toBe(started.size);
        }
        let held = chipS;
        for (const [job, t0] of started) held += job.chips * (sim.now - t0);
        expect(scheduler.heldAndWaited(sim.now).chipS).toBe(held);
        expect(scheduler.stats.started).toBe(scheduler.stats.submitted - scheduler.queued);
      }),
      { numRuns: 100 },
    );
  });
});

describe('scheduler: the queue', () => {
  it('holds the waiting tasks in submission order as thousands start from its front and behind it (backfill)', () => {
    // A cluster far smaller than its load: the queue grows to thousands, its front moves on past 1,024 started
    // tasks and is closed up; every task not started is still queued, in the order submitted, and waits counted.
    fc.assert(
      fc.property(fc.array(op, { minLength: 3000, maxLength: 4000 }), (ops) => {
        const sim = new Simulation();
        const cluster = new ClusterState('c', 12);
        const scheduler = new Scheduler(sim, cluster);
        const started = new Map<Task, number>();
        const submitted: Job[] = [];
        let t = 0;
        for (const [k, o] of ops.entries()) {
          sim.run(++t);
          if ('chips' in o) submitted.push(new Job(o.chips, sim.now, cluster, started, sim));
          if ('chips' in o) scheduler.submit(submitted.at(-1)!);
          // Every other op ends the oldest running job, so that more start than the queue's front alone would give.
          else if (started.size > 0) {
            const job = [...started.keys()][0] as Job;
            started.delete(job);
            cluster.release(job.chips, 1);
            scheduler.finished(job);
          }
          const waiting = submitted.filter((j) => !started.has(j) && j.runningSlot < 0 && Number.isNaN(j.startedS));
          expect(scheduler.queued).toBe(waiting.length);
          if (k % 2600 === 2599 || k === ops.length - 1) {
            expect(scheduler.queuedTasks()).toEqual(waiting);
            const waitS = waiting.reduce((a, j) => a + (sim.now - j.submittedS), 0);
            const startedWait = submitted.reduce(
              (a, j) => a + (Number.isNaN(j.startedS) ? 0 : j.startedS - j.submittedS),
              0,
            );
            expect(scheduler.heldAndWaited(sim.now).waitS).toBeCloseTo(startedWait + waitS, 6);
          }
        }
        expect(scheduler.stats.started).toBeGreaterThan(1100);
      }),
      { numRuns: 5 },
    );
  });
});

describe("backfill's shadow time", () => {
  /** The shadow time as it was computed until 5 December 2026: every running task in order of its end, ties by start. */
  function sorted(at: number[], chips: number[], free: number, want: number): { free: number; shadow: number } {
    const order = at.map((_, i) => i).sort((i, j) => (at[i] < at[j] ? -1 : at[i] > at[j] ? 1 : i - j));
    let f = free;
    const k = order.findIndex((i) => (f += chips[i]) >= want);
    return k < 0 ? { free: f, shadow: Infinity } : { free: f, shadow: at[order[k]] };
  }

  it('takes the same tasks as sorting them all: ends tied, unknown (Infinity), a head of many chips, tasks of none', () => {
    // A run of 43,200 one-to-eight-chip jobs held back by a carbon rule sorted over a thousand running tasks at every
    // backfill; the one-pass choice must give the same numbers to the bit, or a job would start at another time.
    const end = fc.oneof(fc.constantFrom(0, 3600, 7200, Infinity), fc.double({ min: 0, max: 1e7, noNaN: true }));
    fc.assert(
      fc.property(
        fc.array(fc.tuple(end, fc.oneof(fc.integer({ min: 1, max: 8 }), fc.constant(0))), { maxLength: 300 }),
        fc.integer({ min: 0, max: 8 }),
        fc.integer({ min: 1, max: 120 }),
        (tasks, free, want) => {
          const at = tasks.map((t) => t[0]);
          const chips = tasks.map((t) => t[1]);
          const want2 = free + want; // the head does not fit now
          expect(shadowTime(at, chips, free, want2)).toEqual(sorted(at, chips, free, want2));
        },
      ),
      { numRuns: 2000 },
    );
  });
});

describe('backfill looks at the 64 tasks behind the head (docs/models/workload.md)', () => {
  // 10 chips: A holds 9 for 10 h; B (10 chips) heads the queue from 00:01; then n runs of 2 chips, which cannot start
  // on the 1 chip free; then a run of 1 chip for 1 h at 00:10, which would end long before B could start.
  const dir = mkdtempSync(join(tmpdir(), 'dcpsim-depth-'));
  const oneStarts = (n: number): string | null => {
    const model = join(dir, `depth-${n}.yaml`);
    writeFileSync(
      model,
      [
        'start: 2027-01-01',
        'duration: 48h',
        'step: 1h',
        'clusters: [{ name: c, chip: H100, count: 10 }]',
        'workload:',
        '  training:',
        '    - { name: A, cluster: c, chips: 9, work: 10h, duty: 1 }',
        '    - { name: B, cluster: c, chips: 10, work: 1h, duty: 1, submit: 2027-01-01 00:01 }',
        `    - { name: s, cluster: c, chips: 2, work: 1h, duty: 1, submit: 2027-01-01 00:02, arrivals: { rate: 100000/h, count: ${n} } }`,
        '    - { name: one, cluster: c, chips: 1, work: 1h, duty: 1, submit: 2027-01-01 00:10 }',
        'supply: [{ kind: grid, price: 50 $/MWh }]',
      ].join('\n'),
    );
    const s = runScenario({ model, out: mkdtempSync(join(dir, 'out-')) }).summary;
    return s.training.find((t) => t.name === 'one')!.started_utc;
  };

  it('63 runs between the head and it: it backfills at once; 64: it waits for them all', () => {
    expect(oneStarts(63)).toBe('2027-01-01 00:10:00.000');
    // B from 10 h to 11 h, then the 64 runs five at a time: the last four from 23 h, with it on the 2 chips they leave.
    expect(oneStarts(64)).toBe('2027-01-01 23:00:00.000');
  });
});

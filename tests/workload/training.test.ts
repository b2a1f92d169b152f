import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Simulation } from '../../src/kernel/simulation.ts';
import { RandomStreams } from '../../src/kernel/random.ts';
import { CHIPS, chipCurve, perChipCurve, serverSpec } from '../../src/model/chips.ts';
import { chipsPowerW } from '../../src/facility/chip-power.ts';
import { largestFitting } from '../../src/facility/cap.ts';
import { ClusterState } from '../../src/workload/cluster.ts';
import { Scheduler, type Task } from '../../src/workload/scheduler.ts';
import { TrainingRun, type RunSpec } from '../../src/workload/training.ts';
import { Workload } from '../../src/workload/workload.ts';
import { runScenario } from '../../src/run.ts';

const H = 3600;
const SPEC: RunSpec = {
  name: 'r',
  chips: 64,
  workS: 10 * H,
  duty: 0.8,
  priority: 0,
  submittedS: 0,
  everyS: Infinity,
  takesS: 0,
  checkpointDuty: 0,
  failureRate: 0,
  restartS: 0,
};

function harness(chips = 1024, seed = 1) {
  const sim = new Simulation();
  const cluster = new ClusterState('c', chips);
  const scheduler = new Scheduler(sim, cluster);
  const speed = { f: 1 };
  const curve = perChipCurve(CHIPS.H100, serverSpec(CHIPS.H100, { chips: 8, fixed_share: 0.5 }));
  const random = new RandomStreams(seed);
  const run = (spec: Partial<RunSpec>, stream = 'r'): TrainingRun => {
    const r = new TrainingRun(
      { ...SPEC, ...spec },
      { sim, cluster, scheduler, curve, throttle: () => speed.f, rng: random.stream(stream) },
    );
    scheduler.submit(r);
    return r;
  };
  /** Change the throttle of every running run, as the workload does. */
  const throttle = (f: number): void => {
    speed.f = f;
    const running: Task[] = [];
    scheduler.pushRunning(running);
    for (const t of running) (t as TrainingRun).setRate(f);
  };
  return { sim, cluster, scheduler, curve, run, throttle };
}

describe('training runs that arrive as a process', () => {
  it('submit the first copy at `submit` and the next after exponential gaps: 1 + rate x T copies on average', () => {
    // docs/models/workload.md: rate 1/h from a submit 10 h after the start, over a horizon of 1,010 h, holds 1 + 1,000
    // copies on average; 8 seeds' mean has a standard error of sqrt(1000 / 8) = 11.2 (a job stream's 1,000 would be off
    // by 1 at 0.09 of it: the mean alone does not tell the first copy at `submit` apart, the first submission does).
    const counts: number[] = [];
    for (let seed = 1; seed <= 8; seed++) {
      const sim = new Simulation();
      const w = new Workload(
        sim,
        new RandomStreams(seed),
        {
          clusters: [{ name: 'g', count: 1, spec: CHIPS.H100, power: chipCurve(CHIPS.H100) }],
          workload: {
            jobs: [],
            training: [
              {
                name: 't',
                cluster: 'g',
                chips: 1,
                work: 1,
                duty: 0.8,
                priority: 0,
                restart: 0,
                submit: 10 * H,
                arrivals: { rate: 1 / H },
              },
            ],
          },
        },
        1010 * H,
        () => {},
      );
      sim.run(1010 * H);
      expect(w.runs[0].spec.name).toBe('t-1');
      expect(w.runs[0].submittedS).toBe(10 * H);
      expect(w.runs[1].submittedS).toBeGreaterThan(10 * H);
      counts.push(w.runs.length);
    }
    const mean = counts.reduce((a, x) => a + x, 0) / counts.length;
    expect(Math.abs(mean - 1001)).toBeLessThan(3 * Math.sqrt(1000 / 8));
  });
});

describe('training runs', () => {
  it('N chips for T hours at duty d with no failures use exactly N x T x P(d), server share included', () => {
    const { sim, curve, run } = harness();
    const r = run({ chips: 64, workS: 7 * H, duty: 0.8 });
    sim.run(100 * H);
    expect(r.endedS).toBe(7 * H);
    const server = serverSpec(CHIPS.H100, { chips: 8, fixed_share: 0.5 });
    // The H100's measured curve between 0.75 (637.75 W) and 0.9 (687.61 W).
    const board = 637.75 + ((687.61 - 637.75) * (0.8 - 0.75)) / 0.15;
    const perChip = board + (server.fixedW + server.loadW * ((board - 129.45) / (700 - 129.45))) / 8;
    expect(curve(0.8)).toBeCloseTo(perChip, 9);
    expect(r.energyJ).toBeCloseTo(64 * 7 * H * perChip, 3);
  });

  it('the whole site: cluster IT energy is the run plus idle chips, exactly', () => {
    const dir = mkdtempSync(join(tmpdir(), 'dcpsim-train-'));
    const s = runScenario({
      model: join(import.meta.dirname, '..', 'fixtures', 'workload-mixed.yaml'),
      out: dir,
      set: ['workload.inference=[]', 'workload.training=[{name: a, cluster: train, chips: 64, work: 7h, duty: 0.5}]'],
    }).summary;
    const server = serverSpec(CHIPS.H100, { chips: 8, fixed_share: 0.5 });
    const per = (board: number) => board + (server.fixedW + server.loadW * ((board - 129.45) / (700 - 129.45))) / 8;
    const itJ = 64 * 7 * H * per(493.56) + (256 * 72 - 64 * 7) * H * per(129.45) + 64 * 72 * H * 125.49;
    expect(s.energy_mwh.it).toBeCloseTo(itJ / 3.6e9, 9);
    expect(s.training[0].energy_mwh).toBeCloseTo((64 * 7 * H * per(493.56)) / 3.6e9, 9);
    expect(s.training[0].goodput).toBeCloseTo(1, 12);
  });

  it('throttling by half doubles the remaining time (with checkpoints too)', () => {
    for (const everyS of [Infinity, H]) {
      const { sim, run, throttle } = harness();
      const r = run({ workS: 10 * H, everyS, takesS: 0 });
      sim.at(4 * H, () => throttle(0.5));
      sim.run(100 * H);
      expect(r.endedS).toBeCloseTo(4 * H + 2 * 6 * H, 6);
      expect(r.doneS()).toBe(10 * H);
    }
  });

  it('many changes of rate neither lose nor invent work: it ends when the integral of the rate reaches the work', () => {
    const { sim, run, throttle } = harness();
    const r = run({ workS: 50 * H, everyS: 2 * H, takesS: 300 });
    const rates = [0.3, 1, 0.77, 0.5, 0, 0.9, 1, 0.25, 0.6];
    // A change every 3 h (0 pauses progress entirely for that while).
    rates.forEach((f, i) => sim.at((i + 1) * 3 * H, () => throttle(f)));
    sim.run(1000 * H);
    // Expected end: integrate the rate over time, adding 300 s for every checkpoint written.
    let work = 0,
      t = 0,
      f = 1,
      end = NaN;
    const changes = rates.map((x, i) => [(i + 1) * 3 * H, x] as const);
    let k = 0;
    let sinceCk = 0;
    while (Number.isNaN(end)) {
      const nextChange = k < changes.length ? changes[k][0] : Infinity;
      const toCk = Math.min(2 * H - sinceCk, 50 * H - work);
      const tReach = f > 0 ? t + toCk / f : Infinity;
      if (tReach <= nextChange) {
        work += toCk;
        t = tReach;
        sinceCk += toCk;
        if (work >= 50 * H - 1e-6) end = t;
        else {
          sinceCk = 0;
          t += 300;
        }
        // a checkpoint pause straddling a change is not slowed, but a change during it applies afterwards
        while (k < changes.length && changes[k][0] <= t) f = changes[k++][1];
      } else {
        work += f * (nextChange - t);
        sinceCk += f * (nextChange - t);
        t = nextChange;
        f = changes[k++][1];
      }
    }
    expect(r.endedS).toBeCloseTo(end, 3);
    expect(r.doneS()).toBe(50 * H);
    expect(r.lostS).toBe(0);
  });

  it('setting the same throttle again is a no-op and does not notify the site', () => {
    const sim = new Simulation();
    let changes = 0;
    const w = new Workload(
      sim,
      new RandomStreams(1),
      {
        clusters: [{ name: 'g', count: 16, spec: CHIPS.H100, power: chipCurve(CHIPS.H100) }],
        workload: {
          jobs: [],
          training: [{ name: 't', cluster: 'g', chips: 8, work: 5 * H, duty: 0.8, priority: 0, restart: 0 }],
        },
      },
      100 * H,
      () => changes++,
    );
    sim.run(H);
    const before = { changes, pending: sim.pending };
    w.setThrottle(1);
    w.setThrottle(1);
    expect({ changes, pending: sim.pending }).toEqual(before);
    w.setThrottle(0.5);
    expect(changes).toBe(before.changes); // a rate change moves no chips: power follows from the factor
    const pending = sim.pending;
    w.setThrottle(0.5);
    expect(sim.pending).toBe(pending);
    sim.run(100 * H);
    expect(w.runs[0].endedS).toBeCloseTo(H + 8 * H, 6);
  });

  it('lost work from failures, averaged over many seeds, matches the exact expectation of the model', () => {
    // Model: failures at rate lam while computing or writing a checkpoint; a failure loses the work
    // since the last completed checkpoint. With work W = K tau, each of the first K-1 segments
    // (compute tau, then write delta) is retried until it survives tau + delta, p = exp(-lam (tau + delta)):
    //   E[lost per segment] = E[min(T, tau); T < tau + delta] / p,
    //   E[min(T, tau); T < tau + delta] = (1 - e^{-lam tau}(1 + lam tau)) / lam + tau (e^{-lam tau} - e^{-lam (tau + delta)}),
    // and the last segment has no checkpoint after it: E = (1 - e^{-lam tau}(1 + lam tau)) / lam / e^{-lam tau}.
    // (MODELS.md's Young/Daly share lam (tau/2 + R) is the first-order form of the same.)
    const tau = H,
      delta = 0.05 * H,
      K = 20,
      chips = 1000,
      mtbf = 2000 * H;
    const lam = chips / mtbf;
    const a = 1 - Math.exp(-lam * tau) * (1 + lam * tau);
    const seg =
      (a / lam + tau * (Math.exp(-lam * tau) - Math.exp(-lam * (tau + delta)))) / Math.exp(-lam * (tau + delta));
    const last = a / lam / Math.exp(-lam * tau);
    const expected = (K - 1) * seg + last;
    const expectedFailures = (K - 1) * (Math.exp(lam * (tau + delta)) - 1) + (Math.exp(lam * tau) - 1);

    const { sim, run } = harness(chips * 4000);
    const runs: TrainingRun[] = [];
    for (let i = 0; i < 4000; i++) {
      runs.push(
        run({ chips, workS: K * tau, everyS: tau, takesS: delta, failureRate: lam, restartS: 0.1 * H }, `seed-${i}`),
      );
    }
    sim.run(Infinity);
    expect(runs.every((r) => r.phase === 'done')).toBe(true);
    const meanLost = runs.reduce((s, r) => s + r.lostS, 0) / runs.length;
    const meanFailures = runs.reduce((s, r) => s + r.interruptions, 0) / runs.length;
    expect(Math.abs(meanLost / expected - 1)).toBeLessThan(0.03);
    expect(Math.abs(meanFailures / expectedFailures - 1)).toBeLessThan(0.03);
    // Wall time is exactly work + checkpoints + lost work + restarts + checkpoints lost to failures.
    for (const r of runs.slice(0, 50)) {
      expect(r.endedS).toBeGreaterThanOrEqual(K * tau + (K - 1) * delta + r.lostS + r.interruptions * 0.1 * H - 1e-6);
    }
  });

  it("the scheduler's estimate of its end is the end, checkpoints counted exactly (none after the last segment)", () => {
    // 9 h of work, a checkpoint every 3 h taking 30 min: two checkpoints (at 3 h and 6 h of work), none at the end,
    // so it ends at 10 h. The estimate counted floor(9 / 3) = 3 checkpoints when queued (10.5 h), and mid-segment
    // floor(left / every) (1 at 1 h of work, where two are still to come: 9.5 h).
    for (const workS of [9 * H, 10 * H]) {
      const { sim, run } = harness(64);
      const blocker = run({ chips: 64, workS: H });
      const r = run({ chips: 64, workS, everyS: 3 * H, takesS: 0.5 * H });
      const end = H + workS + (Math.ceil(workS / (3 * H)) - 1) * 0.5 * H;
      const seen: number[] = [];
      for (const t of [0.5, 1.5, 2, 4.1, 4.6, 8, 9.5].map((h) => h * H))
        if (t < end) sim.at(t, () => seen.push(r.estimateS()));
      sim.run(100 * H);
      expect(blocker.endedS).toBe(H);
      expect(r.endedS).toBeCloseTo(end, 6);
      // Queued (at 0.5 h: starts at 1 h with the blocker's end, so the queued estimate reads from now) aside, exact.
      expect(seen[0]).toBeCloseTo(0.5 * H + (end - H), 6);
      for (const e of seen.slice(1)) expect(e).toBeCloseTo(end, 6);
    }
  });

  it('pause at the next checkpoint keeps the committed work, and resuming finishes it', () => {
    const { sim, run, cluster } = harness();
    const r = run({ workS: 10 * H, everyS: 2 * H, takesS: 60, duty: 0.8 });
    sim.at(3 * H, () => r.requestPause());
    sim.run(5 * H);
    expect(r.phase).toBe('paused');
    expect(r.committedS).toBe(4 * H);
    expect(cluster.dutyCounts.get(0)).toBe(64); // held, idle
    r.resume();
    sim.run(100 * H);
    expect(r.endedS).toBeCloseTo(5 * H + 6 * H + 2 * 60, 6);
    expect(r.doneS()).toBe(10 * H);
  });
});

describe('shortage: pause', () => {
  it('pauses the lowest priority at its next checkpoint, slowing it alone till then; resumes when it fits; loses no work', () => {
    const sim = new Simulation();
    const curve = chipCurve(CHIPS.H100);
    // Both runs need 16 x 654.4 W = 10.5 kW; one run with the other's chips idle 6.3 kW.
    let capW = Infinity;
    let dirty = false;
    const settle = (): void => {
      dirty = false;
      const fits = (x: number): boolean => chipsPowerW(w.clusters[0], curve, x) <= capW;
      w.setThrottle(w.fitByPausing(fits, largestFitting));
    };
    const w: Workload = new Workload(
      sim,
      new RandomStreams(1),
      {
        clusters: [{ name: 'g', count: 16, spec: CHIPS.H100, power: chipCurve(CHIPS.H100) }],
        workload: {
          jobs: [],
          training: [
            {
              name: 'hi',
              cluster: 'g',
              chips: 8,
              work: 10 * H,
              duty: 0.8,
              priority: 1,
              restart: 0,
              checkpoint: { every: H, takes: 60, duty: 0 },
            },
            {
              name: 'lo',
              cluster: 'g',
              chips: 8,
              work: 10 * H,
              duty: 0.8,
              priority: 0,
              restart: 0,
              checkpoint: { every: H, takes: 60, duty: 0 },
            },
          ],
        },
      },
      100 * H,
      () => {
        if (!dirty) (dirty = true), sim.at(sim.now, settle);
      },
    );
    sim.at(1.5 * H, () => ((capW = 8000), settle()));
    sim.run(3 * H);
    const [hi, lo] = w.runs;
    expect(lo.willPause).toBe(true); // heading for its checkpoint at 2 h of work, slowed alone
    expect(w.throttle).toBe(1);
    expect(chipsPowerW(w.clusters[0], curve, 1)).toBeLessThanOrEqual(8000);
    sim.run(6 * H);
    expect(lo.phase).toBe('paused');
    expect(lo.committedS).toBe(2 * H);
    capW = Infinity;
    settle();
    expect(lo.phase).toBe('computing');
    sim.run(100 * H);
    // The high-priority run never slowed: 10 h of work and 9 one-minute checkpoints.
    expect(hi.endedS).toBe(10 * H + 9 * 60);
    expect(hi.pauses).toBe(0);
    // One pause, from its checkpoint (reached slowed) to 6 h; hi's checkpoints never lifted it.
    expect(lo.pauses).toBe(1);
    expect(lo.pausedTimeS()).toBeGreaterThan(2 * H);
    expect(lo.pausedTimeS()).toBeLessThan(3 * H);
    expect(lo.doneS()).toBe(10 * H);
    expect(lo.phase).toBe('done');
  });
});

describe('shortage: pause, through the whole site', () => {
  it('a run whose own checkpoints lower the load still pauses, and the load then fits the supply', () => {
    const run = (policy: string) =>
      runScenario({
        model: join(import.meta.dirname, '..', 'fixtures', 'workload-mixed.yaml'),
        out: mkdtempSync(join(tmpdir(), 'dcpsim-pause-')),
        set: ['supply[0].import_cap=200 kW', `shortage=${policy}`],
      });
    const paused = run('pause');
    const throttled = run('throttle');
    const pretrain = (r: typeof paused) => r.summary.training.find((t) => t.name === 'pretrain')!;
    // Checkpoints run at low duty: before the fix the pause was cancelled at each one and never happened.
    expect(pretrain(paused).pauses).toBeGreaterThan(0);
    expect(pretrain(throttled).pauses).toBe(0);
    // Paused, its chips idle: less work done than when merely slowed, and nothing unmet either way.
    expect(pretrain(paused).done_h).toBeLessThan(pretrain(throttled).done_h);
    for (const r of [paused, throttled]) {
      expect(r.summary.energy_mwh.unmet).toBe(0);
      expect(r.summary.peak_kw.facility).toBeLessThanOrEqual(200 + 1e-6);
    }
  });
});

describe('the jobs summary', () => {
  it('counts every job of the horizon: chip-hours held to the end by running ones, waits so far of queued ones', () => {
    // Four 8-chip runs of 10 h on 8 chips, all submitted at 0, a 25 h horizon: two complete,
    // the third runs from 20 h, the fourth still waits at the end.
    const dir = mkdtempSync(join(tmpdir(), 'dcpsim-jobs-'));
    const model = join(dir, 'm.yaml');
    const run = (n: number) => `{ name: r${n}, cluster: g, chips: 8, work: 10h }`;
    writeFileSync(
      model,
      [
        'start: 2027-01-01',
        'duration: 25h',
        'step: 1h',
        'clusters: [{ name: g, chip: H100, count: 8 }]',
        `workload: { training: [${[1, 2, 3, 4].map(run).join(', ')}] }`,
        'supply: [{ kind: grid }]',
      ].join('\n'),
    );
    const j = runScenario({ model, out: dir }).summary.jobs;
    expect(j).toMatchObject({ submitted: 4, started: 3, completed: 2, running: 1, queued: 1 });
    expect(j.chip_hours).toBeCloseTo(8 * (10 + 10 + 5), 9);
    expect(j.mean_wait_h).toBeCloseTo((0 + 10 + 20 + 25) / 4, 9);
  });
});

describe('a training run submitted outside the run (a decision, docs/model-reference.md `submit`)', () => {
  // Allowed, as a cluster's in_service after the end is: `dcpsim run default --duration 90d` (README) shortens a
  // plan whose B200 runs are submitted 2028-07-01. Pinned so that a change to it is deliberate.
  const MIXED = join(import.meta.dirname, '..', 'fixtures', 'workload-mixed.yaml');
  const run = (submit: string) =>
    runScenario({
      model: MIXED,
      out: mkdtempSync(join(tmpdir(), 'dcpsim-submit-')),
      set: [`workload.training[1].submit=${submit}`],
    }).summary;

  it('at or after the end: not submitted, so not in the summary; before the start: submitted at the start', () => {
    for (const at of ['2027-03-04T00:00Z', '2031-01-01']) {
      const s = run(at);
      expect(s.training.map((t) => t.name)).toEqual(['pretrain']);
      expect(s.jobs.submitted).toBe(1);
    }
    const early = run('2020-03-01');
    expect(early.training.find((t) => t.name === 'finetune')?.submitted_utc).toBe('2027-03-01 00:00:00.000');
  });

  it("summary.json writes every run's dates in one shape, UTC as its other dates are, to the millisecond", () => {
    // Was ISO with a Z, and '.000' dropped on whole seconds ('2027-03-01T00:00:00Z' beside '2027-03-02T11:58:08.681Z'):
    // pandas 2 infers one format from a column's first date and refused the next; and its start_utc is naive.
    const s = run('2027-03-01T07:08:09Z');
    const dates = s.training.flatMap((t) => [t.submitted_utc, t.started_utc, t.ended_utc]);
    expect(dates.filter((d) => d !== null).length).toBeGreaterThan(3);
    for (const d of dates) if (d !== null) expect(d).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}$/);
    expect(s.training.find((t) => t.name === 'finetune')?.submitted_utc).toBe('2027-03-01 07:08:09.000');
    expect(s.start_utc).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
  });
});

describe('checkpoint intervals that divide the work, as written, into whole segments', () => {
  // 1.1 h every 0.1 h is 11 segments of compute with a checkpoint after each but the last: 10. In seconds "1.1h"
  // reads 3,960.0000000000005 and "0.7d" 60,479.99999999999, so the work left after the last checkpoint read a hair
  // above the interval: the run wrote one checkpoint more (11 and 10, a `takes` of wall time and idle energy more)
  // and then computed a last segment of 1e-13 s.
  const dir = mkdtempSync(join(tmpdir(), 'dcpsim-segments-'));
  const model = join(dir, 'segments.yaml');
  writeFileSync(
    model,
    [
      'start: 2027-01-01',
      'duration: 30d',
      'step: 1h',
      'clusters: [{ name: c, chip: H100, count: 8 }]',
      'workload: { training: [{ name: a, cluster: c, chips: 8, work: 1h, duty: 1, checkpoint: { every: 1h, takes: 1m } }] }',
      'supply: [{ kind: grid, price: 50 $/MWh }]',
    ].join('\n'),
  );
  it.each([
    ['1.1h', '0.1h', 11],
    ['7d', '0.7d', 10],
    ['2.3h', '0.1h', 23],
    ['66m', '6m', 11],
    ['1.05h', '0.1h', 11],
  ] as const)('work %s checkpointed every %s: %i segments, one checkpoint fewer', (work, every, segments) => {
    const s = runScenario({
      model,
      out: mkdtempSync(join(dir, 'out-')),
      set: [`workload.training[0].work=${work}`, `workload.training[0].checkpoint.every=${every}`],
    }).summary;
    const t = s.training[0];
    expect(t.completed).toBe(true);
    expect(t.checkpoints).toBe(segments - 1);
    expect(t.checkpointing_h).toBeCloseTo((segments - 1) / 60, 9);
    expect(t.wall_time_h).toBeCloseTo(t.work_h + (segments - 1) / 60, 9);
  });

  it("the scheduler's estimate and the time left count the same checkpoints", () => {
    const { sim, run } = harness(64);
    const workS = 7 * 86400 * 1; // 7 d
    const everyS = 0.7 * 86400; // 60,479.99999999999 s
    const r = run({ chips: 64, workS, everyS, takesS: 60 });
    const end = workS + 9 * 60;
    expect(r.remainingAtFullS()).toBeCloseTo(end, 6);
    expect(r.estimateS()).toBeCloseTo(end, 6);
    sim.at(end - 3600, () => {
      expect(r.remainingAtFullS()).toBeCloseTo(3600, 6);
      expect(r.estimateS()).toBeCloseTo(end, 6);
    });
    sim.run(30 * 86400);
    expect(r.checkpoints).toBe(9);
    expect(r.endedS).toBeCloseTo(end, 6);
  });
});

/**
 * The load side of a site: clusters, their schedulers and the job sources
 * that feed them. The site reads each cluster's aggregate state; the
 * workload tells the site when it changes.
 */
import type { Simulation } from '../kernel/simulation.ts';
import type { RandomStreams } from '../kernel/random.ts';
import type { Meter } from '../output/recorder.ts';
import { ClusterState } from './cluster.ts';
import { Scheduler } from './scheduler.ts';
import { startJobStream, type JobStreamConfig } from './jobs.ts';

export interface WorkloadConfig {
  clusters: readonly { name: string; count: number }[];
  workload: { jobs: readonly JobStreamConfig[] };
}

export class Workload {
  readonly clusters: ClusterState[];
  readonly schedulers: Scheduler[];

  constructor(sim: Simulation, random: RandomStreams, cfg: WorkloadConfig, horizonS: number, changed: () => void) {
    this.clusters = cfg.clusters.map((c) => new ClusterState(c.name, c.count));
    for (const c of this.clusters) c.onChange = changed;
    this.schedulers = this.clusters.map((c) => new Scheduler(sim, c));
    for (const j of cfg.workload.jobs) {
      const i = this.clusters.findIndex((c) => c.name === j.cluster);
      startJobStream(sim, random.stream(`jobs:${j.name}`), j, this.schedulers[i], horizonS);
    }
  }

  /** Progress-rate factor applied to every busy chip (1: full speed). */
  throttle = 1;

  /**
   * Slow every busy chip to `factor` of its duty (a power cap). Running jobs
   * progress at that rate, so their remaining time stretches.
   * TODO(workload): reschedule completions; 'pause' policy.
   */
  setThrottle(factor: number): void {
    this.throttle = factor;
  }

  /** Columns of the load: busy chips, running and queued jobs (time averages). */
  meters(): Meter[] {
    const count = (name: string, f: () => number): Meter => ({ name, kind: 'mean', scale: 1, decimals: 2, level: f });
    return [
      count('busy_chips', () => this.clusters.reduce((a, c) => a + c.busy, 0)),
      count('running_jobs', () => this.schedulers.reduce((a, s) => a + s.running, 0)),
      count('queued_jobs', () => this.schedulers.reduce((a, s) => a + s.queued, 0)),
    ];
  }

  summary() {
    const stats = this.schedulers.map((s) => s.stats);
    const sum = (f: (s: (typeof stats)[number]) => number): number => stats.reduce((a, s) => a + f(s), 0);
    const started = sum((s) => s.started);
    return {
      submitted: sum((s) => s.submitted),
      started,
      completed: sum((s) => s.completed),
      mean_wait_h: started > 0 ? sum((s) => s.waitS) / started / 3600 : 0,
      chip_hours: sum((s) => s.chipSeconds) / 3600,
    };
  }
}

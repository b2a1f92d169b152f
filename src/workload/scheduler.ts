/**
 * Places jobs on a cluster first-come first-served: the head of the queue
 * starts as soon as enough chips are free; nobody overtakes it.
 */
import type { Simulation } from '../kernel/simulation.ts';
import type { ClusterState } from './cluster.ts';

export interface Job {
  readonly chips: number;
  readonly durationS: number;
  readonly duty: number;
  readonly submittedS: number;
}

export interface SchedulerStats {
  submitted: number;
  started: number;
  completed: number;
  /** Sum of waits of started jobs, s. */
  waitS: number;
  /** Chip-seconds of completed work. */
  chipSeconds: number;
}

export class Scheduler {
  private queue: Job[] = [];
  private head = 0;
  running = 0;
  readonly stats: SchedulerStats = { submitted: 0, started: 0, completed: 0, waitS: 0, chipSeconds: 0 };

  constructor(private readonly sim: Simulation, readonly cluster: ClusterState) {}

  get queued(): number {
    return this.queue.length - this.head;
  }

  submit(job: Job): void {
    if (job.chips > this.cluster.chips) throw new Error(`a job needs ${job.chips} chips but cluster ${this.cluster.name} has ${this.cluster.chips}`);
    this.stats.submitted++;
    this.queue.push(job);
    this.tryStart();
  }

  private tryStart(): void {
    while (this.head < this.queue.length && this.queue[this.head].chips <= this.cluster.free) {
      const job = this.queue[this.head++];
      this.start(job);
    }
    if (this.head > 1024 && this.head * 2 > this.queue.length) {
      this.queue = this.queue.slice(this.head);
      this.head = 0;
    }
  }

  private start(job: Job): void {
    const { sim, cluster, stats } = this;
    stats.started++;
    stats.waitS += sim.now - job.submittedS;
    this.running++;
    cluster.occupy(job.chips, job.duty);
    sim.after(job.durationS, () => {
      this.running--;
      stats.completed++;
      stats.chipSeconds += job.chips * job.durationS;
      cluster.release(job.chips, job.duty);
      this.tryStart();
    });
  }
}

/**
 * An inference service as a fluid: demand (tokens/s) spread over its
 * reserved chips; each chip runs the batch that serves its share, up to the
 * largest batch, so joules per token fall as load grows. What the largest
 * batch cannot serve is unserved (missed requests). Under a throttle the
 * chips slow by the factor: the batch stays, served tokens fall with it.
 * Events come only when the demand changes, never per request.
 */
import type { Simulation } from '../kernel/simulation.ts';
import type { PowerCurve } from '../model/chips.ts';
import type { ClusterState } from './cluster.ts';
import type { BatchCurve } from './batching.ts';
import { J_PER_MWH } from '../model/units.ts';

/** One inference service's entry in summary.json. */
export interface ServiceSummary {
  name: string;
  chips: number;
  demand_tokens: number;
  served_tokens: number;
  /** Share of demanded tokens not served (missed requests). */
  unserved_share: number;
  mean_batch: number;
  energy_mwh: number;
  /** IT energy (boards + servers) per served token. */
  j_per_token: number;
}

export interface InferenceSummary {
  services: ServiceSummary[];
}

export class InferenceService {
  demandTps = 0;
  servedTps = 0;
  batch = 0;
  private duty = 0;
  private throttle = 1;
  // Integrals: tokens demanded and served, energy (chips, board + server), batch-seconds.
  demandTokens = 0;
  servedTokens = 0;
  energyJ = 0;
  private batchS = 0;
  private powerW = 0;
  private t = 0;
  /** Its chips, held at the current duty while its cluster is in service. */
  private reserved = false;

  constructor(
    readonly name: string,
    readonly chips: number,
    private readonly sim: Simulation,
    readonly cluster: ClusterState,
    private readonly curve: BatchCurve,
    private readonly power: PowerCurve,
  ) {
    if (cluster.inService) this.reserve();
  }

  private reserve(): void {
    this.cluster.occupy(this.chips, this.duty);
    this.reserved = true;
    this.levels();
  }

  /** Its cluster entered or left service: the service takes or gives back its chips, and serves nothing out of service. */
  setInService(on: boolean): void {
    if (on === this.reserved) return;
    this.tick();
    if (on) this.reserve();
    else {
      this.cluster.release(this.chips, this.duty);
      this.reserved = false;
      this.levels();
    }
  }

  /** Share of the service's capacity in use (0..1). */
  get utilisation(): number {
    return this.servedTps / (this.chips * this.curve.maxTps);
  }

  setDemand(tps: number): void {
    this.tick();
    this.demandTps = tps;
    this.batch = this.curve.batchFor(tps / this.chips);
    const d = this.curve.dutyAt(this.batch);
    // The demand and served columns change even when the batch (and so power) does not.
    if (d === this.duty || !this.reserved) this.cluster.onChange();
    else this.cluster.move(this.chips, this.duty, d);
    this.duty = d;
    this.levels();
  }

  setThrottle(f: number): void {
    if (f === this.throttle) return;
    this.tick();
    this.throttle = f;
    this.levels();
  }

  private levels(): void {
    const on = this.reserved ? 1 : 0;
    this.servedTps = Math.min(this.demandTps, this.chips * this.curve.tpsAt(this.batch)) * this.throttle * on;
    this.powerW = this.chips * this.power(this.duty * this.throttle) * on;
  }

  /** Bring the integrals up to now. */
  tick(): void {
    const dt = this.sim.now - this.t;
    this.t = this.sim.now;
    this.demandTokens += this.demandTps * dt;
    this.servedTokens += this.servedTps * dt;
    this.energyJ += this.powerW * dt;
    this.batchS += this.batch * dt;
  }

  summary(horizonS: number): ServiceSummary {
    this.tick();
    return {
      name: this.name,
      chips: this.chips,
      demand_tokens: this.demandTokens,
      served_tokens: this.servedTokens,
      unserved_share: this.demandTokens > 0 ? Math.max(0, 1 - this.servedTokens / this.demandTokens) : 0,
      mean_batch: this.batchS / horizonS,
      energy_mwh: this.energyJ / J_PER_MWH,
      j_per_token: this.servedTokens > 0 ? this.energyJ / this.servedTokens : 0,
    };
  }
}

/**
 * An inference service as a fluid: demand (prompt and generated tokens/s)
 * spread over its reserved chips. Each chip spends a share of its time in
 * prefill, the prompt tokens at the prefill rate, and the rest decoding the
 * generated tokens at the batch that serves them in that time, up to the
 * largest batch, so joules per token fall as load grows. Requests neither
 * phase has time for are unserved. Under a throttle the chips slow by the
 * factor: the shares and batch stay, served tokens fall with it. Events come
 * only when the demand changes, never per request (docs/models/workload.md).
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
  /** Of the served tokens, prompt tokens (prefill) and generated tokens (decode). */
  served_prompt_tokens: number;
  served_generated_tokens: number;
  /** Share of demanded tokens not served (missed requests). */
  unserved_share: number;
  /** Time-mean decode batch over the time the service is in service (its cluster's; 0 if never). */
  mean_batch: number;
  /** Time-mean share of the chips' time in prefill, over the same time. */
  prefill_time_share: number;
  energy_mwh: number;
  /** IT energy (boards + servers) per served token. */
  j_per_token: number;
}

export interface InferenceSummary {
  services: ServiceSummary[];
}

export class InferenceService {
  demandTps = 0;
  /** Of the demand, prompt tokens/s. */
  demandPromptTps = 0;
  servedTps = 0;
  servedPromptTps = 0;
  /** Decode batch, and share of the chips' time in prefill. */
  batch = 0;
  prefillShare = 0;
  /** Share of the demanded requests served at full speed. */
  private servedShare = 1;
  private duty = 0;
  private throttle = 1;
  // Integrals: tokens demanded and served, energy (chips, board + server); batch-seconds and prefill-seconds while
  // in service, and those seconds (out of service no chip decodes or prefills, whatever the demand would need).
  demandTokens = 0;
  servedTokens = 0;
  servedPromptTokens = 0;
  energyJ = 0;
  private batchS = 0;
  private prefillS = 0;
  private servingS = 0;
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

  /** Share of the service's chip time its served tokens need at the largest batch (0..1). */
  get utilisation(): number {
    const c = this.curve;
    return (this.servedPromptTps / c.prefillTps + (this.servedTps - this.servedPromptTps) / c.maxTps) / this.chips;
  }

  /** Demand of `tps` tokens/s, `promptTps` of them prompt tokens. */
  setDemand(tps: number, promptTps = 0): void {
    this.tick();
    this.demandTps = tps;
    this.demandPromptTps = promptTps;
    // Per chip: time share prefill needs, and what decode needs at the largest batch.
    const c = this.curve;
    const prefill = promptTps / this.chips / c.prefillTps;
    const generated = Math.max(0, tps - promptTps) / this.chips;
    const load = prefill + generated / c.maxTps;
    // Over capacity, the share of requests that fit; the decode then runs the largest batch.
    this.servedShare = load > 1 ? 1 / load : 1;
    this.prefillShare = prefill * this.servedShare;
    this.batch = load >= 1 ? c.batchFor(Number.POSITIVE_INFINITY) : c.batchFor(generated / (1 - this.prefillShare));
    const d = c.dutyAt(this.batch, this.prefillShare);
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
    this.servedTps = this.demandTps * this.servedShare * this.throttle * on;
    this.servedPromptTps = this.demandPromptTps * this.servedShare * this.throttle * on;
    this.powerW = this.chips * this.power(this.duty * this.throttle) * on;
  }

  /** Bring the integrals up to now. */
  tick(): void {
    const dt = this.sim.now - this.t;
    this.t = this.sim.now;
    this.demandTokens += this.demandTps * dt;
    this.servedTokens += this.servedTps * dt;
    this.servedPromptTokens += this.servedPromptTps * dt;
    this.energyJ += this.powerW * dt;
    if (this.reserved) {
      this.batchS += this.batch * dt;
      this.prefillS += this.prefillShare * dt;
      this.servingS += dt;
    }
  }

  summary(): ServiceSummary {
    this.tick();
    const serving = this.servingS;
    return {
      name: this.name,
      chips: this.chips,
      demand_tokens: this.demandTokens,
      served_tokens: this.servedTokens,
      served_prompt_tokens: this.servedPromptTokens,
      served_generated_tokens: this.servedTokens - this.servedPromptTokens,
      unserved_share: this.demandTokens > 0 ? Math.max(0, 1 - this.servedTokens / this.demandTokens) : 0,
      mean_batch: serving > 0 ? this.batchS / serving : 0,
      prefill_time_share: serving > 0 ? this.prefillS / serving : 0,
      energy_mwh: this.energyJ / J_PER_MWH,
      j_per_token: this.servedTokens > 0 ? this.energyJ / this.servedTokens : 0,
    };
  }
}

/**
 * Dispatch: meet demand in merit order. Must-run supplies deliver all they
 * have; what is not needed is curtailed. What no supply meets is unmet.
 * supplied + unmet = demand, always.
 */
import type { Supply } from './supply.ts';

export interface DispatchResult {
  /** Power each supply delivers to the site, W (same order as supplies). */
  readonly deliveredW: Float64Array;
  unmetW: number;
  curtailedW: number;
}

export function newDispatchResult(n: number): DispatchResult {
  return { deliveredW: new Float64Array(n), unmetW: 0, curtailedW: 0 };
}

export function dispatch(demandW: number, supplies: readonly Supply[], out: DispatchResult): DispatchResult {
  let remaining = demandW;
  let curtailed = 0;
  for (let i = 0; i < supplies.length; i++) {
    const s = supplies[i];
    const avail = Math.max(0, s.availableW());
    let w: number;
    if (s.mustRun) {
      w = Math.min(avail, remaining);
      curtailed += avail - w;
    } else {
      w = Math.min(avail, remaining);
    }
    remaining -= w;
    out.deliveredW[i] = w;
    s.deliver?.(w);
  }
  out.unmetW = remaining;
  out.curtailedW = curtailed;
  return out;
}

/**
 * Dispatch: meet demand in merit order, then place any surplus.
 *
 * Every supply first gives its least (must-run: all it has; load-following:
 * its minimum stable load); the rest of the demand is met in merit order,
 * stores that only want to charge or hold last of all (a last resort before
 * unmet demand). Surplus goes to stores, then export, then is curtailed,
 * taken from the surplus sources last in merit order first. A store that
 * wants to charge (cheap or clean grid) then draws on the headroom of the
 * non-storage supplies.
 *
 * Invariants (a property test checks them): sum(delivered) + unmet = demand;
 * delivered <= produced <= available for every source; produced = used +
 * curtailed; used = delivered + toStore + toExport.
 */
import type { Signal, Supply } from './supply.ts';

export interface DispatchResult {
  /** Power each supply delivers to the site's demand, W (same order as supplies). */
  readonly deliveredW: Float64Array;
  /** Power each supply produces and is taken (to demand, storage or export), W. */
  readonly usedW: Float64Array;
  /** Power each supply could not place and spilled, W. */
  readonly curtailedW: Float64Array;
  /** Power each store takes, W. */
  readonly chargeW: Float64Array;
  /** Power each export sink takes away, W. */
  readonly exportW: Float64Array;
  /** Carbon-free share of what each store takes. */
  readonly chargeCleanShare: Float64Array;
  /**
   * Power each supply sends to stores and to export, W: with deliveredW and curtailedW it
   * accounts for all it produces (used = delivered + toStore + toExport). Surplus is pooled;
   * it is attributed in merit order (stores take the first sources' surplus, then export the
   * next), as curtailment takes the last sources' first; charging from a supply's headroom
   * is that supply's.
   */
  readonly toStoreW: Float64Array;
  readonly toExportW: Float64Array;
  unmetW: number;
  totalCurtailedW: number;
  totalChargeW: number;
  totalExportW: number;
}

export function newDispatchResult(n: number): DispatchResult {
  const f = (): Float64Array => new Float64Array(n);
  return {
    deliveredW: f(),
    usedW: f(),
    curtailedW: f(),
    chargeW: f(),
    exportW: f(),
    chargeCleanShare: f(),
    toStoreW: f(),
    toExportW: f(),
    unmetW: 0,
    totalCurtailedW: 0,
    totalChargeW: 0,
    totalExportW: 0,
  };
}

/** The grid's price and carbon now (those of the first supply that can export, else zero), into `out`. */
function gridSignal(supplies: readonly Supply[], out: Signal): Signal {
  out.priceUsdPerJ = 0;
  out.carbonKgPerJ = 0;
  // The first grid in service, else the first grid: with a tariff change written as two grids, one retiring as the
  // next enters service, a price-following battery followed the retired grid's 20 $/MWh under the new one's 100 and
  // held full (from empty, it would have charged there).
  let first: Supply | undefined;
  for (const g of supplies) {
    if (g.export === undefined) continue;
    first ??= g;
    if (g.serving?.() === false) continue;
    first = g;
    break;
  }
  if (first) {
    out.priceUsdPerJ = first.priceUsdPerJ();
    out.carbonKgPerJ = first.carbonKgPerJ();
  }
  return out;
}

// Scratch arrays, reused across calls (dispatch runs at every change).
const scratch = {
  hi: new Float64Array(0),
  gen: new Float64Array(0),
  // Per store: 0 in merit order; 1 holding, 2 wanting to charge (both discharge only as a last resort); 3 a backup
  // (it wants to charge, and discharges after all else).
  lastResort: new Uint8Array(0),
  // Per supply: 1 if demand was left when the merit order reached it (it was asked for more than its least).
  asked: new Uint8Array(0),
  // Per supply asked: what the demand wanted of it when the merit order reached it (its least plus what was left), W.
  want: new Float64Array(0),
};
const signal: Signal = { priceUsdPerJ: 0, carbonKgPerJ: 0 };

export function dispatch(demandW: number, supplies: readonly Supply[], out: DispatchResult): DispatchResult {
  const n = supplies.length;
  if (scratch.hi.length < n) {
    scratch.hi = new Float64Array(n);
    scratch.gen = new Float64Array(n);
    scratch.lastResort = new Uint8Array(n);
    scratch.asked = new Uint8Array(n);
    scratch.want = new Float64Array(n);
  }
  // Local constants: the module's `let` arrays were read again (and checked for their temporal dead zone) after every call.
  const { hi, gen, lastResort, asked, want } = scratch;
  gridSignal(supplies, signal);
  const { deliveredW, usedW, curtailedW, chargeW, exportW, chargeCleanShare, toStoreW, toExportW } = out;
  let remaining = demandW;
  // Peak shaving: the grids' import while a shaving store can cover what is above it (Infinity: no such store).
  let limit = Infinity;
  for (let i = 0; i < n; i++) {
    const s = supplies[i];
    const h = Math.max(0, s.availableW());
    hi[i] = h;
    const g = s.mustRun ? h : Math.min(h, Math.max(0, s.minW?.() ?? 0));
    gen[i] = g;
    remaining -= g;
    const m = s.storage?.mode(signal);
    lastResort[i] = m === 'charge' || m === 'hold' ? (m === 'charge' ? (s.storage?.backup ? 3 : 2) : 1) : 0;
    // A shaving store limits the grids only in service: before its in_service and after its retire it held them at its
    // limit, a load-following SMR behind the grid carrying the rest at its own price (sp75).
    const lim = s.storage?.importLimitW;
    if (lim !== undefined && lim < limit && s.serving?.() !== false) limit = lim;
    asked[i] = 0;
    want[i] = 0;
    chargeW[i] = 0;
    exportW[i] = 0;
    curtailedW[i] = 0;
    chargeCleanShare[i] = 0;
  }
  // The rest of the demand, in merit order; stores that want to keep their charge last. Under peak shaving the grids
  // carry at most the limit first, and what is above it only after the stores, in a third pass. Backups last of all:
  // until 7 December 2026 a backup beside a shaving store shaved too, before the grids carried what is above the limit,
  // and was empty at the next outage (a UPS listed after the shaver gave 40.7 MWh of a month, none of it unmet).
  const shaving = limit < Infinity;
  let gridW = 0;
  for (let pass = 0; pass < 4 && remaining > 0; pass++) {
    for (let i = 0; i < n && remaining > 0; i++) {
      const grid = shaving && supplies[i].kind === 'grid';
      const lr = lastResort[i];
      if (pass === 2 ? !grid : (lr === 0 ? 0 : lr === 3 ? 3 : 1) !== pass) continue;
      if (!asked[i]) want[i] = gen[i] + remaining;
      asked[i] = 1;
      let take = Math.min(hi[i] - gen[i], remaining);
      if (grid && pass === 0) take = Math.min(take, limit - gridW);
      if (take > 0) {
        gen[i] += take;
        remaining -= take;
        if (grid) gridW += take;
      }
    }
  }
  out.unmetW = remaining > 0 ? remaining : 0;
  // Those not asked: the demand wanted their least less what it left over (a ramp-limited supply steps down to that),
  // below zero if the surplus passes their least; their least itself if nothing was left over (the supplies before
  // them in merit order met the rest).
  if (remaining <= 0) for (let i = 0; i < n; i++) if (!asked[i]) want[i] = gen[i] + remaining;

  // What meets the demand, in merit order; the rest of each source's output is surplus.
  let demandLeft = demandW;
  let surplus = 0;
  let surplusClean = 0;
  for (let i = 0; i < n; i++) {
    const g = gen[i];
    const d = Math.min(g, Math.max(0, demandLeft));
    deliveredW[i] = d;
    demandLeft -= d;
    const extra = g - d;
    surplus += extra;
    // Nothing spare adds nothing (a share is finite): no call, most sources at most instants.
    if (extra !== 0) surplusClean += extra * supplies[i].carbonFreeShare();
  }
  const surplusCleanShare = surplus > 0 ? surplusClean / surplus : 0;
  let totalCharge = 0;
  let totalExport = 0;
  // Surplus to stores (not those discharging), then export, then curtailed.
  let place = surplus;
  for (let i = 0; i < n && place > 0; i++) {
    const st = supplies[i].storage;
    if (!st || gen[i] > 0) continue;
    const c = Math.min(Math.max(0, st.chargeableW()), place);
    chargeW[i] = c;
    chargeCleanShare[i] = surplusCleanShare;
    place -= c;
    totalCharge += c;
  }
  for (let i = 0; i < n && place > 0; i++) {
    const ex = supplies[i].export;
    if (!ex) continue;
    const e = Math.min(Math.max(0, ex.exportableW()), place);
    exportW[i] = e;
    place -= e;
    totalExport += e;
  }
  out.totalCurtailedW = place > 0 ? place : 0;
  for (let i = n - 1; i >= 0 && place > 0; i--) {
    const c = Math.min(gen[i] - deliveredW[i], place);
    curtailedW[i] = c;
    place -= c;
  }
  // Who sent the placed surplus where: in merit order, stores first, then export.
  let toStores = totalCharge;
  let toExport = totalExport;
  for (let i = 0; i < n; i++) {
    let placed = gen[i] - deliveredW[i] - curtailedW[i];
    const m = Math.min(placed, toStores);
    const st = m > 0 ? m : 0;
    toStoreW[i] = st;
    toStores -= st;
    placed -= st;
    const e = Math.min(placed, toExport);
    const ex = e > 0 ? e : 0;
    toExportW[i] = ex;
    toExport -= ex;
  }
  // Stores that want to charge draw on the others' headroom, once demand is met.
  if (out.unmetW === 0) {
    for (let i = 0; i < n; i++) {
      const st = supplies[i].storage;
      if (!st || gen[i] > 0 || lastResort[i] < 2) continue;
      let want = Math.max(0, st.chargeableW()) - chargeW[i];
      let clean = chargeW[i] * chargeCleanShare[i];
      // A shaving store charges from the grids only up to its limit: its recharge sets no new peak.
      const lim = st.importLimitW;
      let fromGrids = 0;
      if (lim !== undefined) for (let j = 0; j < n; j++) if (supplies[j].kind === 'grid') fromGrids += gen[j];
      for (let j = 0; j < n && want > 0; j++) {
        if (supplies[j].storage || supplies[j].mustRun) continue;
        const capped = lim !== undefined && supplies[j].kind === 'grid';
        const take = Math.min(hi[j] - gen[j], want, capped ? lim - fromGrids : Infinity);
        if (take <= 0) continue;
        gen[j] += take;
        if (capped) fromGrids += take;
        want -= take;
        chargeW[i] += take;
        toStoreW[j] += take;
        totalCharge += take;
        clean += take * supplies[j].carbonFreeShare();
      }
      chargeCleanShare[i] = chargeW[i] > 0 ? clean / chargeW[i] : 0;
    }
  }
  out.totalChargeW = totalCharge;
  out.totalExportW = totalExport;
  for (let i = 0; i < n; i++) {
    const c = curtailedW[i];
    const u = gen[i] - c;
    usedW[i] = u;
    const s = supplies[i];
    s.deliver?.(u, c, asked[i] === 0, want[i]);
    s.storage?.charge(chargeW[i], chargeCleanShare[i]);
    s.export?.exported(exportW[i]);
  }
  return out;
}

import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { dispatch, newDispatchResult } from '../../src/supply/dispatch.ts';
import type { Supply } from '../../src/supply/supply.ts';
import { drive } from './drive.ts';

/** A stub supply with fixed figures; storage and export optional. */
function stub(
  s: {
    avail: number;
    mustRun: boolean;
    min: number;
    chargeable: number;
    exportable: number;
    mode: number;
    /** A grid (kind 'grid'), or a store that shaves the grids' import above this (a battery's `by: import`). */
    grid?: boolean;
    limit?: number;
  },
  i: number,
): Supply {
  const modes = ['auto', 'charge', 'hold', 'discharge'] as const;
  return {
    name: `s${i}`,
    kind: s.grid ? 'grid' : 'stub',
    mustRun: s.mustRun,
    availableW: () => s.avail,
    minW: () => s.min,
    priceUsdPerJ: () => 1e-8,
    carbonKgPerJ: () => 1e-7,
    carbonFreeShare: () => 0.5,
    ...(s.chargeable > 0
      ? {
          storage: {
            chargeableW: () => s.chargeable,
            mode: () => (s.limit === undefined ? modes[s.mode] : 'charge'),
            ...(s.limit === undefined ? {} : { importLimitW: s.limit }),
            charge: () => {},
            soc: () => 0.5,
            socRate: () => 0,
          },
        }
      : {}),
    ...(s.exportable > 0
      ? { export: { exportableW: () => s.exportable, exportPriceUsdPerJ: () => 0, exported: () => {} } }
      : {}),
  };
}

const supplyArb = fc.record({
  avail: fc.double({ min: 0, max: 1e9, noNaN: true }),
  mustRun: fc.boolean(),
  min: fc.double({ min: 0, max: 1e9, noNaN: true }),
  chargeable: fc.oneof(fc.constant(0), fc.double({ min: 0, max: 1e9, noNaN: true })),
  exportable: fc.oneof(fc.constant(0), fc.double({ min: 0, max: 1e9, noNaN: true })),
  mode: fc.integer({ min: 0, max: 3 }),
});

describe('dispatch', () => {
  it('for any portfolio and load: supplied + unmet = demand, delivered <= produced <= available, surplus placed', () => {
    fc.assert(
      fc.property(
        fc.array(supplyArb, { minLength: 1, maxLength: 8 }),
        fc.double({ min: 0, max: 5e9, noNaN: true }),
        (specs, demand) => {
          const supplies = specs.map(stub);
          const r = dispatch(demand, supplies, newDispatchResult(supplies.length));
          const tol = 1e-9 * (demand + specs.reduce((a, s) => a + s.avail + s.chargeable, 0)) + 1e-6;
          let delivered = 0;
          let produced = 0;
          let toStore = 0;
          let toExport = 0;
          for (let i = 0; i < supplies.length; i++) {
            const gen = r.usedW[i] + r.curtailedW[i];
            expect(r.deliveredW[i]).toBeGreaterThanOrEqual(0);
            expect(r.curtailedW[i]).toBeGreaterThanOrEqual(0);
            expect(r.deliveredW[i]).toBeLessThanOrEqual(gen + tol);
            expect(gen).toBeLessThanOrEqual(specs[i].avail + tol);
            expect(r.chargeW[i]).toBeLessThanOrEqual(specs[i].chargeable + tol);
            expect(r.exportW[i]).toBeLessThanOrEqual(specs[i].exportable + tol);
            // A store never charges while it discharges.
            if (r.chargeW[i] > 0) expect(r.usedW[i]).toBe(0);
            // Each source's output is accounted for: to the load, stores or export (issue 10.8).
            expect(r.toStoreW[i]).toBeGreaterThanOrEqual(0);
            expect(r.toExportW[i]).toBeGreaterThanOrEqual(0);
            expect(Math.abs(r.usedW[i] - (r.deliveredW[i] + r.toStoreW[i] + r.toExportW[i]))).toBeLessThanOrEqual(tol);
            toStore += r.toStoreW[i];
            toExport += r.toExportW[i];
            delivered += r.deliveredW[i];
            produced += gen;
          }
          expect(Math.abs(toStore - r.totalChargeW)).toBeLessThanOrEqual(tol);
          expect(Math.abs(toExport - r.totalExportW)).toBeLessThanOrEqual(tol);
          expect(r.unmetW).toBeGreaterThanOrEqual(0);
          expect(Math.abs(delivered + r.unmetW - demand)).toBeLessThanOrEqual(tol);
          // Everything produced goes to demand, storage, export or is curtailed.
          expect(
            Math.abs(produced - (delivered + r.totalChargeW + r.totalExportW + r.totalCurtailedW)),
          ).toBeLessThanOrEqual(tol);
          // Unmet demand only when every supply gives all it has.
          if (r.unmetW > tol)
            for (let i = 0; i < supplies.length; i++)
              expect(r.usedW[i] + r.curtailedW[i]).toBeCloseTo(specs[i].avail, 0);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('peak shaving: the grids carry at most the limit while a shaving store has power left, and it recharges under it', () => {
    const shaveArb = fc.record({
      others: fc.array(supplyArb, { maxLength: 4 }),
      grid: fc.double({ min: 0, max: 1e9, noNaN: true }),
      store: fc.record({
        avail: fc.double({ min: 0, max: 1e9, noNaN: true }),
        chargeable: fc.double({ min: 1, max: 1e9, noNaN: true }),
      }),
      limit: fc.double({ min: 0, max: 1e9, noNaN: true }),
      at: fc.integer({ min: 0, max: 6 }),
      demand: fc.double({ min: 0, max: 3e9, noNaN: true }),
    });
    fc.assert(
      fc.property(shaveArb, (k) => {
        const specs = [...k.others];
        const store = { ...k.store, mustRun: false, min: 0, exportable: 0, mode: 1, limit: k.limit };
        const grid = { avail: k.grid, mustRun: false, min: 0, chargeable: 0, exportable: 0, mode: 0, grid: true };
        specs.splice(Math.min(k.at, specs.length), 0, store);
        specs.push(grid);
        const supplies = specs.map(stub);
        const r = dispatch(k.demand, supplies, newDispatchResult(supplies.length));
        const tol = 1e-9 * (k.demand + specs.reduce((a, s) => a + s.avail + s.chargeable, 0)) + 1e-6;
        const s = specs.indexOf(store);
        const g = specs.length - 1;
        let delivered = 0;
        for (let i = 0; i < specs.length; i++) delivered += r.deliveredW[i];
        expect(Math.abs(delivered + r.unmetW - k.demand)).toBeLessThanOrEqual(tol);
        // Power left in the shaving store: the grid delivers at most the limit.
        if (r.usedW[s] < k.store.avail - tol) expect(r.deliveredW[g]).toBeLessThanOrEqual(k.limit + tol);
        // Its recharge from the grid stops at the limit (other stores that want to charge are not its to cap).
        const others = specs.some((x, i) => i !== s && x.chargeable > 0 && x.mode === 1 && r.chargeW[i] > 0);
        if (!others) expect(r.usedW[g]).toBeLessThanOrEqual(Math.max(k.limit, r.deliveredW[g]) + tol);
      }),
      { numRuns: 2000 },
    );
  });

  it('the same holds at every instant of a run over random real portfolios and loads', () => {
    const kinds = fc.record({
      smr: fc.integer({ min: 0, max: 3 }),
      follow: fc.boolean(),
      fusion: fc.boolean(),
      solar: fc.integer({ min: 0, max: 20000 }),
      battery: fc.boolean(),
      gridCap: fc.oneof(fc.constant(0), fc.double({ min: 0, max: 3e8, noNaN: true })),
      exportCap: fc.double({ min: 0, max: 1e8, noNaN: true }),
      seed: fc.integer({ min: 1, max: 1000 }),
      loads: fc.array(fc.tuple(fc.integer({ min: 0, max: 10 * 86400 }), fc.double({ min: 0, max: 5e8, noNaN: true })), {
        minLength: 1,
        maxLength: 30,
      }),
    });
    fc.assert(
      fc.property(kinds, (k) => {
        const supplies: unknown[] = [];
        if (k.smr > 0)
          supplies.push({
            kind: 'smr',
            units: k.smr,
            mode: k.follow ? 'load-following' : 'baseload',
            forced_outages: { mttf: '200h', mttr: '20h' },
            refuel: { every: '20d', takes: '3d' },
          });
        if (k.fusion)
          supplies.push({ kind: 'fusion-ppa', start: '2027-01-05', ramp_first_year: true, outage_mean: '1d' });
        if (k.solar > 0) supplies.push({ kind: 'space-solar', panels: k.solar });
        if (k.battery) supplies.push({ kind: 'battery', energy: '100 MWh', power: '40 MW' });
        supplies.push({
          kind: 'grid',
          import_cap: `${k.gridCap} W`,
          export_cap: `${k.exportCap} W`,
          outages: { mttf: '100h', mttr: '5h' },
        });
        let checked = 0;
        const bad: string[] = [];
        const d = drive({
          supplies,
          durationS: 10 * 86400,
          seed: k.seed,
          demand: [[0, 1e8], ...k.loads.sort((a, b) => a[0] - b[0])],
          onDispatch: ({ system, demandW }) => {
            const r = system.result;
            let delivered = 0;
            system.supplies.forEach((s, i) => {
              delivered += r.deliveredW[i];
              if (r.usedW[i] + r.curtailedW[i] > Math.max(0, s.availableW()) + 1e-6)
                bad.push(`${s.name} over available`);
              if (r.deliveredW[i] < 0) bad.push(`${s.name} negative`);
            });
            if (Math.abs(delivered + r.unmetW - demandW) > 1e-6 * demandW + 1e-6) bad.push('unbalanced');
            checked++;
          },
        });
        d.run();
        expect(bad.slice(0, 3)).toEqual([]);
        expect(checked).toBeGreaterThan(0);
      }),
      { numRuns: 30 },
    );
  }, 120_000);
});

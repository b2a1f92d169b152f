import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runScenario } from '../../src/run.ts';
import { readCsv } from '../helpers/read-csv.ts';

const SMALL = readFileSync(join(import.meta.dirname, '..', 'fixtures', 'small.yaml'), 'utf8');

/** The small scenario, islanded: one 30 kW reactor and a grid that imports nothing. */
function islanded(shortage: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'dcpsim-island-'));
  const model = SMALL.replace(
    /supply:\n[\s\S]*$/,
    `supply:
  - { kind: smr, rating: 30 kW, refuel: { takes: 0 }, forced_outages: { mttf: 100000000h, mttr: 1h } }
  - { kind: grid, import_cap: 0 }
shortage: ${shortage}
`,
  );
  const file = join(dir, 'island.yaml');
  writeFileSync(file, model);
  return file;
}

describe('an islanded site whose supply is smaller than its load', () => {
  it('counts unmet energy under `unmet`, and throttles to fit the supply exactly under `throttle`', () => {
    const unmet = runScenario({ model: islanded('unmet'), out: mkdtempSync(join(tmpdir(), 'dcpsim-run-')) });
    const throttle = runScenario({ model: islanded('throttle'), out: mkdtempSync(join(tmpdir(), 'dcpsim-run-')) });
    const u = unmet.summary;
    const t = throttle.summary;
    expect(u.peak_kw.facility).toBeGreaterThan(30);
    expect(u.energy_mwh.unmet).toBeGreaterThan(0.01);
    expect(u.reliability!.loss_of_load_hours).toBeGreaterThan(0);
    expect(u.reliability!.unserved_energy_mwh).toBe(u.energy_mwh.unmet);
    // Throttled: nothing unmet, the load never above the reactor, and less IT energy than unthrottled.
    expect(t.energy_mwh.unmet).toBe(0);
    expect(t.reliability!.loss_of_load_hours).toBe(0);
    expect(t.peak_kw.facility).toBeLessThanOrEqual(30 + 1e-6);
    expect(t.energy_mwh.it).toBeLessThan(u.energy_mwh.it);
    // Where it binds it fits the supply exactly: some rows run at the reactor's full 30 kW.
    const rows = readCsv(throttle.timeseriesFile!);
    const fac = rows.col('facility_kw');
    expect(Math.max(...fac)).toBeGreaterThan(30 - 1e-3);
    rows
      .col('smr_kw')
      .forEach((w, i) => expect(Math.abs(w + rows.col('unmet_kw')[i] - fac[i])).toBeLessThanOrEqual(0.002));
    // The rest of the reactor's output is curtailed (must-run, nowhere to go).
    expect(t.energy_mwh.supplied + t.sources[0].curtailed_mwh!).toBeCloseTo((30 * 48) / 1000, 9);
  });
});

/**
 * The supply benchmark's model: the workload engineer's one-year
 * 100,000-accelerator campus (models/bench-workload.yaml) fed by four SMR
 * units, the fusion PPA, a space-solar array, a battery and the grid on
 * PJM's hourly carbon trace, rows every 15 minutes.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..', '..');

export function benchSupplyModel(): string {
  const base = readFileSync(join(ROOT, 'models', 'bench-workload.yaml'), 'utf8');
  const trace = join(ROOT, 'models', 'data', 'grid-carbon', 'PJM-2022-hourly.csv');
  const model = base.replace(/^name: .*$/m, 'name: bench-supply').replace(
    /^supply:\n[\s\S]*$/m,
    `supply:
  - { kind: smr, units: 4, rating: 15 MW }
  - { kind: fusion-ppa, capacity: 50 MW, start: 2027-04-01, ramp_first_year: true, slip: { median: 2mo } }
  - { kind: space-solar, panels: 20000, orbit: { type: leo } }
  - { kind: battery, energy: 100 MWh, power: 25 MW }
  - { kind: grid, import_cap: 150 MW, export_cap: 20 MW, carbon: { file: ${JSON.stringify(trace)} } }
shortage: throttle
`,
  );
  const file = join(mkdtempSync(join(tmpdir(), 'dcpsim-bench-supply-')), 'bench-supply.yaml');
  writeFileSync(file, model);
  return file;
}

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runScenario } from '../../src/run.ts';
import { readCsv } from '../helpers/read-csv.ts';

// The orbital preset's battery (models/orbital-50k-h100.yaml): 55 MWh, 88 % round trip, starting at 90 %.
const E_KWH = 55e3;
const ETA = Math.sqrt(0.88);

describe("<battery>_soc_pct is the interval's time-average state of charge (issue 10.2)", () => {
  it('matches the charge and discharge columns integrated with the efficiency, to 0.1 point in every row', () => {
    const out = mkdtempSync(join(tmpdir(), 'dcpsim-soc-'));
    const r = runScenario({ model: 'orbital-50k-h100', duration: '2d', step: '1m', out });
    const csv = readCsv(r.timeseriesFile!);
    const charge = csv.col('battery_charge_kw');
    const discharge = csv.col('battery_kw');
    const soc = csv.col('battery_soc_pct');
    let e = 0.9 * E_KWH;
    let worst = 0;
    let moving = 0;
    for (let k = 0; k < soc.length; k++) {
      const next = e + ((ETA * charge[k] - discharge[k] / ETA) * 60) / 3600;
      // The level is linear between dispatches. In a row that only charges or only discharges
      // it moves one way, so its mean lies between the row's ends; in a row that does both,
      // within the row's gross movement of either end.
      const pct = (x: number) => (100 * x) / E_KWH;
      const slack = charge[k] > 0 && discharge[k] > 0 ? pct(((ETA * charge[k] + discharge[k] / ETA) * 60) / 3600) : 0;
      const lo = Math.min(pct(e), pct(next)) - slack;
      const hi = Math.max(pct(e), pct(next)) + slack;
      worst = Math.max(worst, lo - soc[k], soc[k] - hi);
      if (Math.abs(next - e) > 1) moving++;
      e = next;
    }
    expect(moving).toBeGreaterThan(100); // the battery works: eclipses every 92 minutes
    expect(worst).toBeLessThan(0.1);
  });
});

describe('a linear level in a row (the recorder)', () => {
  it('integrates level and slope exactly: the row holds the time-average of the line', async () => {
    const { Recorder } = await import('../../src/kernel/recorder.ts');
    const rows: number[][] = [];
    const rec = new Recorder([{ name: 'x', kind: 'mean', scale: 1, decimals: 6 }], 60, 180, {
      row: (_s, _l, v) => rows.push([...v]),
    });
    // 10 at 0 rising 1 a second until 30 s, then falling 0.5 a second until 150 s, then flat.
    rec.level[0] = 10;
    rec.setSlope(0, 1);
    rec.advance(30);
    rec.level[0] = 40;
    rec.setSlope(0, -0.5);
    rec.advance(150);
    rec.level[0] = -20;
    rec.setSlope(0, 0);
    rec.finish();
    // Row 1: 30 s averaging 25, 30 s from 40 to 25 averaging 32.5; row 2: 25 to -5, mean 10;
    // row 3: 30 s from -5 to -20 (mean -12.5) and 30 s at -20.
    expect(rows.map((r) => r[0])).toEqual([28.75, 10, -16.25]);
  });
});

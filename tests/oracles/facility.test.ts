/**
 * The facility (docs/models/facility.md) against its formulas:
 *
 * - liquid cooling beside an economiser air side with a dead band, on the wet-bulb of a weather CSV written here,
 *   behind a power chain of constant efficiencies;
 * - IT power from the H100's measured curve (phases.csv read here), PSU, PDU and UPS each
 *   `P_in = (P_out + P_fixed)/η(load fraction)` with efficiency curves against the design IT power, a chiller's COP on
 *   the dry- or wet-bulb of a weather CSV, `facility = P_in + cooling`, the PUE column and the summary's energies and
 *   PUE; a fixed-PUE plant under a varying load, row by row.
 *
 * Seeded: `DCPSIM_FUZZ_RUNS=20 DCPSIM_FUZZ_SEED=7 npx vitest run tests/oracles/facility.test.ts` explores further.
 */

import { readFileSync, writeFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, it } from 'vitest';
import { modelRunner, oracleDir, report, RUNS, SEED, summaryOf } from '../helpers/oracle.ts';
import { readCsv } from '../helpers/read-csv.ts';
import { wetBulb } from '../helpers/wet-bulb.ts';

const tmp = oracleDir('facility');

/** Run a model (as JSON) and give its folder. */
const run = modelRunner(tmp);

let weathers = 0;

// ---------------------------------------------------------------------------------------------
// Liquid cooling beside an economiser air side, on a weather CSV written here

const arbFacility = fc.record({
  seed: fc.integer({ min: 1, max: 1_000_000 }),
  temps: fc.array(
    fc.integer({ min: -150, max: 420 }).map((v) => v / 10),
    { minLength: 73, maxLength: 73 },
  ),
  rh: fc.array(fc.integer({ min: 8, max: 98 }), { minLength: 73, maxLength: 73 }),
  share: fc.integer({ min: 30, max: 95 }).map((v) => v / 100),
  liquidCop: fc.integer({ min: 8, max: 40 }),
  freeBelow: fc.integer({ min: 5, max: 20 }),
  span: fc.integer({ min: 2, max: 12 }),
  cop: fc.integer({ min: 30, max: 80 }).map((v) => v / 10),
  deadBand: fc.constantFrom(0, 1, 2, 3.5),
  fans: fc.integer({ min: 1, max: 10 }).map((v) => v / 100),
  ups: fc.integer({ min: 90, max: 99 }).map((v) => v / 100),
  pdu: fc.integer({ min: 95, max: 100 }).map((v) => v / 100),
  duty: fc.integer({ min: 20, max: 100 }).map((v) => v / 100),
});

const iso = (epochS: number): string => new Date(epochS * 1000).toISOString().slice(0, 19).replace('T', ' ');

const close = (a: number, b: number, rel: number, abs: number): boolean => Math.abs(a - b) <= rel * Math.abs(b) + abs;

/** The H100's measured board power against duty (models/data/h100-power/phases.csv, idle and matmul8192 rows). */
const H100: [number, number][] = (() => {
  const lines = readFileSync(
    join(import.meta.dirname, '..', '..', 'models', 'data', 'h100-power', 'phases.csv'),
    'utf8',
  )
    .trim()
    .split('\n')
    .slice(1)
    .map((l) => l.split(','));
  return lines
    .filter((r) => r[0] === 'idle' || r[0] === 'matmul8192')
    .map((r): [number, number] => [Number(r[1]), Number(r[3])])
    .sort((a, b) => a[0] - b[0]);
})();

/** Piecewise linear through [x, y] points, held flat outside them. */
function interp(points: [number, number][], x: number): number {
  if (x <= points[0][0]) return points[0][1];
  for (let i = 1; i < points.length; i++)
    if (x <= points[i][0]) {
      const [x0, y0] = points[i - 1];
      const [x1, y1] = points[i];
      return y0 + ((y1 - y0) * (x - x0)) / (x1 - x0);
    }
  return points[points.length - 1][1];
}

// ---------------------------------------------------------------------------------------------
// The power chain and a chiller, from the chips' measured curve

const arbCurve = fc
  .array(fc.integer({ min: 80, max: 99 }), { minLength: 3, maxLength: 3 })
  .map((e): [number, number][] => {
    const effs = [...e].sort((a, b) => a - b);
    return [
      [0.1, effs[0] / 100],
      [0.4, effs[1] / 100],
      [0.9, effs[2] / 100],
    ];
  });

const arbStage = fc.record({
  curve: fc.oneof(
    arbCurve,
    fc.integer({ min: 85, max: 100 }).map((v) => v / 100),
  ),
  fixedW: fc.constantFrom(0, 0, 500, 3000),
});

const arbChain = fc.record({
  seed: fc.integer({ min: 1, max: 1000 }),
  chips: fc.integer({ min: 2, max: 40 }).map((k) => 8 * k),
  busyShare: fc.integer({ min: 0, max: 100 }).map((v) => v / 100),
  duty: fc.integer({ min: 5, max: 100 }).map((v) => v / 100),
  psu: arbStage,
  pdu: arbStage,
  ups: arbStage,
  basis: fc.constantFrom('auto', 'dry_bulb', 'wet_bulb'),
  humidity: fc.boolean(),
  cop: fc.integer({ min: 30, max: 80 }).map((v) => v / 10),
  fans: fc.integer({ min: 0, max: 10 }).map((v) => v / 100),
  temps: fc.array(
    fc.integer({ min: -150, max: 420 }).map((v) => v / 10),
    { minLength: 48, maxLength: 48 },
  ),
  rh: fc.array(fc.integer({ min: 10, max: 95 }), { minLength: 48, maxLength: 48 }),
});

describe('liquid cooling with an economiser air side, recomputed from docs/models/facility.md', () => {
  it(`holds for ${2 * RUNS} random weather files and plants (seed ${SEED})`, () => {
    fc.assert(
      fc.property(arbFacility, (f) => {
        const weather = join(tmp, `weather${weathers++}.csv`);
        const start = Date.UTC(2027, 4, 1) / 1000;
        const iso = (h: number): string =>
          new Date((start + 3600 * h) * 1000).toISOString().replace('T', ' ').replace('.000Z', '');
        writeFileSync(
          weather,
          `timestamp,temperature,relative humidity\n${f.temps.map((t, h) => `${iso(h)},${t},${f.rh[h]}`).join('\n')}\n`,
        );
        const chillerAbove = f.freeBelow + f.span;
        const dir = run({
          name: 'oracle-liquid',
          start: '2027-05-01',
          duration: '72h',
          step: '1h',
          seed: f.seed,
          clusters: [{ name: 'gpu', chip: 'H100', count: 400, server: { chips: 8 } }],
          workload: { training: [{ name: 't', cluster: 'gpu', chips: 400, work: '30d', duty: f.duty }] },
          facility: {
            cooling: {
              model: 'liquid',
              share: f.share,
              cop: f.liquidCop,
              air: {
                model: 'economiser',
                free_below: `${f.freeBelow} C`,
                chiller_above: `${chillerAbove} C`,
                cop: f.cop,
                dead_band: f.deadBand,
                fans_pumps: f.fans,
              },
            },
            power_chain: { ups: { efficiency: f.ups }, pdu: { efficiency: f.pdu } },
            weather: { model: 'csv', file: weather },
          },
          supply: [{ kind: 'grid' }],
        });
        const ts = readCsv(join(dir, 'timeseries.csv'));
        const [it, losses, cooling, mode] = ['it_kw', 'losses_kw', 'cooling_kw', 'cooling_mode'].map((k) => ts.col(k));
        const modeAt = (t: number): number => (t <= f.freeBelow ? 0 : t > chillerAbove ? 2 : 1);
        let held = -1; // no mode yet: the plant starts in the mode the first hour's temperature gives (docs)
        const fails: string[] = [];
        for (let h = 0; h < ts.rows.length; h++) {
          const t = wetBulb(f.temps[h], f.rh[h]); // wet-bulb: the weather has humidity
          if (modeAt(t) > held) held = modeAt(t);
          else if (modeAt(t + f.deadBand) < held) held = modeAt(t + f.deadBand);
          const s = held === 0 ? 0 : held === 2 ? 1 : Math.min(1, Math.max(0, (t - f.freeBelow) / f.span));
          const cop = Math.min(14, Math.max(2, f.cop * (1 - 0.027 * (t + 6 - 29.4))));
          const loss = it[h] / (f.ups * f.pdu) - it[h]; // P_in = P_out / η per stage, PSU at 100 %
          const want = (it[h] * f.share) / f.liquidCop + (it[h] * (1 - f.share) + loss) * (s / cop + f.fans);
          if (Math.abs(losses[h] - loss) > 0.002) fails.push(`hour ${h}: losses ${losses[h]}, want ${loss}`);
          if (Math.abs(cooling[h] - want) > 0.002 + 1e-6 * want)
            fails.push(`hour ${h}: cooling ${cooling[h]}, want ${want} (wet-bulb ${t.toFixed(3)}, mode ${held})`);
          if (mode[h] !== held)
            fails.push(`hour ${h}: cooling_mode ${mode[h]}, want ${held} (wet-bulb ${t.toFixed(3)})`);
        }
        rmSync(dir, { recursive: true, force: true });
        if (fails.length > 0) throw new Error(`${fails.slice(0, 10).join('\n')}\nmodel: ${JSON.stringify(f)}`);
      }),
      { seed: SEED, numRuns: 2 * RUNS },
    );
  });
});

describe('the power chain and a chiller, recomputed from docs/models/facility.md', () => {
  it(`turn the chips' measured power into the facility's, with efficiency curves and no-load losses (${2 * RUNS} plants, seed ${SEED})`, () => {
    const cases = fc
      .sample(arbChain, { numRuns: 2 * RUNS, seed: SEED })
      .filter((c) => c.humidity || c.basis !== 'wet_bulb');
    cases.forEach((c, id) => {
      const start = Date.UTC(2027, 6, 1) / 1000;
      const weather = join(tmp, `weather${id}.csv`);
      writeFileSync(
        weather,
        `timestamp,temperature${c.humidity ? ',relative humidity' : ''}\n${c.temps
          .map((t, h) => `${iso(start + 3600 * h)},${t}${c.humidity ? `,${c.rh[h]}` : ''}`)
          .join('\n')}\n`,
      );
      const busy = Math.round(c.busyShare * c.chips);
      const stage = (st: { curve: number | [number, number][]; fixedW: number }) => ({
        efficiency: st.curve,
        ...(st.fixedW ? { fixed: `${st.fixedW} W` } : {}),
      });
      const dir = run({
        name: 'oracle-chain',
        start: new Date(start * 1000).toISOString(),
        duration: '48h',
        step: '1h',
        seed: c.seed,
        clusters: [{ name: 'gpu', chip: 'H100', count: c.chips }],
        workload: {
          training: busy > 0 ? [{ name: 't', cluster: 'gpu', chips: busy, work: '1000d', duty: c.duty }] : [],
        },
        facility: {
          cooling: { model: 'chiller', cop: c.cop, fans_pumps: c.fans, basis: c.basis },
          power_chain: { psu: stage(c.psu), pdu: stage(c.pdu), ups: stage(c.ups) },
          weather: { model: 'csv', file: weather },
        },
        supply: [{ kind: 'grid', price: '50 $/MWh', carbon: '400 g/kWh' }],
      });
      const ts = readCsv(join(dir, 'timeseries.csv'));
      const s = summaryOf(dir);
      const [it, losses, cooling, facility, pue, ambient] = [
        'it_kw',
        'losses_kw',
        'cooling_kw',
        'facility_kw',
        'pue',
        'ambient_c',
      ].map((k) => ts.col(k));
      const eta = (curve: number | [number, number][], x: number): number =>
        typeof curve === 'number' ? curve : interp(curve, x);
      const stages = [c.psu, c.pdu, c.ups];
      // Each stage's output at the design IT power (every chip busy at full duty), the load fraction's denominator.
      const designOut: number[] = [];
      let p = c.chips * interp(H100, 1);
      for (const st of stages) {
        designOut.push(p);
        p = (p + st.fixedW) / eta(st.curve, 1);
      }
      const itW = busy * interp(H100, c.duty) + (c.chips - busy) * interp(H100, 0);
      const fails: string[] = [];
      let [itSum, facSum] = [0, 0];
      for (let h = 0; h < ts.rows.length; h++) {
        let w = itW;
        stages.forEach((st, k) => {
          w = (w + st.fixedW) / eta(st.curve, w / designOut[k]);
        });
        const loss = w - itW;
        const useWet = c.basis === 'wet_bulb' || (c.basis === 'auto' && c.humidity);
        const t = useWet ? wetBulb(c.temps[h], c.rh[h]) : c.temps[h];
        const cop = Math.min(14, Math.max(2, c.cop * (1 - 0.027 * (t + 6 - 29.4))));
        const cool = w * (1 / cop + c.fans);
        const fac = w + cool;
        const want: [string, number, number][] = [
          ['it_kw', it[h], itW / 1000],
          ['losses_kw', losses[h], loss / 1000],
          ['cooling_kw', cooling[h], cool / 1000],
          ['facility_kw', facility[h], fac / 1000],
          ['pue', pue[h], fac / itW],
          ['ambient_c', ambient[h], c.temps[h]],
        ];
        for (const [name, got, exp] of want)
          if (!close(got, exp, 1e-7, name === 'pue' ? 6e-5 : 6e-4))
            fails.push(`hour ${h}: ${name} ${got}, want ${exp} (T ${t.toFixed(3)}, COP ${cop.toFixed(4)})`);
        itSum += itW / 1e6;
        facSum += fac / 1e6;
      }
      if (!close(s.energy_mwh.it, itSum, 1e-9, 1e-9)) fails.push(`energy_mwh.it ${s.energy_mwh.it}, want ${itSum}`);
      if (!close(s.energy_mwh.facility, facSum, 1e-9, 1e-9))
        fails.push(`energy_mwh.facility ${s.energy_mwh.facility}, want ${facSum}`);
      if (!close(s.facility.pue, facSum / itSum, 1e-9, 0))
        fails.push(`facility.pue ${s.facility.pue}, want ${facSum / itSum}`);
      report(fails, `case ${JSON.stringify(c)}; run ${dir}`);
    });
  }, 60_000);

  it('a fixed PUE under a varying load: facility = IT x PUE and cooling the rest, row by row and in the summary', () => {
    const dir = run({
      name: 'oracle-pue',
      start: '2027-03-01',
      duration: '36h',
      step: '20m',
      seed: 9,
      clusters: [
        { name: 'a', chip: 'H100', count: 64, server: { chips: 8 } },
        { name: 'b', chip: 'B200', count: 32 },
      ],
      workload: {
        jobs: [
          { name: 'ja', cluster: 'a', rate: '6/h', chips: [8, 16, 32], duration: '50m', duty: 0.7 },
          { name: 'jb', cluster: 'b', rate: '4/h', chips: [4, 8], duration: '30m' },
        ],
      },
      facility: { cooling: { model: 'pue', pue: 1.37 } },
      supply: [{ kind: 'grid', price: '50 $/MWh', carbon: '400 g/kWh' }],
    });
    const ts = readCsv(join(dir, 'timeseries.csv'));
    const s = summaryOf(dir);
    const [it, a, b, losses, cooling, facility, pue, energy] = [
      'it_kw',
      'a_it_kw',
      'b_it_kw',
      'losses_kw',
      'cooling_kw',
      'facility_kw',
      'pue',
      'energy_mwh',
    ].map((k) => ts.col(k));
    const fails: string[] = [];
    let [itE, facE, dt] = [0, 0, 0];
    for (let i = 0; i < ts.rows.length; i++) {
      const h = 1 / 3;
      if (!close(it[i], a[i] + b[i], 0, 0.0015)) fails.push(`row ${i}: it_kw ${it[i]} ≠ ${a[i]} + ${b[i]}`);
      if (losses[i] !== 0) fails.push(`row ${i}: losses_kw ${losses[i]} under a PUE plant`);
      if (!close(facility[i], it[i] * 1.37, 1e-6, 0.0015))
        fails.push(`row ${i}: facility_kw ${facility[i]}, IT ${it[i]}`);
      if (!close(cooling[i], it[i] * 0.37, 1e-6, 0.0015)) fails.push(`row ${i}: cooling_kw ${cooling[i]}, IT ${it[i]}`);
      if (Math.abs(pue[i] - 1.37) > 5e-5) fails.push(`row ${i}: pue ${pue[i]}`);
      if (!close(energy[i], (facility[i] * h) / 1000, 1e-6, 1e-6)) fails.push(`row ${i}: energy_mwh ${energy[i]}`);
      itE += (it[i] * h) / 1000;
      facE += energy[i];
      dt += h;
    }
    if (!close(s.energy_mwh.it, itE, 1e-6, 1e-6)) fails.push(`energy_mwh.it ${s.energy_mwh.it}, rows ${itE}`);
    if (!close(s.energy_mwh.facility, facE, 1e-6, 1e-5))
      fails.push(`energy_mwh.facility ${s.energy_mwh.facility}, rows ${facE}`);
    if (!close(s.energy_mwh.cooling ?? s.facility?.cooling_mwh ?? Number.NaN, s.energy_mwh.it * 0.37, 1e-9, 1e-9))
      fails.push(`cooling energy ${JSON.stringify(s.energy_mwh)}`);
    if (Math.abs(s.facility.pue - 1.37) > 1e-12) fails.push(`facility.pue ${s.facility.pue}`);
    if (Math.abs(dt - 36) > 1e-9) fails.push(`rows cover ${dt} h`);
    report(fails, `run ${dir}`);
  });
});

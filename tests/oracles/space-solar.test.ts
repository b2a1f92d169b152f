/**
 * Space solar (docs/models/supply.md) against orbital geometry written out here:
 *
 * - a LEO (any altitude, inclination, node, phase, or a fixed β) or dawn-dusk SSO array's eclipse share and energy over
 *   days to a month, from the period, the cylindrical shadow, β from the Sun's longitude and the node's J2 precession,
 *   eclipses centred on each orbit's midnight, S(N), the 1,200 W cap, fade with age and transmission;
 * - geostationary orbit: eclipses only in seasons of about ±22 days around the equinoxes, up to the cylindrical
 *   shadow's 69 minutes a day, centred on local apparent solar midnight (the Astronomical Almanac's low-precision Sun),
 *   measured from the hourly rows over a whole year. A curtailed take-or-pay fusion PPA's LCOE is its price (what it
 *   offered), curtailed space solar's its price per MWh taken.
 *
 * Seeded: `DCPSIM_FUZZ_RUNS=20 DCPSIM_FUZZ_SEED=7 npx vitest run tests/oracles/space-solar.test.ts` explores further.
 */

import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, it } from 'vitest';
import { runScenario } from '../../src/run.ts';
import { type Json, modelRunner, oracleDir, report, RUNS, SEED, summaryOf, utc } from '../helpers/oracle.ts';
import { readCsv } from '../helpers/read-csv.ts';

const tmp = oracleDir('space-solar');

// ---------------------------------------------------------------------------------------------
// Space solar over its orbit

/** docs/models/supply.md, space-solar: orbit, β, eclipses and output, recomputed here. */
function solarOracle(
  startMs: number,
  durationS: number,
  o: { type: 'leo' | 'sso'; h: number; incDeg: number; nodeDeg: number; phaseDeg: number; betaDeg?: number },
  p: { age: number; degradation: number; transmission: number; panels: number },
): { mwh: number; eclipseShare: number } {
  const R = 6371;
  const rad = Math.PI / 180;
  const eps = 23.44 * rad;
  const J2 = 1.08263e-3;
  const a = R + o.h;
  const T = 2 * Math.PI * Math.sqrt(a ** 3 / 398600.4418);
  const n = (2 * Math.PI) / T;
  const epoch = startMs / 1000;
  /** The Sun's ecliptic longitude (Astronomical Almanac low-precision formula), radians. */
  const sunLon = (t: number): number => {
    const d = (epoch + t) / 86400 + 2440587.5 - 2451545.0;
    const g = (357.528 + 0.9856003 * d) * rad;
    return (280.46 + 0.9856474 * d + 1.915 * Math.sin(g) + 0.02 * Math.sin(2 * g)) * rad;
  };
  // SSO: the node turns once a tropical year (dΩ/dt = 2π / 365.2422 d), dawn-dusk: 90° from the Sun's right ascension.
  const inc =
    o.type === 'sso' ? Math.acos(-(2 * Math.PI) / (365.2422 * 86400) / (1.5 * n * J2 * (R / a) ** 2)) : o.incDeg * rad;
  const node0 =
    o.type === 'sso'
      ? Math.atan2(Math.cos(eps) * Math.sin(sunLon(0)), Math.cos(sunLon(0))) + Math.PI / 2
      : o.nodeDeg * rad;
  const nodeRate = -1.5 * n * J2 * (R / a) ** 2 * Math.cos(inc);
  const beta = (t: number): number => {
    if (o.betaDeg !== undefined) return o.betaDeg * rad;
    const G = sunLon(t);
    const N = node0 + nodeRate * t;
    return Math.asin(
      Math.cos(G) * Math.sin(N) * Math.sin(inc) -
        Math.sin(G) * Math.cos(eps) * Math.cos(N) * Math.sin(inc) +
        Math.sin(G) * Math.sin(eps) * Math.cos(inc),
    );
  };
  const shadow = (b: number): number => {
    const x = Math.sqrt(o.h * o.h + 2 * R * o.h) / (a * Math.cos(b));
    return x >= 1 ? 0 : Math.acos(x) / Math.PI;
  };
  /** Sunlit output, W: S(N) with N the (fractional) day of the year, the panel capped at 1,200 W. */
  const sunlit = (t: number): number => {
    const now = new Date((epoch + t) * 1000);
    const N = (epoch + t - Date.UTC(now.getUTCFullYear(), 0, 1) / 1000) / 86400 + 1;
    const S = 1361 * (1 + 0.033 * Math.cos((2 * Math.PI * (N - 3)) / 365));
    const years = p.age + t / (365 * 86400);
    return Math.min(S * 2.96 * 0.298 * (1 - p.degradation) ** years, 1200) * p.panels * p.transmission;
  };
  // Midnights at m0 + kT; each eclipse midnight ± fT/2, f from β at midnight; the output recomputed at each exit,
  // or at the start of an orbit without eclipse a day or more after the last recomputation.
  const m0 = (((((180 - o.phaseDeg) % 360) + 360) % 360) / 360) * T;
  const events: [number, 'in' | 'out' | 'refresh'][] = [];
  let eclipse = 0;
  let refreshed = 0;
  for (let k = -1; ; k++) {
    const mid = m0 + k * T;
    if (mid - T / 2 >= durationS) break;
    if (mid + T / 2 < 0) continue;
    const f = shadow(beta(Math.max(0, mid)));
    if (f > 0) {
      const [entry, exit] = [mid - (f * T) / 2, mid + (f * T) / 2];
      events.push([entry, 'in'], [exit, 'out']);
      eclipse += Math.max(0, Math.min(exit, durationS) - Math.max(0, Math.min(entry, durationS)));
      // An exit recomputes the output: the next daily refresh is a day after it (docs/models/supply.md).
      if (exit > 0 && entry < durationS) refreshed = exit;
    } else if (mid - T / 2 - refreshed >= 86400) {
      events.push([mid - T / 2, 'refresh']);
      refreshed = mid - T / 2;
    }
  }
  events.sort((x, y) => x[0] - y[0]);
  let joules = 0;
  let at = 0;
  let level = sunlit(0);
  let sun = true;
  for (const [t, kind] of events) {
    const tc = Math.min(Math.max(t, 0), durationS);
    if (sun) joules += level * (tc - at);
    at = tc;
    if (kind === 'in') sun = false;
    else if (kind === 'out') {
      sun = true;
      if (t > 0 && t <= durationS) level = sunlit(t);
    } else level = sunlit(t);
  }
  if (sun) joules += level * (durationS - at);
  return { mwh: joules / 3.6e9, eclipseShare: eclipse / durationS };
}

const arbSolar = fc.record({
  day: fc.integer({ min: 0, max: 364 }),
  days: fc.integer({ min: 2, max: 30 }),
  type: fc.constantFrom('leo' as const, 'leo' as const, 'sso' as const),
  h: fc.integer({ min: 300, max: 1500 }),
  incDeg: fc.integer({ min: 0, max: 100 }),
  nodeDeg: fc.integer({ min: 0, max: 359 }),
  phaseDeg: fc.integer({ min: 0, max: 359 }),
  betaDeg: fc.option(fc.integer({ min: -80, max: 80 }), { freq: 4 }),
  age: fc.integer({ min: 0, max: 10 }),
  degradationPct: fc.constantFrom(0, 0.5, 1.5, 3),
  transmission: fc.constantFrom(1, 0.9, 0.6),
  panels: fc.integer({ min: 10, max: 2000 }),
});

/** Run a model (as JSON) and give its folder. */
const run = modelRunner(tmp);

const iso = (epochS: number): string => new Date(epochS * 1000).toISOString().slice(0, 19).replace('T', ' ');

const close = (a: number, b: number, rel: number, abs: number): boolean => Math.abs(a - b) <= rel * Math.abs(b) + abs;

// ---------------------------------------------------------------------------------------------
// Space solar in geostationary orbit: eclipse seasons around the equinoxes

/** The Sun by the Astronomical Almanac's low-precision formulas: declination, right ascension (rad), GMST (deg). */
function sun(epochS: number): { dec: number; ra: number; gmstDeg: number } {
  const n = epochS / 86400 + 2440587.5 - 2451545.0;
  const rad = Math.PI / 180;
  const L = 280.46 + 0.9856474 * n;
  const g = (357.528 + 0.9856003 * n) * rad;
  const lambda = (L + 1.915 * Math.sin(g) + 0.02 * Math.sin(2 * g)) * rad;
  const eps = 23.44 * rad;
  return {
    dec: Math.asin(Math.sin(eps) * Math.sin(lambda)),
    ra: Math.atan2(Math.cos(eps) * Math.sin(lambda), Math.cos(lambda)),
    gmstDeg: 280.46061837 + 360.98564736629 * n,
  };
}

/** The local apparent solar midnight nearest `guess` at longitude lonDeg east: GMST + λ − α = 180°. */
function solarMidnight(guess: number, lonDeg: number): number {
  let t = guess;
  for (let k = 0; k < 6; k++) {
    const s = sun(t);
    const h = s.gmstDeg + lonDeg - (s.ra * 180) / Math.PI - 180;
    const off = ((((h + 180) % 360) + 360) % 360) - 180; // degrees past midnight, in (−180, 180]
    t -= (off / 360.9856) * 86400;
  }
  return t;
}

describe('space solar over its orbit, recomputed from docs/models/supply.md', () => {
  it(`gives the eclipse share and energy of the cylindrical shadow, β with J2 precession, S(N), the cap and fade (${4 * RUNS} arrays, seed ${SEED})`, () => {
    const cases = fc.sample(arbSolar, { numRuns: 4 * RUNS, seed: SEED });
    let k = 0;
    for (const c of cases) {
      const id = k++;
      const startMs = Date.UTC(2027, 0, 1) + c.day * 86400e3;
      const start = new Date(startMs).toISOString().slice(0, 10);
      const orbit = {
        type: c.type,
        altitude_km: c.h,
        ...(c.type === 'leo' ? { inclination_deg: c.incDeg, node_deg: c.nodeDeg } : {}),
        phase_deg: c.phaseDeg,
        ...(c.betaDeg !== null ? { beta_deg: c.betaDeg } : {}),
      };
      const model = {
        name: 'sol',
        start,
        duration: `${c.days}d`,
        step: '1h',
        seed: 1,
        clusters: [{ name: 'c', chip: 'H100', count: 8 }],
        workload: { training: [{ name: 't', cluster: 'c', chips: 8, work: '1000d' }] },
        facility: { cooling: { model: 'pue', pue: 1.2 } },
        supply: [
          {
            kind: 'space-solar',
            panels: c.panels,
            age_years: c.age,
            degradation: `${c.degradationPct}%`,
            transmission: c.transmission,
            orbit,
          },
          { kind: 'grid', price: '50 $/MWh', carbon: '400 g/kWh' },
        ],
      };
      const file = join(tmp, `solar${id}.json`);
      writeFileSync(file, JSON.stringify(model, null, 1));
      const out = join(tmp, `solar${id}`);
      runScenario({ model: file, out, sync: false });
      const s = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
      const src = s.sources.find((x: Json) => x.kind === 'space-solar');
      const want = solarOracle(
        startMs,
        c.days * 86400,
        {
          type: c.type,
          h: c.h,
          incDeg: c.incDeg,
          nodeDeg: c.nodeDeg,
          phaseDeg: c.phaseDeg,
          betaDeg: c.betaDeg ?? undefined,
        },
        { age: c.age, degradation: c.degradationPct / 100, transmission: c.transmission, panels: c.panels },
      );
      const failures: string[] = [];
      const produced = src.used_mwh + src.curtailed_mwh;
      if (Math.abs(src.detail.eclipse_share - want.eclipseShare) > 1e-9)
        failures.push(`eclipse_share ${src.detail.eclipse_share}, cylindrical shadow ${want.eclipseShare}`);
      if (Math.abs(produced - want.mwh) > 1e-6 * Math.max(1e-3, want.mwh))
        failures.push(
          `produced ${produced} MWh (used ${src.used_mwh} + curtailed ${src.curtailed_mwh}), orbit ${want.mwh}`,
        );
      report(failures, `case ${JSON.stringify(c)}; files ${out}`);
    }
  }, 60_000);
});

describe('space solar in geostationary orbit, measured from the hourly rows of a year', () => {
  it("is eclipsed only in seasons of about ±22 days around the equinoxes, up to the cylindrical shadow's 69 minutes, at local solar midnight", () => {
    const [R, H, MU] = [6371, 35786, 398600.4418];
    const T = 2 * Math.PI * Math.sqrt((R + H) ** 3 / MU); // s: the sidereal day, 86,164 s
    const fMax = Math.acos(Math.sqrt(H * H + 2 * R * H) / (R + H)) / Math.PI;
    const shadow = (beta: number): number => {
      const x = Math.sqrt(H * H + 2 * R * H) / ((R + H) * Math.cos(beta));
      return x >= 1 ? 0 : Math.acos(x) / Math.PI;
    };
    for (const lon of [0, -75]) {
      const start = Date.UTC(2027, 0, 1) / 1000;
      const days = 365;
      const panels = 4;
      const dir = run({
        name: 'oracle-geo',
        start: '2027-01-01',
        duration: `${days}d`,
        step: '1h',
        seed: 1,
        clusters: [{ name: 'c', chip: 'H100', count: 8 }],
        workload: { training: [{ name: 't', cluster: 'c', chips: 8, work: '1000d', duty: 1 }] },
        facility: { cooling: { model: 'pue', pue: 1.2 } },
        supply: [
          { kind: 'space-solar', panels, degradation: 0, orbit: { type: 'geo', longitude_deg: lon } },
          { kind: 'grid', price: '50 $/MWh', carbon: '400 g/kWh' },
        ],
      });
      const ts = readCsv(join(dir, 'timeseries.csv'));
      const s = summaryOf(dir);
      const [solar, curtailed] = ['solar_kw', 'curtailed_kw'].map((k) => ts.col(k));
      // The eclipses: one a solar day at local apparent midnight, β the Sun's declination there, fT long.
      const eclipses: [number, number, number][] = []; // [midnight, entry, exit]
      for (let k = -1; k <= days + 1; k++) {
        const mid = solarMidnight(start + k * 86400 - (lon / 360) * 86400, lon);
        const f = shadow(sun(mid).dec);
        eclipses.push([mid, mid - (f * T) / 2, mid + (f * T) / 2]);
      }
      const fails: string[] = [];
      const measured = new Map<number, number>(); // minutes of eclipse in the rows, by the midnight nearest
      let eclipseS = 0;
      ts.rows.forEach((r, i) => {
        const a = utc(r[0]);
        const b = a + 3600;
        const N = (a - Date.UTC(2027, 0, 1) / 1000) / 86400 + 1;
        const level =
          Math.min(1361 * (1 + 0.033 * Math.cos((2 * Math.PI * (N - 3)) / 365)) * 2.96 * 0.298, 1200) * panels;
        const minutes = 60 * (1 - (1000 * (solar[i] + curtailed[i])) / level);
        let want = 0;
        for (const [, x, y] of eclipses) want += Math.max(0, Math.min(b, y) - Math.max(a, x)) / 60;
        eclipseS += want * 60;
        if (Math.abs(minutes - want) > 0.25)
          fails.push(`row ${r[0]}: ${minutes.toFixed(3)} min of eclipse, want ${want.toFixed(3)}`);
        const near = eclipses.reduce((best, e) => (Math.abs(e[0] - a) < Math.abs(best[0] - a) ? e : best))[0];
        // Only the rows within two hours of the midnight: elsewhere a row reads the sunlit level (to rounding).
        if (b > near - 7200 && a < near + 7200) measured.set(near, (measured.get(near) ?? 0) + Math.max(0, minutes));
      });
      // Seasons from the rows: the nights with more than a minute of eclipse.
      const nights = [...measured.entries()].filter(([, m]) => m > 1).map(([t]) => t);
      const doy = (t: number): number => Math.floor((t - start) / 86400) + 1;
      const spring = nights.filter((t) => doy(t) < 182);
      const autumn = nights.filter((t) => doy(t) >= 182);
      const equinoxes = [Date.UTC(2027, 2, 20, 15) / 1000, Date.UTC(2027, 8, 23, 6) / 1000];
      [spring, autumn].forEach((season, k) => {
        const [first, last] = [Math.min(...season), Math.max(...season)];
        const before = (equinoxes[k] - first) / 86400;
        const after = (last - equinoxes[k]) / 86400;
        // |δ| < 8.69° lasts about 22 days either side of an equinox (δ moves about 0.39° a day there): the same
        // nights as the analytic shadow gives more than a minute, and 20 to 25 days either side.
        const analytic = eclipses.filter(([m, x, y]) => y - x > 60 && doy(m) < 182 === (k === 0)).map(([m]) => m);
        if (Math.abs(Math.min(...analytic) - first) > 3600 || Math.abs(Math.max(...analytic) - last) > 3600)
          fails.push(
            `season ${k}: nights ${iso(first)} to ${iso(last)}, analytic ${iso(Math.min(...analytic))} to ${iso(Math.max(...analytic))}`,
          );
        if (before < 20 || before > 25 || after < 20 || after > 25)
          fails.push(`season ${k}: ${before.toFixed(1)} days before the equinox to ${after.toFixed(1)} after`);
        const longest = Math.max(...season.map((t) => measured.get(t)!));
        if (Math.abs(longest - (fMax * T) / 60) > 1)
          fails.push(
            `season ${k}: longest eclipse ${longest.toFixed(2)} min, cylindrical shadow at β = 0 ${((fMax * T) / 60).toFixed(2)}`,
          );
      });
      if (
        nights.length !== spring.length + autumn.length ||
        nights.some((t) => Math.abs(doy(t) - 172) < 60 || Math.abs(doy(t) - 355) < 60)
      )
        fails.push('eclipses near a solstice');
      if (!close(s.sources[0].detail.eclipse_share, eclipseS / (days * 86400), 1e-3, 1e-6))
        fails.push(`eclipse_share ${s.sources[0].detail.eclipse_share}, want ${eclipseS / (days * 86400)}`);
      report(fails, `longitude ${lon}; run ${dir}`);
    }
  }, 60_000);
});

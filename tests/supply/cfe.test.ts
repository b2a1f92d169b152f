import { describe, expect, it } from 'vitest';
import { drive } from './drive.ts';
import { eclipseFraction } from '../../src/supply/orbit.ts';

const HOUR = 3600;

/** The site: 0.7 MW of load, a 1,200 kW LEO array, a grid (PJM's carbon-free share by default). */
function leoSite(grid: Record<string, unknown>, days: number, orbit: Record<string, unknown> = { type: 'leo' }) {
  // Dispatch levels as they were set: [t, solar produced (used + curtailed), grid delivered, grid share].
  const levels: [number, number, number, number][] = [];
  const d = drive({
    supplies: [
      { kind: 'space-solar', panels: 1000, orbit },
      { kind: 'grid', ...grid },
    ],
    durationS: days * 86400,
    start: '2027-01-01',
    demand: [[0, 700e3]],
    onDispatch: ({ sim, system }) => {
      const r = system.result;
      levels.push([sim.now, r.usedW[0] + r.curtailedW[0], r.deliveredW[1], system.supplies[1].carbonFreeShare()]);
    },
  });
  return { summary: d.run(), levels, end: days * 86400 };
}

/** Hourly matching computed here from the levels: per clock hour min(carbon-free energy, load). */
function hourly(levels: [number, number, number, number][], end: number, demandW: number, gridCounts: boolean): number {
  let num = 0;
  let den = 0;
  for (let h = 0; h < end; h += HOUR) {
    let clean = 0;
    for (let k = 0; k < levels.length; k++) {
      const a = Math.max(levels[k][0], h);
      const b = Math.min(k + 1 < levels.length ? levels[k + 1][0] : end, h + HOUR, end);
      if (b <= a) continue;
      clean += (levels[k][1] + (gridCounts ? levels[k][2] * levels[k][3] : 0)) * (b - a);
    }
    const load = demandW * (Math.min(h + HOUR, end) - h);
    num += Math.min(clean, load);
    den += load;
  }
  return num / den;
}

describe('the carbon_free_kw column: demand met by carbon-free power, matched at each instant', () => {
  it("at β = 0 it is the sunlit share plus the eclipse share at PJM's 39.6 %, below the hourly score", () => {
    const levels: [number, number][] = [];
    const d = drive({
      supplies: [{ kind: 'space-solar', panels: 1000, orbit: { type: 'leo', beta_deg: 0 } }, { kind: 'grid' }],
      durationS: 5 * 86400,
      start: '2027-01-01',
      demand: [[0, 700e3]],
      onDispatch: ({ sim, system }) => void levels.push([sim.now, system.carbonFreeW]),
    });
    const summary = d.run();
    const end = 5 * 86400;
    let j = 0;
    for (let k = 0; k < levels.length; k++)
      j += levels[k][1] * ((k + 1 < levels.length ? levels[k + 1][0] : end) - levels[k][0]);
    const share = j / (700e3 * end);
    const f = eclipseFraction(400, 0);
    expect(share).toBeCloseTo(1 - f + f * 0.396, 2);
    expect(share).toBeLessThan(summary.reliability.cfe_score);
    for (const [, w] of levels) expect(w).toBeLessThanOrEqual(700e3);
  });
});

describe('24/7 carbon-free score by hourly matching (issue 10.4)', () => {
  it('credits surplus carbon-free energy at one instant against load at another instant of the same hour', () => {
    const { summary, levels, end } = leoSite({}, 30);
    const score = summary.reliability.cfe_score;
    // Instantaneous matching gave about 0.76 (sunlit share + eclipse share × 39.6 %).
    expect(score).toBeGreaterThan(0.9);
    expect(score).toBeCloseTo(hourly(levels, end, 700e3, true), 9);
  });

  it('at β = 0 it is the hourly sum worked out from the eclipse: 61 % sunlit at 1.2 MW against 0.7 MW', () => {
    const { summary, levels, end } = leoSite({}, 5, { type: 'leo', beta_deg: 0 });
    expect(summary.reliability.cfe_score).toBeCloseTo(hourly(levels, end, 700e3, true), 9);
    expect(summary.reliability.cfe_score).toBeCloseTo(0.977, 3); // the figure docs/models/supply.md quotes
    // Instant by instant it would be the sunlit share plus the eclipse share at PJM's 39.6 %.
    const f = eclipseFraction(400, 0);
    expect(1 - f + f * 0.396).toBeCloseTo(0.76, 2);
  });

  it('a grid given only a flat carbon intensity borrows no carbon-free share: its part is left out, and the summary says so', () => {
    const { summary, levels, end } = leoSite({ carbon: '56 g/kWh' }, 10);
    expect(summary.reliability.cfe_score).toBeCloseTo(hourly(levels, end, 700e3, false), 9);
    expect(summary.reliability.cfe_excludes).toEqual(['grid']);
    // Given the share, it counts.
    const given = leoSite({ carbon: '56 g/kWh', carbon_free_share: '90%' }, 10);
    expect(given.summary.reliability.cfe_excludes).toEqual([]);
    expect(given.summary.reliability.cfe_score).toBeCloseTo(hourly(given.levels, given.end, 700e3, true), 9);
    // The grid's defaults (PJM's intensity and share, both) are one documented grid, not a borrowing.
    expect(leoSite({}, 1).summary.reliability.cfe_excludes).toEqual([]);
  });
});

describe("the default grid is PJM's 2022 trace in brief", () => {
  // A constant load on a grid alone scores, by the hour, the mean of the hourly carbon-free share: the
  // default grid (no `carbon`) must score as the PJM trace it summarises does, counting carbon-free as
  // the trace does (nuclear, wind, solar, hydro; MODELS.md), as its 363 g/kWh is the trace's hourly mean.
  const year = (grid: Record<string, unknown>) =>
    drive({ supplies: [{ kind: 'grid', ...grid }], durationS: 365 * 86400, demand: [[0, 100e6]] }).run();
  const trace = year({ carbon: { file: 'models/data/grid-carbon/PJM-2022-hourly.csv' } });
  const flat = year({});

  it('its carbon-free share is the trace hourly mean of nuclear, wind, solar and hydro (39.6 %), not nuclear alone (32.4 %)', () => {
    expect(trace.reliability.cfe_score).toBeCloseTo(0.39645, 4);
    expect(flat.reliability.cfe_score).toBeCloseTo(trace.reliability.cfe_score, 3);
  });
});

/**
 * Every preset in models/ validates, runs (shortened where long), and does
 * what its comment block says it shows. The oracles are published figures
 * (GPT-3: Patterson et al. 2021) and the formulas of MODELS.md (reactor
 * availability, eclipse fraction, storage), never numbers printed by a run.
 */
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { loadScenario, resolveModel, ROOT, runScenario, type RunOptions } from '../src/run.ts';
import { eclipseFraction, orbitPeriodS } from '../src/supply/orbit.ts';
import { readCsv } from './helpers/read-csv.ts';

const MODELS = join(ROOT, 'models');
const README = readFileSync(join(ROOT, 'README.md'), 'utf8');
const PRESETS = readdirSync(MODELS)
  .filter((f) => f.endsWith('.yaml'))
  .map((f) => f.replace(/\.yaml$/, ''))
  .sort();
const out = (): string => mkdtempSync(join(tmpdir(), 'dcpsim-preset-'));
const run = (model: string, opts: Omit<RunOptions, 'model'> = {}) =>
  runScenario({ model, out: out(), series: false, ...opts });
type Detail = Record<string, unknown>;
const source = (s: ReturnType<typeof run>['summary'], name: string) => {
  const x = s.sources.find((v) => v.name === name);
  if (!x) throw new Error(`no source ${name}`);
  return { ...x, detail: (x.detail ?? {}) as Detail };
};
const within = (actual: number, published: number, share: number): void => {
  expect(Math.abs(actual - published) / published).toBeLessThanOrEqual(share);
};

describe('every preset', () => {
  it('has the six presets of issue 7', () => {
    for (const p of [
      'default',
      'smr-campus',
      'fusion-2028',
      'orbital-50k-h100',
      'gpt3-training',
      'deepspeed-chat-13b',
    ]) {
      expect(PRESETS).toContain(p);
    }
  });

  it.each(PRESETS)(
    '%s: validates, runs by name, opens with a comment block that cites its numbers, and has a description',
    (name) => {
      const file = resolveModel(name);
      expect(file).toBe(join(MODELS, `${name}.yaml`));
      const text = readFileSync(file, 'utf8');
      const head = text.slice(0, text.search(/^[a-z]/m));
      expect(head.split('\n').filter((l) => l.startsWith('#')).length).toBeGreaterThanOrEqual(5);
      expect(head).toMatch(/reference\.md|models\/data|arXiv/);
      const raw = parseYaml(text) as { description?: string; name?: string };
      expect(raw.description?.length ?? 0).toBeGreaterThan(20);
      expect(raw.name).toBe(name);
      const m = loadScenario({ model: name }).model;
      expect(m.supply.length).toBeGreaterThan(0);
      // The README's table of presets names it (pjm-carbon-aware-2028 was listed by `dcpsim models` only).
      const table = README.slice(
        README.indexOf('## Presets'),
        README.indexOf('\n## ', README.indexOf('## Presets') + 1),
      );
      expect(table.split('\n').some((l) => l.startsWith('| ') && l.split('|')[1].includes(`\`${name}\``))).toBe(true);
    },
  );
});

describe('gpt3-training reproduces Patterson et al. 2021 (reference.md §3.1)', () => {
  it('1,287 MWh and 552 t CO2e within 5 %, in the published 14.8 days', () => {
    const s = run('gpt3-training').summary;
    within(s.energy_mwh.facility, 1287, 0.05);
    within(s.carbon_kg / 1000, 552, 0.05);
    // The FLOPs at the achieved 24.6 TFLOP/s per chip give the published wall time.
    const r = (s as unknown as { training: { wall_time_h: number; completed: boolean; energy_mwh: number }[] })
      .training[0];
    expect(r.completed).toBe(true);
    within(r.wall_time_h, 14.8 * 24, 0.01);
    // "Pinned at 330 W": every chip computes at duty 1 for the whole run, so it draws exactly 10,000 x 330 W.
    expect((r.energy_mwh / (10000 * r.wall_time_h)) * 1e6).toBeCloseTo(330, 6);
  });

  it('settles "electricity is 60 % of training cost": at $3.06 per V100-hour (reference.md §11) it is under 1 %', () => {
    const t = run('gpt3-training').summary.training[0];
    expect(t.chip_cost_usd).toBeCloseTo(10000 * t.wall_time_h * 3.06, 3);
    expect(t.electricity_cost_usd).toBeCloseTo(t.energy_mwh * 55.54 * 1.1, 0);
    expect(t.electricity_share).toBeCloseTo(t.electricity_cost_usd / (t.electricity_cost_usd + t.chip_cost_usd!), 12);
    expect(t.electricity_share).toBeLessThan(0.01);
    expect(t.electricity_share).toBeGreaterThan(0.005);
  });
});

describe('default', () => {
  it('fusion delivers nothing before 2028-01-01 and delivers after (a start-shifted run across the date)', () => {
    const r = runScenario({ model: 'default', out: out(), set: ['start=2027-12-02'], duration: '60d', step: '1d' });
    const csv = readCsv(r.timeseriesFile!);
    const fusion = csv.col('fusion_kw');
    const t = csv.rows.map((row) => row[0]);
    const before = fusion.filter((_, i) => t[i] < '2028-01-01');
    const after = fusion.filter((_, i) => t[i] >= '2028-01-01');
    expect(before.length).toBe(30);
    expect(before.every((kw) => kw === 0)).toBe(true);
    expect(after.reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
    expect(source(r.summary, 'fusion').detail.start_utc).toBe('2028-01-01 00:00:00');
    // Supplied + unmet = demand, and the weather and carbon trace are in use.
    expect(r.summary.energy_mwh.supplied + r.summary.energy_mwh.unmet).toBeCloseTo(r.summary.energy_mwh.facility, 3);
    expect(csv.col('ambient_c').every(Number.isFinite)).toBe(true);
  });

  it('is a 100 MW-class campus over ten calendar years, with a new generation from 2028-07-01 and the H100s retired in 2030', () => {
    const m = loadScenario({ model: 'default' }).model;
    expect(m.duration).toBe(3653 * 86400);
    expect(
      m.clusters.map((c) => [
        c.name,
        c.in_service && new Date(c.in_service * 1000).toISOString().slice(0, 10),
        c.retire && new Date(c.retire * 1000).toISOString().slice(0, 10),
      ]),
    ).toEqual([
      ['train', undefined, '2030-01-01'],
      ['train_b200', '2028-07-01', undefined],
      ['serve', undefined, undefined],
    ]);
    expect(new Date(m.start * 1000).toISOString()).toBe('2027-01-01T00:00:00.000Z');
    const s = run('default', { duration: '7d', step: '1d' }).summary;
    expect(s.peak_kw.facility).toBeGreaterThan(80e3);
    expect(s.peak_kw.facility).toBeLessThan(200e3);
  });
});

describe('smr-campus', () => {
  it("each unit's capacity factor is near (1 - r/L) MTTF/(MTTF + MTTR), and the grid backs it up", () => {
    const m = loadScenario({ model: 'smr-campus' }).model;
    const smr = m.supply[0];
    if (smr.kind !== 'smr') throw new Error('supply[0] is not an smr');
    const expected =
      (1 - smr.refuel.takes / smr.refuel.every) *
      (smr.forced_outages.mttf / (smr.forced_outages.mttf + smr.forced_outages.mttr));
    expect(expected).toBeCloseTo(0.927, 3);
    const s = run('smr-campus', { step: '1d' }).summary;
    const f = source(s, 'smr');
    const units = f.detail.units as { capacity_factor: number; availability: number }[];
    expect(units).toHaveLength(2);
    for (const u of units) {
      // Two years hold one refuelling per unit; a few forced outages of 5 days each scatter around the mean.
      expect(Math.abs(u.capacity_factor - expected)).toBeLessThan(0.03);
      // All output taken (load or export): the capacity factor is the availability.
      expect(u.capacity_factor).toBeCloseTo(u.availability, 6);
    }
    expect(f.curtailed_mwh).toBe(0);
    const fleet = units.reduce((a, u) => a + u.capacity_factor, 0) / units.length;
    expect(Math.abs(fleet - expected)).toBeLessThan(0.02);
    // Backup: the grid supplies while a unit is down, a small share of the whole.
    const grid = source(s, 'grid');
    expect(grid.energy_mwh).toBeGreaterThan(0);
    expect(grid.share).toBeLessThan(0.1);
    expect(s.energy_mwh.unmet).toBe(0);
  });
});

describe('fusion-2028', () => {
  it('draws a start slip per seed: nothing before the drawn start, energy after it when it falls inside the run', () => {
    const slips: number[] = [];
    for (const seed of [1, 2, 3]) {
      const r = runScenario({ model: 'fusion-2028', out: out(), seed, duration: '400d', step: '1d' });
      const f = source(r.summary, 'fusion');
      const slip = f.detail.slip_days as number;
      slips.push(slip);
      expect(slip).toBeGreaterThanOrEqual(0);
      const start = f.detail.start_utc as string;
      // start_utc is written to the second.
      expect(
        Math.abs(Date.parse(`${start.replace(' ', 'T')}Z`) - (Date.UTC(2028, 0, 1) + slip * 86400e3)),
      ).toBeLessThan(1000);
      const csv = readCsv(r.timeseriesFile!);
      const fusion = csv.col('fusion_kw');
      const t = csv.rows.map((row) => row[0]);
      const dayOf = (i: number) => Date.parse(`${t[i].replace(' ', 'T')}Z`);
      const startMs = Date.parse(`${start.replace(' ', 'T')}Z`);
      fusion.forEach((kw, i) => {
        if (dayOf(i) + 86400e3 <= startMs) expect(kw).toBe(0);
      });
      if (slip < 390) expect(f.energy_mwh).toBeGreaterThan(0);
      else expect(f.energy_mwh).toBe(0);
    }
    // A spread to sweep over: the seeds draw different starts.
    expect(new Set(slips.map((d) => d.toFixed(3))).size).toBe(3);
    // Its comment says how to see that spread.
    expect(readFileSync(resolveModel('fusion-2028'), 'utf8')).toContain('dcpsim sweep fusion-2028 --replicates');
  });
});

describe('orbital-50k-h100', () => {
  const m = loadScenario({ model: 'orbital-50k-h100' }).model;
  const [solar, battery] = m.supply;
  if (solar.kind !== 'space-solar' || battery.kind !== 'battery' || solar.orbit.type !== 'leo')
    throw new Error('space-solar (leo) then battery expected');
  const cooling = m.facility.cooling;
  if (cooling.model !== 'radiator') throw new Error('radiator cooling expected');
  const altitudeKm = solar.orbit.altitude_km;

  it('is sized as its comment says: panels and battery carry the worst eclipse (β = 0)', () => {
    const s = run('orbital-50k-h100', { duration: '2d', step: '1d' }).summary;
    const P = s.peak_kw.facility * 1e3;
    within(P, 62.7e6, 0.01);
    const f = eclipseFraction(altitudeKm, 0);
    const T = orbitPeriodS(altitudeKm);
    expect(f).toBeCloseTo(0.39, 2);
    expect(T / 60).toBeCloseTo(92.4, 1);
    // Panels: worst output (aphelion, one year of degradation) against load + recharge.
    const worstPanelW = Math.min(
      1361 * (1 - 0.033) * solar.area * solar.efficiency * (1 - solar.degradation),
      solar.rated,
    );
    const needW = P * (1 + f / ((1 - f) * battery.round_trip));
    expect(solar.panels * worstPanelW).toBeGreaterThanOrEqual(needW);
    expect(solar.rated).toBe(1200);
    // Battery: one eclipse's energy out of the cells within the state-of-charge window.
    const eclipseJ = (P * f * T) / Math.sqrt(battery.round_trip);
    expect((battery.soc_max - battery.soc_min) * battery.energy).toBeGreaterThanOrEqual(eclipseJ);
    expect(battery.power).toBeGreaterThanOrEqual(P);
    // Radiator: all the power is heat.
    expect((s.facility as { max_heat_kw?: number }).max_heat_kw! * 1e3).toBeGreaterThanOrEqual(P);
  });

  it('a year in orbit: eclipses about a third of the time, and the chips never slow or go short', () => {
    const s = run('orbital-50k-h100', { step: '1d' }).summary;
    const eclipse = source(s, 'solar').detail.eclipse_share as number;
    expect(eclipse).toBeGreaterThan(0.25);
    expect(eclipse).toBeLessThan(0.4);
    expect(s.facility.throttled_mwh).toBe(0);
    expect(s.energy_mwh.unmet).toBe(0);
    expect(s.reliability?.loss_of_load_hours).toBe(0);
    expect(source(s, 'battery').energy_mwh).toBeGreaterThan(0);
  });

  it('undersized as its comment suggests (70,000 panels), eclipses slow the chips', () => {
    const s = run('orbital-50k-h100', { duration: '30d', step: '1d', set: ['supply[0].panels=70000'] }).summary;
    expect(s.facility.throttled_mwh).toBeGreaterThan(0);
  });
});

describe('deepspeed-chat-13b', () => {
  it('the published run: 64 A100-80GB for 1.25 hours at $320, a few tens of kWh', () => {
    const s = run('deepspeed-chat-13b').summary;
    const r = (
      s as unknown as {
        training: { wall_time_h: number; chips: number; chip_cost_usd: number; electricity_share: number }[];
      }
    ).training[0];
    expect(r.chips).toBe(64);
    expect(r.wall_time_h).toBeCloseTo(1.25, 6);
    expect(r.chip_cost_usd).toBeCloseTo(320, 6);
    // Energy is a small part of the cost (2-6 % for frontier models, reference.md §10).
    expect(r.electricity_share).toBeLessThan(0.06);
    // At most 64 GPUs in 8 DGX A100 (6.5 kW each, reference.md §1.3) for 1.25 h, times the PUE.
    expect(s.energy_mwh.facility).toBeLessThanOrEqual((8 * 6.5 * 1.25 * 1.12) / 1000);
    expect(s.energy_mwh.facility).toBeGreaterThan((0.5 * (8 * 6.5 * 1.25 * 1.12)) / 1000);
  });
});

describe('plan-smr and plan-fusion: NPC and LCOE of two portfolios (docs/reference.md §11)', () => {
  // 60 days stand for the year; the ten years repeat it (economics.years: 10).
  const smr = run('plan-smr', { duration: '60d' }).summary;
  const fusion = run('plan-fusion', { duration: '60d' }).summary;
  const comp = (s: typeof smr, name: string) => s.economics!.components.find((c) => c.name === name)!;

  it('the SMR fleet: $6,041/kW on 154 MW, a 60-year life salvaged at 50/60 after 10 years at 7 %', () => {
    const e = smr.economics!;
    expect(e.years).toBe(10);
    expect(e.simulated_years).toBe(1);
    const capital = 6041 * 154000;
    expect(comp(smr, 'smr').by_category.capital).toBeCloseTo(capital, 3);
    expect(comp(smr, 'smr').by_category.salvage).toBeCloseTo((-capital * 50) / 60 / 1.07 ** 10, 3);
    // The battery fades 1 % a year plus 5 % per 1,000 cycles of its 200 MWh: above 80 % after 10 years,
    // so not replaced, and salvaged by the useful capacity left, (capacity - 0.8) / 0.2 of its capital.
    const b = comp(smr, 'battery');
    const capacity = 1 - 0.1 - (0.05 * (b.generated_mwh / 200)) / 1000;
    const cap = 968 * 50000 + 253 * 200000;
    expect(b.by_category.replacement).toBeUndefined();
    expect(b.npc_usd).toBeCloseTo(cap - (cap * (capacity - 0.8)) / 0.2 / 1.07 ** 10, 0);
    expect(e.npc_usd).toBeCloseTo(
      e.components.reduce((a, c) => a + c.npc_usd, 0),
      3,
    );
  });

  it("the fusion PPA has no capital: its NPC is the discounted take-or-pay; the grid's LCOE is its price", () => {
    const f = comp(fusion, 'fusion');
    expect(Object.keys(f.by_category)).toEqual([]);
    expect(comp(fusion, 'grid').lcoe_usd_per_mwh).toBeCloseTo(55.54, 6);
    // Fusion starts in 2028: a 60-day run in 2027 has no fusion energy, so every year repeats a grid-only year.
    expect(fusion.sources.find((x) => x.name === 'fusion')!.energy_mwh).toBe(0);
  });

  it("the site LCOE is the supplies' NPC over the discounted energy served", () => {
    for (const s of [smr, fusion]) {
      const e = s.economics!;
      const annuity = (1 - 1.07 ** -10) / 0.07;
      const servedPerYear = e.served_mwh / 10;
      expect(e.lcoe_usd_per_mwh).toBeCloseTo(e.supply_npc_usd / (servedPerYear * annuity), 6);
    }
  });
});

describe('costs in the campus presets (docs/reference.md §11)', () => {
  it('orbital-50k-h100: launch is 120 MW of 59 W/kg arrays at $200/kg, $406.8M of capital', async () => {
    const { supplyCosts } = await import('../src/economics/components.ts');
    const m = loadScenario({ model: 'orbital-50k-h100' }).model;
    const solar = supplyCosts(m.supply[0] as Parameters<typeof supplyCosts>[0]);
    expect(solar.capital).toBeCloseTo((120e6 / 59) * 200, 0);
    expect(solar.capital / 1e6).toBeCloseTo(406.78, 2);
  });

  it.each(['default', 'smr-campus', 'fusion-2028', 'orbital-50k-h100', 'plan-smr', 'plan-fusion'])(
    '%s has an economics section',
    (name) => {
      expect(loadScenario({ model: name }).model.economics?.discount_rate).toBe(0.07);
    },
  );
});

describe('bench-workload', () => {
  it('runs shortened', () => {
    const s = run('bench-workload', { duration: '2d', step: '1d' }).summary;
    expect(s.energy_mwh.facility).toBeGreaterThan(0);
  });
});

describe('pjm-carbon-aware-2028 (issue 17)', () => {
  it('shortened to two weeks: the policy saves carbon at a small cost in work done, against its paired baseline', () => {
    const s = run('pjm-carbon-aware-2028', { duration: '14d' }).summary;
    const p = s.policy!;
    expect(p.carbon_saved_kg).toBeCloseTo(p.baseline_carbon_kg - s.carbon_kg, 3);
    expect(p.carbon_saved_kg).toBeGreaterThan(0);
    // Its two parts: the energy not drawn at the baseline's mean carbon, and the energy drawn, cleaner by so much a MWh.
    expect(p.facility_mwh).toBe(s.energy_mwh.facility);
    const perMwh = (kg: number, mwh: number) => kg / mwh;
    expect(p.carbon_saved_by_less_energy_kg).toBeCloseTo(
      (p.baseline_facility_mwh - p.facility_mwh) * perMwh(p.baseline_carbon_kg, p.baseline_facility_mwh),
      3,
    );
    expect(p.carbon_saved_by_less_energy_kg + p.carbon_saved_by_cleaner_energy_kg).toBeCloseTo(p.carbon_saved_kg, 3);
    expect(p.throughput_lost_share).toBeGreaterThanOrEqual(0);
    expect(p.throughput_lost_share).toBeLessThan(0.05);
    // Energy moves between hours, it is not lost: what leaves some hours arrives in others, within the work not done.
    expect(p.energy_moved_in_mwh).toBeGreaterThan(0.5 * p.energy_moved_out_mwh);
  });
});

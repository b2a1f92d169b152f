import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { costOf1MW, drive, stepAgainst } from './drive.ts';
import { timeOfUse } from '../../src/supply/schedule.ts';
import { readHourlyTrace, traceColumn } from '../../src/supply/trace.ts';
import { ZoneOffsets } from '../../src/kernel/zone.ts';
import { Reliability } from '../../src/supply/reliability.ts';
import { parseDate } from '../../src/kernel/time.ts';
import { loadScenario, runScenario } from '../../src/run.ts';

const PJM = 'models/data/grid-carbon/PJM-2022-hourly.csv';
const raw = (file: string) =>
  readFileSync(file, 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((l) => l.split(','));

describe('grid traces', () => {
  it('an hourly carbon trace steps each hour: a day of 10 MW emits 10 MW x the sum of the hours', () => {
    const rows = raw(PJM);
    let kg = 0;
    let last = 0;
    let rate = 0;
    const d2 = drive({
      supplies: [{ kind: 'grid', carbon: { file: PJM } }],
      durationS: 86400,
      start: '2027-01-01',
      demand: [[0, 10e6]],
      onDispatch: ({ sim, system }) => {
        kg += rate * (sim.now - last);
        last = sim.now;
        rate = system.carbonRate;
      },
    });
    d2.run();
    kg += rate * (86400 - last);
    // 2027-01-01 is hour 0 of the year: rows 0-23 of 2022, g/kWh x 10 MWh each.
    const expected = rows.slice(0, 24).reduce((a, r) => a + Number(r[9]) * 10e3 * 1e-3, 0);
    expect(kg).toBeCloseTo(expected, 6);
  });

  it('empty cells are filled by linear interpolation between the nearest filled hours, never zero', () => {
    const t = readHourlyTrace(PJM, process.cwd(), 'interpolate');
    const rows = raw(PJM);
    const ci = t.columns.get('avg_CI')!;
    const empty = rows.map((r, i) => (r[9] === '' ? i : -1)).filter((i) => i >= 0);
    // 23 empty in the EIA-930 data, and the 5 sliver hours of 1-2 October emptied (tests/supply/trace.test.ts).
    expect(empty.length).toBe(28);
    for (const i of empty) {
      let a = i - 1;
      while (rows[a][9] === '') a--;
      let b = i + 1;
      while (rows[b][9] === '') b++;
      const va = Number(rows[a][9]);
      const vb = Number(rows[b][9]);
      expect(ci[i]).toBeCloseTo(va + ((vb - va) * (i - a)) / (b - a), 9);
      expect(ci[i]).toBeGreaterThan(0);
    }
  });

  it('with `gaps: error`, an empty cell is a one-line error naming the file and line', () => {
    expect(() => traceColumn(readHourlyTrace(PJM, process.cwd(), 'error'), 'WND')).toThrow(
      /^models\/data\/grid-carbon\/PJM-2022-hourly\.csv:1713: WND: expected a number .*found an empty cell$/,
    );
    const dir = mkdtempSync(join(tmpdir(), 'dcpsim-trace-'));
    writeFileSync(
      join(dir, 'bad.csv'),
      'timestamp,price\n2022-01-01 00:00:00+00:00,30\n2022-01-01 01:00:00+00:00,abc\n',
    );
    expect(() => traceColumn(readHourlyTrace('bad.csv', dir, 'interpolate'), 'price')).toThrow(
      'bad.csv:3: price: expected a number, found "abc"',
    );
  });

  it('reads the columns a model names from a file with labels and notes beside them (an Electricity Maps export)', () => {
    // An Electricity Maps hourly export has text columns (Country, Zone Name, Data Source, Data Estimated) and an empty
    // one (Data Estimation Method) beside the intensities: it was refused at line 2 ('Country: expected a number,
    // found "USA"') whatever column the model read, and had to be cut down in a spreadsheet first.
    const dir = mkdtempSync(join(tmpdir(), 'dcpsim-trace-'));
    const stamp = (h: number) =>
      new Date(Date.UTC(2027, 0, 1) + h * 3600e3).toISOString().slice(0, 19).replace('T', ' ');
    const lca = (h: number) => 380 + (h % 24);
    const em = [
      'Datetime (UTC),Country,Zone Name,Carbon Intensity gCO2eq/kWh (LCA),Low Carbon Percentage,Data Estimated,Data Estimation Method',
    ];
    const plain = ['timestamp,ci'];
    for (let h = 0; h < 48; h++) {
      em.push(`${stamp(h)},USA,PJM Interconnection,${lca(h)},${40 + (h % 5)},false,`);
      plain.push(`${stamp(h)},${lca(h)}`);
    }
    writeFileSync(join(dir, 'em.csv'), `${em.join('\n')}\n`);
    writeFileSync(join(dir, 'plain.csv'), `${plain.join('\n')}\n`);
    const carbon = (file: string, column: string, gaps = 'interpolate') => {
      const out: number[] = [];
      drive({
        supplies: [{ kind: 'grid', carbon: { file: join(dir, file), column, gaps } }],
        durationS: 48 * 3600,
        start: '2027-01-01',
        demand: [[0, 1e6]],
        onDispatch: ({ system, sim }) => void out.push(sim.now, system.supplies[0].carbonKgPerJ()),
      }).run();
      return out;
    };
    const want = carbon('plain.csv', 'ci');
    expect(carbon('em.csv', 'Carbon Intensity gCO2eq/kWh (LCA)')).toEqual(want);
    expect(carbon('em.csv', 'Carbon Intensity gCO2eq/kWh (LCA)', 'error')).toEqual(want);
    // A column read that is not numbers is still refused at its first word, and an empty one as empty.
    expect(() => carbon('em.csv', 'Zone Name')).toThrow(
      /em\.csv:2: Zone Name: expected a number, found "PJM Interconnection"$/,
    );
    expect(() => carbon('em.csv', 'Data Estimation Method')).toThrow(
      /em\.csv:2: Data Estimation Method: expected at least one filled cell, found an empty column$/,
    );
    // A generation column with a word in it is refused when the carbon-free share reads it.
    const mixed = ['timestamp,avg_CI,NUC,WND,SUN,WAT,NG'];
    for (let h = 0; h < 48; h++) mixed.push(`${stamp(h)},400,10,10,10,10,${h === 5 ? 'n/a' : 60}`);
    writeFileSync(join(dir, 'mixed.csv'), `${mixed.join('\n')}\n`);
    expect(() => carbon('mixed.csv', 'avg_CI')).toThrow(/mixed\.csv:7: NG: expected a number, found "n\/a"$/);
  });

  it('a header naming a column twice, or a column not at all, is a one-line error at the header', () => {
    // Before: a repeated name crashed the reader ("Cannot set properties of undefined", exit 70); a trailing comma
    // on every line was refused as "line 2: expected at least one filled cell, found an empty column", naming no column.
    const dir = mkdtempSync(join(tmpdir(), 'dcpsim-trace-'));
    writeFileSync(join(dir, 'twice.csv'), 'timestamp,price,price\n2022-01-01 00:00:00+00:00,30,31\n');
    expect(() => readHourlyTrace('twice.csv', dir, 'interpolate')).toThrow(
      `${join(dir, 'twice.csv')}:1: expected each column named once in the header, found "price" twice`,
    );
    // A trailing comma on every line, as Excel saves: an empty column, read as none (refused until 6 December 2026).
    writeFileSync(join(dir, 'comma.csv'), '\ntimestamp,price,\n2022-01-01 00:00:00+00:00,30,\n');
    expect([...readHourlyTrace('comma.csv', dir, 'interpolate').columns.keys()]).toEqual(['price']);
    writeFileSync(join(dir, 'nameless.csv'), '\ntimestamp,price,\n2022-01-01 00:00:00+00:00,30,31\n');
    expect(() => readHourlyTrace('nameless.csv', dir, 'interpolate')).toThrow(
      `${join(dir, 'nameless.csv')}:2: expected a name for every column in the header, found column 3 without one`,
    );
  });

  it('one file with the price and carbon: the price column is not counted as generation in the carbon-free share', () => {
    // A trace holding price, avg_CI and the generation mix (EIA-930 columns), read by both fields: the share was
    // (NUC + WND + SUN + WAT) / (all generation + price), 40 / (100 + 100) = 0.2 instead of 0.4.
    const dir = mkdtempSync(join(tmpdir(), 'dcpsim-trace-'));
    const rows = Array.from({ length: 3 }, (_, h) => `2027-01-01 0${h}:00:00,100,400,10,10,10,10,60`).join('\n');
    writeFileSync(join(dir, 'both.csv'), `timestamp,price,avg_CI,NUC,WND,SUN,WAT,NG\n${rows}\n`);
    const file = join(dir, 'both.csv');
    const shares: number[] = [];
    drive({
      supplies: [{ kind: 'grid', price: { file, column: 'price' }, carbon: { file, column: 'avg_CI' } }],
      durationS: 3 * 3600,
      start: '2027-01-01',
      demand: [[0, 1e6]],
      onDispatch: ({ system }) => void shares.push(system.supplies[0].carbonFreeShare()),
    }).run();
    expect(shares.length).toBeGreaterThan(0);
    for (const x of shares) expect(x).toBeCloseTo(0.4, 12);
  });

  it('clean_columns naming a column the carbon trace lacks is a one-line error, not a carbon-free share of 0', () => {
    // clean_columns [NUC, WND, SUN, HYD] on PJM's trace (hydro is WAT there) ran with a 24/7 score of 0.
    const run = (clean?: string[], file = PJM) =>
      drive({
        supplies: [{ kind: 'grid', carbon: { file, column: 'avg_CI' }, ...(clean ? { clean_columns: clean } : {}) }],
        durationS: 3600,
        start: '2027-01-01',
        demand: [[0, 1e6]],
      });
    expect(() => run(['NUC', 'WND', 'SUN', 'HYD'])).toThrow(
      /PJM-2022-hourly\.csv:1: clean_columns: expected columns of the trace's header \(WND, SUN, WAT, OIL, NG, COL, NUC, OTH\), found HYD$/,
    );
    expect(() => run(['GEO'])).toThrow(/clean_columns: expected columns of the trace's header .*found GEO$/);
    expect(run(['NUC']).system.supplies[0].carbonFreeShare()).toBeGreaterThan(0);
    // The default list on a trace of the intensity alone: the share is unknown, as documented (no error).
    const dir = mkdtempSync(join(tmpdir(), 'dcpsim-trace-'));
    writeFileSync(join(dir, 'ci.csv'), 'timestamp,avg_CI\n2027-01-01 00:00:00,400\n2027-01-01 01:00:00,410\n');
    expect(run(undefined, join(dir, 'ci.csv')).system.supplies[0].carbonFreeUnknown).toBe(true);
  });

  it('time-of-use: a day costs the sum of its periods', () => {
    const periods = [
      { from: '00:00', price: '30 $/MWh' },
      { from: '07:00', price: '90 $/MWh' },
      { from: '22:00', price: '30 $/MWh' },
    ];
    expect(costOf1MW({ periods }, 2 * 86400)).toBeCloseTo(2 * (9 * 30 + 15 * 90), 6);
  });

  it('time-of-use in a time zone: a local day costs the sum of its local periods, 23- and 25-hour days included', () => {
    // Peak 90 $/MWh from 07:00 to 23:00 New York time, 30 otherwise; 1 MW for one local day (from local midnight).
    // A standard or summer day: 8 h x 30 + 16 h x 90 = $1,680. 14 March 2027 (clocks forward at 02:00) lasts
    // 23 h, one fewer at 30: $1,650; 7 November (clocks back) 25 h: $1,710. Read in UTC, the peak began at 07:00 UTC,
    // 02:00 in New York in winter.
    const price = {
      timezone: 'America/New_York',
      periods: [
        { from: '07:00', price: '90 $/MWh' },
        { from: '23:00', price: '30 $/MWh' },
      ],
    };
    const day = (start: string, hours: number): number => costOf1MW(price, hours * 3600, start);
    expect(day('2027-01-15T05:00:00Z', 24)).toBeCloseTo(1680, 6);
    expect(day('2027-07-15T04:00:00Z', 24)).toBeCloseTo(1680, 6);
    expect(day('2027-03-14T05:00:00Z', 23)).toBeCloseTo(1650, 6);
    expect(day('2027-11-07T04:00:00Z', 25)).toBeCloseTo(1710, 6);
  });

  it("time-of-use in a time zone: a year of it, stepped by its changes, is the local clock's period at every 5 minutes", () => {
    // Periods at odd minutes and in the hour the clocks skip or repeat; zones with a 1-hour change, a 30-minute
    // change (Lord Howe) and none (Kolkata, +05:30). The oracle reads the local clock through toLocaleString.
    const periods = [
      { fromS: 90 * 60, value: 10 },
      { fromS: 150 * 60, value: 20 },
      { fromS: 425 * 60, value: 90 },
      { fromS: 23 * 3600, value: 30 },
    ];
    const start = parseDate('2027-01-01');
    for (const zone of ['America/New_York', 'Australia/Lord_Howe', 'Asia/Kolkata', 'Europe/London']) {
      const s = timeOfUse(periods, start, new ZoneOffsets(zone));
      const local = new Intl.DateTimeFormat('sv-SE', { timeZone: zone, hour: '2-digit', minute: '2-digit' });
      const expected = (t: number): number => {
        const [h, m] = local
          .format((start + t) * 1000)
          .split(':')
          .map(Number);
        const x = h * 3600 + m * 60;
        let v = periods[3].value;
        for (const p of periods) if (p.fromS <= x) v = p.value;
        return v;
      };
      const { wrong, changes } = stepAgainst(s, expected, zone);
      expect(wrong).toEqual([]);
      expect(changes).toBeGreaterThanOrEqual(4 * 365);
    }
  });

  it('time-of-use: a time zone Intl does not know is one line', () => {
    const SMALL = join(import.meta.dirname, '..', 'fixtures', 'small.yaml');
    expect(() =>
      loadScenario({
        model: SMALL,
        set: ['supply[0].price={ timezone: Eastern, periods: [{ from: "07:00", price: 90 $/MWh }] }'],
      }),
    ).toThrow(
      /supply\[0\]\.price\.timezone: expected an IANA time zone like "America\/New_York" or "UTC", found "Eastern"$/,
    );
  });

  it('time-of-use: an abbreviation is refused, naming the zone Intl would read it as; IANA, UTC and rule names are taken', () => {
    // Intl takes some abbreviations, each its own way: EST was America/Panama (no daylight saving: a New York tariff's
    // peak an hour off all summer), while CST and PST keep it (Chicago, Los Angeles), BST was Asia/Dhaka, IST India.
    const SMALL = join(import.meta.dirname, '..', 'fixtures', 'small.yaml');
    const load = (zone: string) =>
      loadScenario({
        model: SMALL,
        set: [`supply[0].price={ timezone: ${zone}, periods: [{ from: "07:00", price: 90 $/MWh }] }`],
      });
    for (const [zone, read] of [
      ['EST', 'America/Panama'],
      ['BST', 'Asia/Dhaka'],
      ['CST', 'America/Chicago'],
    ])
      expect(() => load(zone), zone).toThrow(
        new RegExp(
          `supply\\[0\\]\\.price\\.timezone: expected an IANA time zone like "America/New_York" or "UTC", not an abbreviation \\(it reads "${zone}" as ${read}, which may not be the clock meant: write the zone's name\\), found "${zone}"$`,
        ),
      );
    for (const zone of ['America/New_York', 'UTC', 'GMT', 'Etc/GMT+5', 'EST5EDT'])
      expect(() => load(zone), zone).not.toThrow();
  });

  it('time-of-use: two periods from the same time are one line, not the later one silently', () => {
    // A peak of 90 $/MWh from 07:00 typed twice, the second with the off-peak price: the day read 30 $/MWh throughout.
    const tou = (starts: string[]) =>
      `supply[0].price={ periods: [${starts.map((f, i) => `{ from: "${f}", price: ${30 + 60 * (i % 2)} $/MWh }`).join(', ')}] }`;
    const SMALL = join(import.meta.dirname, '..', 'fixtures', 'small.yaml');
    expect(() => loadScenario({ model: SMALL, set: [tou(['00:00', '07:00', '07:00'])] })).toThrow(
      /supply\[0\]\.price\.periods\[2\]\.from: expected a start no other period has \(periods\[1\] starts at 07:00 too\), found "07:00"$/,
    );
    expect(() => loadScenario({ model: SMALL, set: [tou(['00:00', '07:00', '22:00'])] })).not.toThrow();
  });

  it('islanded (import cap 0) imports nothing; surplus is exported up to the cap, the rest curtailed', () => {
    const d = drive({
      supplies: [
        { kind: 'smr', rating: '50 MW', refuel: { takes: 0 }, forced_outages: { mttf: '100000000h', mttr: '1h' } },
        { kind: 'grid', import_cap: 0, export_cap: '20 MW' },
      ],
      durationS: 3600,
      demand: [[0, 10e6]],
    });
    d.run();
    const r = d.system.result;
    expect(r.deliveredW[1]).toBe(0);
    expect(r.totalExportW).toBe(20e6);
    expect(r.totalCurtailedW).toBe(20e6);
  });
});

describe('hourly reliability figures (MODELS.md "Reliability and carbon vocabulary")', () => {
  it('loss-of-load hours count clock hours with any unmet demand; CFE matches within each hour', () => {
    const r = new Reliability(parseDate('2027-01-01'));
    r.set(0, 1000, 0, 1000); // first half hour: all clean
    r.set(1800, 1000, 0, 0); // second half: none clean
    r.set(5400, 1000, 200, 0); // 01:30: a shortfall until 02:10
    r.set(7800, 1000, 0, 1000);
    const f = r.finish(4 * 3600);
    expect(f.hours).toBe(4);
    expect(f.loss_of_load_hours).toBe(2);
    expect(f.loss_of_load_share).toBe(0.5);
    expect(f.largest_shortfall_kw).toBeCloseTo(0.2, 12);
    // Clean energy met by hour: 1.8 MJ, 0, 3.0 MJ (from 02:10), 3.6 MJ; demand 3.6 MJ an hour.
    const clean = 1.8e6 + 0 + 3.0e6 + 3.6e6;
    expect(f.cfe_score).toBeCloseTo(clean / (4 * 3600 * 1000), 12);
  });

  it('counts each shortfall once where it starts, however its level moves, and the longest one', () => {
    // No such figure before: a planner had the hours with loss of load but not how many times or for how long.
    const r = new Reliability(0);
    r.set(0, 1e6, 0, 0);
    r.set(600, 1e6, 2e5, 0); // short from 600 s
    r.set(900, 1e6, 5e5, 0); // deeper: the same shortfall
    r.set(1200, 1e6, 0, 0); // met again: 600 s short
    r.set(1200, 1e6, 3e5, 0); // set and replaced within its instant: no shortfall
    r.set(1200, 1e6, 0, 0);
    r.set(2000, 1e6, 1e-4, 0); // a ten-billionth of the demand: float residue, not a shortfall
    r.set(3000, 1e6, 1e5, 0); // short from 3,000 s to the end
    r.set(5000, 2e6, 1e5, 0); // demand moves, still short: the same one
    const f = r.finish(7200);
    expect(f.loss_of_load_events).toBe(2);
    expect(f.longest_shortfall_h).toBe(4200 / 3600);
    expect(new Reliability(0).finish(3600)).toMatchObject({ loss_of_load_events: 0, longest_shortfall_h: 0 });
  });

  it('counts each shortfall in the period it starts in, so the periods sum to the run', () => {
    // monthly.csv and yearly.csv had loss-of-load hours but no count of shortfalls (LOLF by month or year).
    const h = (x: number) => x * 3600;
    const periods = [0, 1, 2].map((i) => ({ startS: h(10 * i), endS: h(10 * i + 10), lengthS: h(10) }));
    const r = new Reliability(0, periods);
    r.set(0, 1e6, 0, 0);
    r.set(h(1), 1e6, 1e5, 0); // one in the first period
    r.set(h(2), 1e6, 0, 0);
    r.set(h(8), 1e6, 1e5, 0); // one from the first period into the second: counted in the first
    r.set(h(12), 1e6, 0, 0);
    r.set(h(20), 1e6, 1e5, 0); // one starting on the third period's first instant
    r.set(h(21), 1e6, 0, 0);
    r.set(h(25), 1e6, 1e5, 0); // and another in it
    const f = r.finish(h(30));
    expect(f.loss_of_load_events).toBe(4);
    expect([...(r.byPeriod?.lossOfLoadEvents ?? [])]).toEqual([2, 0, 2]);
    expect([...(r.byPeriod?.lossOfLoadHours ?? [])]).toEqual([3, 2, 6]);
  });

  it('the steepest ramp is the largest change between one-minute means of demand', () => {
    const r = new Reliability(0);
    r.set(0, 0, 0, 0);
    r.set(90, 60_000, 0, 0); // half way into minute 1: means 0, 30 kW, 60 kW
    const f = r.finish(600);
    expect(f.steepest_ramp_kw_per_min).toBeCloseTo(30, 9);
  });

  it('a constant demand has a steepest ramp of exactly 0, however its minutes are cut into dispatch intervals', () => {
    // The same level set at uneven times (an hour, a tenth of a second, 1800/7 s...): a minute's mean summed from
    // its pieces came out a few ulps off the level, and the ramp between two such minutes read 1.2e-13 kW/min.
    for (const w of [1e6, 123_456.789, 3.3e7, 7e5 / 3]) {
      const r = new Reliability(1_798_761_600);
      const dts = [3600, 0.1, 7.3, 3599.9, 1800 / 7, 13];
      let t = 0;
      for (let i = 0; i < 600; i++) {
        r.set(t, w, 0, 0);
        t += dts[i % dts.length];
      }
      expect(r.finish(t).steepest_ramp_kw_per_min, `${w} W`).toBe(0);
    }
  });

  it('a run whose demand is constant (idle chips, SMR outages cutting minutes) reports a steepest ramp of 0', () => {
    // 777 idle H100s behind a PUE: before, 1.46e-14 kW/min from the sums of the minutes' pieces.
    const dir = mkdtempSync(join(tmpdir(), 'dcpsim-ramp-'));
    const model = join(dir, 'constant.yaml');
    writeFileSync(
      model,
      [
        'name: constant',
        'start: 2027-01-01',
        'duration: 30d',
        'step: 1h',
        'clusters: [{ name: gpu, chip: H100, count: 777 }]',
        'facility: { cooling: { model: pue, pue: 1.3 } }',
        'supply:',
        '  - { kind: smr, units: 1, rating: 1 MW, price: 0, forced_outages: { mttf: 5h, mttr: 1.3h } }',
        '  - { kind: grid, price: 55 $/MWh }',
      ].join('\n'),
    );
    const s = runScenario({ model, out: join(dir, 'out') }).summary;
    expect(s.energy_mwh.unmet).toBe(0);
    expect(s.reliability?.steepest_ramp_kw_per_min).toBe(0);
  });

  it('a ramp between steady minutes is the difference of the levels exactly', () => {
    const r = new Reliability(0);
    r.set(0, 1e6, 0, 0);
    for (let t = 0.1; t < 120; t += 7.3) r.set(t, 1e6, 0, 0);
    r.set(120, 1.03e6, 0, 0);
    for (let t = 120.1; t < 300; t += 7.3) r.set(t, 1.03e6, 0, 0);
    expect(r.finish(300).steepest_ramp_kw_per_min).toBe((1.03e6 - 1e6) / 1000);
  });
});

describe("a grid's outages over time (outages.csv)", () => {
  it('its down stretches are exactly the time it delivered nothing', () => {
    type Stretch = { unit: number; cause: string; startS: number; endS: number };
    let grid: { unitOutages?(): Stretch[] } | undefined;
    const levels: [number, number][] = [];
    const T = 200 * 86400;
    const d = drive({
      supplies: [{ kind: 'grid', outages: { mttf: '300h', mttr: '6h' } }],
      durationS: T,
      demand: [[0, 1e6]],
      onDispatch: ({ sim, system }) => {
        grid = system.supplies[0];
        levels.push([sim.now, system.result.deliveredW[0]]);
      },
    });
    d.run();
    let offS = 0;
    for (const [i, [t, w]] of levels.entries()) if (w === 0) offS += (levels[i + 1]?.[0] ?? T) - t;
    const stretches = grid!.unitOutages!();
    expect(stretches.length).toBeGreaterThan(5);
    expect(stretches.every((o) => o.unit === 1 && o.cause === 'forced outage')).toBe(true);
    expect(stretches.reduce((a, o) => a + o.endS - o.startS, 0)).toBeCloseTo(offS, 6);
  });

  it('a grid without outages lists none', () => {
    let grid: { unitOutages?(): unknown } | undefined;
    drive({
      supplies: [{ kind: 'grid' }],
      durationS: 86400,
      demand: [[0, 1e6]],
      onDispatch: ({ system }) => void (grid = system.supplies[0]),
    }).run();
    expect(grid!.unitOutages).toBeUndefined();
  });
});

describe('a grid entering service after the start has its outages on its own clock, from its in_service date', () => {
  // A grid connected on 2029-01-01, down 6 h every 300 h on average. Its outages were drawn from the run's start: a run
  // from 2027 had run two years of them before the connection, so the grid could enter service in an outage, and the
  // same grid's 2029 differed between a run from 2027 and one from 2029. Now they count from its entering service.
  type Stretch = { unit: number; cause: string; startS: number; endS: number };
  const outagesOf = (start: string, end: string, seed: number, inService?: string) => {
    let grid: { unitOutages?(): Stretch[] } | undefined;
    drive({
      supplies: [
        { kind: 'grid', outages: { mttf: '300h', mttr: '6h' }, ...(inService ? { in_service: inService } : {}) },
      ],
      start,
      seed,
      durationS: parseDate(end) - parseDate(start),
      demand: [[0, 1e6]],
      onDispatch: ({ system }) => void (grid = system.supplies[0]),
    }).run();
    // Epoch milliseconds (times counted from another start differ by a microsecond's rounding).
    return grid!.unitOutages!().map((o) => [
      Math.round((o.startS + parseDate(start)) * 1e3),
      Math.round((o.endS + parseDate(start)) * 1e3),
    ]);
  };

  it('its outages are those of a run starting when it enters service', () => {
    const later = outagesOf('2027-01-01', '2029-04-01', 5, '2029-01-01');
    const own = outagesOf('2029-01-01', '2029-04-01', 5);
    expect(own.length).toBeGreaterThan(3);
    expect(later).toEqual(own);
  });

  it('in service before the start, a run starts where its history from then has reached', () => {
    const history = outagesOf('2027-01-01', '2029-04-01', 5);
    const run = outagesOf('2029-01-01', '2029-04-01', 5, '2027-01-01');
    const from = parseDate('2029-01-01') * 1e3;
    const cut = history.filter((o) => o[1] > from).map((o) => [Math.max(o[0], from), o[1]]);
    expect(cut.length).toBeGreaterThan(3);
    expect(run).toEqual(cut);
  });

  it('it never enters service in an outage, whatever the run that holds it', () => {
    for (let seed = 1; seed <= 40; seed++) {
      const entered = outagesOf('2027-01-01', '2029-01-02', seed, '2029-01-01');
      expect(entered.filter((o) => o[0] === parseDate('2029-01-01') * 1e3)).toEqual([]);
    }
  });
});

/**
 * Seasonal and weekday/weekend time-of-use prices (docs/models/supply.md, grid, Price): a period may carry `days`
 * (weekdays, weekends or a list of days) and `months`, read on the local date in the price's `timezone`. At an
 * instant the price is that of the applicable period started last today, else the previous day's last applicable.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { costOf1MW, stepAgainst } from './drive.ts';
import { timeOfUse } from '../../src/supply/schedule.ts';
import { ZoneOffsets } from '../../src/kernel/zone.ts';
import { parseDate } from '../../src/kernel/time.ts';
import { loadScenario, runScenario } from '../../src/run.ts';
import { readCsv } from '../helpers/read-csv.ts';

const SMALL = join(import.meta.dirname, '..', 'fixtures', 'small.yaml');

const SUMMER = ['jun', 'jul', 'aug', 'sep'];
/** Summer weekdays: $100/MWh from 12:00 to 18:00, else $40; other weekdays $40; weekends $30, all New York time. */
const SUMMER_PEAK = {
  timezone: 'America/New_York',
  periods: [
    { from: '00:00', price: '40 $/MWh', days: 'weekdays' },
    { from: '12:00', price: '100 $/MWh', days: 'weekdays', months: SUMMER },
    { from: '18:00', price: '40 $/MWh', days: 'weekdays', months: SUMMER },
    { from: '00:00', price: '30 $/MWh', days: 'weekends' },
  ],
};

describe('seasonal and weekday/weekend time-of-use', () => {
  it('a year of 1 MW in New York costs the hand-counted sum: 261 weekdays, 104 weekend days, 88 summer weekdays', () => {
    // 2027 starts on a Friday: 261 weekdays and 104 Saturdays and Sundays; June to September have 22 weekdays each,
    // 88. Both changes of clock fall on Sundays (14 March, 23 h; 7 November, 25 h): the weekend's hours are 24 x 104.
    // $40 x 24 h x 261 + $30 x 24 h x 104 + ($100 - $40) x 6 h x 88 = 250,560 + 74,880 + 31,680 = $357,120.
    const year = (parseDate('2028-01-01T05:00:00Z') - parseDate('2027-01-01T05:00:00Z')) as number;
    expect(year).toBe(8760 * 3600);
    expect(costOf1MW(SUMMER_PEAK, year, '2027-01-01T05:00:00Z')).toBeCloseTo(357_120, 4);
  });

  it("the small site on it through 2027: each row at the local hour's price, the months docs/models/supply.md quotes", () => {
    // tests/fixtures/small.yaml's 64 H200 on this grid alone (its 40 kW import cap lifted) through 2027. By the rule, read
    // here with the platform's own New York clock: each 15-minute row's grid energy at its local hour's price (the
    // changes fall on whole UTC hours), summed by month against monthly.csv's cost per grid MWh.
    const price = `{ timezone: America/New_York, periods: [${SUMMER_PEAK.periods
      .map(
        (q) => `{ from: "${q.from}", price: ${q.price}, days: ${q.days}${q.months ? `, months: [${q.months}]` : ''} }`,
      )
      .join(', ')}] }`;
    const r = runScenario({
      model: SMALL,
      out: mkdtempSync(join(tmpdir(), 'dcpsim-tou-')),
      set: ['start=2027-01-01', 'duration=365d', 'supply[0].import_cap=1 MW', `supply[0].price=${price}`],
    });
    const ts = readCsv(join(r.outDir, 'timeseries.csv'));
    const local = new Intl.DateTimeFormat('en-US', {
      timeZone: 'America/New_York',
      weekday: 'short',
      month: 'numeric',
      hour: 'numeric',
      hourCycle: 'h23',
    });
    const grid = ts.col('grid_kw');
    const cost = ts.col('grid_cost_usd');
    const byMonth = new Map<string, [number, number]>();
    let wrong = 0;
    let peakRows = 0;
    ts.rows.forEach((row, i) => {
      const at = Object.fromEntries(
        local.formatToParts(new Date(`${row[0].replace(' ', 'T')}Z`)).map((p) => [p.type, p.value]),
      );
      const weekday = !['Sat', 'Sun'].includes(at.weekday);
      const summer = [6, 7, 8, 9].includes(Number(at.month));
      const h = Number(at.hour);
      const usdPerMwh = weekday ? (summer && h >= 12 && h < 18 ? 100 : 40) : 30;
      if (usdPerMwh === 100) peakRows++;
      const mwh = (grid[i] * 0.25) / 1000;
      if (Math.abs(cost[i] - mwh * usdPerMwh) > 1e-4) wrong++;
      const m = byMonth.get(row[0].slice(0, 7)) ?? [0, 0];
      byMonth.set(row[0].slice(0, 7), [m[0] + mwh * usdPerMwh, m[1] + mwh]);
    });
    expect(wrong).toBe(0);
    expect(peakRows).toBe(528 * 4); // 88 summer weekdays x 6 hours, in quarter hours
    const monthly = readCsv(join(r.outDir, 'monthly.csv'));
    const usd = monthly.col('cost_usd');
    const mwh = monthly.col('grid_mwh');
    const winter: number[] = [];
    const summer: number[] = [];
    monthly.rows.forEach((row, i) => {
      const [handUsd, handMwh] = byMonth.get(row[0])!;
      expect(usd[i] / mwh[i]).toBeCloseTo(handUsd / handMwh, 3);
      (['06', '07', '08', '09'].includes(row[0].slice(5)) ? summer : winter).push(usd[i] / mwh[i]);
    });
    const range = (v: number[]) => [Math.min(...v), Math.max(...v)].map((x) => x.toFixed(1)).join(' to ');
    expect(range(winter)).toBe('36.7 to 37.5');
    expect(range(summer)).toBe('47.2 to 48.6');
  });

  it('months as numbers 1-12 and days as a list read as their names', () => {
    const numeric = {
      timezone: 'America/New_York',
      periods: [
        { from: '00:00', price: '40 $/MWh', days: ['mon', 'tue', 'wed', 'thu', 'fri'] },
        { from: '12:00', price: '100 $/MWh', days: 'weekdays', months: [6, 7, 8, 9] },
        { from: '18:00', price: '40 $/MWh', days: 'weekdays', months: [6, 7, 8, 9] },
        { from: '00:00', price: '30 $/MWh', days: ['sat', 'sun'] },
      ],
    };
    // The first two weeks of June 2027 (local): 10 weekdays at $1,320 (6 h x 100 + 18 h x 40), 4 weekend days at $720.
    expect(costOf1MW(numeric, 14 * 86400, '2027-06-01T04:00:00Z')).toBeCloseTo(10 * 1320 + 4 * 720, 6);
  });

  it('the day and month change at local midnight, on the days the clocks change too', () => {
    const s = timeOfUse(
      [
        { fromS: 0, value: 40, days: 0b0111110 },
        { fromS: 12 * 3600, value: 100, days: 0b0111110, months: 0b000111100000 },
        { fromS: 18 * 3600, value: 40, days: 0b0111110, months: 0b000111100000 },
        { fromS: 0, value: 30, days: 0b1000001 },
      ],
      0,
      new ZoneOffsets('America/New_York'),
    );
    const at = (iso: string): number => s.valueAt(parseDate(iso));
    // Sunday 14 March 2027 lasts 23 h (EST until 07:00Z, EDT after); Monday begins at 04:00Z, not 05:00Z.
    expect(at('2027-03-14T06:59:59Z')).toBe(30);
    expect(at('2027-03-15T03:59:59Z')).toBe(30);
    expect(at('2027-03-15T04:00:00Z')).toBe(40);
    // Sunday 7 November lasts 25 h: Monday begins at 05:00Z.
    expect(at('2027-11-07T04:00:00Z')).toBe(30);
    expect(at('2027-11-08T04:59:59Z')).toBe(30);
    expect(at('2027-11-08T05:00:00Z')).toBe(40);
    // Summer begins on local 1 June (a Tuesday, 04:00Z): 31 May at 12:00 local is not summer, 1 June is.
    expect(at('2027-05-31T16:00:00Z')).toBe(40);
    expect(at('2027-06-01T16:00:00Z')).toBe(100);
    expect(at('2027-06-01T22:00:00Z')).toBe(40);
    // Friday 1 October, 12:00 local: winter again.
    expect(at('2027-10-01T16:00:00Z')).toBe(40);
    expect(at('2027-09-30T16:00:00Z')).toBe(100);
    // The change to the weekend's price is scheduled at local midnight, not at the next period start.
    const fri = parseDate('2027-03-12T20:00:00Z');
    expect(s.nextChange(fri)).toBe(parseDate('2027-03-13T05:00:00Z'));
    // Saturday to Sunday keeps $30: stepped by nextChange, the first change is Monday's midnight (its steps may stop
    // sooner, where it looks again, at most a day apart: the zone's offsets are read a day at a time).
    let t = parseDate('2027-03-13T05:00:00Z');
    const steps: number[] = [];
    while (s.valueAt(t) === 30) {
      const next = s.nextChange(t);
      expect(next - t).toBeLessThanOrEqual(86400);
      steps.push((t = next));
    }
    expect(t).toBe(parseDate('2027-03-15T04:00:00Z'));
    expect(steps.length).toBeLessThanOrEqual(3);
  });

  it('before the first period that applies today, the last that applied yesterday holds', () => {
    // Weekdays: $90 from 07:00 to 22:00, $30 from 22:00. Weekends: $20 from 08:00 only. Monday 01:00 is Sunday's $20
    // still; Saturday 01:00 is Friday's $30 from 22:00.
    const s = timeOfUse(
      [
        { fromS: 7 * 3600, value: 90, days: 0b0111110 },
        { fromS: 22 * 3600, value: 30, days: 0b0111110 },
        { fromS: 8 * 3600, value: 20, days: 0b1000001 },
      ],
      0,
    );
    expect(s.valueAt(parseDate('2027-01-04T01:00:00Z'))).toBe(20); // Monday
    expect(s.valueAt(parseDate('2027-01-04T07:00:00Z'))).toBe(90);
    expect(s.valueAt(parseDate('2027-01-09T01:00:00Z'))).toBe(30); // Saturday
    expect(s.valueAt(parseDate('2027-01-09T08:00:00Z'))).toBe(20);
  });

  it("a year of it, stepped by its changes, is the local date's and clock's period at every 5 minutes", () => {
    // Periods at odd minutes; summer weekdays, Sundays, winter months; zones with 1-hour, 30-minute (Lord Howe) and
    // no changes of clock, and one where the day changes before UTC's (Auckland). The oracle reads the local date
    // and time through Intl.
    const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
    const periods = [
      { fromS: 90 * 60, value: 10 },
      { fromS: 425 * 60, value: 90, days: 0b0111110, months: 0b000111100000 },
      { fromS: 425 * 60, value: 70, days: 0b0111110, months: 0b111000011111 },
      { fromS: 17 * 3600 + 5 * 60, value: 30, days: 0b0111110 },
      { fromS: 23 * 3600, value: 20, days: 0b0000001 },
      { fromS: 150 * 60, value: 5, months: 0b100000000011 },
    ];
    const start = parseDate('2027-01-01');
    for (const zone of ['America/New_York', 'Australia/Lord_Howe', 'Asia/Kolkata', 'Pacific/Auckland']) {
      const s = timeOfUse(periods, start, new ZoneOffsets(zone));
      const fmt = new Intl.DateTimeFormat('en-US', {
        timeZone: zone,
        hourCycle: 'h23',
        weekday: 'short',
        month: 'numeric',
        day: 'numeric',
        year: 'numeric',
        hour: '2-digit',
        minute: '2-digit',
      });
      const applies = (p: (typeof periods)[number], wd: number, m: number): boolean =>
        ((p.days ?? 127) >> wd) % 2 === 1 && ((p.months ?? 4095) >> m) % 2 === 1;
      const expected = (t: number): number => {
        const parts = Object.fromEntries(fmt.formatToParts((start + t) * 1000).map((p) => [p.type, p.value]));
        const wd = DAYS.indexOf(parts.weekday);
        const m = Number(parts.month) - 1;
        const x = Number(parts.hour) * 3600 + Number(parts.minute) * 60;
        let v: number | undefined;
        for (const p of [...periods].sort((a, b) => a.fromS - b.fromS))
          if (p.fromS <= x && applies(p, wd, m)) v = p.value;
        if (v !== undefined) return v;
        // Yesterday's last: the local date before (its month from the calendar, not from the clock).
        const y = new Date(Date.UTC(Number(parts.year), m, Number(parts.day) - 1));
        const today = [...periods]
          .sort((a, b) => a.fromS - b.fromS)
          .filter((p) => applies(p, y.getUTCDay(), y.getUTCMonth()));
        return today[today.length - 1].value;
      };
      expect(stepAgainst(s, expected, zone).wrong).toEqual([]);
    }
  });

  it('a day of some month with no period that applies is one line naming it', () => {
    const set = (periods: string) => [`supply[0].price={ timezone: America/New_York, periods: [${periods}] }`];
    expect(() =>
      loadScenario({
        model: SMALL,
        set: set('{ from: "00:00", price: 40 $/MWh, days: weekdays }, { from: "12:00", price: 90 $/MWh }'),
      }),
    ).not.toThrow();
    expect(() =>
      loadScenario({ model: SMALL, set: set('{ from: "00:00", price: 40 $/MWh, days: weekdays }') }),
    ).toThrow(
      /supply\[0\]\.price\.periods: expected a period that applies on every day of every month \(one without `days` or `months`, or filters that together cover them\), found none on sat, sun in any month$/,
    );
    expect(() =>
      loadScenario({
        model: SMALL,
        set: set(
          '{ from: "00:00", price: 40 $/MWh, days: weekdays }, { from: "00:00", price: 30 $/MWh, days: weekends, months: [jun, jul, aug, sep] }',
        ),
      }),
    ).toThrow(/found none on sat, sun in jan, feb, mar, apr, may, oct, nov, dec$/);
    expect(() =>
      loadScenario({
        model: SMALL,
        set: set(
          '{ from: "00:00", price: 40 $/MWh, days: [mon, tue, wed, thu, fri, sat], months: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11] }, { from: "07:00", price: 30 $/MWh, days: [sun] }',
        ),
      }),
    ).toThrow(/found none on mon, tue, wed, thu, fri, sat in dec$/);
  });

  it('a misspelt day or month, or an empty list, is one line naming the field', () => {
    const tou = (filter: string) => [`supply[0].price={ periods: [{ from: "00:00", price: 40 $/MWh, ${filter} }] }`];
    expect(() => loadScenario({ model: SMALL, set: tou('days: weekday') })).toThrow(
      /supply\[0\]\.price\.periods\[0\]\.days: expected/,
    );
    expect(() => loadScenario({ model: SMALL, set: tou('days: [monday]') })).toThrow(
      /supply\[0\]\.price\.periods\[0\]\.days\[0\]: expected/,
    );
    expect(() => loadScenario({ model: SMALL, set: tou('months: [13]') })).toThrow(
      /supply\[0\]\.price\.periods\[0\]\.months\[0\]: expected/,
    );
    expect(() => loadScenario({ model: SMALL, set: tou('months: []') })).toThrow(
      /supply\[0\]\.price\.periods\[0\]\.months: expected at least 1 item/,
    );
  });

  it('two periods from the same time on a same day are one line; on days apart they are a tariff', () => {
    const set = (periods: string) => [`supply[0].price={ periods: [${periods}] }`];
    expect(() =>
      loadScenario({
        model: SMALL,
        set: set(
          '{ from: "00:00", price: 40 $/MWh, days: weekdays }, { from: "00:00", price: 30 $/MWh, days: [sat, sun] }',
        ),
      }),
    ).not.toThrow();
    expect(() =>
      loadScenario({
        model: SMALL,
        set: set(
          '{ from: "00:00", price: 40 $/MWh }, { from: "07:00", price: 90 $/MWh, days: weekdays, months: [jul] }, { from: "07:00", price: 80 $/MWh, days: [fri, sat], months: [jul, aug] }',
        ),
      }),
    ).toThrow(
      /supply\[0\]\.price\.periods\[2\]\.from: expected a start no other period applying on the same day has \(periods\[1\] starts at 07:00 too, on fri in jul\), found "07:00"$/,
    );
  });
});

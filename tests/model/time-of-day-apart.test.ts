/**
 * A data file whose time of day is a column apart from its dates (docs/models/supply.md, Traces; docs/models/facility.md,
 * csv): "date,hour,price" as a utility's or market's export writes it. The readers take one column for the timestamps,
 * so such a file is refused in one line that says to join the two, not as something it is not.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/model/errors.ts';
import { loadScenario } from '../../src/run.ts';
import { Site } from '../../src/site.ts';

const dir = mkdtempSync(join(tmpdir(), 'dcpsim-time-of-day-'));
const SMALL = join(import.meta.dirname, '..', 'fixtures', 'small.yaml');

/** A file `name` of three days from 2027-02-28, its header `header`, each hour's row from `row(date, hour)`. */
function file(name: string, header: string, row: (date: string, h: number) => string): string {
  const rows: string[] = [];
  for (let d = 0; d < 4; d++) {
    const date = new Date(Date.UTC(2027, 1, 28 + d)).toISOString().slice(0, 10);
    for (let h = 0; h < 24; h++) rows.push(row(date, h));
  }
  const path = join(dir, name);
  writeFileSync(path, `${header}\n${rows.join('\n')}\n`);
  return path;
}

/** The one-line error that building the small site with `set` gives (the message of an InputError). */
function refusal(set: string[]): string {
  const l = loadScenario({ model: SMALL, set });
  const error = (() => {
    try {
      return void new Site(l.model, { baseDir: dirname(resolve(l.file)) }, { row() {} });
    } catch (e) {
      return e;
    }
  })();
  expect(error, set.join(' ')).toBeInstanceOf(InputError);
  return (error as Error).message.split('\n').join(' (a second line) ');
}

const JOIN = 'join the two in one column, like "2027-01-01 01:00" for the hour from 01:00, in UTC or with its offset)';

describe('a time of day in a column apart from the dates', () => {
  it('is refused in a price trace as what it is, not as a daylight-saving clock or 24 series', () => {
    // Until 7 December 2026: 'date,hour,price' was 'expected the hour after the previous row (... local clock times
    // skip or repeat an hour where daylight saving starts or ends ...)', and 'date,time,price' (00:00 ...) 'expected one
    // series of hours (the file holds one for each time: keep one with where: { "time": <one of them> } beside file)'.
    const hourly = file('dh.csv', 'date,hour,price', (d, h) => `${d},${h + 1},${50 + h}`);
    expect(refusal([`supply[0].price={ file: ${hourly}, column: price }`])).toBe(
      `${hourly}:2: timestamp: expected a date and time in one column (the timestamps are dates alone, and "hour" gives the time of day apart: ${JOIN}, found "2027-02-28"`,
    );
    const clock = file('dt.csv', 'date,time,price', (d, h) => `${d},${String(h).padStart(2, '0')}:00,${50 + h}`);
    expect(refusal([`supply[0].price={ file: ${clock}, column: price }`])).toContain(
      `${clock}:2: timestamp: expected a date and time in one column (the timestamps are dates alone, and "time" gives`,
    );
    // An hour ending (HE 1 to 24), as markets number them, says which hour its 1 is.
    const he = file('he.csv', 'Date,HE,LMP', (d, h) => `${d},${h + 1},${50 + h}`);
    expect(refusal([`supply[0].price={ file: ${he}, column: LMP }`])).toContain(
      '"HE" gives the time of day apart: join the two in one column, like "2027-01-01 01:00" for the hour from 01:00, hour ending 1 being the hour from 00:00,',
    );
    // A carbon trace alike.
    const ci = file('ci.csv', 'date,hour,avg_CI', (d, h) => `${d},${h},${400 + h}`);
    expect(refusal([`supply[0].carbon={ file: ${ci} }`])).toContain(`${ci}:2: timestamp: expected a date and time`);
  });

  it('is refused in a weather CSV as what it is, not as a misnamed humidity', () => {
    // Until 7 December 2026 'date,hour,temperature' was 'expected column 3 to be the relative humidity (%), named so'.
    const w = file('w.csv', 'date,hour,temperature', (d, h) => `${d},${h},${5 + h * 0.3}`);
    expect(refusal([`facility.weather={ model: csv, file: ${w} }`])).toBe(
      `${w}:2: date: expected a date and time in one column (the timestamps are dates alone, and "hour" gives the time of day apart: ${JOIN}, found "2027-02-28"`,
    );
  });

  it('reads a file whose timestamps hold the time of day, whatever other columns it has', () => {
    // A column named hour beside full timestamps is a label, read as before.
    const t = file(
      'full.csv',
      'timestamp,hour,price',
      (d, h) => `${d} ${String(h).padStart(2, '0')}:00,${h},${50 + h}`,
    );
    const l = loadScenario({ model: SMALL, set: [`supply[0].price={ file: ${t}, column: price }`] });
    expect(() => new Site(l.model, { baseDir: dirname(resolve(l.file)) }, { row() {} })).not.toThrow();
  });
});

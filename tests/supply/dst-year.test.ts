/**
 * A whole year of each market's file, both changes of clock in it (docs/models/supply.md, grid, Traces): NYISO's
 * day-ahead zonal LBMPs, ISO-NE's hourly LMP report, ERCOT's DAM settlement point prices, ENTSO-E's day-ahead prices
 * (current and legacy export) and MISO's market report, each written here for 2024 as the market writes it, in its
 * own clock (local times from the ICU zone rules, not from the readers' own), each hour's price the number of UTC
 * hours from 2024-01-01 00:00 UTC to its start. Read back, every hour of the local year is its own UTC hour: the
 * readers were checked on the fixtures' days around each change, never on a year holding both (audit sup60).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readHourlyTrace, traceColumn } from '../../src/supply/trace.ts';

const dir = mkdtempSync(join(tmpdir(), 'dcpsim-dst-year-'));
const T0 = Date.UTC(2024, 0, 1) / 1000;

const formats = new Map<string, Intl.DateTimeFormat>();
/** A UTC instant's local clock in `zone`: its fields, and its offset's name ('EDT', 'GMT+1' ...). */
function local(epochS: number, zone: string) {
  let format = formats.get(zone);
  if (!format)
    formats.set(
      zone,
      (format = new Intl.DateTimeFormat('en-US', {
        timeZone: zone,
        hourCycle: 'h23',
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
        hour: '2-digit',
        minute: '2-digit',
        timeZoneName: 'short',
      })),
    );
  const parts = format.formatToParts(new Date(epochS * 1000));
  const f = (type: string) => parts.find((p) => p.type === type)!.value;
  return { y: f('year'), m: f('month'), d: f('day'), h: Number(f('hour')), zone: f('timeZoneName') };
}

/** The UTC hours of 2024 in `zone`'s clock (its local midnight to the next year's), each with its local clock. */
function localYear(zone: string) {
  let t = T0 - 14 * 3600;
  while (local(t, zone).y !== '2024') t += 3600;
  const hours: { t: number; l: ReturnType<typeof local> }[] = [];
  for (; local(t, zone).y === '2024'; t += 3600) hours.push({ t, l: local(t, zone) });
  return hours;
}

const pad = (h: number) => String(h).padStart(2, '0');
const value = (t: number) => (t - T0) / 3600;

/** `file` read back starts at `firstS` (local midnight in UTC), each hour its UTC hour's value, 8,784 of them (2024 is a leap year). */
function readsEveryHour(file: string, column: string, firstS: number, where?: Record<string, string>) {
  const trace = readHourlyTrace(file, dir, 'error', where);
  expect(new Date(trace.startEpochS * 1000).toISOString()).toBe(new Date(firstS * 1000).toISOString());
  const c = traceColumn(trace, column);
  const wrong: string[] = [];
  for (let i = 0; i < trace.hours; i++)
    if (c[i] !== value(trace.startEpochS) + i)
      wrong.push(`${new Date((trace.startEpochS + i * 3600) * 1000).toISOString()}: ${c[i]}`);
  expect(trace.hours).toBe(8784);
  expect(wrong.slice(0, 5)).toEqual([]);
}

describe('a year of market prices, both changes of clock in it, read hour by hour', () => {
  it('NYISO: hours stamped at their start in Eastern prevailing time, 01:00 twice in November', () => {
    const rows = localYear('America/New_York').map(
      ({ t, l }) => `"${l.m}/${l.d}/${l.y} ${pad(l.h)}:00","N.Y.C.",61761,${value(t)},0.00,0.00`,
    );
    const header = `"Time Stamp","Name","PTID","LBMP ($/MWHr)","Marginal Cost Losses ($/MWHr)","Marginal Cost Congestion ($/MWHr)"`;
    writeFileSync(join(dir, 'ny.csv'), `${[header, ...rows].join('\n')}\n`);
    readsEveryHour('ny.csv', 'LBMP ($/MWHr)', T0 + 5 * 3600, { Name: 'N.Y.C.' });
  });

  it('ISO-NE: hours ending 01 to 24, no 03 on the spring day, 02X after 02 on the autumn day', () => {
    let prev = '';
    const rows = localYear('America/New_York').map(({ t, l }) => {
      const day = `${l.m}/${l.d}/${l.y}`;
      const he = `${pad(l.h + 1)}${`${day} ${l.h}` === prev ? 'X' : ''}`;
      prev = `${day} ${l.h}`;
      return `"D","${day}","${he}","4000",".H.INTERNAL_HUB","HUB",${value(t)},0,0,0`;
    });
    const head = [
      `"C","Day-Ahead Energy Market Hourly LMP Report"`,
      `"H","Date","Hour Ending","Location ID","Location Name","Location Type","Locational Marginal Price","Energy Component","Congestion Component","Marginal Loss Component"`,
      `"H","Date","HE","String","String","String","Number","Number","Number","Number"`,
    ];
    writeFileSync(join(dir, 'ne.csv'), `${[...head, ...rows, `"T","${rows.length}"`].join('\n')}\n`);
    readsEveryHour('ne.csv', 'Locational Marginal Price', T0 + 5 * 3600, { 'Location Name': '.H.INTERNAL_HUB' });
  });

  it('ERCOT: hours ending 01:00 to 24:00 in Central prevailing time, the repeated 02:00 flagged Y', () => {
    let prev = '';
    const rows = localYear('America/Chicago').map(({ t, l }) => {
      const day = `${l.m}/${l.d}/${l.y}`;
      const again = `${day} ${l.h}` === prev;
      prev = `${day} ${l.h}`;
      return `${day},${pad(l.h + 1)}:00,HB_HOUSTON,${value(t)},${again ? 'Y' : 'N'}`;
    });
    const header = 'DeliveryDate,HourEnding,SettlementPoint,SettlementPointPrice,DSTFlag';
    writeFileSync(join(dir, 'tx.csv'), `${[header, ...rows].join('\n')}\n`);
    readsEveryHour('tx.csv', 'SettlementPointPrice', T0 + 6 * 3600, { SettlementPoint: 'HB_HOUSTON' });
  });

  it('ENTSO-E: intervals in CET/CEST, marked (CET)/(CEST) on the two days in the current export, not in the legacy one', () => {
    const hours = localYear('Europe/Berlin');
    const cet = (t: number) => (local(t, 'Europe/Berlin').zone === 'GMT+2' ? 'CEST' : 'CET');
    const stamp = (t: number, dots: boolean) => {
      const l = local(t, 'Europe/Berlin');
      return dots ? `${l.d}.${l.m}.${l.y} ${pad(l.h)}:00` : `${l.d}/${l.m}/${l.y} ${pad(l.h)}:00:00`;
    };
    const marked = new Set(['31/03/2024', '27/10/2024']);
    const current = hours.map(({ t, l }) => {
      const mark = marked.has(`${l.d}/${l.m}/${l.y}`);
      const at = (s: number) => `${stamp(s, false)}${mark ? ` (${cet(s)})` : ''}`;
      return `"BZN|DE-LU","Without Sequence","${at(t)} - ${at(t + 3600)}","${value(t)}","N/A","N/A"`;
    });
    const header = `"Area","Sequence","MTU (CET/CEST)","Day-ahead Price (EUR/MWh)","Intraday Period (CET/CEST)","Intraday Price (EUR/MWh)"`;
    writeFileSync(join(dir, 'eu.csv'), `${[header, ...current].join('\n')}\n`);
    readsEveryHour('eu.csv', 'Day-ahead Price (EUR/MWh)', T0 - 3600);
    const legacy = hours.map(({ t }) => `"${stamp(t, true)} - ${stamp(t + 3600, true)}","${value(t)}"`);
    writeFileSync(
      join(dir, 'eu-legacy.csv'),
      `${['"MTU (CET/CEST)","Day-ahead Price [EUR/MWh]"', ...legacy].join('\n')}\n`,
    );
    readsEveryHour('eu-legacy.csv', 'Day-ahead Price [EUR/MWh]', T0 - 3600);
  });

  it('MISO: a report a day, hours ending 1 to 24 in Eastern Standard Time all year', () => {
    const lines: string[] = [];
    for (let day = T0 + 5 * 3600; day < T0 + 366 * 86400; day += 86400) {
      const l = local(day, 'Etc/GMT+5');
      const he = Array.from({ length: 24 }, (_, h) => value(day + h * 3600));
      lines.push(
        'Day Ahead Market ExPost LMPs',
        `${l.m}/${l.d}/${l.y}`,
        '',
        ',,,All Hours-Ending are Eastern Standard Time (EST)',
        `Node,Type,Value,${Array.from({ length: 24 }, (_, h) => `HE ${h + 1}`).join(',')}`,
        `MINN.HUB,Hub,LMP,${he.join(',')}`,
      );
    }
    writeFileSync(join(dir, 'miso.csv'), `${lines.join('\n')}\n`);
    readsEveryHour('miso.csv', 'price', T0 + 5 * 3600, { Node: 'MINN.HUB', Value: 'LMP' });
  });
});

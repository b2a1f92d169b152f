/**
 * Holidays by rule (src/supply/holidays.ts; docs/models/supply.md, grid, Price): the US federal holidays of
 * 5 U.S.C. 6103 with their observed days, and NERC's six off-peak days, listed here by hand from the calendar.
 */
import { describe, expect, it } from 'vitest';
import { parseDate } from '../../src/kernel/time.ts';
import { holidaysOf, holidayTest } from '../../src/supply/holidays.ts';

/** Day number (days since 1970-01-01) as its date. */
const date = (day: number): string => new Date(day * 86400e3).toISOString().slice(0, 10);
const E = (iso: string): number => parseDate(iso);

describe('holidays by rule', () => {
  it("us-federal 2027: eleven days, a Saturday's observed the Friday before, a Sunday's the Monday after", () => {
    // 2027 starts on a Friday. Juneteenth (19 June) and Christmas fall on Saturdays, Independence Day on a Sunday.
    expect(holidaysOf('us-federal', 2027).map(date)).toEqual([
      '2027-01-01',
      '2027-01-18',
      '2027-02-15',
      '2027-05-31',
      '2027-06-18',
      '2027-07-05',
      '2027-09-06',
      '2027-10-11',
      '2027-11-11',
      '2027-11-25',
      '2027-12-24',
    ]);
    // 1 January 2028 is a Saturday: observed on Friday 31 December 2027; Juneteenth only from 2021.
    const is = holidayTest(['us-federal'])!;
    const day = (iso: string): number => E(`${iso}T00:00:00Z`) / 86400;
    expect(is(day('2027-12-31'))).toBe(true);
    expect(is(day('2028-01-01'))).toBe(false);
    expect(is(day('2027-06-19'))).toBe(false);
    expect(holidaysOf('us-federal', 2020)).toHaveLength(10);
  });

  it("nerc 2027: six days, a Sunday's moved to the Monday, a Saturday's not moved", () => {
    expect(holidaysOf('nerc', 2027).map(date)).toEqual([
      '2027-01-01',
      '2027-05-31',
      '2027-07-05',
      '2027-09-06',
      '2027-11-25',
      '2027-12-25',
    ]);
  });
});

import { describe, expect, it } from 'vitest';
import { billingMonths, monthsOf } from '../../src/kernel/calendar.ts';
import { ZoneOffsets } from '../../src/kernel/zone.ts';
import { IntervalPeaks } from '../../src/kernel/interval-peaks.ts';

const JAN_2027 = Date.UTC(2027, 0, 1) / 1000;
const MIN = 60;

/** Levels held from each time (s from the start) to the next, then the run's end. */
function billed(steps: [number, number][], endS: number, startEpochS = JAN_2027, intervalS = 15 * MIN): number[] {
  let x = 0;
  const d = new IntervalPeaks(() => x, intervalS, startEpochS, monthsOf(startEpochS, endS));
  for (const [t, level] of steps) {
    d.advance(t);
    x = level;
  }
  d.finish(endS);
  return [...d.peaks];
}

describe('IntervalPeaks: the billing demand, the largest 15-minute mean', () => {
  /** 1 MW for an hour but `level` MW from minute `from` to minute `to`: the hour's billing demand, MW. */
  const spike = (from: number, to: number, level: number, intervalS = 15 * MIN): number =>
    billed(
      [
        [0, 1e6],
        [from * MIN, level * 1e6],
        [to * MIN, 1e6],
      ],
      3600,
      JAN_2027,
      intervalS,
    )[0] / 1e6;

  it.each([
    ['a one-minute spike to twice the base: 16/15 of it, where the peak is twice it', 5, 6, 2, 15, 16 / 15],
    ["the same across an interval's boundary (00:14-00:16), a minute in each of two", 14, 16, 2, 15, 16 / 15],
    ['a level held through a whole interval: that level', 15, 30, 3, 15, 3],
    ["30-minute intervals halve the spike's weight again: (29 + 2) / 30", 5, 6, 2, 30, 31 / 30],
  ])('%s', (_, from, to, level, minutes, want) => {
    expect(spike(from, to, level, minutes * MIN)).toBeCloseTo(want, 12);
  });

  it('counts an interval in the month it starts in', () => {
    // 3 MW in January's last interval, 31 January 23:45-24:00; 1 MW otherwise.
    const janEnd = 31 * 86400;
    const peaks = billed(
      [
        [0, 1e6],
        [janEnd - 15 * MIN, 3e6],
        [janEnd, 1e6],
      ],
      janEnd + 86400,
    );
    expect(peaks).toEqual([3e6, 1e6]);
  });

  it("aligns intervals to the clock, the run's cut first and last ones the mean over their simulated part", () => {
    // A run from 00:10: its first interval is 00:10-00:15, 5 minutes at 4 MW, then 1 MW; it ends at 01:05 inside 01:00-01:15.
    const start = JAN_2027 + 10 * MIN;
    expect(
      billed(
        [
          [0, 4e6],
          [5 * MIN, 1e6],
        ],
        55 * MIN,
        start,
      )[0],
    ).toBe(4e6);
    expect(
      billed(
        [
          [0, 1e6],
          [50 * MIN, 5e6],
        ],
        55 * MIN,
        start,
      )[0],
    ).toBe(5e6);
    // Nothing held: no demand.
    expect(billed([], 3600)[0]).toBe(0);
  });
});

describe("a tariff's billing months on its clock (billingMonths)", () => {
  const at = (iso: string) => Date.parse(iso) / 1000;
  const zone = (name: string) => {
    const z = new ZoneOffsets(name);
    return (e: number) => z.offsetS(e);
  };
  it('Los Angeles: each month from local midnight, across the autumn change of clock (PDT to PST on 7 November)', () => {
    const start = at('2027-10-01T00:00:00Z');
    const dur = at('2028-01-01T00:00:00Z') - start;
    const b = billingMonths(start, monthsOf(start, dur), zone('America/Los_Angeles'));
    expect(b.map((p) => p.startS + start)).toEqual([
      start,
      at('2027-11-01T07:00:00Z'), // 00:00 PDT
      at('2027-12-01T08:00:00Z'), // 00:00 PST
    ]);
    expect(b.map((p) => p.endS)).toEqual([b[1].startS, b[2].startS, dur]);
    expect(b.map((p) => p.lengthS)).toEqual(monthsOf(start, dur).map((p) => p.lengthS));
  });
  it("Santiago, whose clock skips 5 September 2027's 00:00 to 01:00: September's bill from the change", () => {
    const start = at('2027-08-05T00:00:00Z');
    const b = billingMonths(start, monthsOf(start, 40 * 86400), zone('America/Santiago'));
    expect(b[1].startS + start).toBe(at('2027-09-05T04:00:00Z')); // 00:00 -04 is the change, 01:00 -03
  });
  it("UTC is the run's months unchanged", () => {
    const start = at('2027-06-15T06:00:00Z');
    const m = monthsOf(start, 100 * 86400);
    expect(billingMonths(start, m, () => 0)).toEqual(m);
  });
});

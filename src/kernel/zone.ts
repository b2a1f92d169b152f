/**
 * A named time zone's offset from UTC at an instant (IANA names such as
 * "America/New_York", by the rules of the ICU data Node ships: the same Node
 * gives the same offsets on every machine, whatever the machine's own zone).
 * Offsets are read through Intl, which is slow (microseconds a call), so each
 * answer holds for a window: the rest of a day, or up to the change of offset
 * inside it. Real zones change offset at most once a day.
 */
const DAY = 86400;

/** Is `name` a time zone Intl knows ("UTC", "America/New_York", "Europe/Paris")? */
export function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

export class ZoneOffsets {
  private readonly format: Intl.DateTimeFormat;
  /** The last window: the offset `off` holds over [from, until); `change`: `until` is where it changes. */
  private from = NaN;
  private until = NaN;
  private off = 0;
  private change = false;

  constructor(readonly zone: string) {
    this.format = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
  }

  /** The zone's local time minus UTC at `epochS` (whole seconds), s: -18,000 in New York in January. */
  offsetS(epochS: number): number {
    if (!(epochS >= this.from && epochS < this.until)) this.window(epochS);
    return this.off;
  }

  /**
   * The first instant after `epochS` and at most `limitS` at which the offset changes, or `limitS`. A schedule asks
   * it for the next change of its local periods, so a change of offset before then is a change too.
   */
  nextChangeS(epochS: number, limitS: number): number {
    if (!(epochS >= this.from && epochS < this.until) || (this.until < limitS && !this.change)) this.window(epochS);
    return Math.min(this.until, limitS);
  }

  /** Compute the window from `epochS`: a day, or to the first second with another offset within it. */
  private window(epochS: number): void {
    const off = this.read(epochS);
    let lo = epochS;
    let hi = epochS + DAY;
    this.change = this.read(hi) !== off;
    if (this.change)
      while (hi - lo > 1) {
        // Bisect to the second: `lo` has the offset, `hi` another.
        const mid = Math.floor((lo + hi) / 2);
        if (this.read(mid) === off) lo = mid;
        else hi = mid;
      }
    this.from = epochS;
    this.until = hi;
    this.off = off;
  }

  private read(epochS: number): number {
    const whole = Math.floor(epochS);
    const p: Record<string, number> = {};
    for (const part of this.format.formatToParts(whole * 1000))
      if (part.type !== 'literal') p[part.type] = Number(part.value);
    const local = new Date(Date.UTC(2000, p.month - 1, p.day, p.hour, p.minute, p.second));
    local.setUTCFullYear(p.year);
    return local.getTime() / 1000 - whole;
  }
}

/**
 * US daylight saving time as the Energy Policy Act of 2005 sets it (from 2007): from 2:00 local standard time on the
 * second Sunday of March to 2:00 local daylight time on the first Sunday of November. The ISO readers whose files are
 * stamped in a US prevailing time (ercot.ts: Central; nyiso.ts, isone.ts: Eastern) take its instants from here.
 */
const HOUR = 3600;

/**
 * The UTC instants (seconds) daylight time starts and ends in year `y` in a zone `standardHours` behind UTC in
 * standard time (6 for Central, 5 for Eastern): each change at 2:00 on the local clock of the time it ends.
 */
export function usDaylight(y: number, standardHours: number): { start: number; end: number } {
  const sunday = (month: number, n: number): number => {
    const first = new Date(Date.UTC(y, month, 1)).getUTCDay();
    return Date.UTC(y, month, 1 + ((7 - first) % 7) + 7 * (n - 1)) / 1000;
  };
  return { start: sunday(2, 2) + (2 + standardHours) * HOUR, end: sunday(10, 1) + (1 + standardHours) * HOUR };
}

/**
 * The readings of a local clock time (seconds, read as UTC) in a US zone `standardHours` behind UTC, as the UTC
 * instants it can be: standard time, daylight time, both (the autumn day's repeated hour) or neither (the spring
 * day's skipped hour).
 */
export function usReadings(local: number, standardHours: number): { standard?: number; daylight?: number } {
  const standard = local + standardHours * HOUR;
  const daylight = local + (standardHours - 1) * HOUR;
  const s = usDaylight(new Date(standard * 1000).getUTCFullYear(), standardHours);
  const d = usDaylight(new Date(daylight * 1000).getUTCFullYear(), standardHours);
  return {
    standard: standard < s.start || standard >= s.end ? standard : undefined,
    daylight: daylight >= d.start && daylight < d.end ? daylight : undefined,
  };
}

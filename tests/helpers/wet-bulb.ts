/** Stull (2011) wet-bulb temperature, °C, written out here again so tests do not lean on the code under test. */
export function stull(t: number, rh: number): number {
  return (
    t * Math.atan(0.151977 * (rh + 8.313659) ** 0.5) +
    Math.atan(t + rh) -
    Math.atan(rh - 1.676331) +
    0.00391838 * rh ** 1.5 * Math.atan(0.023101 * rh) -
    4.686035
  );
}

/** The wet-bulb docs/models/facility.md gives: Stull's, at most the dry-bulb. */
export function wetBulb(t: number, rh: number): number {
  return Math.min(t, stull(t, rh));
}

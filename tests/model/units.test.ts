import { describe, expect, it } from 'vitest';
import { kinds, quantity } from '../../src/model/units.ts';

describe('quantities with units', () => {
  it.each([
    ['power', '700 W', 700], ['power', '1.2 kW', 1200], ['power', '77 MW', 77e6], ['power', '77MWe', 77e6], ['power', 77e6, 77e6],
    ['energy', '200 MWh', 200 * 3.6e9], ['energy', '1 kWh', 3.6e6],
    ['price', '55 $/MWh', 55 / 3.6e9], ['price', '0.08 $/kWh', 0.08 / 3.6e6], ['price', 55, 55 / 3.6e9], ['price', '55 USD/MWh', 55 / 3.6e9],
    ['carbon', '363 g/kWh', 363e-3 / 3.6e6], ['carbon', '0.429 kg/kWh', 0.429 / 3.6e6], ['carbon', 363, 363e-3 / 3.6e6],
    ['duration', '30d', 30 * 86400], ['duration', '90s', 90], ['duration', 60, 60],
    ['temperature', '18 C', 18], ['temperature', '300 K', 300 - 273.15], ['temperature', '64.4 F', 18],
    ['rate', '60/h', 60 / 3600], ['rate', '2/day', 2 / 86400], ['rate', '1/30d', 1 / (30 * 86400)], ['rate', '3 per hour', 3 / 3600], ['rate', '5/min', 5 / 60], ['rate', '1 per a week', 1 / 604800],
    ['fraction', '90%', 0.9], ['fraction', 0.5, 0.5],
  ] as const)('%s %s', (kind, text, si) => {
    expect(kinds[kind].parse(text)).toBeCloseTo(si, 12 - Math.max(0, Math.round(Math.log10(Math.abs(si)))));
  });

  it.each([['power', '5 V'], ['power', 'lots'], ['energy', '5 MW'], ['duration', '5 parsecs'], ['rate', '60'], ['fraction', 'half']] as const)(
    '%s rejects %s', (kind, text) => {
      expect(() => kinds[kind].parse(text)).toThrow();
    });

  it('zod type enforces bounds and explains what it expected', () => {
    const q = quantity('power', { positive: true });
    expect(q.parse('1 kW')).toBe(1000);
    const r = q.safeParse('-1 kW');
    expect(r.success).toBe(false);
    expect(r.error!.issues[0].message).toMatch(/greater than zero/);
    const bad = q.safeParse('1 kV');
    expect(bad.error!.issues[0].message).toMatch(/a power like/);
  });
});

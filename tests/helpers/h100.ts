/**
 * The H100's measured power (models/data/h100-power/phases.csv, duty steps) written out here for the oracles of
 * tests/oracles/, with an 8-chip server's share of the rest of the server.
 */

/** The H100's measured board power against duty (models/data/h100-power), W, and its idle and TDP. */
export const H100_DUTY = [0, 0.1, 0.25, 0.5, 0.75, 0.9, 1];
export const H100_W = [129.45, 222.98, 335.81, 493.56, 637.75, 687.61, 698.09];

export function boardW(d: number): number {
  for (let i = 1; i < H100_DUTY.length; i++)
    if (d <= H100_DUTY[i])
      return H100_W[i - 1] + ((d - H100_DUTY[i - 1]) / (H100_DUTY[i] - H100_DUTY[i - 1])) * (H100_W[i] - H100_W[i - 1]);
  return H100_W[H100_W.length - 1];
}

/**
 * A chip's power with its share of an 8-chip server (docs/models/facility.md, IT power): the accelerators are 55 % of
 * the server at full load (8 x 700 W of a DGX H100's 10.2 kW), half of the rest fixed and half following
 * u(d) = (chip(d) - idle)/(tdp - idle).
 */
export function chipW(d: number): number {
  const other = (8 * 700) / 0.55 - 8 * 700;
  const u = (boardW(d) - 129.45) / (700 - 129.45);
  return boardW(d) + (other / 2 + (other / 2) * u) / 8;
}

/** The standard normal distribution function, with no imports: the run's table loads it at start (run-table.ts). */
/**
 * P(Z <= z) for Z standard normal: erfc by Numerical Recipes' Chebyshev fit (erfcc, fractional error below 1.2e-7),
 * Φ(z) = erfc(−z/√2)/2. For saying where a draw falls among the draws (a fusion start's slip: run-table.ts).
 */
export function normalCdf(z: number): number {
  const x = -z / Math.SQRT2;
  const t = 1 / (1 + 0.5 * Math.abs(x));
  const c = [
    -1.26551223, 1.00002368, 0.37409196, 0.09678418, -0.18628806, 0.27886807, -1.13520398, 1.48851587, -0.82215223,
    0.17087277,
  ];
  let poly = 0;
  for (let i = c.length - 1; i >= 0; i--) poly = c[i] + t * poly;
  const erfc = t * Math.exp(-x * x + poly);
  return (x >= 0 ? erfc : 2 - erfc) / 2;
}

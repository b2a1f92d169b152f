/**
 * Fewer rows for drawing: consecutive rows averaged in bins, each weighted by
 * its length, so a bin's mean times its length is the energy of its rows
 * (the area under a power curve, and so its energy, is kept). Empty cells
 * (NaN) are left out of a bin's mean; a bin of only empty cells stays empty.
 */
interface Binned {
  /** Bin start times (ms). */
  starts: number[];
  /** End of the last bin (ms). */
  end: number;
  /** One array per input column. */
  cols: Float64Array[];
}

export function downsample(
  starts: readonly number[],
  end: number,
  cols: readonly ArrayLike<number>[],
  maxBins: number,
): Binned {
  const n = starts.length;
  const k = Math.max(1, Math.ceil(n / Math.max(1, maxBins)));
  if (k === 1) return { starts: [...starts], end, cols: cols.map((c) => Float64Array.from(c)) };
  const bins = Math.ceil(n / k);
  const outStarts: number[] = [];
  const len = (i: number): number => (i + 1 < n ? starts[i + 1] : end) - starts[i];
  for (let b = 0; b < bins; b++) outStarts.push(starts[b * k]);
  const out = cols.map((c) => {
    const o = new Float64Array(bins);
    for (let b = 0; b < bins; b++) {
      let sum = 0;
      let w = 0;
      for (let i = b * k; i < Math.min(n, (b + 1) * k); i++) {
        const v = c[i];
        if (Number.isFinite(v)) {
          sum += v * len(i);
          w += len(i);
        }
      }
      o[b] = w > 0 ? sum / w : NaN;
    }
    return o;
  });
  return { starts: outStarts, end, cols: out };
}

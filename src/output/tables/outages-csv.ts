/**
 * outages.csv: when and why each unit of a supply (SMR modules; a fusion PPA
 * or a grid as unit 1) was down, one row per stretch, so availability over
 * time can be read and drawn without a column per unit in the time series.
 * Written for runs with a supply that goes down.
 */
import { formatTimestamp } from '../../kernel/time.ts';
import type { UnitOutage } from '../../supply/supply.ts';
import { csvLine, fixed } from './format.ts';

const OUTAGES_HEADER = ['source', 'unit', 'cause', 'start_utc', 'end_utc', 'hours'] as const;

/**
 * source, unit (1-based), cause (refuelling, forced outage), start and end (UTC, the end cut at the run's end;
 * `dateTime` between date and time: " ", or "T" for --timestamps iso), hours.
 */
export function outagesTable(
  fleets: readonly { source: string; outages: readonly UnitOutage[] }[],
  startEpochS: number,
  sep = ',',
  dateTime = ' ',
): string {
  return (
    csvLine([...OUTAGES_HEADER], sep) +
    fleets
      .flatMap((f) =>
        f.outages.map((o) =>
          csvLine(
            [
              f.source,
              String(o.unit),
              o.cause,
              formatTimestamp(startEpochS + o.startS).replace(' ', dateTime),
              formatTimestamp(startEpochS + o.endS).replace(' ', dateTime),
              fixed((o.endS - o.startS) / 3600, 3),
            ],
            sep,
          ),
        ),
      )
      .join('')
  );
}

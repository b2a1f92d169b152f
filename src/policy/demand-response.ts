/**
 * Demand response (issue 17): the grid announces curtailment events, each a
 * time window and a power to shed, read from a file or drawn as a seeded
 * process, and pays per MWh shed. During an event the site holds its demand
 * to the baseline (its demand at the event's start with every carried run at
 * full speed, one writing a checkpoint or restarting counted as computing, or at the speed the supply, the cooling or a scripted policy
 * already holds it to: src/site.ts) less the power asked, by the means `by` names: throttling
 * every busy chip, or pausing runs lowest priority first (src/workload/pause.ts).
 *
 * Shed power is the baseline less the demand, counted up to the power asked
 * (more, as when a whole run pauses, is not paid); the payment is the
 * energy so counted times `payment`. It is reported in summary.json
 * `demand_response`, is not netted into `cost_usd`, and with economics is income in the NPC
 * (src/economics: the component `demand_response`).
 */
import { resolve } from 'node:path';
import * as z from 'zod';
import type { Simulation } from '../kernel/simulation.ts';
import type { Rng } from '../kernel/random.ts';
import { parseDate } from '../kernel/time.ts';
import { DATA_ROLES, readDataFile, shownPath } from '../model/read-input.ts';
import { decimalCell, refuseNamelessColumn, trimmedRows } from '../model/csv-parse.ts';
import { InputError } from '../model/errors.ts';
import { J_PER_MWH, MAGNITUDE, W_PER_KW, quantity } from '../model/units.ts';
import type { Meter, Totals } from '../kernel/recorder.ts';

export const demandResponseSchema = z
  .strictObject({
    // Programs pay by the kWh (California's ELRP 2 $/kWh) as often as by the MWh (PJM at the LMP, NYISO's EDRP
    // at least 500 $/MWh), where a price's bare unit is $/MWh: a bare 2, ELRP's figure, paid 2 $/MWh, a thousandth of it.
    payment: quantity(
      'price',
      {
        min: 0,
        needsUnit: (v) =>
          `a payment with its unit, like "${v} $/kWh" or "${v} $/MWh" (a bare number other than 0 could be per kWh, as utility programs pay, or per MWh)`,
      },
      'Paid per MWh shed, up to the power asked',
    ),
    by: z.enum(['pause', 'throttle']).prefault('pause').meta({
      description:
        'How the site sheds: pause runs at their next checkpoint, lowest priority first (the runs heading for a pause slowed meanwhile; inference cannot pause, so where pausing every run leaves the site above its target every busy chip slows, inference included), or throttle every busy chip',
    }),
    events: z
      .union([
        z.strictObject({
          file: z.string().min(1).meta({
            description:
              'CSV of events, relative to the model file: columns start, end (UTC dates) and shed_mw (MW to shed), or shed_kw (kW)',
          }),
        }),
        z.strictObject({
          rate: quantity(
            'rate',
            { positive: true },
            'Mean events per unit time (Poisson, from the end of the one before; stream demand_response)',
          ),
          duration: quantity('duration', { positive: true }, 'Length of each event'),
          shed: quantity('power', { positive: true }, 'Power asked in each event'),
        }),
      ])
      .meta({ description: 'Curtailment events: `{ file }`, or a seeded process `{ rate, duration, shed }`' }),
  })
  .meta({ description: 'Demand response: the grid asks the site to shed power in events and pays per MWh shed' });

type DemandResponseConfig = z.output<typeof demandResponseSchema>;

interface Event {
  startS: number;
  endS: number;
  shedW: number;
}

/** Events from a CSV file (start, end, shed_mw or shed_kw), in time order, refused with one line on a bad row. */
function readEvents(file: string, baseDir: string, startEpochS: number): Event[] {
  const path = resolve(baseDir, file);
  const shown = shownPath(path);
  const text = readDataFile(path, DATA_ROLES.demandResponse, shown);
  // The hourly traces' reading (blank lines skipped, cells trimmed), with each row's own line in the file.
  const { rows, lines } = trimmedRows(text, shown);
  const header = rows[0] ?? [];
  // Its names in any case, and start and end named for UTC, as a utility's notice or a spreadsheet writes them ("Start",
  // "Shed_MW", "start_utc", "End (UTC)"): until 7 December 2026 each was refused, 'expected a header with start, end
  // and shed_mw'.
  const names = header.map((h) =>
    h
      .trim()
      .toLowerCase()
      .replace(/[\s_]*\(?utc\)?$/, ''),
  );
  const col = (name: string): number => {
    const i = names.indexOf(name);
    if (i < 0)
      throw new InputError(
        shown,
        name,
        'a header with start, end and shed_mw (or shed_kw)',
        JSON.stringify(header.join(',')),
        lines[0] ?? 1,
      );
    return i;
  };
  // The power to shed in MW, or in kW as a utility's notice gives it (ELRP pays by the kWh): read in its own unit.
  const inKw = !names.includes('shed_mw') && names.includes('shed_kw');
  const shed = inKw ? { name: 'shed_kw', unit: 'kW', w: W_PER_KW } : { name: 'shed_mw', unit: 'MW', w: 1e3 * W_PER_KW };
  const [s, e, w] = [col('start'), col('end'), col(shed.name)];
  // Errors name a column as the file does.
  const [sName, eName, wName] = [s, e, w].map((c) => header[c].trim());
  refuseNamelessColumn(rows, shown, (r) => lines[r]);
  const events = rows.slice(1).map((r, k): Event => {
    const line = lines[k + 1];
    // A row of more cells than the header is refused, as the traces' reader does: "1,5" (a decimal comma) read 1 MW.
    if (r.length !== header.length)
      throw new InputError(shown, '', `${header.length} cells as in the header`, `${r.length}`, line);
    const date = (i: number, what: string): number => {
      try {
        return parseDate(r[i]) - startEpochS;
      } catch {
        throw new InputError(shown, what, 'a UTC date like 2027-07-01T14:00Z', JSON.stringify(r[i] ?? ''), line);
      }
    };
    const ev = { startS: date(s, sName), endS: date(e, eName), shedW: decimalCell(r[w]) * shed.w };
    if (!(ev.endS > ev.startS)) throw new InputError(shown, eName, 'an end after the start', r[e], line);
    // At most a power the model takes (1e12 W): a shed of 1e300 MW ran, to fail after the run naming only the model.
    if (!(ev.shedW > 0 && ev.shedW <= MAGNITUDE.power!))
      throw new InputError(
        shown,
        wName,
        `a positive power in ${shed.unit}, at most ${MAGNITUDE.power! / shed.w}`,
        JSON.stringify(r[w] ?? ''),
        line,
      );
    return ev;
  });
  events.forEach((ev, k) => {
    if (k > 0 && ev.startS < events[k - 1].endS)
      throw new InputError(
        shown,
        sName,
        'events in time order, none overlapping the one before',
        rowsText(rows[k + 1]),
        lines[k + 1],
      );
  });
  return events;
}
const rowsText = (r: string[]): string => JSON.stringify(r.join(','));

export class DemandResponse {
  /** The event under way, its baseline demand (W, set at its first decision), or none. */
  private event?: Event;
  private baselineW = NaN;
  private events = 0;

  constructor(
    readonly cfg: DemandResponseConfig,
    sim: Simulation,
    rng: () => Rng,
    startEpochS: number,
    durationS: number,
    baseDir: string,
    changed: () => void,
  ) {
    let last: Event | undefined;
    const begin = (ev: Event): void => {
      // An event back to back with the one before keeps its baseline: taken now, it would be the demand with
      // the runs the first event paused still paused, and the site would shed the power asked a second time.
      if (last?.endS !== ev.startS) this.baselineW = NaN;
      last = ev;
      this.event = ev;
      this.events++;
      changed();
      sim.at(Math.min(ev.endS, durationS), () => {
        // Only its own event: one that starts as this one ends (back to back) may have begun at the same instant.
        if (this.event !== ev) return;
        this.event = undefined;
        changed();
      });
    };
    const ec = cfg.events;
    if ('file' in ec) {
      for (const ev of readEvents(ec.file, baseDir, startEpochS))
        if (ev.endS > 0 && ev.startS < durationS) sim.at(Math.max(0, ev.startS), () => begin(ev));
    } else {
      const r = rng();
      const next = (from: number): void => {
        const t = from + r.exponential(ec.rate);
        if (t < durationS)
          sim.at(t, () => {
            begin({ startS: t, endS: t + ec.duration, shedW: ec.shed });
            next(t + ec.duration);
          });
      };
      next(0);
    }
  }

  /** Whether runs are shed by pausing (the site then decides pauses at every change). */
  get pauses(): boolean {
    return this.cfg.by === 'pause';
  }

  /** Most the site may draw now, W: the baseline less the power asked during an event, else Infinity. `demandW` gives the baseline at an event's first decision. */
  capW(demandW: () => number): number {
    if (!this.event) return Infinity;
    if (Number.isNaN(this.baselineW)) this.baselineW = demandW();
    return this.baselineW - this.event.shedW;
  }

  private asked?: Meter;
  private shed?: Meter;

  /** Columns: power asked and power shed (up to the power asked), given the facility's demand now. */
  meters(demandW: () => number): Meter[] {
    const kw = (name: string, f: () => number): Meter => ({
      name,
      kind: 'mean',
      scale: 1 / W_PER_KW,
      decimals: 3,
      level: f,
    });
    this.asked = kw('dr_asked_kw', () => this.event?.shedW ?? 0);
    this.shed = kw('dr_shed_kw', () =>
      this.event ? Math.min(this.event.shedW, Math.max(0, this.baselineW - demandW())) : 0,
    );
    return [this.asked, this.shed];
  }

  /** summary.json `demand_response`, from the columns' integrals. */
  summary(total: Totals): DemandResponseSummary {
    const askedJ = total(this.asked!),
      shedJ = total(this.shed!);
    const mwh = (j: number): number => j / J_PER_MWH;
    return {
      events: this.events,
      asked_mwh: mwh(askedJ),
      shed_mwh: mwh(shedJ),
      shed_share: askedJ > 0 ? shedJ / askedJ : 0,
      payment_usd: shedJ * this.cfg.payment,
    };
  }
}

/** Demand response over the run: events begun, energy asked and shed (shed counted up to the power asked), payment. */
export interface DemandResponseSummary {
  events: number;
  asked_mwh: number;
  shed_mwh: number;
  shed_share: number;
  payment_usd: number;
}

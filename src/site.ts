/**
 * One scenario wired together: the only place that knows all the parts.
 * Anything that changes a power level marks the site dirty; the site then
 * recomputes demand and dispatch once at the end of that instant and hands
 * the new levels to the recorder, which integrates them exactly.
 *
 *   workload (clusters' load) ─▶ facility (IT, losses, cooling) ─▶ supply (dispatch)
 *
 * Each part contributes its own columns (meters) and its section of the
 * summary, read from the totals of its own meters; the site composes them.
 */
import { Simulation } from './kernel/simulation.ts';
import { RandomStreams } from './kernel/random.ts';
import { Workload } from './workload/workload.ts';
import { Facility } from './facility/facility.ts';
import { perChipCurve } from './model/chips.ts';
import { capFactor, capFits, largestFitting } from './facility/cap.ts';
import { remembered } from './facility/chip-power.ts';
import { SupplySystem } from './supply/system.ts';
import type { Supply } from './supply/supply.ts';
import { GridSignals } from './policy/signal.ts';
import { DemandResponse } from './policy/demand-response.ts';
import type { ScriptedPolicy } from './policy/script.ts';
import { Recorder, type Meter, type RowSink, type Totals } from './kernel/recorder.ts';
import type { Scenario } from './scenario.ts';
import { billingMonths, monthMask, monthsOf, type Period, yearShares } from './kernel/calendar.ts';
import { DEMAND_INTERVAL_S, IntervalPeaks } from './kernel/interval-peaks.ts';
import { PeriodRecorder } from './kernel/periods.ts';
import { ledgerMeters } from './supply/ledger.ts';
import { J_PER_MWH, W_PER_KW } from './model/units.ts';
import { formatTimestamp } from './kernel/time.ts';
import { columnName } from './model/column-name.ts';
import { demandWindows, priceZone } from './supply/grid.ts';
import type { ReliabilitySummary } from './supply/reliability.ts';
import { runEconomics } from './economics/economics.ts';
import { gridCharges } from './economics/ledger.ts';
import { billedDemands, repeatedDemands } from './economics/ratchet.ts';
import type { CashFlow } from './economics/cashflow.ts';
import type { MonthTotals } from './economics/ledger.ts';
import { monthlyRows, yearlyRows, type PeriodRow } from './output/tables/periodic.ts';
import type { RunSummary } from './output/tables/summary.ts';
import type { ColumnParts } from './output/tables/columns.ts';

interface SiteOptions {
  /** Directory that relative data paths in the model are read from. */
  baseDir: string;
  /** A scripted policy (src/policy/script.ts), asked at every decision point. */
  policy?: ScriptedPolicy;
}

export class Site {
  readonly sim = new Simulation();
  readonly random: RandomStreams;
  readonly workload: Workload;
  readonly facility: Facility;
  readonly supply: SupplySystem;
  readonly meters: Meter[];
  readonly recorder: Recorder;
  /** The run's months (from the start date), integrated like the rows: monthly.csv, yearly.csv, the economics' ledger. */
  readonly months: Period[];
  readonly periods: PeriodRecorder;
  /** The periods' channels: the meters, then the ledger's own levels (each source's used power, export revenue). */
  readonly periodChannels: Meter[];
  readonly durationS: number;
  /** Meters whose level is linear between recomputations (they have a slope). */
  private readonly linear: number[];
  /** Billing demand by `<grid>_used_kw` column, for each grid with a demand charge (src/kernel/interval-peaks.ts). */
  private readonly demand: Map<string, IntervalPeaks>;
  private readonly demandPeaks: IntervalPeaks[];
  private dirty = false;
  private readonly flushFn = (): void => this.flush();

  constructor(
    readonly model: Scenario,
    opts: SiteOptions,
    sink: RowSink,
  ) {
    const { sim } = this;
    this.durationS = model.duration;
    this.random = new RandomStreams(model.seed);
    const changed = (): void => this.markDirty();

    // Each cluster's chip power curve, built once: the facility's IT power and each run's energy read the same one.
    const clusters = model.clusters.map((c) => {
      const power = remembered(perChipCurve(c.spec, c.server));
      // A chip no work holds draws its unallocated board power where given, its share of the server as at idle.
      const idleW = c.unallocated_power === undefined ? undefined : power(0) - c.spec.idleW + c.unallocated_power;
      return { ...c, power, idleW };
    });
    this.workload = new Workload(
      sim,
      this.random,
      { ...model, clusters },
      this.durationS,
      changed,
      opts.baseDir,
      opts.policy,
    );
    this.facility = new Facility(model.facility, clusters, {
      sim,
      startEpochS: model.start,
      durationS: this.durationS,
      baseDir: opts.baseDir,
      rng: () => this.random.stream('facility:weather'),
      changed,
    });
    this.months = monthsOf(model.start, this.durationS);
    this.supply = new SupplySystem(
      model.supply,
      (cfg) => ({
        sim,
        rng: (purpose) => this.random.stream(`supply:${cfg.name}:${purpose}`),
        startEpochS: model.start,
        durationS: this.durationS,
        baseDir: opts.baseDir,
        changed,
      }),
      this.months,
    );

    const fp = this.facility.power;
    // What policies see: the grid's signals (a model with rules has a grid), the supply, the demand.
    const grid = policyGrid(this.supply.supplies, model);
    this.workload.connect({
      signals: grid?.signalAt
        ? new GridSignals(grid, (s) => this.random.stream(`forecast:${s}`), model.start)
        : undefined,
      availableW: () => this.supply.availableW(),
      demandW: () => fp.totalW,
    });
    this.demandResponse = model.demand_response
      ? new DemandResponse(
          model.demand_response,
          sim,
          () => this.random.stream('demand_response'),
          model.start,
          this.durationS,
          opts.baseDir,
          changed,
        )
      : undefined;
    const supplyMeters = this.supply.meters();
    this.costMeter = { name: 'cost_usd', kind: 'sum', scale: 1, decimals: 4, level: () => this.supply.costRate };
    this.carbonMeter = { name: 'carbon_kg', kind: 'sum', scale: 1, decimals: 3, level: () => this.supply.carbonRate };
    this.meters = [
      ...this.facility.meters(),
      ...supplyMeters.power,
      ...this.workload.meters(),
      { name: 'energy_mwh', kind: 'sum', scale: 1 / J_PER_MWH, decimals: 6, level: () => fp.totalW },
      this.costMeter,
      this.carbonMeter,
      ...(this.supply.meter.exportCarbon ? [this.supply.meter.exportCarbon] : []),
      ...supplyMeters.money,
      ...(this.demandResponse?.meters(() => fp.totalW) ?? []),
    ];
    this.recorder = new Recorder(this.meters, model.step, this.durationS, sink);
    const index = new Map(this.meters.map((m, i) => [m, i]));
    this.total = (m) => {
      const i = index.get(m);
      if (i === undefined) throw new Error(`no column ${m.name} among the meters`);
      return this.recorder.total[i];
    };
    // A task queued at a full cluster changes the queue columns and nothing else: they are set at that
    // instant, every other column integrated as before (a recomputation would split their intervals).
    // The calendar periods keep the level of the last recomputation: no monthly or yearly column counts the queue.
    const queues = this.workload.queueMeters.map((m) => index.get(m)!);
    this.workload.queueChanged = () => {
      for (const i of queues) this.recorder.relevel(i, this.meters[i].level(), this.sim.now);
    };
    this.extraMeters = ledgerMeters(this.supply);
    this.periodChannels = [...this.meters, ...this.extraMeters];
    this.periods = new PeriodRecorder(this.periodChannels.length, this.months);
    // Each grid with a demand charge: its billing demand by month, the highest mean import over its demand interval.
    this.demand = new Map(
      model.supply.flatMap((s) => {
        if (s.kind !== 'grid' || !(s.costs?.demand_charge || s.costs?.tou_demand)) return [];
        const column = `${columnName(s.name)}_used_kw`;
        const i = this.periodIndex(column);
        const level = this.periods.level;
        const zone = priceZone(s);
        const peaks = new IntervalPeaks(
          () => level[i],
          s.costs.demand_interval ?? DEMAND_INTERVAL_S,
          model.start,
          zone ? billingMonths(model.start, this.months, (e) => zone.offsetS(e)) : this.months,
          demandWindows(s).map((w) => w.inWindow),
        );
        return [[column, peaks] as const];
      }),
    );
    this.demandPeaks = [...this.demand.values()];
    this.linear = this.meters.flatMap((m, i) => (m.slope ? [i] : []));
    // A level held in a Float64Array is read there (a0[3], the arrays in this.levelArrays), others by a call.
    const arrays: Float64Array[] = [];
    const reads = this.periodChannels.map((c, i) => {
      let read = `m[${i}].level()`;
      if (c.levelAt) {
        const [a, j] = c.levelAt;
        if (!arrays.includes(a)) arrays.push(a);
        read = `a${arrays.indexOf(a)}[${j}]`;
      }
      return i < this.meters.length ? `r[${i}] = p[${i}] = ${read};` : `p[${i}] = ${read};`;
    });
    this.levelArrays = arrays;
    this.readLevels = levelReader([...arrays.map((_, k) => `const a${k} = a[${k}];`), ...reads].join('\n'));
  }

  /** The Float64Arrays readLevels reads levels from (its argument `a`). */
  private readonly levelArrays: readonly Float64Array[];

  private readonly extraMeters: Meter[];
  /** The site's own sums: the net cost and the carbon of the dispatch. */
  private readonly costMeter: Meter;
  private readonly carbonMeter: Meter;
  /** The run's integral of one of the meters, SI (J for power meters, USD, kg), by the meter itself. */
  readonly total: Totals;

  /**
   * Reads each meter's level into the recorder's levels and the periods' (the meters, then the
   * ledger's). Written out with one call per meter, not a loop over meters[i].level(): each call
   * site then sees one closure, which the JIT inlines, where the loop's one site saw every
   * meter, called each and boxed each level into a new heap number, a third of what a run allocated.
   */
  private readonly readLevels: LevelReader;

  /** Ask for one recomputation at the end of the current instant. */
  markDirty(): void {
    if (this.dirty) return;
    this.dirty = true;
    this.sim.atNow(this.flushFn);
  }

  private flush(): void {
    this.dirty = false;
    this.recorder.advance(this.sim.now);
    this.periods.advance(this.sim.now);
    for (const d of this.demandPeaks) d.advance(this.sim.now);
    const p = this.facility.update(this.workload.clusters, this.capThrottle());
    this.supply.dispatch(p.totalW);
    this.readLevels(this.periodChannels, this.recorder.level, this.periods.level, this.levelArrays);
    for (const i of this.linear) this.recorder.setSlope(i, this.meters[i].slope!());
  }

  /**
   * The throttle factor (0..1) that keeps the load within what cooling can
   * remove and, under a throttle or pause shortage policy, within what the
   * supplies can deliver. Under 'pause' the workload first pauses, resumes
   * and slows runs by priority (src/workload/pause.ts) and returns the factor
   * still needed; a pause can outlast a limit, so it is asked at every change.
   */
  private capThrottle(): number {
    // A demand-response event caps the demand too (src/policy/demand-response.ts); `by: pause` sheds through the pause path.
    const { facility, workload } = this;
    const supplyW = this.model.shortage === 'unmet' ? Infinity : this.supply.availableW();
    // An event's baseline is the demand the site would draw without it: every carried run at full speed (one writing a
    // checkpoint or restarting as computing: it is about to), or at the
    // speed the supply, the cooling or a scripted policy already holds it to (a site held below full speed by a supply
    // shortfall is paid for what it sheds below that, not for the shortfall), and no more than the supplies can
    // deliver: under shortage: unmet the demand over them is unmet, not drawn (taken whole, an event that cut only
    // the unmet was paid with the import unchanged).
    const dr =
      this.demandResponse?.capW(() =>
        Math.min(
          facility.demandAt(
            workload.itComputing(() =>
              facility.itAt(
                workload.clusters,
                Math.min(workload.policyThrottle(), capFactor(facility, workload.clusters, supplyW)),
              ),
            ),
          ),
          this.supply.availableW(),
        ),
      ) ?? Infinity;
    const maxFacilityW = Math.min(supplyW, dr);
    const drPauses = this.demandResponse?.pauses === true;
    const pausing = this.model.shortage === 'pause' || drPauses;
    if (!pausing) workload.applyHolds();
    const factor = Math.min(
      workload.policyThrottle(),
      pausing
        ? Math.min(
            workload.fitByPausing(
              capFits(facility, workload.clusters, drPauses ? maxFacilityW : supplyW),
              largestFitting,
            ),
            // `by: throttle` under `shortage: pause`: a shortfall of the supply pauses runs, an event throttles.
            drPauses || dr === Infinity ? 1 : capFactor(facility, workload.clusters, maxFacilityW),
          )
        : capFactor(facility, workload.clusters, maxFacilityW),
    );
    workload.setThrottle(factor);
    return factor;
  }

  /** Demand response, when the model has it. */
  readonly demandResponse?: DemandResponse;

  /** Run to the end of the horizon. */
  run(): void {
    for (const _ of this.slices(1));
  }

  /**
   * Run to the end of the horizon in `n` equal slices of time, yielding the
   * share simulated after each but the last (for progress, or to let the
   * event loop run: src/run.ts). The slices change no number.
   */
  *slices(n: number): Generator<number, void, undefined> {
    this.flush();
    for (let k = 1; k <= n; k++) {
      this.sim.run((this.durationS * k) / n);
      if (k < n) yield k / n;
    }
    this.recorder.finish();
    this.periods.advance(this.durationS);
    for (const d of this.demandPeaks) d.finish(this.durationS);
  }

  /** A channel's integral (SI) and peak level over month `m`. */
  monthTotal(column: string, m: number): number {
    return this.periods.sums[m][this.periodIndex(column)];
  }

  monthPeak(column: string, m: number): number {
    return this.periods.peaks[m][this.periodIndex(column)];
  }

  /**
   * A meter's largest level held for some time over the whole run, W: the largest of its months'
   * peaks (a level replaced within its instant, or set at the instant the run ends, is no peak);
   * 0 for a run with no time.
   */
  private runPeak(meter: Meter): number {
    const i = this.periodChannels.indexOf(meter);
    return this.periods.peaks.reduce((peak, month) => Math.max(peak, month[i]), 0);
  }

  private periodIndex(column: string): number {
    const i = this.periodChannels.findIndex((c) => c.name === column);
    if (i < 0) throw new Error(`no column ${column}`);
    return i;
  }

  /**
   * monthly.csv's and yearly.csv's billing-demand columns, which the time series lacks: each demand-charged grid's and
   * each of its time-of-use windows' (`<grid>_<window>_demand_kw`), for the check that no two columns are one
   * (src/names.ts: a window `b` of grid `grid` and a grid `grid_b` both wrote `grid_b_demand_kw`).
   */
  demandColumns(): string[] {
    return this.model.supply.flatMap((s) => {
      const c = columnName(s.name);
      if (s.kind !== 'grid' || !this.demand.has(`${c}_used_kw`)) return [];
      return [
        `${c}_demand_kw`,
        ...(s.costs?.demand_ratchet ? [`${c}_billed_demand_kw`] : []),
        ...demandWindows(s).map((w) => `${c}_${w.name}_demand_kw`),
      ];
    });
  }

  /** The components that name time-series columns, for the series' metadata (src/output/tables/columns.ts). */
  columnParts(): ColumnParts {
    return {
      clusters: this.model.clusters.map((c) => c.name),
      services: this.model.workload.inference.map((s) => s.name),
      supplies: this.supply.supplies.map((s) => ({ name: s.name, kind: s.kind, column: columnName(s.name) })),
    };
  }

  /**
   * The run's summary.json, and its cash flows when the model has an economics
   * section: each part's section from the totals of its meters, the run by month
   * and project year, the economics from the months' ledger. `about` is the
   * provenance the caller knows (version, model file and hash).
   */
  summary(about: { version: string; model: RunSummary['model'] }): { summary: RunSummary; flows?: CashFlow[] } {
    const m = this.model;
    const { total } = this;
    const mwh = (j: number): number => j / J_PER_MWH;
    const supply = this.supply.summary(total);
    const fm = this.facility.meter;
    const itJ = total(fm.it);
    const costUsd = total(this.costMeter);
    const carbonKg = total(this.carbonMeter);
    // Each ratcheted grid's billed demand by month (src/economics/ratchet.ts), from its measured demands; and the last
    // project year's as the economics repeat it after the run (the ratchet carried round, as REopt's lookback wraps
    // its one year; in a year run in part, among its months run).
    const calendarMonth = this.months.map((p) => new Date((m.start + p.startS) * 1000).getUTCMonth());
    const lastYear = 12 * Math.floor((this.months.length - 1) / 12);
    const ratcheted = new Map(
      m.supply.flatMap((s) => {
        const column = `${columnName(s.name)}_used_kw`;
        const peaks = this.demand.get(column);
        if (s.kind !== 'grid' || !s.costs?.demand_ratchet || !peaks) return [];
        const measured = [...peaks.peaks].map((w) => Math.max(0, w));
        const { share, months, set_in, history } = s.costs.demand_ratchet;
        const ratchet = { share, months, setIn: monthMask(set_in), history };
        const billed = billedDemands(measured, calendarMonth, ratchet);
        const repeated =
          measured.length > lastYear
            ? repeatedDemands(measured.slice(lastYear), calendarMonth.slice(lastYear), ratchet)
            : undefined;
        return [[column, { billed, repeated }] as const];
      }),
    );
    // Each billing month's calendar months (a bit each, by its start and its last second, read on the tariff's clock),
    // and each grid's time-of-use windows' months: a window applies in a billing month that spans one of them.
    const spans = this.months.map(
      (p, k) => (1 << calendarMonth[k]) | (1 << new Date((m.start + p.startS + p.lengthS - 1) * 1000).getUTCMonth()),
    );
    const windowMonths = new Map<string, (number | undefined)[]>(
      m.supply.flatMap((s) =>
        s.kind === 'grid' && s.costs?.tou_demand
          ? [[`${columnName(s.name)}_used_kw`, demandWindows(s).map((w) => w.months)] as const]
          : [],
      ),
    );
    // The run by month and project year, and its economics from the months' ledger.
    const months: MonthTotals[] = this.months.map((p, k) => ({
      ...p,
      total: (c: string) => this.monthTotal(c, k),
      peak: (c: string) => this.monthPeak(c, k),
      demand: (c: string) => this.demand.get(c)?.peaks[k] ?? this.monthPeak(c, k),
      windowDemands: (c: string) => this.demand.get(c)?.windowPeaks.map((w) => w[k]) ?? [],
      windowApplies: (c: string) =>
        windowMonths.get(c)?.map((mask) => mask === undefined || (mask & spans[k]) !== 0) ?? [],
      billedDemand: (c: string) => ratcheted.get(c)?.billed[k],
      repeatedBilledDemand: (c: string) => (k >= lastYear ? ratcheted.get(c)?.repeated?.[k - lastYear] : undefined),
      // West of UTC, a run ending hours into a UTC month holds none of that billing month: its demand weighs nothing.
      billingShare: (c: string) => {
        const b = this.demand.get(c)?.periods[k];
        return b && b.startS >= b.endS ? 0 : undefined;
      },
    }));
    const sourceColumns = m.supply.map((s, i) => ({
      name: s.name,
      column: columnName(s.name),
      exports: Boolean(this.supply.supplies[i].export),
      demandCharged: this.demand.has(`${columnName(s.name)}_used_kw`),
      windows: s.kind === 'grid' ? demandWindows(s).map((w) => w.name) : [],
      ratcheted: ratcheted.has(`${columnName(s.name)}_used_kw`),
    }));
    const periodInput = {
      startEpochS: m.start,
      months,
      sources: sourceColumns,
      clusters: m.clusters.map((c) => c.name),
      services: m.workload.inference.map((s) => s.name),
      exports: sourceColumns.some((s) => s.exports),
      exportCarbon: this.supply.meter.exportCarbon !== undefined,
      reliability: this.supply.reliabilityByPeriod,
    };
    const econ = m.economics
      ? runEconomics({
          config: m.economics,
          startEpochS: m.start,
          durationS: m.duration,
          supplies: m.supply,
          columns: sourceColumns,
          clusters: m.clusters,
          months,
          fades: new Map(this.supply.supplies.flatMap((s) => (s.fade ? [[s.name, s.fade()] as const] : []))),
          demandResponsePaymentPerJ: m.demand_response?.payment,
        })
      : undefined;
    const yearly = yearlyRows(periodInput);
    // Each grid's demand and fixed charges over the run's billing months, which its cost_usd leaves out.
    const sources = supply.sources.map((x, i) => {
      const g = m.supply[i];
      const charges = g.kind === 'grid' ? gridCharges(g, `${columnName(g.name)}_used_kw`, months, m.start) : undefined;
      return charges ? { ...x, charges } : x;
    });
    const summary: RunSummary = {
      dcpsim_version: about.version,
      model: about.model,
      seed: m.seed,
      start_utc: formatTimestamp(m.start),
      end_utc: formatTimestamp(m.start + m.duration),
      duration_h: m.duration / 3600,
      step_s: m.step,
      energy_mwh: {
        it: mwh(itJ),
        losses: mwh(total(fm.losses)),
        cooling: mwh(total(fm.cooling)),
        facility: mwh(total(fm.facility)),
        supplied: supply.supplied_mwh,
        unmet: supply.unmet_mwh,
        curtailed: supply.curtailed_mwh,
      },
      ...this.facility.summary(total),
      sources,
      reliability: withLossOfLoad(supply.reliability, yearly, yearShares(m.start, m.duration)),
      cost_usd: costUsd,
      costs_usd: supply.costs_usd,
      carbon_kg: carbonKg,
      ...(supply.export_carbon_kg === undefined ? {} : { export_carbon_kg: supply.export_carbon_kg }),
      cost_usd_per_mwh_it: itJ > 0 ? costUsd / mwh(itJ) : 0,
      carbon_kg_per_mwh_it: itJ > 0 ? carbonKg / mwh(itJ) : 0,
      peak_kw: { it: this.runPeak(fm.it) / W_PER_KW, facility: this.runPeak(fm.facility) / W_PER_KW },
      // Each run's own IT energy priced at the site's cost per IT joule: the ledger's for the energy the site took (to
      // the load and storage, and the supplies' standing charges; not what it bought to export, nor the revenue of it:
      // a site selling its surplus at a profit priced a run's electricity below zero), or with economics the site's
      // LCOE (capital, fuel and O&M included) per MWh served.
      ...this.workload.summary(
        itJ > 0
          ? (econ
              ? ((econ.summary.lcoe_usd_per_mwh ?? 0) / J_PER_MWH) * (supply.supplied_mwh * J_PER_MWH)
              : supply.costs_usd.paid_to_sources -
                supply.sources.reduce((a, x) => a + (x.cost_split_usd?.export ?? 0), 0)) / itJ
          : 0,
      ),
      yearly,
      monthly: monthlyRows(periodInput),
      ...(econ ? { economics: econ.summary } : {}),
      ...(this.demandResponse ? { demand_response: this.demandResponse.summary(total) } : {}),
      rows: this.recorder.rows,
      events: this.sim.fired,
    };
    return { summary, flows: econ?.flows };
  }
}

/**
 * The run's loss-of-load figures that a sweep turns into LOLP and LOLE across replicates (docs, Sweeps). The share
 * of years with loss of load weighs each project year by the part of it the run holds (`shares`, 1 for a whole
 * year): a partial last year counts as that part of a year, not as a whole one.
 */
function withLossOfLoad(
  r: ReliabilitySummary,
  yearly: readonly PeriodRow[],
  shares: readonly number[],
): ReliabilitySummary {
  let years = 0;
  let lossYears = 0;
  yearly.forEach((y, i) => {
    years += shares[i];
    if (Number(y.loss_of_load_hours) > 0) lossYears += shares[i];
  });
  return {
    ...r,
    any_loss_of_load: r.loss_of_load_hours > 0 ? 1 : 0,
    loss_of_load_hours_per_year: r.hours > 0 ? (r.loss_of_load_hours * 8760) / r.hours : 0,
    loss_of_load_events_per_year: r.hours > 0 ? (r.loss_of_load_events * 8760) / r.hours : 0,
    years_with_loss_of_load_share: years > 0 ? lossYears / years : 0,
  };
}

/** Reads each meter's level into the recorder's levels and the periods' (see Site.readLevels). */
type LevelReader = (
  meters: readonly Meter[],
  rows: Float64Array,
  periods: Float64Array,
  arrays: readonly Float64Array[],
) => void;

/**
 * The level readers made so far, by their body. Sites of the same shape (a sweep's runs, a
 * benchmark's loop) share one function, and with it the code the JIT compiled for the first run,
 * where a function made anew for each run was compiled anew (its largest compile: 14 ms).
 */
const levelReaders = new Map<string, LevelReader>();

function levelReader(body: string): LevelReader {
  let f = levelReaders.get(body);
  if (!f) {
    if (levelReaders.size >= 64) levelReaders.clear(); // a process running many shapes keeps a few
    f = new Function('m', 'r', 'p', 'a', body) as LevelReader;
    levelReaders.set(body, f);
  }
  return f;
}

/**
 * The grid the policies read: at each instant the first grid in service then, else the first listed, as a battery
 * follows it (src/supply/dispatch.ts). Only the first listed was read: with a tariff change written as two grids, the
 * old at 20 $/MWh retiring as the new at 100 enters service, `price_aware: { above: 50 $/MWh }` read the retired
 * grid's 20 and ran every job under the new 100, holding none. One grid is read as it is.
 */
function policyGrid(
  supplies: readonly Supply[],
  model: Scenario,
): Pick<Supply, 'priceUsdPerJ' | 'carbonKgPerJ' | 'signalAt'> | undefined {
  const grids = supplies.flatMap((s, i) => {
    const cfg = model.supply[i];
    if (s.kind !== 'grid') return [];
    // Seconds from the start; a forecast may ask before it (a week's period from Monday).
    const fromS = cfg.in_service === undefined ? Number.NEGATIVE_INFINITY : cfg.in_service - model.start;
    const toS = cfg.retire === undefined ? Number.POSITIVE_INFINITY : cfg.retire - model.start;
    return [{ s, fromS, toS }];
  });
  if (grids.length <= 1 || !grids.every((g) => g.s.signalAt)) return grids[0]?.s;
  const now = (): Supply => (grids.find((g) => g.s.serving?.() !== false) ?? grids[0]).s;
  const at = (t: number): Supply => (grids.find((g) => t >= g.fromS && t < g.toS) ?? grids[0]).s;
  return {
    priceUsdPerJ: () => now().priceUsdPerJ(),
    carbonKgPerJ: () => now().carbonKgPerJ(),
    signalAt: (t: number) => at(t).signalAt!(t),
  };
}

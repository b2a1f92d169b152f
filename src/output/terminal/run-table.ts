/**
 * The table `dcpsim run` prints when it ends: energy, cost and carbon by
 * source in units chosen by size (kWh for a test run, MWh for a campus; $M
 * once costs reach millions), and, when the seed decided something that
 * changes the reading, what it decided (a fusion start that slipped past the
 * run, units that spent time in outages).
 */
import { queuedWords } from '../tables/job-wait.ts';
import type { RunSummary } from '../tables/summary.ts';
import { human, humanNonZero, inWords, priceFigure, table } from './table.ts';
import { addMonths } from '../../kernel/calendar.ts';
import { SECONDS, formatTimestamp, parseDate } from '../../kernel/time.ts';
import { normalCdf } from '../../kernel/normal-cdf.ts';

/** A quantity's unit and how to write one value in it. */
interface Scale {
  unit: string;
  show(x: number): string;
  /**
   * As show, but a figure that is not 0 and would read 0 keeps its first significant digit: a source's 12.9 kg to
   * storage read '0.0' t beside its 96 USD, and exports' 0.78 kg of carbon '0.0' t on a row printed because it is not 0.
   * A float residue (a billionth of the table's largest, or less: a cost less its parts) is 0.
   */
  keep(x: number): string;
}

/** The Scale of a unit `per` of the base unit, to `decimals`, in a table whose largest figure is `max` (base unit). */
function scale(unit: string, per: number, decimals: number, max: number): Scale {
  const show = (x: number) => human(x * per, decimals);
  return {
    unit,
    show,
    keep: (x) => (Math.abs(x) > 1e-9 * Math.abs(max) ? humanNonZero(x * per, decimals) : show(x)),
  };
}

/** kWh below 10 MWh (tens of kWh read better than 0.1 MWh), MWh above: the unit and kWh or MWh per MWh. */
export function energyUnit(maxMwh: number): { unit: 'kWh' | 'MWh'; perMwh: number } {
  return Math.abs(maxMwh) < 10 ? { unit: 'kWh', perMwh: 1000 } : { unit: 'MWh', perMwh: 1 };
}

function energyScale(maxMwh: number): Scale {
  const { unit, perMwh } = energyUnit(maxMwh);
  return scale(unit, perMwh, 1, maxMwh);
}

/** The largest energy in a run's closing table (MWh), which sets its unit. */
export function tableEnergyMwh(s: RunSummary): number {
  const e = s.energy_mwh;
  return Math.max(e.facility, e.it, ...s.sources.map((x) => x.energy_mwh));
}

/** A power in kW below a megawatt, else in MW: "51.7 kW", "164.86 MW". */
function powerText(kw: number): string {
  return kw < 1000 ? `${human(kw, 1)} kW` : `${human(kw / 1000, 2)} MW`;
}

/** $M from a million, USD with cents below 100. */
function costScale(maxUsd: number): Scale {
  const a = Math.abs(maxUsd);
  return a >= 1e6 ? scale('$M', 1e-6, 2, a) : scale('USD', 1, a < 100 ? 2 : 0, a);
}

/** Tonnes from one tonne, kg below. */
function carbonScale(maxKg: number): Scale {
  return Math.abs(maxKg) >= 1000 ? scale('t', 1e-3, 1, maxKg) : scale('kg', 1, 1, maxKg);
}

/** "1.25 hours", "30 days"; under 6 minutes, "3 minutes" or "3 seconds" (were "0.00 hours"). */
export function spanText(hours: number): string {
  const short = (x: number, unit: string): string => {
    const n = human(x, Number.isInteger(Math.round(x * 10) / 10) ? 0 : 1);
    return `${n} ${unit}${n === '1' ? '' : 's'}`;
  };
  if (hours < 1 / 60) return short(hours * 3600, 'second');
  if (hours < 0.1) return short(hours * 60, 'minute');
  return hours < 48
    ? `${human(hours, hours < 10 ? 2 : 1)} hours`
    : `${human(hours / 24, hours % 24 === 0 ? 0 : 1)} days`;
}

/**
 * The start's date, with its time when not midnight, marked UTC ("2027-01-01 06:00 UTC", to the second if it has one):
 * a start given with its offset (06:00+02:00) prints as 04:00, which unmarked read as the model's own clock.
 */
export function startText(startUtc: string): string {
  const time = startUtc.slice(11, 19);
  if (time === '' || time === '00:00:00') return startUtc.slice(0, 10);
  return `${startUtc.slice(0, 10)} ${time.endsWith(':00') ? time.slice(0, 5) : time} UTC`;
}

const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;

/**
 * A change in per cent or points to one decimal, or, where that reads 0.0 of a change that is not 0, to its first
 * significant digit: a policy that raised the 24/7 score from 43.39 % to 43.44 % read '+0.0 points', now '+0.04'.
 */
const changeFixed = (p: number): string => {
  const t = p.toFixed(1);
  return p === 0 || Number(t) !== 0 ? t : p.toFixed(Math.min(20, -Math.floor(Math.log10(Math.abs(p)))));
};

/**
 * A rate the model gives (a discount rate, an escalation, a growth, a fade) as it was written, with one decimal at
 * least: pct's one decimal read a 7.25 % discount rate as '7.2%' beside an NPC at 7.25 %, a 0.35 %/yr degradation as
 * '0.4%' and a 0.04 % escalation as '0.0%'. Twelve significant digits leave the product's last bits out (0.35000000000000003).
 */
export const givenPct = (x: number): string => {
  const p = Number((x * 100).toPrecision(12));
  return Number.isInteger(p * 10) ? pct(x) : `${p}%`;
};

/**
 * The economics' terms as the run's table says them beside the NPC: "5 years at 10.0%, prices escalating 3.0% a year";
 * the escalation where there is one, or where `escalating` asks for it (diff, beside a run that has one: '0.0%').
 */
export const termsText = (
  e: { years: number; discount_rate: number; escalation: number },
  escalating = Boolean(e.escalation),
): string =>
  `${e.years} year${e.years === 1 ? '' : 's'} at ${givenPct(e.discount_rate)}${escalating ? `, prices escalating ${givenPct(e.escalation)} a year` : ''}`;
/** A share as pct does, but one short of 100 % or above 0 that rounds to 100.0% or 0.0% says so: 'over 99.9%', 'under 0.1%'. */
export const pctNear = (x: number): string => {
  const p = pct(x);
  return x > 0 && p === '0.0%' ? 'under 0.1%' : x < 1 && p === '100.0%' ? 'over 99.9%' : p;
};

/** What the random draws decided, where a reader would otherwise misread a figure; one line each. */
function drawNotes(s: RunSummary): string[] {
  const notes: string[] = [];
  type Resolved = {
    name?: string;
    availability?: number;
    in_service?: unknown;
    slip?: { median: number; sigma: number; probability: number };
  };
  const resolved = (s.model.resolved as { supply?: Resolved[] } | undefined)?.supply;
  for (const src of s.sources) {
    const d = (src.detail ?? {}) as Record<string, unknown>;
    // The supply as the model gave it: its contract's figures and the date it enters service.
    const own = resolved?.find((x) => x.name === src.name);
    if (src.kind === 'fusion-ppa' && typeof d.start_utc === 'string') {
      const slip = typeof d.slip_days === 'number' ? d.slip_days : 0;
      // It delivers from the later of its start and its in_service: entering service after its start (and after the
      // run), 'fusion starts 2028-01-01' was said alone of a PPA that gave nothing.
      const entry = own?.in_service;
      const enters = typeof entry === 'number' && entry > parseDate(d.start_utc) ? formatTimestamp(entry) : undefined;
      const service = enters ? `, enters service ${enters.replace(' 00:00:00', '')}` : '';
      const after = (enters ?? d.start_utc) >= s.end_utc ? ', after this run ends: no fusion energy' : '';
      // Where the draw falls among the model's (a seed's one history: fusion-2028's seed 42 slips past 97 % of them).
      const law = own?.slip;
      const below =
        law && law.sigma > 0 && law.median > 0
          ? 1 - law.probability + law.probability * normalCdf(Math.log((slip * SECONDS.day) / law.median) / law.sigma)
          : undefined;
      const rank = below === undefined ? '' : `, longer than ${pctNear(below)} of those the model draws`;
      const drawn = slip > 0 ? ` (drawn: a slip of ${human(slip, 0)} days${rank})` : '';
      // Its share of the time contracted it was up, beside the contract's (both below one: it has outages).
      const contract = own?.availability;
      const up =
        !after && typeof d.availability === 'number' && typeof contract === 'number' && contract < 1
          ? `; available ${pctNear(d.availability)} of the time contracted, against the contract's ${givenPct(contract)} (its outages are drawn)`
          : '';
      notes.push(`${src.name} starts ${d.start_utc.slice(0, 10)}${drawn}${service}${after}${up}`);
    }
    // A supply entering service at or after the run's end gave nothing for that: an SMR's units' 0 % is no refuelling
    // nor outage ('available 0.0% of the time (expected 0.0%): refuelling and drawn outages' was said of one not yet
    // built), and an array's, a battery's or a grid's 0.0 was said with no word. A fusion PPA says so above.
    const entry = own?.in_service;
    if (src.kind !== 'fusion-ppa' && typeof entry === 'number' && entry >= parseDate(s.end_utc)) {
      notes.push(
        `${src.name} enters service ${formatTimestamp(entry).replace(' 00:00:00', '')}, after this run ends: no ${src.name} energy`,
      );
      continue;
    }
    if (
      src.kind === 'smr' &&
      Array.isArray(d.units) &&
      d.units.some((u) => typeof u?.availability === 'number' && u.availability < 1)
    ) {
      // One short of 1 is not '100.0%' (a unit down 20 minutes in a year, 0.99996): pctNear says 'over 99.9%'.
      const av = (d.units as { availability: number }[]).map((u) => pctNear(u.availability));
      const exp = typeof d.expected_availability === 'number' ? ` (expected ${pctNear(d.expected_availability)})` : '';
      const who = av.length === 1 ? 'unit was' : `${av.length} units were`;
      notes.push(`${src.name}'s ${who} available ${inWords(av)} of the time${exp}: refuelling and drawn outages`);
    }
  }
  return notes;
}

/**
 * What a site that throttles or pauses under a shortage did instead of leaving demand unmet, which the unmet energy
 * and the loss-of-load hours do not count (1,204 kW on four 500 kW SMR units down 1/6 of the time, a year under
 * `shortage: throttle`: 96.7 MWh of IT throttled and "unmet 0.0", "loss-of-load hours 0" said alone; under `pause`,
 * 10 pauses of 511 h in all), and why such a site still left demand unmet: only down to its chips' idle power (and
 * the servers', cooling's and losses' with them), below which no throttle or pause goes (an orbital site's eclipses
 * with its battery empty: unmet 131.8 MWh under `shortage: throttle`, and nothing said of why).
 */
function shortageNote(s: RunSummary): string[] {
  const resolved = s.model.resolved as { shortage?: string; demand_response?: { by?: string } } | undefined;
  const shortage = resolved?.shortage;
  if (shortage !== 'throttle' && shortage !== 'pause') return [];
  const lines: string[] = [];
  const uncounted = `which neither the unmet energy nor the loss-of-load hours count`;
  const throttled = s.facility?.throttled_mwh ?? 0;
  if (shortage === 'throttle' && throttled > 0) {
    const E = energyScale(throttled);
    const radiator = s.facility.max_it_kw !== undefined ? " (as does the radiator's cap where it binds)" : '';
    // The figure is every slowing of the chips: a demand-response event's (by: throttle) or a policy's too, which the
    // line put down to the supply (5.3 kWh 'where the supply falls short' on a grid that never did, all of it shed).
    const too =
      resolved?.demand_response?.by === 'throttle'
        ? "; it counts the demand-response events' throttling too"
        : s.policy
          ? "; it counts the policy's throttle too"
          : '';
    lines.push(
      `throttled ${E.show(throttled)} ${E.unit} of IT (facility.throttled_mwh): shortage: throttle slows the chips where the supply falls short${radiator}, ${uncounted}${too}`,
    );
  }
  const runs = s.training ?? [];
  const pauses = runs.reduce((n, r) => n + (r.pauses ?? 0), 0);
  if (shortage === 'pause' && pauses > 0) {
    const hours = runs.reduce((h, r) => h + (r.paused_h ?? 0), 0);
    lines.push(
      `runs paused ${human(pauses, 0)} time${pauses === 1 ? '' : 's'}, ${human(hours, 1)} h in all (training[].pauses, paused_h): shortage: pause pauses them where the supply falls short, ${uncounted}`,
    );
  }
  if (s.energy_mwh.unmet > 0) {
    const kw = s.reliability?.largest_shortfall_kw ?? 0;
    const most = kw > 0 ? ` (up to ${powerText(kw)} short)` : '';
    lines.push(
      `unmet under shortage: ${shortage}: the supply fell below what the site draws with every chip slowed to idle, which no ${shortage} lowers${most}`,
    );
  }
  return lines;
}

/** A count of tokens: "59.0 G", "1.25 T". */
function tokens(x: number): string {
  for (const [scale, unit] of [
    [1e12, 'T'],
    [1e9, 'G'],
    [1e6, 'M'],
  ] as const)
    if (x >= scale) return `${human(x / scale, x >= 100 * scale ? 0 : 1)} ${unit}`;
  return human(x, 0);
}

/**
 * Each inference service's tokens served and its energy a token (IT energy: chips and servers, before cooling and
 * losses), the figure inference is compared by, and the tokens it left unserved (more asked for than its chips serve,
 * or its cluster out of service), which the energy rows do not show: unmet energy is power the supply lacked. A few
 * one by one; many as one line.
 */
function serviceLines(s: RunSummary): string[] {
  const all = s.inference?.services ?? [];
  // In the table's unit, beside its IT load: a small model's 10.7 kWh service in a 13.8 kWh table was '0.0 MWh'.
  const E = energyScale(tableEnergyMwh(s));
  const line = (served: number, asked: number, mwh: number, what: string, left: string): string => {
    const j = (mwh * 3.6e9) / served;
    const energy =
      served > 0 && Number.isFinite(j)
        ? `, ${Number(j.toPrecision(3))} J a token (${E.show(mwh)} ${E.unit} of IT energy, before cooling and losses)`
        : mwh > 0
          ? ` (${E.show(mwh)} ${E.unit} of IT energy, before cooling and losses)` // its chips held idle, serving nothing
          : '';
    const unserved =
      asked - served > 0
        ? `; ${pctNear(1 - served / asked)} of the tokens asked ${left} unserved (${tokens(asked - served)} of ${tokens(asked)})`
        : '';
    return `${what} ${served > 0 ? tokens(served) : 'no'} tokens served${energy}${unserved}`;
  };
  if (all.length <= 3)
    return all.map((v) => line(v.served_tokens, v.demand_tokens, v.energy_mwh, `inference ${v.name}:`, 'for'));
  const sum = (f: (v: (typeof all)[number]) => number) => all.reduce((a, v) => a + f(v), 0);
  return [
    `${line(
      sum((v) => v.served_tokens),
      sum((v) => v.demand_tokens),
      sum((v) => v.energy_mwh),
      `inference: ${all.length} services,`,
      'of them',
    )}; each in summary.json`,
  ];
}

/** A demand interval as its charges line says it: "15-minute", or in seconds where it is no whole minutes ("90-second", which read "2-minute"). */
function intervalText(seconds: number): string {
  return seconds % 60 === 0 ? `${human(seconds / 60, 0)}-minute` : `${human(seconds, 0)}-second`;
}

/**
 * A grid's demand and fixed charges over the run (summary.json's `charges`), which its cost column leaves out: on an
 * industrial tariff they can be a third of the energy's cost, and were said nowhere but cashflow.csv and the NPC.
 */
function chargesLines(s: RunSummary): string[] {
  return s.sources.flatMap((x) => {
    const c = x.charges;
    if (!c) return [];
    const by = Math.max(Math.abs(c.demand_usd), Math.abs(c.fixed_usd));
    const C = (v: number): string => {
      const k = costScale(by);
      return k.unit === 'USD' ? `${k.show(v)} USD` : `$${k.show(v)}M`;
    };
    const kw = c.billing_demand_kw;
    const demand =
      c.demand_usd > 0 || kw > 0
        ? `demand charges ${C(c.demand_usd)} (each month's highest ${intervalText(c.demand_interval_s)} mean import, at most ${powerText(kw)}${
            c.ratchet && c.billed_demand_kw !== undefined
              ? `; billed at most ${powerText(c.billed_demand_kw)} with the ratchet, at least ${human(c.ratchet.share * 100, 0)} % of the highest of the ${c.ratchet.months} months before${
                  c.ratchet.history_kw !== undefined
                    ? ` (and ${powerText(c.ratchet.history_kw)} from before the start)`
                    : ' (only months simulated: none before the start)'
                }, which adds ${C(c.ratchet.demand_usd)}`
              : ''
          }${(c.tou_demand ?? [])
            .map(
              (w) => `; of which ${w.name} ${C(w.demand_usd)}, at most ${powerText(w.billing_demand_kw)} in its window`,
            )
            .join('')})`
        : '';
    const fixed = c.fixed_usd > 0 ? `fixed charges ${C(c.fixed_usd)}` : '';
    const parts = [demand, fixed].filter((p) => p !== '');
    if (parts.length === 0) return [];
    return [
      `${x.name}'s charges beyond energy over the run, not in the cost column: ${parts.join(', ')}${s.economics ? ' (in the NPC)' : ''}`,
    ];
  });
}

/**
 * Beside an LCOE, when the run left demand unmet (more than a billionth of it, the loss-of-load rule): the LCOE is
 * over the energy served, and no cost prices what was not, so a portfolio that falls short reads cheaper a MWh than
 * it is beside one that carries the whole load (two SMRs alone, 1.8 % unmet: 120.72 $/MWh, against 115.83 with the
 * grid as backup).
 */
function unpricedShortfall(s: RunSummary): string {
  const { unmet, facility } = s.energy_mwh;
  if (!(unmet > 1e-9 * facility)) return '';
  const E = energyScale(unmet);
  const voll = s.economics?.value_of_lost_load_usd_per_mwh;
  const priced =
    voll === undefined
      ? 'which neither the NPC nor the LCOE prices; economics.value_of_lost_load prices it in the NPC'
      : `priced in the NPC as lost load at ${human(voll, voll >= 100 ? 0 : 2)} $/MWh, not in the LCOE`;
  return ` served (the run left ${E.show(unmet)} ${E.unit} of its demand unmet, ${pctNear(unmet / facility)}, ${priced})`;
}

/** NPC, annualised cost and LCOE when the model has an `economics` section; each training run's electricity share when it has a hardware cost. */
function economicsLines(s: RunSummary): string[] {
  // An amount in the unit its size (or the larger amount beside it) calls for.
  const C = (x: number, by = x): string => {
    const c = costScale(by);
    return c.unit === 'USD' ? `${c.show(x)} USD` : `${x < 0 ? '-' : ''}$${c.show(Math.abs(x))}M`;
  };
  const priced = (s.training ?? []).filter((t) => t.electricity_share !== undefined);
  // 'its' for one run's line, 'their' for the line that sums several.
  const line = (what: string, elec: number, hw: number, whose: 'its' | 'their'): string =>
    `${what}: electricity ${C(elec, Math.max(elec, hw))}, chip time ${C(hw, Math.max(elec, hw))}: electricity is ${pctNear(elec + hw > 0 ? elec / (elec + hw) : 0)} of ${whose} cost`;
  // A few runs one by one; many as one line (each is in summary.json's training list).
  const lines =
    priced.length <= 3
      ? priced.map((t) => line(`run ${t.name}`, t.electricity_cost_usd, t.chip_cost_usd ?? 0, 'its'))
      : [
          line(
            `${priced.length} training runs`,
            priced.reduce((a, t) => a + t.electricity_cost_usd, 0),
            priced.reduce((a, t) => a + (t.chip_cost_usd ?? 0), 0),
            'their',
          ),
        ];
  const e = s.economics;
  if (e) {
    // One unit for the line, chosen by its largest amount: "NPC $5.74M, $0.93M a year", not "..., 934,785 USD a year".
    const hw = e.hardware_npc_usd !== 0;
    const dr = e.demand_response_npc_usd;
    const lost = e.lost_load_npc_usd;
    const parts = hw || dr !== undefined || lost !== undefined;
    const by = Math.max(
      ...[
        e.npc_usd,
        e.annualized_cost_usd,
        ...(parts ? [e.supply_npc_usd, e.hardware_npc_usd, dr ?? 0, lost ?? 0] : []),
      ].map(Math.abs),
    );
    const L = (x: number): string => C(x, by);
    lines.push(
      `${termsText(e)}: NPC ${L(e.npc_usd)}` +
        (parts
          ? ` (supplies ${L(e.supply_npc_usd)}${hw ? `, hardware ${L(e.hardware_npc_usd)}` : ''}${dr !== undefined ? `, demand response ${L(dr)}` : ''}${lost !== undefined ? `, lost load ${L(lost)}` : ''})`
          : '') +
        ', ' +
        `${L(e.annualized_cost_usd)} a year; ${e.lcoe_usd_per_mwh === undefined ? 'no LCOE: nothing served' : `LCOE ${human(e.lcoe_usd_per_mwh, 2)} $/MWh${unpricedShortfall(s)}`}` +
        projectedNote(e.years, e.simulated_years, Number(s.yearly?.[e.simulated_years - 1]?.hours)) +
        beyondNote(e.years, s.yearly ?? []),
    );
    if (e.carbon_npc_usd !== undefined)
      lines.push(
        `carbon priced at ${priceFigure(e.carbon_price_usd_per_t ?? 0)} $/t (growing ${givenPct(e.carbon_escalation ?? 0)} a year): ${L(e.carbon_npc_usd)} of the NPC, in the supplies' NPC and LCOE (cashflow.csv's carbon)`,
      );
    // Export revenue is income in the NPC and netted in the LCOE, as a carbon price is a cost in them: said as that is,
    // with the LCOE before it (plan-smr's 131.5 $/MWh nets $16.6M of exports, said only in cashflow.csv).
    const income = e.by_category?.export_revenue;
    if (income !== undefined && income !== 0) {
      const gross =
        e.lcoe_usd_per_mwh !== undefined && e.supply_npc_usd !== 0
          ? `${human((e.lcoe_usd_per_mwh * (e.supply_npc_usd - income)) / e.supply_npc_usd, 2)} $/MWh without it; `
          : '';
      lines.push(
        `export revenue: ${C(income)} of the NPC (income), netted in the supplies' NPC and LCOE (${gross}cashflow.csv's export_revenue)`,
      );
    }
    const unseen = unseenChanges(s, e.years);
    if (unseen.length > 0)
      lines.push(
        `the economics extend the run's last year over the project's ${e.years} year${e.years === 1 ? '' : 's'}, not seeing what changes after the run: ${unseen.join(', ')} (run through them for their energy and costs)`,
      );
  }
  return lines;
}

/**
 * What the model changes after the run's end and before the project's: a cluster or supply entering or leaving
 * service, a fusion PPA starting. The years the economics repeat (or scale up) from the run's last cannot see them:
 * a retired SMR's fuel is paid on, a cluster commissioned later draws nothing. In date order.
 */
export function unseenChanges(s: RunSummary, years: number): string[] {
  const start = parseDate(s.start_utc);
  const end = parseDate(s.end_utc);
  const projectEnd = addMonths(start, 12 * years);
  const found: { t: number; text: string }[] = [];
  // A date inside the last year run, where later years repeat it, is in none of them: they copy that year with it part
  // way through (plan-smr at 730d: its B200s, from 2028-07-01, in service for 183 days of each of years 3-10). Nor is it
  // in a last year run in part and scaled to a whole one, which holds it for the share of the part (plan-smr at 548d
  // over 2 years: the B200s for 1 of 2028's 183 days run, so for 1/183 of year 2).
  const run = s.yearly?.length ?? 0;
  const e = s.economics;
  const lastHours = Number(s.yearly?.[(e?.simulated_years ?? 0) - 1]?.hours);
  const repeated = e ? e.simulated_years < years : end < projectEnd;
  const scaled = !repeated && e !== undefined && lastHours < 8760;
  const lastYear = run > 0 && (repeated || scaled);
  const lastStart = addMonths(start, 12 * (run - 1));
  const at = (t: unknown, text: string, part = 'in service'): void => {
    if (typeof t !== 'number' || !(t < projectEnd)) return;
    const date = `${text} ${formatTimestamp(t).replace(' 00:00:00', '')}`;
    if (t >= end) found.push({ t, text: date });
    else if (lastYear && t > lastStart)
      found.push({
        t,
        text: scaled
          ? `${date} (part way through the ${spanText(lastHours)} of ${s.yearly[run - 1].name} run, scaled to a whole year: ${part} for the same share of it)`
          : `${date} (part way through the year extended: ${part} for part of each year after)`,
      });
  };
  type Dated = { name?: string; kind?: string; in_service?: unknown; retire?: unknown };
  const m = (s.model.resolved ?? {}) as {
    clusters?: Dated[];
    supply?: (Dated & {
      ramp_first_year?: unknown;
      panels?: unknown;
      degradation?: unknown;
      energy?: unknown;
      fade?: { calendar?: unknown; cycle?: unknown; replace_at?: unknown };
    })[];
    workload?: { inference?: { name?: string; growth?: unknown }[] };
  };
  for (const x of [...(m.clusters ?? []), ...(m.supply ?? [])]) {
    at(x.in_service, `${x.name} enters service`);
    at(x.retire, `${x.name} retires`);
  }
  for (const src of s.sources) {
    const d = (src.detail ?? {}) as Record<string, unknown>;
    if (src.kind !== 'fusion-ppa' || typeof d.start_utc !== 'string') continue;
    const from = parseDate(d.start_utc);
    at(from, `${src.name} starts`);
    // Its first year's ramp (twelve monthly steps, full from 11/12 of a year on): a last year run with the plant below
    // full is repeated below full (plan-fusion at 730d: 2028's ramp in each of years 3-10). After a start after the
    // run, which is named, it goes without saying.
    const ramps = (m.supply ?? []).some((x) => x.name === src.name && x.ramp_first_year === true);
    if (ramps && from < end) at(from + (11 * SECONDS.year) / 12, `${src.name} reaches its full capacity`, 'ramping up');
  }
  // Demand growing by the year goes on after the run: the repeated years draw the last one's load, and a last year
  // run in part is scaled from its part. A run through every project year for its 8,760 h (two years of 365 days end
  // a day before two calendar years that hold a leap day) has none repeated or scaled up: its growth is seen.
  const extended = e ? e.simulated_years < years || lastHours < 8760 : end < projectEnd;
  const grows = extended ? (m.workload?.inference ?? []).filter((x) => Number(x.growth) > 0) : [];
  // So do space solar arrays losing output by the year: the repeated years draw the last one's, as new.
  const fades = extended
    ? (m.supply ?? []).filter((x) => x.kind === 'space-solar' && Number(x.panels) > 0 && Number(x.degradation) > 0)
    : [];
  // And batteries' capacity fade: the repeated years store what the last year run stored, a battery near new, where
  // by its replacement it holds replace_at of it. The economics project its replacements after the run (cashflow.ts).
  const ageing = extended
    ? (m.supply ?? []).filter(
        (x) =>
          x.kind === 'battery' && Number(x.energy) > 0 && (Number(x.fade?.calendar) > 0 || Number(x.fade?.cycle) > 0),
      )
    : [];
  return [
    ...found.sort((a, b) => a.t - b.t).map((f) => f.text),
    ...grows.map((x) => `${x.name}'s demand growing ${givenPct(Number(x.growth))} a year`),
    ...fades.map((x) => `${x.name}'s output falling ${givenPct(Number(x.degradation))} a year`),
    ...ageing.map(
      (x) =>
        `${x.name}'s capacity fading ${givenPct(Number(x.fade?.calendar))} a year and ${givenPct(Number(x.fade?.cycle))} per 1,000 full cycles, costed only as its replacements at ${givenPct(Number(x.fade?.replace_at))}`,
    ),
  ];
}

/** A part of a source's energy in a run's energy and cost table (sourceParts); `label` names a part but the load's. */
export interface SourcePart {
  label?: string;
  mwh: number;
  usd: number;
  /** Its carbon (the site's); none for exports, whose carbon is the buyer's. */
  kg?: number;
}

/**
 * A source's rows, in the run's closing table and the report alike: its energy to the load with the rest of what
 * is paid to it, then (when there is any) its energy to storage and to export with their cost, so that no cost
 * stands beside energy it is not for and the cost column adds up, with the export revenue row, to the facility's
 * net cost.
 */
export function sourceParts(x: RunSummary['sources'][number]): SourcePart[] {
  const storage = x.cost_split_usd?.storage ?? 0;
  const exported = x.cost_split_usd?.export ?? 0;
  const toStorage = x.to_storage_mwh ?? 0;
  const toExport = x.to_export_mwh ?? 0;
  const storedKg = x.to_storage_carbon_kg ?? 0;
  // A float residue of the dispatch is no energy (a grid beside a battery it never charges 'gave' it 9e-15 MWh, over
  // 289,117 MWh to the load: a row 'grid to storage' of zeros): a part is its row when it is more than a billionth of
  // all the source gave, as a shortfall is a loss of load when more than a billionth of the demand; else its cost and
  // carbon stay on the source's row, so the column still adds up.
  const shown = (mwh: number) => mwh > 1e-9 * (x.energy_mwh + toStorage + toExport);
  const stored = shown(toStorage);
  const sold = shown(toExport);
  const parts: SourcePart[] = [
    {
      mwh: x.energy_mwh,
      usd: x.cost_usd - (stored ? storage : 0) - (sold ? exported : 0),
      kg: x.carbon_kg - (stored ? storedKg : 0),
    },
  ];
  if (stored) parts.push({ label: `${x.name} to storage`, mwh: toStorage, usd: storage, kg: storedKg });
  // Exports' carbon is the buyer's: in the exported row beneath, in no source's.
  if (sold) parts.push({ label: `${x.name} exported`, mwh: toExport, usd: exported });
  return parts;
}

function sourceRows(x: RunSummary['sources'][number], E: Scale, C: Scale, K: Scale): string[][] {
  return sourceParts(x).map((p) =>
    p.label === undefined
      ? [`  from ${x.name}`, E.keep(p.mwh), C.keep(p.usd), K.keep(p.kg ?? 0)]
      : [`    ${p.label}`, E.keep(p.mwh), C.keep(p.usd), p.kg === undefined ? '' : K.keep(p.kg)],
  );
}

/**
 * A run longer than the project (economics.years 1 of a 3-year run): its later years, in the table's energy and cost
 * above, are in no figure of the economics, and the line said only '1 year at 10.0%' beneath 3 years of energy.
 */
function beyondNote(years: number, yearly: readonly { name: string }[]): string {
  const after = yearly.slice(years).map((y) => y.name);
  if (after.length === 0) return '';
  const span = after.length === 1 ? `${after[0]} is` : `${after[0]}-${after[after.length - 1]} are`;
  return ` (the run's ${span} after the project's ${years} year${years === 1 ? '' : 's'}, in neither the NPC nor the LCOE)`;
}

/**
 * How the economics extend the run (src/economics/cashflow.ts): a project year the run covers only in
 * part is scaled to a whole year, and the years after the last simulated one repeat it. Said when it
 * happens, with how much of that year the run covers: a day standing for nine years shows.
 */
function projectedNote(years: number, simulated: number, lastHours: number): string {
  // A project year has at least 8,760 hours; NaN (a summary without yearly rows) is never partial.
  const partial = lastHours < 8760 ? `, which the run covers for ${spanText(lastHours)}` : '';
  if (simulated < years)
    return partial
      ? ` (years after ${simulated} repeat year ${simulated}${partial}, scaled to a whole year)`
      : ` (${simulated + 1 < years ? `years ${simulated + 1}-${years} repeat` : `year ${years} repeats`} year ${simulated}, the last simulated)`;
  return partial ? ` (year ${simulated}${partial}, is scaled to a whole year)` : '';
}

/**
 * The same, as a sweep's or sizing's note says it of its runs (src/output/terminal/sweep-table.ts, src/sizing/size.ts):
 * their last project year, `year`, which each run covers for `ran`, made whole and, where the project goes on,
 * repeated: "from each run's 30 days scaled to a whole year and repeated", "its year 2 from each run's 34 days of it ...".
 */
export function scaledYearText(year: number, ran: string, repeated: boolean): string {
  const again = repeated ? ' and repeated' : '';
  return year === 1
    ? `from each run's ${ran} scaled to a whole year${again}`
    : `its year ${year} from each run's ${ran} of it scaled to a whole year${again}`;
}

/**
 * Of the deadline misses, those no site could have met: due before the run's (or job's) submission plus its time at
 * full speed. Such a miss was counted like any other, and a carbon- or price-aware run with one never deferred (its
 * latest start past at its submission), with nothing said.
 */
function unreachableText(s: RunSummary): string {
  const n = s.jobs.deadlines_unreachable ?? 0;
  if (n === 0) return '';
  const its = n === 1 ? 'its' : 'their';
  return `, ${human(n, 0)} unreachable (due sooner after ${its} submission than ${its} time at full speed: missed whatever the site does, and never deferred)`;
}

/** What the policies did: against the same run without them (summary.json `policy`), demand response, deadlines. */
function policyLines(s: RunSummary): string[] {
  const lines: string[] = [];
  const p = s.policy;
  if (p) {
    // A grid's demand charges, which the energy cost leaves out: a policy bunching work into clean or cheap hours raises
    // the peak they bill (pjm-carbon-aware-2028 for 4 days at 15 $/kW-month: 8,088 USD saved on energy, 9,318 USD more
    // in demand charges), and the line read 'cost saved 8,088 USD' alone.
    const demand = p.demand_charges_saved_usd;
    const base = p.baseline_demand_charges_usd ?? 0;
    const billed = demand !== undefined && (base !== 0 || base - demand !== 0) ? demand : undefined;
    const K = carbonScale(Math.abs(p.carbon_saved_kg)),
      C = costScale(Math.max(Math.abs(p.cost_saved_usd), Math.abs(billed ?? 0)));
    const signedPct = (x: number): string => `${changeFixed(x * 100)}%`;
    const charges =
      billed === undefined
        ? ''
        : ` on energy, ${C.show(billed)} ${C.unit} on demand charges (the grid's peak import ${powerText(p.peak_import_kw)}, without the policy ${powerText(p.baseline_peak_import_kw)})`;
    // Work per chip-hour held: a paused run keeps its chips, so 'work done -0.6%' (pjm-carbon-aware-2028) held them 56 %
    // more chip-hours, goodput 94.9 % to 60.5 %, which summary.json gave and the line did not.
    const goodput =
      p.baseline_goodput > 0 && pctNear(p.goodput) !== pctNear(p.baseline_goodput)
        ? `, goodput ${pctNear(p.goodput)} (without: ${pctNear(p.baseline_goodput)}; work per chip-hour held, a paused run keeping its chips)`
        : '';
    lines.push(
      `policy against the same run without it: carbon saved ${K.show(p.carbon_saved_kg)} ${K.unit} (${signedPct(p.carbon_saved_share)}: ` +
        `${K.show(p.carbon_saved_by_less_energy_kg)} ${K.unit} by drawing less energy, ${K.show(p.carbon_saved_by_cleaner_energy_kg)} ${K.unit} by drawing cleaner), ` +
        `cost saved ${C.show(p.cost_saved_usd)} ${C.unit} (${signedPct(p.cost_saved_share)})${charges}; work done ${signedPct(-p.throughput_lost_share)}${p.tokens_lost_share !== undefined ? `, inference tokens served ${signedPct(-p.tokens_lost_share)}` : ''}${goodput}, ` +
        `energy moved ${energyScale(p.energy_moved_out_mwh).show(p.energy_moved_out_mwh)} ${energyScale(p.energy_moved_out_mwh).unit} out of its hours; ` +
        `24/7 CFE ${p.cfe_score_change >= 0 ? '+' : ''}${changeFixed(p.cfe_score_change * 100)} points; deadline misses ${p.deadline_misses} (without: ${p.baseline_deadline_misses})${unreachableText(s)}`,
    );
  }
  const dr = s.demand_response;
  // No event in the run: '0 events asked 0.0 kWh, shed 0.0 kWh (0.0%)' read as a site that shed none of what it was
  // asked, where an events file of another year's (or months') dates asked nothing.
  if (dr && dr.events === 0) {
    const ev = (s.model.resolved as { demand_response?: { events?: { file?: string } } } | undefined)?.demand_response
      ?.events;
    lines.push(
      ev?.file !== undefined
        ? `demand response: no event in the run: none of the events in ${ev.file} falls within it (their start and end are UTC dates), so nothing asked, shed or paid`
        : "demand response: no event drawn in the run (its events' rate), so nothing asked, shed or paid",
    );
  } else if (dr) {
    const E = energyScale(dr.asked_mwh),
      C = costScale(dr.payment_usd);
    lines.push(
      `demand response: ${dr.events} event${dr.events === 1 ? '' : 's'} asked ${E.show(dr.asked_mwh)} ${E.unit}, shed ${E.show(dr.shed_mwh)} ${E.unit} (${pctNear(dr.shed_share)}), paid ${C.show(dr.payment_usd)} ${C.unit}${s.economics ? ' (income in the NPC)' : ' (not in the cost above)'}`,
    );
  }
  return lines;
}

/** Which supplies the carbon-free score leaves out, when any: their carbon-free share was not given. */
function cfeNote(excludes: readonly string[] | undefined): string {
  if (!excludes || excludes.length === 0) return '';
  return ` (leaves out ${excludes.join(', ')}: no carbon_free_share given, counted as not carbon-free)`;
}

/**
 * A run in which no job or training run was submitted: a workload of services alone has none, but one whose job
 * streams drew no arrival in the run, or whose runs are submitted after its end, has them and says which (it read
 * 'no training runs or jobs', as if the model gave none).
 */
function noneSubmitted(s: RunSummary): string {
  const w = (
    s.model.resolved as { workload?: { jobs?: { name: string }[]; training?: { name: string }[] } } | undefined
  )?.workload;
  const named = (word: string, xs: readonly { name: string }[] | undefined): string[] =>
    xs && xs.length > 0 ? [`${word}${xs.length === 1 ? '' : 's'} ${inWords(xs.map((x) => x.name))}`] : [];
  const parts = [...named('job stream', w?.jobs), ...named('training run', w?.training)];
  return parts.length === 0
    ? 'no training runs or jobs'
    : `no job or training run submitted in the run (${parts.join(', ')})`;
}

/**
 * Whether the site can export: a grid with an export_cap above 0 in the resolved model. A run folder from before
 * the resolved model listed it counts as able to.
 */
export function canExport(s: RunSummary): boolean {
  const supply = (s.model.resolved as { supply?: { kind?: string; export_cap?: number }[] } | undefined)?.supply;
  if (!Array.isArray(supply)) return true;
  return supply.some((x) => x.kind === 'grid' && (x.export_cap === undefined || x.export_cap > 0));
}

/** The facility row's label: its PUE, or that there was no IT load to divide by (summary.json's pue is 0 then). */
export const facilityLabel = (s: RunSummary): string =>
  s.energy_mwh.it > 0 ? `facility (PUE ${s.pue.toFixed(3)})` : 'facility (no IT load: no PUE)';

/** The label of the exports' row: its carbon, where the run has one, is the buyer's (not in carbon_kg). */
export const exportedLabel = (s: RunSummary): string =>
  s.export_carbon_kg ? "exported: revenue; its carbon, the buyer's" : 'exported: revenue';

/**
 * Loss-of-load hours, in how many shortfalls and the longest (a summary from before they were counted has none), and
 * the 24/7 carbon-free score, with the supplies the score leaves out.
 */
function reliabilityLines(s: RunSummary): string[] {
  const r = s.reliability;
  if (!r) return [];
  const n = r.loss_of_load_events;
  // Under 0.1 h in minutes or seconds, as the run's span: a shortfall of 17 s read '0.0 h'.
  const longest =
    r.longest_shortfall_h < 0.1 ? spanText(r.longest_shortfall_h) : `${human(r.longest_shortfall_h, 1)} h`;
  const events =
    n > 1 ? ` in ${human(n, 0)} shortfalls, the longest ${longest}` : n === 1 ? ` in 1 shortfall of ${longest}` : '';
  // Over more than a year, the hours a year beside the total (per 8,760 clock hours, reliability's
  // loss_of_load_hours_per_year): a LOLE is read a year, and forty years' total is not one year's.
  const perYear =
    r.loss_of_load_hours > 0 && r.hours > 8784
      ? ` over the run, ${human((r.loss_of_load_hours * 8760) / r.hours, 1)} a year`
      : '';
  return [
    `loss-of-load hours ${human(r.loss_of_load_hours, 0)}${perYear}${perYear && events ? ',' : ''}${events}; 24/7 carbon-free score (hourly) ${pctNear(r.cfe_score)}${cfeNote(r.cfe_excludes)}`,
  ];
}

/**
 * The lines the run's table prints beneath its rows that say how to read its figures: a shortage no throttle met,
 * what the draws decided (a fusion start after the run, units in outages), the carbon-free score's exclusions,
 * unserved tokens, each training run's electricity share, how the economics extend the run, what a policy saved.
 * The report prints them too: without them its "fusion 0 MWh" or a 90-day run's ten-year NPC reads as a result.
 */
export function runNotes(s: RunSummary): string[] {
  return [
    ...shortageNote(s),
    ...drawNotes(s),
    ...reliabilityLines(s),
    ...serviceLines(s),
    ...chargesLines(s),
    ...economicsLines(s),
    ...policyLines(s),
  ];
}

/**
 * The closing table of a run, ready to print. `longVariables`: the variables of a long-layout series, a row each per
 * time step, so its file holds that many times the summary's rows.
 */
export function runTable(s: RunSummary, seriesFile: string, runTimeS: number, longVariables?: number): string {
  const e = s.energy_mwh;
  const E = energyScale(tableEnergyMwh(s));
  const C = costScale(Math.max(Math.abs(s.cost_usd), ...s.sources.map((x) => Math.abs(x.cost_usd))));
  const exportCarbon = s.export_carbon_kg ?? 0;
  const K = carbonScale(Math.max(s.carbon_kg, exportCarbon, ...s.sources.map((x) => x.carbon_kg)));
  const r = s.reliability;
  const revenue = s.costs_usd?.export_revenue ?? 0;
  const rows: string[][] = [
    ['', `energy ${E.unit}`, `cost ${C.unit}`, `carbon ${K.unit}`],
    ['IT load', E.show(e.it), '', ''],
    [facilityLabel(s), E.show(e.facility), C.show(s.cost_usd), K.show(s.carbon_kg)],
    ...s.sources.flatMap((x) => sourceRows(x, E, C, K)),
    // A shortfall (more than a billionth of the demand, the loss-of-load rule) keeps a figure: 10 kWh read 'unmet 0.0' MWh.
    [
      '  unmet',
      e.unmet > 1e-9 * e.facility ? humanNonZero(e.unmet * energyUnit(tableEnergyMwh(s)).perMwh, 1) : E.show(e.unmet),
      '',
      '',
    ],
    ['curtailed', E.show(e.curtailed), '', ''],
  ];
  if ((r && r.exported_mwh > 0) || revenue !== 0)
    rows.push([
      exportedLabel(s),
      E.keep(r?.exported_mwh ?? 0),
      C.keep(revenue === 0 ? 0 : -revenue), // not '-0'
      exportCarbon > 0 ? K.keep(exportCarbon) : '',
    ]);
  const j = s.jobs;
  // A wait under 0.005 h keeps its first digit: 8 s (0.0022 h) read 'mean wait 0.00 h', as if no job waited.
  const waitH = humanNonZero(j.mean_wait_h, 2);
  const wait = j.queued > 0 ? `mean wait at least ${waitH} h (${queuedWords(j.queued)})` : `mean wait ${waitH} h`;
  // Deadlines missed, which the policy line gives beside its baseline; without a policy they were in summary.json alone.
  const due = j.deadlines_due;
  const late =
    due !== undefined && !s.policy
      ? `; deadlines missed ${human(j.deadline_misses ?? 0, 0)} of the ${human(due, 0)} due in the run${unreachableText(s)}`
      : '';
  const peak = s.peak_kw.facility;
  const notes = [...shortageNote(s), ...drawNotes(s)];
  return (
    `${s.model.name}: ${startText(s.start_utc)} + ${spanText(s.duration_h)}, seed ${s.seed}\n` +
    `${table(rows)}\n` +
    notes.map((n) => `${n}\n`).join('') +
    // A workload of services alone has no jobs: 'jobs 0/0 done, mean wait 0.00 h' gave a wait where nothing waited.
    `peak facility ${powerText(peak)}; ${j.submitted > 0 ? `jobs ${human(j.completed, 0)}/${human(j.submitted, 0)} done, ${wait}${late}` : noneSubmitted(s)}\n` +
    reliabilityLines(s)
      .map((l) => `${l}\n`)
      .join('') +
    serviceLines(s)
      .map((l) => `${l}\n`)
      .join('') +
    chargesLines(s)
      .map((l) => `${l}\n`)
      .join('') +
    economicsLines(s)
      .map((l) => `${l}\n`)
      .join('') +
    policyLines(s)
      .map((l) => `${l}\n`)
      .join('') +
    `wrote ${seriesFile} (${seriesRows(s.rows, longVariables)}) and summary.json in ${runTimeS.toFixed(2)} s\n`
  );
}

/** A series file's rows in words: a long one's are its time steps times its variables. */
function seriesRows(steps: number, longVariables: number | undefined): string {
  const rows = (n: number): string => `${human(n, 0)} ${n === 1 ? 'row' : 'rows'}`;
  if (longVariables === undefined) return rows(steps);
  const [t, v] = [steps === 1 ? 'time' : 'times', longVariables === 1 ? 'variable' : 'variables'];
  return `${rows(steps * longVariables)}: ${human(steps, 0)} ${t} x ${human(longVariables, 0)} ${v}`;
}

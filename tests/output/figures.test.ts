import { describe, expect, it } from 'vitest';
import {
  categoryWords,
  figureGroup,
  figureWords,
  formatFigure,
  isShare,
  percentFigure,
  sharedUnits,
  shownAs,
  unitOf,
  isKeyFigure,
} from '../../src/output/tables/figures.ts';

describe('figures for people', () => {
  it('zero is 0, never -0 (a revenue of nothing, negated)', () => {
    expect(formatFigure(-0)).toBe('0');
    expect(formatFigure(-0 / sharedUnits([{ name: 'x_usd', unit: 'USD', value: -0 }]).get('USD')!.div)).toBe('0');
  });

  it('a share of 1 reads in per cent in tables, with the digits of the share: never 100 below 1, nor 0 above 0', () => {
    // Before: the report's key figures and `dcpsim diff` gave the 24/7 score as 0.9911 beside the report's sentence
    // "24/7 carbon-free score (hourly) 99.1%" and the closing table's per cent.
    expect(percentFigure(0.9911379143103762)).toBe('99.11');
    expect(percentFigure(0.99996)).toBe('99.996');
    expect(percentFigure(0.9999999999999997)).toBe('100'); // a sum's rounding of 1, as formatFigure
    expect(percentFigure(0.0008822)).toBe('0.08822');
    expect(percentFigure(-0.0001885)).toBe('-0.01885');
    expect(percentFigure(0.5)).toBe('50.00'); // four significant digits, as formatFigure
    expect(percentFigure(0.25)).toBe('25.00');
    expect(percentFigure(0)).toBe('0');
    expect(percentFigure(1)).toBe('100');
    expect(percentFigure(1.5)).toBe('150.0');
    expect(percentFigure(Number.NaN)).toBe('\u2014');
    for (const name of [
      'reliability.cfe_score',
      'policy.cfe_score_change',
      'sources.smr.share',
      'reliability.loss_of_load_share',
      'policy.throughput_lost_share',
      'sources.smr.detail.units.0.availability',
      'sources.smr.detail.expected_availability',
      'sources.smr.detail.units.1.capacity_factor',
      // The shares of a whole points.csv cuts at one (sweeps.md): they read 0.7753, 0.9451, 0.5000, 0.8998 and
      // 0.9998 in the report of default and pjm-carbon-aware-2028 beside 'CFE score 99.97 %'.
      'training.frontier-1.goodput',
      'policy.baseline_goodput',
      'sources.battery.detail.initial_soc',
      'sources.battery.detail.final_soc',
      'sources.battery.detail.capacity',
    ])
      expect(isShare(name), name).toBe(true);
    for (const name of [
      'reliability.any_loss_of_load',
      'pue',
      'sources.grid.cost_usd',
      'train_duty',
      'cfe_score_kg',
      'sources.battery.detail.equivalent_full_cycles',
      'economics.discount_rate',
    ])
      expect(isShare(name), name).toBe(false);
  });

  it('a change of a share reads in percentage points, a share in per cent', () => {
    // The report's key figures and dcpsim diff said '%' beside a policy's CFE change of 0.5989 (0.006), where the
    // closing table says '24/7 CFE +0.6 points': a rise of 0.6 points read as 0.6 % of the score.
    expect(shownAs('policy.cfe_score_change', '', [0.005989]).unit).toBe('points');
    expect(shownAs('policy.cfe_score_change', '', [0.005989]).text(0.005989)).toBe('0.5989');
    expect(shownAs('reliability.cfe_score', '', [0.4]).unit).toBe('%');
    expect(shownAs('policy.throughput_lost_share', '', [0.002]).unit).toBe('%');
  });

  it('a figure below 1 never reads as 1: more digits until it does not', () => {
    // Before: a CFE score of 0.99996 read '1.0000' in the report's key figures (a site wholly carbon-free).
    expect(formatFigure(0.99996)).toBe('0.99996');
    expect(formatFigure(-0.999999)).toBe('-0.999999');
    expect(formatFigure(0.9996)).toBe('0.9996');
    expect(formatFigure(0.397)).toBe('0.3970');
    expect(formatFigure(1 - 1e-11)).toBe('0.9999999999'); // ten decimals at most: cut, not rounded up
  });

  it("1 less a sum's rounding is 1: a capacity factor of 0.9999999999999997 is a unit that never stopped", () => {
    // Before: smr-campus over 20 days (no outage) showed each unit's capacity factor as 0.9999999999 in report.html,
    // summary.json's 0.9999999999999997, the rounding of summing its output hour by hour.
    expect(formatFigure(0.9999999999999997)).toBe('1');
    expect(formatFigure(-(1 - 2 ** -50))).toBe('-1');
    expect(formatFigure(1 - 5e-13)).toBe('1');
  });

  it('about four significant digits at every magnitude: two decimals from 10 to 100, not three', () => {
    // Before: 10 to 100 took three decimals, five digits: the README's diff of plan-smr and plan-fusion read the fusion
    // PPA's LCOE (79.99999999999989) as '80.000' beside '108.9' and '3,961', a grid price as '55.540'.
    expect(formatFigure(79.99999999999989)).toBe('80.00');
    expect(formatFigure(55.540000000000056)).toBe('55.54');
    expect(formatFigure(10.5)).toBe('10.50');
    expect(formatFigure(9.87654)).toBe('9.877');
    expect(formatFigure(123.456)).toBe('123.5');
    expect(formatFigure(1234.5)).toBe('1,235');
  });

  it("a sum's residue below what ten decimals show is 0, not 0.0000000000", () => {
    // Before: a battery's curtailed energy of 1e-14 MWh read 0.0000000000 in report.html's per-source table.
    expect(formatFigure(1e-14)).toBe('0');
    expect(formatFigure(-3e-15)).toBe('0');
    expect(formatFigure(6e-11)).toBe('0.0000000001');
    expect(formatFigure(0.00012345)).toBe('0.0001235');
  });

  it('figures side by side share a unit: the one the largest reads in', () => {
    const u = sharedUnits([
      { name: 'a_usd', unit: 'USD', value: 18_430_000 },
      { name: 'b_usd', unit: 'USD', value: -349_687 },
      { name: 'c_kg', unit: 'kg', value: 900 },
      { name: 'd_kg', unit: 'kg', value: Number.NaN },
    ]);
    expect(u.get('USD')).toEqual({ unit: '$M', div: 1e6 });
    expect(u.get('kg')).toEqual({ unit: 'kg', div: 1 });
  });

  it("the economics' cash flows by category are USD, though their names end in the category", () => {
    expect(unitOf('economics.by_category.capital')).toBe('USD');
    expect(unitOf('economics.components.smr.by_category.fuel')).toBe('USD');
    expect(unitOf('economics.components.smr.generated_mwh')).toBe('MWh');
  });

  it('work and chips held are in chip-hours, not hours', () => {
    // Before: policy.baseline_work_chip_h read 'baseline work chip' in h (92,141,482 h for pjm-carbon-aware-2028's
    // year of 24,576 chips) and jobs.chip_hours had no unit.
    expect(unitOf('policy.baseline_work_chip_h')).toBe('chip-h');
    expect(unitOf('policy.work_chip_h')).toBe('chip-h');
    expect(unitOf('jobs.chip_hours')).toBe('chip-h');
    expect(figureGroup('policy.baseline_work_chip_h')).toEqual({ group: 'Policy', label: 'baseline work' });
    expect(unitOf('training.pretrain.wait_h')).toBe('h');
  });

  it("an SMR fleet's units read from unit 1, as the fleet numbers them", () => {
    // Before: 'detail · units · 0 · capacity factor' beside 'detail · units · 0 · unit' = 1 (sup60 noticed).
    expect(figureGroup('sources.smr.detail.units.0.capacity_factor')).toEqual({
      group: 'Source: smr',
      label: 'detail · unit 1 · capacity factor',
    });
    expect(figureGroup('sources.smr.detail.units.11.availability').label).toBe('detail · unit 12 · availability');
    expect(figureGroup('sources.smr.detail.long_run_availability').label).toBe('detail · long run availability');
  });

  it("an inference service's figures: grouped under its name, tokens in tokens, energy per token in J/token", () => {
    // Before: the report's table and the workbook grouped them as 'Inference service: services', each label led by the
    // service's name ('chat · j per token'), and j_per_token read 0.08164 J, the tokens no unit (infer52).
    expect(figureGroup('inference.services.chat.j_per_token')).toEqual({
      group: 'Inference service: chat',
      label: 'energy per token',
    });
    expect(unitOf('inference.services.chat.j_per_token')).toBe('J/token');
    expect(figureGroup('inference.services.chat.served_prompt_tokens')).toEqual({
      group: 'Inference service: chat',
      label: 'served prompt tokens',
    });
    for (const n of ['demand_tokens', 'served_tokens', 'served_prompt_tokens', 'served_generated_tokens'])
      expect(unitOf(`inference.services.chat.${n}`)).toBe('tokens');
    expect(unitOf('policy.served_tokens')).toBe('tokens');
    expect(unitOf('policy.baseline_served_tokens')).toBe('tokens');
    expect(unitOf('policy.tokens_lost_share')).toBe('');
    expect(unitOf('inference.services.chat.mean_batch')).toBe('');
    expect(figureGroup('inference.services.chat.energy_mwh')).toEqual({
      group: 'Inference service: chat',
      label: 'energy',
    });
  });

  it("a policy's carbon saved is a key figure with both its parts, which sum to it", () => {
    // Before: carbon saved and its cleaner-energy part alone, so the report's key figures read -0.008471 t saved and
    // 0.0725 t by cleaner energy, the -0.0810 t by drawing (serving) more energy only among all figures (infer52).
    expect(isKeyFigure('policy.carbon_saved_kg')).toBe(true);
    expect(isKeyFigure('policy.carbon_saved_by_cleaner_energy_kg')).toBe(true);
    expect(isKeyFigure('policy.carbon_saved_by_less_energy_kg')).toBe(true);
  });

  it("a source's energy into storage is a key figure beside its energy and its cost, which pays for both", () => {
    // Before: the report's key figures read 'source: grid: energy 31.50 MWh' and 'cost 1,494 USD', the cost paying
    // for the 10.70 MWh the grid charged a battery with too (1,280 USD to the load, 214 to storage: the closing
    // table's 'grid to storage' line), that energy among all figures only: 47.4 $/MWh read where 35.4 were paid.
    expect(isKeyFigure('sources.grid.to_storage_mwh')).toBe(true);
    expect(isKeyFigure('sources.smr.to_storage_mwh')).toBe(true);
  });

  it("a model's own name is never a figure's unit: a supply named w, a training run named t", () => {
    // Before: a single-letter name (or one ending _h, _s, _t) was read as the unit of a figure whose name carries
    // none: sources.w.share 1 read 1 W in the workbook, the report and dcpsim diff, not 100 %, an SMR w's
    // availability in W, a grid h's share in h, training.t.goodput and its chips in t (out71).
    expect(unitOf('sources.w.share')).toBe('');
    expect(isShare('sources.w.share')).toBe(true);
    expect(unitOf('sources.w.detail.units.0.availability')).toBe('');
    expect(unitOf('sources.grid_h.share')).toBe('');
    expect(unitOf('training.t.goodput')).toBe('');
    expect(unitOf('training.t.chips')).toBe('');
    expect(unitOf('inference.services.s.mean_batch')).toBe('');
    expect(unitOf('economics.components.d.generated_mwh')).toBe('MWh');
    expect(unitOf('economics.components.c.lcoe_usd_per_mwh')).toBe('USD/MWh');
    expect(unitOf('sources.h.energy_mwh')).toBe('MWh');
    expect(unitOf('training.t.wait_h')).toBe('h');
    // A period's part is a date, and the figure's own words still give its unit.
    expect(unitOf('yearly.2027.cfe_score')).toBe('');
  });

  it('counts of hours are in h, and a yearly rate of them in h/yr', () => {
    // Before: no unit, in the report's table, the workbook and dcpsim diff (compare51: "the name says hours").
    expect(unitOf('reliability.loss_of_load_hours')).toBe('h');
    expect(unitOf('yearly.2027.loss_of_load_hours')).toBe('h');
    expect(unitOf('facility.modes.chiller.hours')).toBe('h');
    expect(unitOf('reliability.hours')).toBe('h');
    expect(unitOf('reliability.loss_of_load_hours_per_year')).toBe('h/yr');
    expect(unitOf('sources.fusion.detail.slip_days')).toBe('d');
    expect(unitOf('jobs.chip_hours')).toBe('chip-h');
    expect(unitOf('reliability.loss_of_load_events_per_year')).toBe('');
  });

  it('a rate keeps both its units: kW per minute is not kW', () => {
    expect(unitOf('reliability.steepest_ramp_kw_per_min')).toBe('kW/min');
    const unit = unitOf('reliability.steepest_ramp_kw_per_min');
    expect(sharedUnits([{ name: 'reliability.steepest_ramp_kw_per_min', unit, value: 34_079 }]).get(unit)).toEqual({
      unit: 'kW/min',
      div: 1,
    });
    expect(figureGroup('reliability.steepest_ramp_kw_per_min')).toEqual({
      group: 'Reliability',
      label: 'steepest ramp',
    });
  });

  it('labels without unit words, acronyms as people write them, groups capitalised', () => {
    expect(figureGroup('economics.lcoe_usd_per_mwh')).toEqual({ group: 'Economics', label: 'LCOE' });
    expect(figureGroup('economics.components.smr.npc_usd').label).toBe('components · smr · NPC');
    expect(figureGroup('reliability.cfe_score')).toEqual({ group: 'Reliability', label: 'CFE score' });
    expect(figureGroup('costs_usd.export_revenue')).toEqual({ group: 'Costs', label: 'export revenue' });
    expect(figureGroup('yearly.2027.it_mwh')).toEqual({ group: 'Year 2027', label: 'IT' });
    expect(figureGroup('energy_mwh.it')).toEqual({ group: 'Energy', label: 'IT' });
    expect(figureGroup('sources.grid.cost_usd')).toEqual({ group: 'Source: grid', label: 'cost' });
    expect(figureGroup('pue')).toEqual({ group: 'Totals', label: 'PUE' });
    // Cash flow categories: 'om' and 'tou' in words.
    expect(figureGroup('economics.by_category.om').label).toBe('by category · O&M');
    expect(figureGroup('economics.components.grid.by_category.tou_demand_charge').label).toBe(
      'components · grid · by category · time-of-use demand charge',
    );
    expect(categoryWords('tou_demand_charge')).toBe('time-of-use demand charge');
    expect(categoryWords('export_revenue')).toBe('export revenue');
  });

  it("an economics component's label keeps its name as the model gives it", () => {
    // Before: read as words, a supply named grid_s lost its '_s' (a unit word, seconds) and its NPC read
    // 'components · grid_s · NPC' as 'components · grid · NPC', the label of a grid named grid beside it in the
    // report's tables; train_b200 read 'train b200', an 'it_pod' 'IT pod' (out71).
    expect(figureGroup('economics.components.grid_s.npc_usd')).toEqual({
      group: 'Economics',
      label: 'components · grid_s · NPC',
    });
    expect(figureGroup('economics.components.grid.npc_usd').label).toBe('components · grid · NPC');
    expect(figureGroup('economics.components.train_b200.lcoe_usd_per_mwh').label).toBe(
      'components · train_b200 · LCOE',
    );
    expect(figureGroup('economics.components.it_pod.by_category.om').label).toBe(
      'components · it_pod · by category · O&M',
    );
    expect(figureWords('economics.components.smr_kw.npc_usd')).toBe('economics: components · smr_kw · NPC');
  });

  it("the site's cost, net of export revenue, says so; what a source is paid is its gross cost", () => {
    // cost_usd is Σ paid to the sources less export revenue (negative for a site that sells more than it buys):
    // the report's key figures, the sweep tables and charts called it "cost".
    expect(figureGroup('cost_usd')).toEqual({ group: 'Totals', label: 'net cost' });
    expect(figureGroup('cost_usd_per_mwh_it').label).toBe('net cost per MWh of IT energy');
    expect(figureWords('cost_usd')).toBe('net cost');
    expect(figureWords('sources.grid.cost_usd')).toBe('source: grid: cost');
    // A year's cost_usd is the site's net cost in that year (the rows of yearly.csv sum to cost_usd): it read
    // "cost" in the report's "Year 2027" group, beside the sources' gross "cost".
    expect(figureGroup('yearly.2027.cost_usd')).toEqual({ group: 'Year 2027', label: 'net cost' });
    expect(figureWords('yearly.2027.cost_usd')).toBe('year 2027: net cost');
  });

  it('a supply, training run or service keeps its name as the model writes it in words (ou73)', () => {
    // The group's word is lower-cased, not the name in it: until 7 December 2026 a grid named PJM-east read
    // 'source: pjm-east: energy' in the report's key figures and a sweep's charts, beside 'from PJM-east' above it.
    expect(figureWords('sources.PJM-east.energy_mwh')).toBe('source: PJM-east: energy');
    expect(figureWords('training.Pretrain-A.goodput')).toBe('training run: Pretrain-A: goodput');
    expect(figureWords('inference.services.Chat.energy_mwh')).toBe('inference service: Chat: energy');
    expect(figureWords('reliability.cfe_score')).toBe('24/7 carbon-free score');
    expect(figureWords('facility.throttled_mwh')).toBe('facility and cooling: throttled');
  });
});

/**
 * Accepted nonsense (issue 16.8): values no site has, and data files that are
 * not what they claim, are refused with the one-line error naming the file,
 * line and field; no NaN or Infinity reaches an output.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/model/errors.ts';
import { loadScenario } from '../../src/run.ts';
import { Site } from '../../src/site.ts';
import { NotFiniteError } from '../../src/output/tables/format.ts';
import { summaryJson, type RunSummary } from '../../src/output/tables/summary.ts';
import { traceRates } from '../../src/workload/demand.ts';

const SMALL = join(import.meta.dirname, '..', 'fixtures', 'small.yaml');
const dir = mkdtempSync(join(tmpdir(), 'dcpsim-nonsense-'));

/** Load, validate and build the site (which reads the data files), without running. */
function check(model: string, set: string[] = []): void {
  const l = loadScenario({ model, set });
  new Site(l.model, { baseDir: dirname(resolve(l.file)) }, { row() {} });
}

/** The one-line error a check gives. */
function refusal(model: string, set: string[] = []): string {
  try {
    check(model, set);
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    expect((e as Error).message).not.toContain('\n');
    return (e as Error).message;
  }
  throw new Error(`accepted: ${set.join(' ')}`);
}

const file = (name: string, text: string): string => {
  writeFileSync(join(dir, name), text);
  return name;
};

describe('values no site has', () => {
  it.each([
    [
      ['facility.cooling.pue=1e308'],
      /small\.yaml \(--set\): facility\.cooling\.pue: expected a number <= 10, found 1e\+308/,
    ],
    [['supply[0].carbon=1e308'], /supply\[0\]\.carbon: expected/],
    [['supply[0].carbon=-5 g/kWh'], /supply\[0\]\.carbon: expected/],
    // A bare number is g/kWh: 0.429 meant in kg/kWh would be a grid a thousand times cleaner than any.
    [
      ['supply[0].carbon=0.429'],
      /supply\[0\]\.carbon: expected a carbon intensity with its unit \(a bare number is g\/kWh, and no grid is under 1 g\/kWh\): "0\.429 kg\/kWh" or "0\.429 g\/kWh", found 0\.429$/,
    ],
    // A bare price is $/MWh: 0.08 meant in $/kWh (as retail tariffs are quoted) billed the energy a thousand times too
    // cheap (a 2-day run's 120 kWh for 0.01 USD). Nothing is priced under 1 $/MWh; 0 (free) stays a bare number.
    [
      ['supply[0].price=0.08'],
      /supply\[0\]\.price: expected a price with its unit \(a bare number is \$\/MWh, and nothing is priced under 1 \$\/MWh\): "0\.08 \$\/kWh" or "0\.08 \$\/MWh", found 0\.08$/,
    ],
    // A fusion PPA's sources quote 5-8 ¢/kWh: a bare 8, read as 8 $/MWh, billed a tenth of the 80 $/MWh meant (a day's
    // 24 MWh of a 1 MW PPA for 192 USD, not 1,920), exit 0. A bare number under 10 is refused there; 10 and 80 are
    // taken, as are "8 ¢/kWh" and "8 $/MWh".
    [
      ['supply[1]={ kind: fusion-ppa, capacity: 10 MW, start: 2027-03-01, price: 8 }'],
      /supply\[1\]\.price: expected a price with its unit \(a bare number is \$\/MWh, and fusion's cost studies quote 5-8 ¢\/kWh, 50-80 \$\/MWh\): "8 ¢\/kWh" or "8 \$\/MWh", found 8$/,
    ],
    [
      ['supply[1]={ kind: fusion-ppa, capacity: 10 MW, start: 2027-03-01, price: "5.5" }'],
      /supply\[1\]\.price: expected a price with its unit .*: "5\.5 ¢\/kWh" or "5\.5 \$\/MWh", found "5\.5"$/,
    ],
    // A number in a string with an exponent is as bare as one without: the e of "8e-2" is no unit (a test for any letter
    // took it for one, and 8e-2 ran as 0.08 $/MWh; "4.29e-1" as a grid of 0.429 g/kWh).
    [
      ['supply[0].price="8e-2"'],
      /supply\[0\]\.price: expected a price with its unit .*: "8e-2 \$\/kWh" or "8e-2 \$\/MWh", found "8e-2"$/,
    ],
    [
      ['supply[0].carbon="4.29E-1"'],
      /supply\[0\]\.carbon: expected a carbon intensity with its unit .*: "4\.29E-1 kg\/kWh" or "4\.29E-1 g\/kWh", found "4\.29E-1"$/,
    ],
    // The example is the value as written, without the spaces around it ("0.08 $/kWh", not " 0.08  $/kWh").
    [
      ['supply[0].price=" 0.08 "'],
      /supply\[0\]\.price: expected .*: "0\.08 \$\/kWh" or "0\.08 \$\/MWh", found " 0\.08 "$/,
    ],
    // A value of lost load is quoted by the kWh as often as by the MWh: REopt's default, 1.00 $/kWh, written bare as
    // its value_of_lost_load_per_kwh is, priced unmet energy at 1 $/MWh, a thousandth (Switch quotes 500 $/MWh).
    [
      ['economics={ discount_rate: 7%, value_of_lost_load: 1 }'],
      /economics\.value_of_lost_load: expected a value of lost load with its unit, like "1 \$\/kWh" or "1 \$\/MWh" \(a bare number other than 0 could be per kWh, as REopt gives it, or per MWh\), found 1$/,
    ],
    [
      ['economics={ discount_rate: 7%, value_of_lost_load: 10000 }'],
      /economics\.value_of_lost_load: expected a value of lost load with its unit/,
    ],
    [
      ['supply[0].export_cap=10 kW', 'supply[0].export_price=0.03'],
      /supply\[0\]\.export_price: expected a price with its unit .*"0\.03 \$\/kWh"/,
    ],
    [
      ['demand_response={ payment: 0.8, events: { rate: 1/7d, duration: 2h, shed: 1 kW } }'],
      /demand_response\.payment: expected a payment with its unit, like "0\.8 \$\/kWh" or "0\.8 \$\/MWh" .*, found 0\.8$/,
    ],
    // A demand-response payment is by the kWh (California's ELRP 2 $/kWh) as often as by the MWh: a bare 2 paid 2 $/MWh.
    [
      ['demand_response={ payment: 2, events: { rate: 1/7d, duration: 2h, shed: 1 kW } }'],
      /demand_response\.payment: expected a payment with its unit, like "2 \$\/kWh" or "2 \$\/MWh" \(a bare number other than 0 could be per kWh, as utility programs pay, or per MWh\), found 2$/,
    ],
    [['supply[0].import_cap=1e300 W'], /supply\[0\]\.import_cap: expected power of at most 1,000,000 MW in magnitude/],
    [
      ['clusters[0].chip_override={ tdp: 100 W }'],
      /clusters\[0\]\.chip_override\.tdp: expected a tdp above the idle power \(125\.49 W\), found "100 W"$/,
    ],
    [
      ['clusters[0].chip_override={ idle: 800 W }'],
      /clusters\[0\]\.chip_override\.idle: expected an idle power below the tdp \(700 W\), found "800 W"$/,
    ],
    // An own curve stays between the chip's idle and its limit, rising with duty: a 900 W point on a 700 W H200 drew
    // 900 W a chip (and its server's other power 1.4 times its maximum); the power cap's bisection needs power rising
    // with duty, and an idle that is not the curve's first point skewed the server's load-following power.
    [
      ['clusters[0].chip_override={ curve: [[0, 125.49 W], [0.5, 600 W], [1, 900 W]] }'],
      /clusters\[0\]\.chip_override\.curve\[2\]\[1\]: expected curve power at most the tdp \(700 W; set chip_override\.tdp to raise it\), found "900 W"$/,
    ],
    [
      ['clusters[0].chip_override={ tdp: 800 W, curve: [[0, 125.49 W], [1, 900 W]] }'],
      /clusters\[0\]\.chip_override\.curve\[1\]\[1\]: expected curve power at most the tdp \(800 W\), found "900 W"$/,
    ],
    [
      ['clusters[0].chip_override={ curve: [[0, 125.49 W], [0.5, 600 W], [1, 500 W]] }'],
      /clusters\[0\]\.chip_override\.curve\[2\]\[1\]: expected curve power that does not fall as duty rises \(600 W before it\), found "500 W"$/,
    ],
    [
      ['clusters[0].chip_override={ idle: 50 W, curve: [[0, 125.49 W], [1, 700 W]] }'],
      /clusters\[0\]\.chip_override\.idle: expected the idle power of the curve's first point \(125\.49 W\), found "50 W"$/,
    ],
    // unallocated_power is one chip's board power; a server's idle written there (a DGX's 1.2 kW) was taken for each
    // chip: 1,200 W where an H200 at full load draws 697 W, the cluster's IT energy with no work 9.6 times its idle.
    [
      ['clusters[0].unallocated_power=1.2 kW'],
      /clusters\[0\]\.unallocated_power: expected the board power of one chip no work holds, at most its tdp \(700 W; a server's figure is for all its chips: 1200 W over 8 chips is 150 W\), found "1\.2 kW"$/,
    ],
    [
      ['facility.cooling={ model: radiator, area: 1000, temperature: 2 K, sink: 3 K }'],
      /facility\.cooling\.temperature: expected a radiator temperature above its sink \(3 K\), found "2 K"/,
    ],
    // A radiator's temperatures are quoted in kelvin; a bare number was read in °C: sink 3 was a 276 K sink (the
    // radiator rejecting 28 % of its heat to deep space), temperature 320 a 593 K radiator (11.8 times its heat).
    [
      ['facility.cooling={ model: radiator, area: 1000 m2, sink: 3 }'],
      /facility\.cooling\.sink: expected a temperature with its unit, like "3 K" or "3 C" \(radiators are quoted in kelvin, and a bare number would be read in °C\), found 3$/,
    ],
    [
      ['facility.cooling={ model: radiator, area: 1000 m2, temperature: 320 }'],
      /facility\.cooling\.temperature: expected a temperature with its unit, like "320 K"/,
    ],
    // Zero too, as a temperature's zero is not zero in every unit: sink: 0, meant as absolute zero, was 0 °C, a 273.15 K
    // sink to which a 320 K radiator rejects (320^4 - 273.15^4) / 320^4 = 46.9 % of its heat to 0 K.
    [
      ['facility.cooling={ model: radiator, area: 1000 m2, temperature: 320 K, sink: 0 }'],
      /facility\.cooling\.sink: expected a temperature with its unit, like "0 K" or "0 C" .*, found 0$/,
    ],
    [['facility.cooling={ model: chiller, temperature: -300 }'], /facility\.cooling/],
    // An outdoor temperature is quoted in °F as often as in °C (ASHRAE 90.1's economiser limits of 65-75 °F, AHRI's
    // 85 °F condenser water, a US site's annual mean): a bare number was read in °C, so free_below: 64, chiller_above:
    // 75 (°F meant) ran a July week in Leesburg free throughout (PUE 1.128, not 1.334), and a synthetic mean of 57
    // (Leesburg's 57 °F) a site at 57 °C (PUE 1.665). No air side is free above 40 °C, no place averages above 35 °C.
    [
      ['facility.cooling={ model: economiser, free_below: 64, chiller_above: 75 }'],
      /facility\.cooling\.free_below: expected a temperature with its unit, like "64 F" or "64 C" \(a bare number is °C, and no air side cools free above 40 °C: 64 °F is 17\.8 °C\), found 64$/,
    ],
    [
      ['facility.cooling={ model: economiser, chiller_above: 75 }'],
      /facility\.cooling\.chiller_above: expected a temperature with its unit, like "75 F" or "75 C" .*75 °F is 23\.9 °C\), found 75$/,
    ],
    [
      ['facility.cooling={ model: liquid, air: { model: economiser, free_below: 65 } }'],
      /facility\.cooling\.air\.free_below: expected a temperature with its unit, like "65 F"/,
    ],
    [
      ['facility.cooling={ model: chiller, reference_temperature: 85 }'],
      /facility\.cooling\.reference_temperature: expected a temperature with its unit, like "85 F" or "85 C" \(a bare number is °C, and AHRI rates condensers at 85 °F \(29\.4 °C\) or 95 °F \(35 °C\): 85 °F is 29\.4 °C\), found 85$/,
    ],
    [
      ['facility.cooling={ model: chiller }', 'facility.weather={ model: synthetic, mean: 57 }'],
      /facility\.weather\.mean: expected a temperature with its unit, like "57 F" or "57 C" \(a bare number is °C, and no place averages above 35 °C over a year: 57 °F is 13\.9 °C\), found 57$/,
    ],
    // A power-chain curve whose input falls as its load rises (no converter loses less as it carries more), and a
    // point below the 1 % a constant efficiency is held to (0.001 ran at a PUE of 1,188; 1e-300 failed after the run
    // naming no field).
    [
      ['facility.cooling={ model: chiller }', 'facility.power_chain={ ups: { efficiency: [[0.1, 0.3], [0.2, 0.9]] } }'],
      /facility\.power_chain\.ups\.efficiency\[1\]\[1\]: expected an efficiency at most 0\.6 at load 0\.2: the input \(load \/ efficiency\) never falls as the load rises, and it is 0\.3333 at \[0\.1, 0\.3\], found 0\.9$/,
    ],
    [
      ['facility.cooling={ model: chiller }', 'facility.power_chain={ ups: { efficiency: [[0, 1e-300], [1, 0.95]] } }'],
      /facility\.power_chain\.ups\.efficiency\[0\]\[1\]: expected .*0\.01.*, found 1e-300$/,
    ],
    // A UPS datasheet plots efficiency against % load: a curve written so, [[10, 0.85], [50, 0.95], [100, 0.96]], was
    // read as load fractions of 10 to 100 times the design load, every load the chain carries (0 to 1) below the first
    // point and held flat at its 85 %: losses of 20.0 % of the IT power where 6.8 % (the curve in shares of 1).
    [
      [
        'facility.cooling={ model: chiller }',
        'facility.power_chain={ ups: { efficiency: [[10, 0.85], [50, 0.95], [100, 0.96]] } }',
      ],
      /facility\.power_chain\.ups\.efficiency\[0\]\[0\]: expected a fraction at most 1\.25, like 0\.1 or "10%" \(a bare number is a share of 1\), found 10$/,
    ],
    // The COP curve's clamp holds its reference point: cop 1.8 (an old air-cooled chiller) ran at the floor of 2 at
    // every temperature, cop 20 at the ceiling of 14 (cooling 0.0714 of the heat at 29.4 °C, not 0.05), exit 0.
    [
      ['facility.cooling={ model: chiller, cop: 1.8 }'],
      /facility\.cooling\.cop: expected a cop at least cop_min \(2; lower cop_min to run a chiller this inefficient, or, if 1\.8 is a rating in kW\/ton, write its COP, 1\.95\), found 1\.8$/,
    ],
    // An air-cooled chiller's kW/ton (ASHRAE 90.1's 1.188) written as its cop was told only to lower cop_min, after
    // which it ran at a COP of 1.19 where 2.96.
    [
      ['facility.cooling={ model: chiller, cop: 1.188 }'],
      /facility\.cooling\.cop: expected a cop at least cop_min \(2; lower cop_min to run a chiller this inefficient, or, if 1\.188 is a rating in kW\/ton, write its COP, 2\.96\), found 1\.188$/,
    ],
    [
      ['facility.cooling={ model: economiser, cop: 20 }'],
      /facility\.cooling\.cop: expected a cop at most cop_max \(14; raise cop_max to run a chiller this efficient\), found 20$/,
    ],
    // US chillers are rated in kW/ton (ASHRAE 90.1's 0.64 kW/ton is a COP of 5.5): cop: 0.64 was told to lower cop_min,
    // and with cop_min: 0.5 ran at a COP of 0.64, PUE 3.00 where 1.35 (cooling 1.6 times the heat, not a sixth of it).
    // No chiller moves less heat than the electricity it draws: a COP under 1 is refused, its kW/ton reading given.
    [
      ['facility.cooling={ model: chiller, cop: 0.64 }'],
      /facility\.cooling\.cop: expected a COP of at least 1, heat moved per unit of electricity \(a chiller's kW\/ton is not its COP: 0\.64 kW\/ton is a COP of 5\.5, 3\.517 \/ 0\.64\), found 0\.64$/,
    ],
    [
      ['facility.cooling={ model: chiller, cop: 0.64, cop_min: 0.5 }'],
      /facility\.cooling\.cop: expected a COP of at least 1, .*found 0\.64$/,
    ],
    [
      ['facility.cooling={ model: economiser, cop_max: 0.25 }'],
      /facility\.cooling\.cop_max: expected a COP of at least 1, .*0\.25 kW\/ton is a COP of 14\.07, 3\.517 \/ 0\.25\), found 0\.25$/,
    ],
    // The liquid loop's COP was any above 0: cop: 0.15, a dry cooler's kW/ton (a COP of 23), ran the loop at 6.7
    // times the heat it moves (small.yaml's PUE 6.42 where 1.13 at the default 20), and cop: 0.05, the loop's draw as a share of the
    // heat, at 20 times (PUE 17.09), exit 0. No loop of pumps and dry coolers draws more than the heat it moves.
    [
      ['facility.cooling={ model: liquid, cop: 0.15 }'],
      /facility\.cooling\.cop: expected a COP of at least 1, heat moved per unit of electricity \(a rating in kW\/ton is not a COP: 0\.15 kW\/ton is a COP of 23\.45, 3\.517 \/ 0\.15; nor is the loop's draw as a share of its heat: 0\.15 of it is a COP of 6\.67, 1 \/ 0\.15\), found 0\.15$/,
    ],
    [
      ['facility.cooling={ model: liquid, air: { model: chiller, cop_min: 6, cop_max: 5 } }'],
      /facility\.cooling\.air\.cop_min: expected a cop_min at most cop_max \(5\), found 6$/,
    ],
    [
      ['supply[1]={ kind: smr, refuel: { every: 30d, takes: 40d } }'],
      /supply\[1\]\.refuel\.takes: expected a refuelling shorter than its cycle \(every 30 d\), found "40d"$/,
    ],
    [
      ['supply[1]={ kind: smr, units: 2, refuel: { offsets: [1d] } }'],
      /supply\[1\]\.refuel\.offsets: expected at least one offset per unit \(2\), found a list of 1/,
    ],
    [
      ['supply[1]={ kind: battery, energy: 1 MWh, power: 1 MW, soc_min: 0.9, soc_max: 0.2 }'],
      /supply\[1\]\.soc_min: expected a soc_min at most soc_max \(0\.2\), found 0\.9/,
    ],
    [
      ['facility.cooling={ model: chiller, basis: wet_bulb }'],
      /facility\.cooling\.basis: expected weather with humidity for basis wet_bulb/,
    ],
    // Liquid cooling's air side too (it used to fail mid-run with no file or field named).
    [
      ['facility.cooling={ model: liquid, air: { model: chiller, basis: wet_bulb } }'],
      /facility\.cooling\.air\.basis: expected weather with humidity for basis wet_bulb/,
    ],
    // A bare fraction is a share of 1: growth 15 (meant as 15 %) grew demand 1,500 % a year, a ramp of 5 was 500 % of
    // the rating a minute; both ran, exit 0. Above 100 % is still written as a percentage.
    [
      ['workload.inference=[{ name: chat, cluster: gpu, chips: 8, rate: 10/s, growth: 15 }]'],
      /small\.yaml \(--set\): workload\.inference\[0\]\.growth: expected a fraction like 0\.15 or "15%" \(a bare number is a share of 1: 15 is 1500 %; write "1500%" if meant\), found 15$/,
    ],
    // And growth 1, meant as 1 % a year as growth is quoted (or as a factor of 1, no growth), doubled demand each year:
    // a 3-year run ended asking 8 times its first day's tokens, where 1 % asks 1.03 times; exit 0. A bare 1 is refused
    // as a discount rate's is: 1 % and 100 % are both a service's growth.
    [
      ['workload.inference=[{ name: chat, cluster: gpu, chips: 8, rate: 10/s, growth: 1 }]'],
      /small\.yaml \(--set\): workload\.inference\[0\]\.growth: expected a fraction like 0\.01 or "1%" \(a bare number is a share of 1: 1 is 100 %; write "100%" if meant, or 0 if 1 is the yearly factor\), found 1$/,
    ],
    // Growth written as the yearly factor, as the docs describe "30%" (demand x 1.3 a year): growth 1.3 was told
    // 'like 0.013000000000000001 or "1.3%" ... write "130%" if meant', both readings of a per cent, and "130%" ran
    // demand x 2.3 a year where x 1.3 was meant. The factor's reading is now given too, and the fraction without the
    // float's noise.
    [
      ['workload.inference=[{ name: chat, cluster: gpu, chips: 8, rate: 10/s, growth: 1.3 }]'],
      /small\.yaml \(--set\): workload\.inference\[0\]\.growth: expected a fraction like 0\.013 or "1\.3%" \(a bare number is a share of 1: 1\.3 is 130 %; write "130%" if meant, or "30%" if 1\.3 is the yearly factor\), found 1\.3$/,
    ],
    [
      ['workload.inference=[{ name: chat, cluster: gpu, chips: 8, rate: 10/s, growth: 2.5 }]'],
      /workload\.inference\[0\]\.growth: expected a fraction like 0\.025 or "2\.5%" \(a bare number is a share of 1: 2\.5 is 250 %; write "250%" if meant, or "150%" if 2\.5 is the yearly factor\), found 2\.5$/,
    ],
    [
      ['supply[1]={ kind: smr, mode: load-following, ramp: 5 }'],
      /small\.yaml \(--set\): supply\[1\]\.ramp: expected a fraction like 0\.05 or "5%" \(a bare number is a share of 1: 5 is 500 %; write "500%" if meant\), found 5$/,
    ],
    // A repair time's cv written as a percentage without its "%": repair_cv 50, meant as 50 %, drew repairs with a median
    // of 2.4 h where 120 h was the mean (cv 0.5: 107 h); a 4-year run of 40 units reached 94.0 % availability against the
    // 92.7 % expected beside it, and 1e30 (unbounded) 95.3 %, every repair gone but refuelling's; exit 0.
    [
      ['supply[1]={ kind: smr, forced_outages: { mttf: 4380h, mttr: 120h, repair_cv: 50 } }'],
      /small\.yaml \(--set\): supply\[1\]\.forced_outages\.repair_cv: expected a coefficient of variation like 0\.5 or "50%" \(a bare number above 10 is the ratio itself: 50 puts the median repair at 1\/50 of mttr; write "5000%" if meant\), found 50$/,
    ],
    // Its example without float noise: 33.3 said 'like 0.33299999999999996 or "33.3%"'.
    [
      ['supply[1]={ kind: smr, forced_outages: { mttf: 4380h, mttr: 120h, repair_cv: 33.3 } }'],
      /repair_cv: expected a coefficient of variation like 0\.333 or "33\.3%" \(a bare number above 10 is the ratio itself: 33\.3 puts the median repair at 1\/33 of mttr; write "3330%" if meant\), found 33\.3$/,
    ],
    // The workload's cv took a bare 50 as the ratio where repair_cv refused it: a job stream of 4 h lognormal run times
    // at cv 50, meant as 50 %, ran 30 days of 725 jobs in 1,572 chip-hours where cv 0.5 gave 2,933 (median run time
    // 4.8 min), exit 0. The same rule now, and the same words, for a job stream's cv and a burst's.
    [
      ['workload.jobs=[{ name: j, cluster: gpu, rate: 1/h, chips: 1, duration: 4h, distribution: lognormal, cv: 50 }]'],
      /small\.yaml \(--set\): workload\.jobs\[0\]\.cv: expected a coefficient of variation like 0\.5 or "50%" \(a bare number above 10 is the ratio itself: 50 puts the median run time at 1\/50 of the mean; write "5000%" if meant\), found 50$/,
    ],
    [
      [
        'workload.inference=[{ name: chat, cluster: gpu, chips: 8, rate: 10/s, bursts: { rate: 2/day, size: { mean: 1, cv: 60 }, duration: { mean: 40m, cv: 1 } } }]',
      ],
      /workload\.inference\[0\]\.bursts\.size\.cv: expected a coefficient of variation like 0\.6 or "60%" \(a bare number above 10 is the ratio itself: 60 puts the median burst size at 1\/60 of its mean; write "6000%" if meant\), found 60$/,
    ],
    [
      [
        'workload.inference=[{ name: chat, cluster: gpu, chips: 8, rate: 10/s, bursts: { rate: 2/day, size: { mean: 1 }, duration: { mean: 40m, cv: 25 } } }]',
      ],
      /workload\.inference\[0\]\.bursts\.duration\.cv: expected a coefficient of variation like 0\.25 or "25%" \(a bare number above 10 is the ratio itself: 25 puts the median burst length at 1\/25 of its mean; write "2500%" if meant\), found 25$/,
    ],
    [
      ['supply[0].outages={ mttf: 8760h, mttr: 4h, repair_cv: 20000% }'],
      /small\.yaml \(--set\): supply\[0\]\.outages\.repair_cv: expected fraction at most 100 \(10000%\), found "20000%"$/,
    ],
    // "M" read as minutes: a slip meant as nine months was nine minutes, exit 0.
    [
      ['supply[1]={ kind: fusion-ppa, capacity: 10 MW, start: 2027-03-01, slip: { median: 9M } }'],
      /supply\[1\]\.slip\.median: expected a duration like .* \("M" is minutes or months: write "min" or "mo"\), found "9M"$/,
    ],
    // Fixed costs are quoted per kW a year (EIA's 121 $/kW-yr for nuclear, NREL ATB): 121 written in the field per MW,
    // a thousandth of it, billed a 150 kW unit 0.10 USD over 2 days where 99.45, exit 0.
    [
      ['supply[1]={ kind: smr, units: 1, rating: 150 kW, fixed_usd_per_mw_year: 121 }'],
      /small\.yaml \(--set\): supply\[1\]\.fixed_usd_per_mw_year: expected a fixed cost per MW of rating a year, 0 or at least 1000 \(a figure under 1,000 \$\/MW-yr is one per kW: 121 \$\/kW-yr is 121000 here\), found 121$/,
    ],
    // A huge spread drew an infinite delay: 'formatTimestamp: expected finite epoch seconds, found Infinity', exit 70.
    [
      ['supply[1]={ kind: fusion-ppa, capacity: 10 MW, start: 2027-03-01, slip: { sigma: 1e30 } }'],
      /small\.yaml \(--set\): supply\[1\]\.slip\.sigma: expected a number <= 10, found 1e\+30$/,
    ],
    // flops over chips x peak x mfu: an mfu of 0 was caught after the run as 'found training[0].work_h = Infinity'.
    [
      ['workload.training=[{ name: t, cluster: gpu, chips: 8, flops: 1e20, mfu: 0 }]'],
      /small\.yaml \(--set\): workload\.training\[0\]\.mfu: expected fraction greater than zero, found 0$/,
    ],
    // FLOPs written in petaFLOP/s-days, as Brown et al. 2020 give GPT-3's 3,640 (3.14e23 FLOP), were taken as FLOP: the
    // run on 8 H200 at 40 % MFU ended after 3640 / (8 x 989e12 x 0.4) s = 1.2e-12 s, done, exit 0.
    [
      ['workload.training=[{ name: t, cluster: gpu, chips: 8, flops: 3640, mfu: 0.4 }]'],
      /small\.yaml \(--set\): workload\.training\[0\]\.flops: expected total training FLOPs, at least 1e15 \(a second of one H100 at its 989 TFLOP\/s; a figure in petaFLOP\/s-days is 8\.64e19 times it: GPT-3's 3,640 is 3\.14e23\), found 3640$/,
    ],
    // A job stream's cv is read by lognormal run times alone: cv 0.2 beside the default exponential ran times of cv 1
    // (a fifth of the jobs over 1.6 h of a 1 h mean, where cv 0.2 has almost none), exit 0.
    [
      ['workload.jobs=[{ name: j, cluster: gpu, rate: 1/h, chips: 1, duration: 1h, cv: 0.2 }]'],
      /small\.yaml \(--set\): workload\.jobs\[0\]\.cv: expected a cv only with distribution: lognormal \(exponential run times have a cv of 1, fixed ones 0\), found 0\.2$/,
    ],
    [
      ['workload.jobs=[{ name: j, cluster: gpu, rate: 1/h, chips: 1, duration: 1h, distribution: fixed, cv: 0.5 }]'],
      /small\.yaml \(--set\): workload\.jobs\[0\]\.cv: expected a cv only with distribution: lognormal \(exponential run times have a cv of 1, fixed ones 0\), found 0\.5$/,
    ],
    // A lognormal cv of 0, meant as run times of no spread, was refused without a word of how to have them.
    [
      ['workload.jobs=[{ name: j, cluster: gpu, rate: 1/h, chips: 1, duration: 1h, distribution: lognormal, cv: 0 }]'],
      /small\.yaml \(--set\): workload\.jobs\[0\]\.cv: expected a cv above 0 \(for run times of no spread, distribution: fixed\), found 0$/,
    ],
    // An mfu beside work (a duration) was ignored: work: 10h, mfu: 0.4 took 10 h, as without it, where a reader of the
    // field may have slowed the run to 40 % of peak (25 h); exit 0. It is read with flops alone.
    [
      ['workload.training=[{ name: t, cluster: gpu, chips: 8, work: 10h, mfu: 0.4 }]'],
      /small\.yaml \(--set\): workload\.training\[0\]\.mfu: expected an `mfu` only with `flops` \(`work` is the time at full speed already\), found 0\.4$/,
    ],
    // Two training runs or job streams of one name drew the same random numbers (the streams are keyed by name), so
    // their arrivals and failures coincided, and the summary's training list held two runs of one name; exit 0.
    [
      [
        'workload.training=[{ name: t, cluster: gpu, chips: 8, work: 1h }, { name: t, cluster: gpu, chips: 8, work: 2h }]',
      ],
      /small\.yaml \(--set\): workload\.training\[1\]\.name: expected a training run name not used before, found "t"$/,
    ],
    // Nor may a run take the name of a copy another's arrivals make: 'a' arriving as a process and a run 'a-1' gave two
    // runs named a-1 in the summary, drawing their failures from one stream (the copy's moved by adding the run); exit 0.
    [
      [
        'workload.training=[{ name: a, cluster: gpu, chips: 8, work: 1h, arrivals: { rate: 1/d, count: 2 } }, { name: a-2, cluster: gpu, chips: 8, work: 2h }]',
      ],
      /small\.yaml \(--set\): workload\.training\[1\]\.name: expected a training run name other than those of a's copies \(its arrivals name them a-1, a-2, \.\.\.\), found "a-2"$/,
    ],
    [
      ['workload.jobs[1]={ name: batch, cluster: gpu, rate: 1/h, chips: 1, duration: 1h }'],
      /small\.yaml \(--set\): workload\.jobs\[1\]\.name: expected a job stream name not used before, found "batch"$/,
    ],
    // Clusters and supplies too: their names key their columns and their place in the summary.
    [
      ['clusters[1]={ name: gpu, chip: H100, count: 8 }'],
      /small\.yaml \(--set\): clusters\[1\]\.name: expected a cluster name not used before, found "gpu"$/,
    ],
    [
      ['supply[1]={ kind: grid }'],
      /small\.yaml \(--set\): supply\[1\]\.name: expected a supply name not used before \(set `name`\), found none given, so "grid"$/,
    ],
    // A deadline at or before the run's submission can only be missed: a date's typo (2027-02-01 for 2027-04-01) ran,
    // the run counted among deadline_misses and a carbon-aware one never deferring, exit 0.
    [
      ['workload.training=[{ name: r, cluster: gpu, chips: 8, work: 10h, deadline: 2027-02-01 }]'],
      /small\.yaml \(--set\): workload\.training\[0\]\.deadline: expected a deadline after the run's submission, 2027-03-01 00:00:00 \(the start: it gives no submit\), found "2027-02-01"$/,
    ],
    [
      ['workload.training=[{ name: r, cluster: gpu, chips: 8, work: 10h, submit: 2027-03-05, deadline: 2027-03-05 }]'],
      /small\.yaml \(--set\): workload\.training\[0\]\.deadline: expected a deadline after the run's submission, 2027-03-05 00:00:00, found "2027-03-05"$/,
    ],
    // A deadline is one date for every copy of a run that arrives as a process: a copy submitted after it could only
    // miss it, and was counted so. Fine-tunes arriving every 7 days over 60 days with a deadline 16 days in read
    // 'deadlines missed 7 of the 8 due in the run', exit 0, where finish_within (a deadline after each copy's
    // submission) was meant. A deadline at or after the run's end (one date for the whole campaign) stays.
    [
      [
        'workload.training=[{ name: r, cluster: gpu, chips: 8, work: 10h, deadline: 2027-03-02, arrivals: { rate: 1/6h } }]',
      ],
      /small\.yaml \(--set\): workload\.training\[0\]\.deadline: expected finish_within beside arrivals \(a deadline after each copy's submission\), or a deadline at or after the run's end, 2027-03-03 00:00:00 \(one date for every copy: a copy submitted after it could only miss it\), found "2027-03-02"$/,
    ],
    // A run's chip-hour cost is per chip, as a cluster's rental is (4a83e67): a price an hour for all the chips (64 at
    // 2.5 $: 160; a 16,384-chip run's 40,960) was taken for each, the run's chip_cost_usd 64 (16,384) times too high and
    // electricity's share as many times too low, exit 0 (only 1e6 was refused). Above 100 $ a chip-hour, some ten
    // times any accelerator's, is now refused with the per-chip share.
    [
      ['workload.training=[{ name: r, cluster: gpu, chips: 8, work: 10h, chip_hour_cost: 160 }]'],
      /small\.yaml \(--set\): workload\.training\[0\]\.chip_hour_cost: expected USD per chip-hour of at most 100, as a cluster's rental \(the field is per chip: a price for the run's 8 chips is 20 a chip-hour\), found 160$/,
    ],
    // A run's MTBF written as chip_mtbf, as Llama 3's is reported (an interruption about every 3 hours on 16,384 H100):
    // taken per chip, the run was interrupted every 0.66 s and never reached a checkpoint, 4,316 interruptions and 0 h
    // done of 480 in 30 days, exit 0. A chip_mtbf at which the run cannot progress (1 - goodput above 99.9 %, from the
    // formula in docs/models/workload.md) is refused with the per-chip figure.
    [
      [
        'clusters=[{ name: gpu, chip: H100, count: 16384 }]',
        'workload.jobs=[]',
        'workload.training=[{ name: llama, cluster: gpu, chips: 16384, work: 20d, checkpoint: { every: 20m, takes: 1m }, chip_mtbf: 3h }]',
      ],
      /small\.yaml \(--set\): workload\.training\[0\]\.chip_mtbf: expected a chip_mtbf per chip, at which the run makes progress: its 16,384 chips interrupt it every 659ms on average, so the 21m from one checkpoint to the next would take over 1,000 times as long \(if 3h is the run's MTBF, write "49152h"\), found "3h"$/,
    ],
    // The run's-MTBF reading is offered only where its per-chip figure is one a chip has (1,000 h or more): on 8 chips,
    // 3h offered "24h", refused in turn with "write 192h", and so on, each a figure no chip has.
    [
      ['workload.training=[{ name: t, cluster: gpu, chips: 8, work: 10d, chip_mtbf: 3h }]'],
      /small\.yaml \(--set\): workload\.training\[0\]\.chip_mtbf: expected checkpoints, or a chip_mtbf per chip at which the run makes progress without them: its 8 chips interrupt it every 22m 30s on average, so its 10d of work with no checkpoint would take over 1,000 times as long, found "3h"$/,
    ],
    // Without checkpoints a failure loses all the work done: 20 days on 16,384 chips of 50,700 h never finished.
    [
      [
        'clusters=[{ name: gpu, chip: H100, count: 16384 }]',
        'workload.jobs=[]',
        'workload.training=[{ name: llama, cluster: gpu, chips: 16384, work: 20d, chip_mtbf: 50700h }]',
      ],
      /small\.yaml \(--set\): workload\.training\[0\]\.chip_mtbf: expected checkpoints, or a chip_mtbf per chip at which the run makes progress without them: its 16,384 chips interrupt it every 3h 6m on average, so its 20d of work with no checkpoint would take over 1,000 times as long; with checkpoint: \{ every: 19m, takes: 1m \} it does \(Young\/Daly: sqrt\(2 x the write x the run's MTBF, 3h 6m\)\), found "50700h"$/,
    ],
    // Checkpoints too rare at a chip's own MTBF: the refusal said only 'expected a chip_mtbf per chip', the figure the
    // user had right; it now gives Young/Daly's interval for the run's write, which the run progresses with.
    [
      [
        'clusters=[{ name: gpu, chip: H100, count: 16384 }]',
        'workload.jobs=[]',
        'workload.training=[{ name: llama, cluster: gpu, chips: 16384, work: 20d, checkpoint: { every: 2d, takes: 10m }, chip_mtbf: 50700h }]',
      ],
      /small\.yaml \(--set\): workload\.training\[0\]\.chip_mtbf: expected a chip_mtbf per chip, at which the run makes progress: its 16,384 chips interrupt it every 3h 6m on average, so the 2d from one checkpoint to the next would take over 1,000 times as long; or checkpoints more often: every 1h 1m by Young\/Daly, sqrt\(2 x its write of 10m x the run's MTBF of 3h 6m\), found "50700h"$/,
    ],
    // A run's work in chip-hours, as compute budgets are quoted (DeepSpeed-Chat's 64 x 1.25 GPU-hours), was told only
    // 'expected a duration like "90s", ...': written as told, "80h", a 64-chip run took 80 h of wall time, 64 times the
    // 1.25 h meant. The refusal now says that work is the time on the run's chips and gives the division.
    [
      ['workload.training=[{ name: r, cluster: gpu, chips: 64, work: 80 GPU-hours }]'],
      /small\.yaml \(--set\): workload\.training\[0\]\.work: expected the run's time at full speed on its 64 chips, not chip-hours \(80 GPU-hours over 64 chips is "1\.25h"\), found "80 GPU-hours"$/,
    ],
    [
      ['workload.training=[{ name: r, cluster: gpu, chips: 8, work: 1.2k gpu-days }]'],
      /workload\.training\[0\]\.work: expected the run's time at full speed on its 8 chips, not chip-hours \(1\.2k gpu-days over 8 chips is "150d"\), found "1\.2k gpu-days"$/,
    ],
    [
      ['workload.jobs=[{ name: j, cluster: gpu, rate: 1/h, chips: [1, 2], duration: 10 chip-hours }]'],
      /workload\.jobs\[0\]\.duration: expected a job's run time on its chips, not chip-hours \(divide 10 chip-hours by the job's chips\), found "10 chip-hours"$/,
    ],
    [
      ['workload.jobs=[{ name: j, cluster: gpu, rate: 1/h, chips: 4, duration: 10 chip-hours }]'],
      /workload\.jobs\[0\]\.duration: expected a job's run time on its chips, not chip-hours \(10 chip-hours over 4 chips is "2\.5h"\), found "10 chip-hours"$/,
    ],
  ])('%s is refused', (set, message) => {
    expect(refusal(SMALL, set)).toMatch(message);
  });

  it('takes a fixed cost per MW-year of 0 or at least 1000', () => {
    for (const v of ['0', '1000', '121000', '500000'])
      expect(() => check(SMALL, [`supply[1]={ kind: smr, fixed_usd_per_mw_year: ${v} }`]), v).not.toThrow();
  });

  it('takes a fixed cost per MW-year written with its unit, as fixed costs are quoted', () => {
    // '121 $/kW-yr' (EIA's figure for nuclear, as quoted) was refused as 'expected a number, found "121 $/kW-yr"', as if
    // a figure with its unit were not one.
    const fixed = (v: string) =>
      (
        loadScenario({ model: SMALL, set: [`supply[1]={ kind: smr, fixed_usd_per_mw_year: ${v} }`] }).model
          .supply[1] as {
          fixed_usd_per_mw_year: number;
        }
      ).fixed_usd_per_mw_year;
    expect(fixed('121 $/kW-yr')).toBeCloseTo(121000, 6);
    expect(fixed('"121000 $/MW/year"')).toBeCloseTo(121000, 6);
    expect(fixed('"0.121 M$/MW-yr"')).toBeCloseTo(121000, 6);
    expect(fixed('121000')).toBe(121000);
    // Another unit is told the field's forms; a figure per kW under its bound as before.
    expect(refusal(SMALL, ['supply[1]={ kind: smr, fixed_usd_per_mw_year: 121 $/kW-month }'])).toMatch(
      /supply\[1\]\.fixed_usd_per_mw_year: expected a fixed cost per MW of rating a year, a number in \$\/MW-yr \(as its name says\) like 121000, or with its unit, like "121 \$\/kW-yr", found "121 \$\/kW-month"$/,
    );
    expect(refusal(SMALL, ['supply[1]={ kind: smr, fixed_usd_per_mw_year: 0.5 $/kW-yr }'])).toMatch(
      /supply\[1\]\.fixed_usd_per_mw_year: expected a fixed cost per MW of rating a year, 0 or at least 1000 .*found "0\.5 \$\/kW-yr"$/,
    );
  });

  it("takes a fusion PPA's price of 10 $/MWh or more bare, and any with its unit", () => {
    for (const price of ['10', '80', '0', '"8 ¢/kWh"', '"8 $/MWh"', '"0.08 $/kWh"'])
      expect(() =>
        check(SMALL, [`supply[1]={ kind: fusion-ppa, capacity: 10 MW, start: 2027-03-01, price: ${price} }`]),
      ).not.toThrow();
  });

  it("takes a repair time's cv bare up to 10, and as a percentage up to 10000 %", () => {
    for (const cv of ['0', '0.5', '1', '1.5', '10', '50%', '150%', '10000%'])
      expect(
        () => check(SMALL, [`supply[1]={ kind: smr, forced_outages: { mttf: 4380h, mttr: 120h, repair_cv: ${cv} } }`]),
        cv,
      ).not.toThrow();
  });

  it("takes a job stream's and a burst's cv bare up to 10, and as a percentage up to 10000 %, 50% as 0.5", () => {
    for (const cv of ['0.5', '1', '10', '50%', '150%', '10000%']) {
      const jobs = `workload.jobs=[{ name: j, cluster: gpu, rate: 1/h, chips: 1, duration: 4h, distribution: lognormal, cv: ${cv} }]`;
      expect(() => check(SMALL, [jobs]), cv).not.toThrow();
      const bursts = `workload.inference=[{ name: chat, cluster: gpu, chips: 8, rate: 10/s, bursts: { rate: 2/day, size: { mean: 1, cv: ${cv} }, duration: { mean: 40m, cv: ${cv} } } }]`;
      expect(() => check(SMALL, [bursts]), cv).not.toThrow();
    }
    const cvOf = (cv: string) =>
      loadScenario({
        model: SMALL,
        set: [
          `workload.jobs=[{ name: j, cluster: gpu, rate: 1/h, chips: 1, duration: 4h, distribution: lognormal, cv: ${cv} }]`,
        ],
      }).model.workload.jobs[0].cv;
    expect(cvOf('"50%"')).toBe(0.5);
    expect(cvOf('0.5')).toBe(0.5);
  });

  it("takes outdoor temperatures bare up to 40 °C (a chiller's reference to 50 °C), and any with its unit", () => {
    for (const set of [
      ['facility.cooling={ model: economiser, free_below: 18, chiller_above: 24 }'],
      ['facility.cooling={ model: economiser, free_below: 35, chiller_above: 40 }'],
      ['facility.cooling={ model: economiser, free_below: 64 F, chiller_above: 75 F }'],
      ['facility.cooling={ model: economiser, free_below: 41 C, chiller_above: 45 C }'],
      ['facility.cooling={ model: chiller, reference_temperature: 50 }'],
      ['facility.cooling={ model: chiller, reference_temperature: 85 F }'],
      ['facility.cooling={ model: chiller }', 'facility.weather={ model: synthetic, mean: 40 }'],
      ['facility.cooling={ model: chiller }', 'facility.weather={ model: synthetic, mean: 57 F }'],
      ['facility.cooling={ model: chiller }', 'facility.weather={ model: synthetic, mean: -10 }'],
    ])
      expect(() => check(SMALL, set), set.join(' ')).not.toThrow();
  });

  it("takes a power-chain curve's load as a share of 1 or a percentage, up to 125 %, and its efficiency so too", () => {
    for (const curve of [
      '[[0.1, 0.85], [0.5, 0.95], [1, 0.96]]',
      '[[10%, 0.85], [50%, 0.95], [100%, 0.96]]',
      '[[0, 0.9], [1.25, 0.96]]',
      '[[0, 0.9], [125%, 0.96]]',
      // Efficiencies in % as the datasheet writes them beside its % loads, as a constant efficiency takes "95%": "85%"
      // was refused, 'expected a number, found "85%"'.
      '[[10%, 85%], [50%, 95%], [100%, 96%]]',
      '[[0.1, 85%], [1, 0.96]]',
    ])
      expect(
        () =>
          check(SMALL, [
            'facility.cooling={ model: chiller }',
            `facility.power_chain={ ups: { efficiency: ${curve} } }`,
          ]),
        curve,
      ).not.toThrow();
  });

  // A chip-hour cost up to a cluster's rental bound is taken, as before.
  it.each([100, 2.5, 0])('takes a chip-hour cost of %s USD', (usd) => {
    const set = `workload.training=[{ name: r, cluster: gpu, chips: 8, work: 10h, chip_hour_cost: ${usd} }]`;
    expect(() => check(SMALL, [set])).not.toThrow();
  });

  it("takes unallocated_power up to the chip's tdp", () => {
    for (const set of [
      'clusters[0].unallocated_power=82 W',
      'clusters[0].unallocated_power=700 W',
      'clusters[0].unallocated_power=0',
    ])
      expect(() => check(SMALL, [set]), set).not.toThrow();
  });

  it('takes a ramp per minute or hour, and a yearly rate per year, written with its period', () => {
    // As datasheets write them: an SMR's '5%/min' was refused with 'expected a fraction like 0.9 or "90%"', an example
    // that is a ramp of 90 % a minute; an array's degradation '1.5%/yr' likewise.
    const ramp = (r: string): number => {
      const l = loadScenario({ model: SMALL, set: [`supply[1]={ kind: smr, mode: load-following, ramp: ${r} }`] });
      return (l.model.supply[1] as { ramp: number }).ramp;
    };
    for (const r of ['5%/min', '5 % / minute', '5% per minute', '300%/h', '300%/hour', '0.0833333333333333%/s'])
      expect(ramp(r), r).toBeCloseTo(0.05, 12);
    expect(ramp('"5%"')).toBe(0.05);
    const yearly = (set: string, read: (m: Record<string, unknown>) => number): number =>
      read(loadScenario({ model: SMALL, set: [set] }).model as unknown as Record<string, unknown>);
    const degradation = (m: Record<string, unknown>): number => (m.supply as { degradation: number }[])[1].degradation;
    for (const d of ['1.5%/yr', '1.5%/year', '1.5 % per year', '1.5%/y'])
      expect(yearly(`supply[1]={ kind: space-solar, panels: 10, degradation: ${d} }`, degradation), d).toBeCloseTo(
        0.015,
        12,
      );
  });

  it('takes a rate written "a minute" or "a year", as the refusal\'s own example reads, and per annum', () => {
    // The refusal says 'like 0.05 or "5%" a minute': "5% a minute" as told was refused with the same words; a yearly
    // rate "per annum", "p.a." or "/a" (a datasheet's %/a) likewise.
    const ramp = (r: string): number =>
      (
        loadScenario({ model: SMALL, set: [`supply[1]={ kind: smr, mode: load-following, ramp: ${r} }`] }).model
          .supply[1] as { ramp: number }
      ).ramp;
    for (const r of ['5% a minute', '5 % a min', '5% every minute', '300% an hour'])
      expect(ramp(r), r).toBeCloseTo(0.05, 12);
    const degradation = (d: string): number =>
      (
        loadScenario({ model: SMALL, set: [`supply[1]={ kind: space-solar, panels: 10, degradation: ${d} }`] }).model
          .supply[1] as { degradation: number }
      ).degradation;
    for (const d of ['1.5% a year', '1.5% per annum', '1.5% p.a.', '1.5 %pa', '1.5%/a', '1.5 % / annum'])
      expect(degradation(d), d).toBeCloseTo(0.015, 12);
    // Still refused: another period for a yearly rate, and a ramp with no separator before its period.
    expect(refusal(SMALL, ['supply[1]={ kind: space-solar, panels: 10, degradation: 0.125% a month }'])).toMatch(
      /found "0\.125% a month"$/,
    );
    for (const r of ['5%a', '5%/a', '5% p.a.'])
      expect(refusal(SMALL, [`supply[1]={ kind: smr, mode: load-following, ramp: ${r} }`]), r).toMatch(/a minute/);
  });

  it('takes a discount rate and an escalation written with their year, as a degradation is', () => {
    // 9e4c1fe took degradation: 1.5%/yr; discount_rate: 7%/yr (or "7% p.a.") was still refused with 'expected a
    // fraction like 0.9 or "90%"', an example of 90 % a year.
    const model = (set: string[]) => loadScenario({ model: SMALL, set }).model as unknown as Record<string, never>;
    for (const r of ['7%/yr', '7% p.a.', '7 % per annum', '7% a year'])
      expect(
        (model([`economics={ discount_rate: ${r} }`]).economics as { discount_rate: number }).discount_rate,
        r,
      ).toBeCloseTo(0.07, 12);
    const e = model([
      'economics={ discount_rate: 7%, escalation: 2%/yr, carbon_price: 80 $/t, carbon_escalation: "-1% per year" }',
    ]).economics as {
      escalation: number;
      carbon_escalation: number;
    };
    expect(e.escalation).toBeCloseTo(0.02, 12);
    expect(e.carbon_escalation).toBeCloseTo(-0.01, 12);
    // An inference service's growth likewise (lead67): 'growth: 15%/yr' was refused with 'expected a fraction like 0.9
    // or "90%"' after ff22803 took the economics' rates so.
    for (const r of ['15%/yr', '15% p.a.', '15 % per year'])
      expect(
        (
          model([`workload.inference=[{ name: chat, cluster: gpu, chips: 8, rate: 10/s, growth: ${r} }]`]).workload as {
            inference: { growth: number }[];
          }
        ).inference[0].growth,
        r,
      ).toBeCloseTo(0.15, 12);
    expect(
      refusal(SMALL, ['workload.inference=[{ name: chat, cluster: gpu, chips: 8, rate: 10/s, growth: 1%/month }]']),
    ).toMatch(
      /workload\.inference\[0\]\.growth: expected a fraction like 0\.15 or "15%" a year \(or "15%\/yr"\), found "1%\/month"$/,
    );
    // A rate written as its yearly factor, 1.07 for 7 % (as d129b03 tells a growth's 1.3): its bound (100 %) left the
    // message no reading that runs, 'a fraction like 0.0107 or "1.07%" (a bare number is a share of 1: 1.07 is 107 %)',
    // and "1.07%" discounts at a seventh of the rate meant. The factor's reading is now given where the field takes it.
    expect(refusal(SMALL, ['economics={ discount_rate: 1.07 }'])).toMatch(
      /economics\.discount_rate: expected a fraction like 0\.0107 or "1\.07%" \(a bare number is a share of 1: 1\.07 is 107 %; write "7%" if 1\.07 is the yearly factor\), found 1\.07$/,
    );
    expect(refusal(SMALL, ['economics={ discount_rate: 7%, escalation: 1.02 }'])).toMatch(
      /economics\.escalation: .*1\.02 is 102 %; write "2%" if 1\.02 is the yearly factor\), found 1\.02$/,
    );
    expect(refusal(SMALL, ['economics={ discount_rate: 7%, escalation: 0.98 }'])).toMatch(
      /economics\.escalation: .*0\.98 is 98 %; write "98%" if meant, or "-2%" if 0\.98 is the yearly factor\), found 0\.98$/,
    );
    // A yearly rate compounds: another period is refused, with the field's own example.
    expect(refusal(SMALL, ['economics={ discount_rate: 0.5%/month }'])).toMatch(
      /economics\.discount_rate: expected a fraction like 0\.07 or "7%" a year \(or "7%\/yr"\), found "0\.5%\/month"$/,
    );
  });

  it.each([
    // A yearly rate compounds: a month's is not a twelfth of a year's, so only the field's own period is taken.
    [
      'supply[1]={ kind: space-solar, panels: 10, degradation: 0.125%/month }',
      /supply\[1\]\.degradation: expected a fraction like 0\.015 or "1\.5%" a year \(or "1\.5%\/yr"\), found "0\.125%\/month"$/,
    ],
    [
      'supply[1]={ kind: smr, mode: load-following, ramp: 5%/fortnight }',
      /supply\[1\]\.ramp: expected a fraction like 0\.05 or "5%" a minute \(or "5%\/min", "300%\/h"\), found "5%\/fortnight"$/,
    ],
    [
      'supply[1]={ kind: smr, mode: load-following, ramp: 5 MW/min }',
      /supply\[1\]\.ramp: expected a fraction like 0\.05 or "5%" a minute \(or "5%\/min", "300%\/h"\), found "5 MW\/min"$/,
    ],
  ])('%s is refused naming its period', (set, message) => {
    expect(refusal(SMALL, [set])).toMatch(message);
  });

  it('growth and ramp above 100 % are taken when written as percentages, and bare fractions under 1 (ramp: up to 1) as before', () => {
    for (const set of [
      'workload.inference=[{ name: chat, cluster: gpu, chips: 8, rate: 10/s, growth: 150% }]',
      'workload.inference=[{ name: chat, cluster: gpu, chips: 8, rate: 10/s, growth: 100% }]',
      'workload.inference=[{ name: chat, cluster: gpu, chips: 8, rate: 10/s, growth: 0.15 }]',
      'workload.inference=[{ name: chat, cluster: gpu, chips: 8, rate: 10/s, growth: 0.95 }]',
      'supply[1]={ kind: smr, mode: load-following, ramp: 1 }',
      'supply[1]={ kind: smr, mode: load-following, ramp: 500% }',
      'supply[1]={ kind: smr, mode: load-following, ramp: 0.05 }',
      // Names like a copy's where no copy takes them: past the arrivals' count, or beside a run submitted once.
      'workload.training=[{ name: a, cluster: gpu, chips: 8, work: 1h, arrivals: { rate: 1/d, count: 2 } }, { name: a-3, cluster: gpu, chips: 8, work: 1h }]',
      'workload.training=[{ name: a, cluster: gpu, chips: 8, work: 1h }, { name: a-1, cluster: gpu, chips: 8, work: 1h }]',
    ])
      expect(() => check(SMALL, [set]), set).not.toThrow();
  });
});

describe("a load-following unit's fields without its mode", () => {
  // They ran as baseload, must-run at the rating whenever up: a 200 kW unit with min_stable 50 % and ramp 5 %/min
  // beside a load of 100-120 kW curtailed 1,160 kWh in 12 h (capacity factor 1.0), where following it curtails 0.5
  // (0.517), exit 0.
  it.each([
    ['supply[1]={ kind: smr, rating: 200 kW, min_stable: 50%, ramp: 5%/min }', 'min_stable and ramp'],
    ['supply[1]={ kind: smr, ramp: 3% }', 'ramp'],
    ['supply[1]={ kind: smr, min_stable: 0.4 }', 'min_stable'],
  ])('%s is refused, asking for mode: load-following', (set, fields) => {
    expect(refusal(SMALL, [set])).toMatch(
      new RegExp(
        `small\\.yaml \\(--set\\): supply\\[1\\]\\.mode: expected mode: load-following beside ${fields} \\(a load-following unit's; without a mode it is baseload, must-run at its rating whenever up: write mode: baseload to keep it so\\), found nothing$`,
      ),
    );
  });
  it('with a mode written, either, they load as before (a sweep over the mode keeps them)', () => {
    for (const mode of ['baseload', 'load-following'])
      expect(() => check(SMALL, [`supply[1]={ kind: smr, mode: ${mode}, min_stable: 50%, ramp: 5% }`])).not.toThrow();
    expect(() => check(SMALL, ['supply[1]={ kind: smr }'])).not.toThrow();
  });
});

describe('a plant owned (its capital, fuel or O&M given) without its price', () => {
  // The default price is a contract's, which pays for the plant: it was paid per MWh on top of the capital. A 1 MW SMR
  // at 6,041 $/kW, 10 years at 7 %: NPC $4.32M (LCOE 450.10 $/MWh) where with price 0 it is $3.51M (366.26).
  it.each([
    [
      'supply[1]={ kind: smr, units: 1, rating: 1 MW, costs: { capital: 6041 $/kW, lifetime: 60y } }',
      89,
      "NuScale's 2023 contract price for the CFPP",
    ],
    [
      'supply[1]={ kind: fusion-ppa, capacity: 1 MW, costs: { capital: 8000 $/kW, lifetime: 30y } }',
      80,
      "the top of fusion cost studies' 50-80 \\$/MWh for a PPA",
    ],
    [
      'supply[1]={ kind: space-solar, panels: 10, costs: { capital: 2000 $/kW, lifetime: 15y } }',
      5,
      "Starcloud's claimed energy price",
    ],
    [
      'supply[1]={ kind: space-solar, panels: 10, costs: { mass: 59 W/kg, launch: 200 $/kg, lifetime: 15y } }',
      5,
      "Starcloud's claimed energy price",
    ],
  ])('%s is refused, asking for its price', (set, usd, what) => {
    const owned = set.includes('launch') ? 'launch' : 'capital';
    expect(refusal(SMALL, [set])).toMatch(
      new RegExp(
        `small\\.yaml \\(--set\\): supply\\[1\\]\\.price: expected a price beside costs\\.${owned} \\(0 for a plant owned, or what each MWh costs beyond its costs' fuel and O&M: left out, it is ${usd} \\$/MWh, ${what}, which pays for the plant, paid again on top of its capital\\), found nothing$`,
      ),
    );
  });
  it.each([
    ['supply[1]={ kind: smr, costs: { fuel: 7 $/MWh } }', 'fuel'],
    ['supply[1]={ kind: smr, costs: { fixed_om: 120 $/kW-yr } }', 'fixed_om'],
    ['supply[1]={ kind: fusion-ppa, costs: { variable_om: 3 $/MWh } }', 'variable_om'],
    ['supply[1]={ kind: smr, costs: { decommissioning: 500 $/kW } }', 'decommissioning'],
  ])('%s (its capital sunk) is refused too', (set, owned) => {
    // Given its fuel at 7 $/MWh alone, a 1 MW SMR was paid 96 $/MWh: NPC $1.24M over 10 years where with price 0 it
    // is 436,847 USD.
    expect(refusal(SMALL, [set])).toMatch(
      new RegExp(
        `supply\\[1\\]\\.price: expected a price beside costs\\.${owned} \\(.*paid again on top of its costs\\), found nothing$`,
      ),
    );
  });
  it('with a price written, or costs without capital, they load as before', () => {
    for (const set of [
      'supply[1]={ kind: smr, price: 0, costs: { capital: 6041 $/kW, lifetime: 60y } }',
      'supply[1]={ kind: smr, price: 89 $/MWh, costs: { capital: 6041 $/kW, lifetime: 60y } }',
      'supply[1]={ kind: smr, price: 0, costs: { fixed_om: 120 $/kW-yr } }',
      'supply[1]={ kind: smr, costs: { lifetime: 60y } }',
      'supply[1]={ kind: fusion-ppa, price: 0, costs: { capital: 8000 $/kW, lifetime: 30y } }',
    ])
      expect(() => check(SMALL, [set, 'economics={ discount_rate: 7%, years: 10 }']), set).not.toThrow();
  });
});

describe('a decommissioning cost without a lifetime', () => {
  // It is paid at the end of each life, and a life still running at the project's end pays its elapsed share: without
  // a lifetime there was no life, and it was never paid. A 100 kW SMR owned (price 0) at 500 $/kW of decommissioning
  // read NPC 0.00 USD over 10 years at 7 %, exit 0, where with a 40-year life it accrues 12,500 USD by year 10.
  const ECON = 'economics={ discount_rate: 7%, years: 10 }';
  it.each([
    ['supply[1]={ kind: smr, price: 0, costs: { decommissioning: 500 $/kW } }', 'decommissioning'],
    [
      'supply[1]={ kind: fusion-ppa, price: 0, costs: { fixed_om: 100 $/kW-yr, decommissioning: 500 $/kW } }',
      'decommissioning',
    ],
    ['supply[1]={ kind: space-solar, panels: 10, price: 0, costs: { decommissioning: 50 $/kW } }', 'decommissioning'],
    [
      'supply[1]={ kind: battery, energy: 400 kWh, power: 100 kW, costs: { decommissioning: 20 $/kW } }',
      'decommissioning',
    ],
    [
      'supply[1]={ kind: smr, price: 0, costs: { capital: 6041 $/kW, decommissioning: 500 $/kW } }',
      'capital and decommissioning',
    ],
  ])('%s is refused, asking for the lifetime', (set, given) => {
    expect(refusal(SMALL, [set, ECON])).toMatch(
      new RegExp(
        `small\\.yaml \\(--set\\): supply\\[1\\]\\.costs\\.lifetime: expected a lifetime like "20y" \\(the costs give ${given}\\), found nothing$`,
      ),
    );
  });
  it('with a lifetime, or a fading battery (decommissioned at each replacement), it loads', () => {
    for (const set of [
      'supply[1]={ kind: smr, price: 0, costs: { decommissioning: 500 $/kW, lifetime: 40y } }',
      'supply[1]={ kind: battery, energy: 400 kWh, power: 100 kW, fade: { calendar: 1%, cycle: 5%, replace_at: 80% }, costs: { decommissioning: 20 $/kW } }',
    ])
      expect(() => check(SMALL, [set, ECON]), set).not.toThrow();
  });
});

describe('an export price without an export cap', () => {
  // The cap is 0 when left out: a 200 kW SMR beside a 50 kW load with export_price 40 $/MWh curtailed 7,570 kWh in 2
  // days, 0 USD of export revenue, exit 0.
  it('is refused, asking for the cap', () => {
    expect(refusal(SMALL, ['supply[0]={ kind: grid, price: 60 $/MWh, export_price: 40 $/MWh }'])).toMatch(
      /small\.yaml \(--set\): supply\[0\]\.export_cap: expected an export_cap beside export_price \(the most surplus power the site may export: left out it is 0, so nothing is exported and export_price pays nothing\), found nothing$/,
    );
    // Set alone on the model's grid, the --set that left the cap out is named.
    expect(refusal(SMALL, ['supply[0].export_price=40 $/MWh'])).toMatch(
      /supply\[0\]\.export_price: expected a value that keeps supply\[0\]\.export_cap valid \(line 15: an export_cap beside export_price .*\), found "40 \$\/MWh"$/,
    );
  });
  it('with a cap written, 0 too, it loads as before', () => {
    for (const cap of ['0', '100 kW'])
      expect(() => check(SMALL, ['supply[0].export_price=40 $/MWh', `supply[0].export_cap=${cap}`])).not.toThrow();
  });
});

describe("a battery's fuel", () => {
  // A battery burns none: its fuel was charged on its discharge, so 55 $/MWh written as the cost of the energy that
  // charges it paid that energy twice (to its sources, and as fuel): tests/fixtures/economics.yaml's NPC $24.62M where
  // it is $24.59M, the battery's LCOE 724.30 $/MWh where 659.06, exit 0.
  it('is refused, saying why', () => {
    expect(
      refusal(SMALL, [
        'supply[1]={ kind: battery, energy: 400 kWh, power: 100 kW, costs: { capital: 250 $/kW, lifetime: 12y, fuel: 55 $/MWh } }',
        'economics={ discount_rate: 7%, years: 10 }',
      ]),
    ).toMatch(
      /small\.yaml \(--set\): supply\[1\]\.costs\.fuel: expected no fuel on a battery \(it burns none: the energy that charges it is paid to its sources, at their price, in their costs; its wear per MWh discharged is variable_om\), found "?55 \$\/MWh"?$/,
    );
  });
});

describe('data files that are not what they claim', () => {
  const trace = (name: string, text: string): string[] => [
    `workload.inference=[{ name: chat, cluster: gpu, chips: 8, trace: { file: ${file(name, text)} } }]`,
  ];
  const model = join(dir, 'm.yaml');
  writeFileSync(
    model,
    `name: m\nduration: 2d\nclusters: [{ name: gpu, chip: H200, count: 64 }]\nworkload: {}\nfacility: { cooling: { model: pue, pue: 1.2 } }\nsupply: [{ kind: grid }]\n`,
  );

  it.each([
    [
      'header-only.csv',
      'TIMESTAMP,ContextTokens,GeneratedTokens\n',
      /header-only\.csv:1: expected requests after the header, found only a header$/,
    ],
    [
      'words.csv',
      'TIMESTAMP,ContextTokens,GeneratedTokens\n2023-11-16 18:15:46.68,many,3\n',
      /words\.csv:2: ContextTokens: expected a token count from 0 to 1e9, found "many"$/,
    ],
    [
      'order.csv',
      'TIMESTAMP,ContextTokens,GeneratedTokens\n2023-11-16 18:15:46,1,1\n2023-11-16 18:20:00,1,1\n2023-11-16 18:10:00,1,1\n',
      /order\.csv:4: TIMESTAMP: expected times in order/,
    ],
    [
      'stamp.csv',
      'TIMESTAMP,ContextTokens,GeneratedTokens\n16/11/2023 18:15,1,1\n',
      /stamp\.csv:2: TIMESTAMP: expected a UTC time like "2023-11-16 18:15:46.68", found "16\/11\/2023 18:15"$/,
    ],
    [
      // Date.parse read it as 2 March and the trace ran (exit 0): a day the month does not have is no time.
      'feb30.csv',
      'TIMESTAMP,ContextTokens,GeneratedTokens\n2023-02-27 18:15:46,1,1\n2023-02-30 18:15:47.5,1,1\n2023-03-03 18:15:48,1,1\n',
      /feb30\.csv:3: TIMESTAMP: expected a UTC time like "2023-11-16 18:15:46.68", found "2023-02-30 18:15:47.5" \(2023-02 has 28 days\)$/,
    ],
    [
      'hour24.csv',
      'TIMESTAMP,ContextTokens,GeneratedTokens\n2023-11-16 18:15:46,1,1\n2023-11-16 24:00:00,1,1\n',
      /hour24\.csv:3: TIMESTAMP: expected a UTC time like "2023-11-16 18:15:46.68", found "2023-11-16 24:00:00" \(no hour 24\)$/,
    ],
    [
      // A cell the header does not name was dropped without a word (as the weather CSV's were, 14b50d5).
      'cells.csv',
      'TIMESTAMP,ContextTokens,GeneratedTokens\n2023-11-16 18:15:46,1,1\n2023-11-16 18:20:00,1,1,7\n',
      /cells\.csv:3: expected 3 cells as in the header, found 4$/,
    ],
    [
      // Number() read 0x10 as 16 tokens.
      'hex.csv',
      'TIMESTAMP,ContextTokens,GeneratedTokens\n2023-11-16 18:15:46,0x10,1\n',
      /hex\.csv:2: ContextTokens: expected a token count from 0 to 1e9, found "0x10"$/,
    ],
    [
      'columns.csv',
      'time,tokens\n2023-11-16 18:15:46,1\n',
      /columns\.csv:1: expected a header with TIMESTAMP, ContextTokens, GeneratedTokens \(or prompt_tokens and completion_tokens, input_tokens and output_tokens\), found "time,tokens"$/,
    ],
  ])('an inference trace %s is refused', (name, text, message) => {
    expect(refusal(model, trace(name, text))).toMatch(message);
  });

  it('a missing inference trace names the file and its role', () => {
    expect(
      refusal(model, [`workload.inference=[{ name: chat, cluster: gpu, chips: 8, trace: { file: nowhere.csv } }]`]),
    ).toMatch(
      /: workload\.inference\[0\]\.trace\.file: expected an inference trace \(CSV: TIMESTAMP, ContextTokens, GeneratedTokens\), found .*nowhere\.csv: no such file or folder \(ENOENT\)$/,
    );
  });

  it('a missing demand-response events file is named by its role, as its reader names it', () => {
    // It was 'expected a readable data file', the words for a file of no known role.
    expect(refusal(model, ['demand_response={ payment: 100 $/MWh, events: { file: nowhere-dr.csv } }'])).toMatch(
      /: demand_response\.events\.file: expected a demand-response events file \(CSV: start, end, shed_mw\), found .*nowhere-dr\.csv: no such file or folder \(ENOENT\)$/,
    );
  });

  it('a weather temperature of 1e400 (Infinity) or 500 °C is refused at its line', () => {
    const w = (name: string, t: string): string[] => [
      'facility.cooling={ model: chiller }',
      `facility.weather={ model: csv, file: ${file(name, `time,temp\n2027-01-01 00:00,10\n2027-01-01 01:00,${t}\n`)} }`,
    ];
    expect(refusal(model, w('inf.csv', '1e400'))).toMatch(
      /inf\.csv:3: temp: expected a temperature \(°C\) from -100 to 70, found "1e400"$/,
    );
    expect(refusal(model, w('hot.csv', '500'))).toMatch(
      /hot\.csv:3: temp: expected a temperature \(°C\) from -100 to 70, found "500"$/,
    );
  });

  it('a negative carbon intensity in a grid trace is refused at its line', () => {
    const rows = Array.from(
      { length: 8784 },
      (_, h) =>
        `${new Date(Date.UTC(2027, 0, 1) + h * 3600e3).toISOString().slice(0, 19).replace('T', ' ')},${h === 5 ? -12 : 300}`,
    );
    const name = file('carbon.csv', `timestamp,avg_CI\n${rows.join('\n')}\n`);
    expect(refusal(model, [`supply[0].carbon={ file: ${name} }`])).toMatch(
      /carbon\.csv:7: avg_CI: expected a carbon intensity from 0 to 10000 g\/kWh, found -12$/,
    );
  });

  it('a file in UTF-16 reads as its text; one that is not text is refused naming what it looks like', () => {
    // Excel's "Unicode Text" and PowerShell's `>` write UTF-16 with a byte-order mark. Read as UTF-8, a model so saved
    // was "found something else" than a mapping of fields, and a trace's first time "\u00002\u00000\u00002...".
    const text = readFileSync(SMALL, 'utf8');
    const le = join(dir, 'small-utf16le.yaml');
    writeFileSync(le, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]));
    const be = join(dir, 'small-utf16be.yaml');
    writeFileSync(be, Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(text, 'utf16le').swap16()]));
    const want = loadScenario({ model: SMALL }).model;
    expect(loadScenario({ model: le }).model).toEqual(want);
    expect(loadScenario({ model: be }).model).toEqual(want);
    const csv = 'TIMESTAMP,ContextTokens,GeneratedTokens\n2023-11-16 18:15:46.68,100,10\n2023-11-16 18:17:00,50,5\n';
    writeFileSync(join(dir, 'utf16.csv'), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(csv, 'utf16le')]));
    const inference = (name: string) => [
      `workload.inference=[{ name: chat, cluster: gpu, chips: 8, trace: { file: ${name}, bin: 1m } }]`,
    ];
    file('utf8.csv', csv);
    expect(() => check(model, inference('utf16.csv'))).not.toThrow();
    expect(traceRates(join(dir, 'utf16.csv'), 60)).toEqual(traceRates(join(dir, 'utf8.csv'), 60));
    // Not text: an .xlsx saved where its CSV should be was "found only a header"; a gzip, an .xls, UTF-32, NULs.
    const bytes = (name: string, head: number[]): string => {
      writeFileSync(join(dir, name), Buffer.concat([Buffer.from(head), Buffer.from('TIMESTAMP,x\n\u0000\u0001')]));
      return name;
    };
    const role = 'expected an inference trace \\(CSV: TIMESTAMP, ContextTokens, GeneratedTokens\\), found .*';
    for (const [name, head, what] of [
      ['book.xlsx', [0x50, 0x4b, 0x03, 0x04], 'a zip archive \\(an \\.xlsx workbook\\?\\), not text'],
      ['book.xls', [0xd0, 0xcf, 0x11, 0xe0], 'an Excel 97-2003 workbook \\(\\.xls\\), not text'],
      ['trace.csv.gz', [0x1f, 0x8b, 0x08, 0x00], 'a gzip archive \\(decompress it first\\), not text'],
      ['utf32.csv', [0xff, 0xfe, 0x00, 0x00], 'UTF-32 text \\(save it as UTF-8\\)'],
      ['nul.csv', [0x41], 'a binary file \\(it holds NUL bytes\\), not text'],
    ] as const)
      expect(refusal(model, inference(bytes(name, [...head])))).toMatch(
        new RegExp(`workload\\.inference\\[0\\]\\.trace\\.file: ${role}${name.replace('.', '\\.')}: ${what}$`),
      );
    const xlsxModel = join(dir, 'model.xlsx');
    writeFileSync(xlsxModel, Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00]));
    expect(() => loadScenario({ model: xlsxModel })).toThrow(
      /model\.xlsx: expected a readable model file \(YAML or JSON\), found a zip archive \(an \.xlsx workbook\?\), not text$/,
    );
  });

  it('a file that is not UTF-8 reads as Windows-1252, as Excel on Windows saves a CSV', () => {
    // Read as UTF-8, its "Temperature (\u00b0F)" was "Temperature (\ufffdF)": no unit: F was asked for, and 50 \u00b0F
    // ran as 50 \u00b0C (86 \u00b0F was refused as above 70 \u00b0C, naming neither the unit nor the header) (krn62).
    const rows = Array.from(
      { length: 49 },
      (_, h) => `${new Date(Date.UTC(2027, 0, 1) + h * 3600e3).toISOString().slice(0, 16).replace('T', ' ')},50`,
    );
    const csv = Buffer.from(`time,Temperature (\u00b0F)\n${rows.join('\n')}\n`, 'latin1');
    writeFileSync(join(dir, 'cp1252.csv'), csv);
    const w = (unit: string): string[] => [
      'facility.cooling={ model: chiller }',
      `facility.weather={ model: csv, file: ${join(dir, 'cp1252.csv')}${unit} }`,
    ];
    expect(refusal(model, w(''))).toMatch(
      /cp1252\.csv:1: expected temperatures in \u00b0C \(a column in \u00b0F needs unit: F\), found "time,Temperature \(\u00b0F\)"$/,
    );
    expect(() => check(model, w(', unit: F'))).not.toThrow();
    // A model file so saved reads too, its comment's degree sign and all.
    const latin = join(dir, 'small-cp1252.yaml');
    writeFileSync(latin, Buffer.from(`# 18 \u00b0C\n${readFileSync(SMALL, 'utf8')}`, 'latin1'));
    expect(loadScenario({ model: latin }).model).toEqual(loadScenario({ model: SMALL }).model);
  });

  it('a data path that is a device, a FIFO or a folder is refused without reading it', () => {
    const w = (path: string): string[] => [
      'facility.cooling={ model: chiller }',
      `facility.weather={ model: csv, file: ${path} }`,
    ];
    expect(refusal(model, w('/dev/zero'))).toMatch(/expected a readable weather file, found \/dev\/zero: a device$/);
    expect(refusal(model, w(dir))).toMatch(/expected a readable weather file, found .*: a folder$/);
  });
});

describe('no NaN or Infinity reaches an output', () => {
  it('summary.json refuses a figure that is NaN or infinite, naming it', () => {
    const s = {
      energy_mwh: { it: 1, facility: NaN },
      sources: [{ name: 'grid', cost_usd: Infinity }],
    } as unknown as RunSummary;
    expect(() => summaryJson(s)).toThrow(NotFiniteError);
    expect(() => summaryJson(s)).toThrow(/energy_mwh\.facility = NaN/);
  });
});

describe('a chip_mtbf is refused only where the run cannot progress (1 - goodput above 99.9 %)', () => {
  const llama = (training: string) => [
    'clusters=[{ name: gpu, chip: H100, count: 16384 }]',
    'workload.jobs=[]',
    `workload.training=[{ name: llama, cluster: gpu, chips: 16384, ${training} }]`,
  ];
  it.each([
    // Llama 3's: 1 - goodput about 0.146 (docs/models/workload.md).
    ['work: 20d, checkpoint: { every: 20m, takes: 1m }, chip_mtbf: 50700h'],
    // Checkpoints too rare, a study of them: λ(τ + δ) = 1.9, 1 - goodput about 0.69.
    ['work: 20d, checkpoint: { every: 6h, takes: 1m }, chip_mtbf: 50700h'],
    // From FLOPs: 3.8e25 at 40 % of 989.4 TFLOP/s on 16,384 chips is 67.8 days; checkpointed, it progresses.
    ['flops: 3.8e25, mfu: 0.4, checkpoint: { every: 20m, takes: 1m }, chip_mtbf: 50700h'],
    // A short run without checkpoints: 1 h on 16,384 chips of 50,700 h, λτ = 0.32.
    ['work: 1h, chip_mtbf: 50700h'],
    // The refusals' suggestions, as written: Young/Daly's interval for the write.
    ['work: 20d, checkpoint: { every: 19m, takes: 1m }, chip_mtbf: 50700h'],
    ['work: 20d, checkpoint: { every: 1h 1m, takes: 10m }, chip_mtbf: 50700h'],
  ])('%s is accepted', (training) => {
    expect(() => check(SMALL, llama(training))).not.toThrow();
  });

  it('from FLOPs, the work is the time on its chips: 3.8e25 FLOP without checkpoints never finishes', () => {
    expect(refusal(SMALL, llama('flops: 3.8e25, mfu: 0.4, chip_mtbf: 50700h'))).toMatch(
      /chip_mtbf: expected checkpoints, .*so its 67d 20h of work with no checkpoint would take over 1,000 times as long/,
    );
  });
});

import { mkdirSync, mkdtempSync, writeFileSync, existsSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { loadScenario } from '../../src/run.ts';
import { InputError } from '../../src/model/errors.ts';
import { parsePath, pathOf } from '../../src/model/load.ts';
import { main } from '../../src/cli.ts';

const GOOD = `name: t
duration: 1d
clusters:
  - { name: gpu, chip: H200, count: 8 }
workload:
  jobs:
    - { name: b, cluster: gpu, rate: 1/h, chips: 1, duration: 1h }
supply:
  - { kind: grid }
`;

const dir = mkdtempSync(join(tmpdir(), 'dcpsim-load-'));
let n = 0;
function file(text: string, ext = '.yaml'): string {
  const p = join(dir, `m${n++}${ext}`);
  writeFileSync(p, text);
  return p;
}

function error(f: () => unknown): InputError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    return e as InputError;
  }
  throw new Error('expected an InputError');
}

const cases: [string, string, RegExp][] = [
  ['YAML syntax error', GOOD.replace('name: t', 'name: [t'), /:\d+: expected valid YAML or JSON, found /],
  [
    'unknown field',
    GOOD.replace('count: 8', 'count: 8, colour: red'),
    /:4: clusters\[0\]\.colour: expected a known field.*found unknown field "colour"/,
  ],
  [
    'wrong unit',
    GOOD.replace('duration: 1h', 'duration: 1 kW'),
    /:7: workload\.jobs\[0\]\.duration: expected a duration like .*found "1 kW"/,
  ],
  [
    'negative count',
    GOOD.replace('count: 8', 'count: -8'),
    /:4: clusters\[0\]\.count: expected a number > 0, found -8/,
  ],
  ['fractional count', GOOD.replace('count: 8', 'count: 2.5'), /clusters\[0\]\.count: expected an integer, found 2.5/],
  [
    'zero duration',
    GOOD.replace('duration: 1d', 'duration: 0s'),
    /:2: duration: expected duration greater than zero, found "0s"/,
  ],
  // Was 'expected a duration like "90s", "15m", "36h", "30d" or "1y", found "-1d"', the form it has (krn62).
  [
    'negative duration',
    GOOD.replace('duration: 1d', 'duration: -1d'),
    /:2: duration: expected duration greater than zero, found "-1d"$/,
  ],
  [
    'negative duration of a field that takes 0',
    GOOD.replace(
      'duration: 1h }',
      'duration: 1h }\n  training:\n    - { name: t, cluster: gpu, chips: 1, work: 1h, restart: -5m }',
    ),
    /:9: workload\.training\[0\]\.restart: expected duration at least 0s, found "-5m"$/,
  ],
  // The parser's words alone, 'Implicit keys need to be on a single line' and 'Nested mappings are not allowed in compact
  // mappings', did not say what to change (krn62).
  [
    'a field without the space after its colon',
    GOOD.replace('duration: 1d', 'duration:1d'),
    /:2: expected valid YAML or JSON, found Implicit keys need to be on a single line \(a line that is not "field: value": a space after the colon, comments after "#", not "\/\/"\)$/,
  ],
  ['a // comment', `// my model\n${GOOD}`, /:1: expected valid YAML or JSON, found Implicit keys .*not "\/\/"\)$/],
  [
    'a value holding ": "',
    GOOD.replace('name: t', 'name: t: u'),
    /:1: expected valid YAML or JSON, found Nested mappings are not allowed in compact mappings \(a second ": " on the line: quote a value holding one, like name: "a: b", and write "- " with its space\)$/,
  ],
  [
    'a list without its closing bracket',
    GOOD.replace('chips: 1, duration: 1h }', 'chips: [1, 2, duration: 1h }'),
    /:7: expected valid YAML or JSON, found Flow sequence .* \(a "\[" or "\{" without its closing "\]" or "\}", or a line inside it indented less than its field\)$/,
  ],
  [
    // A JSON comment reads (as YAML) into the next key, '// two\n"clusters"' across a blank line: the message was
    // broken over two lines.
    'a JSON model with a // comment after a field',
    '{"name": "t", "duration": "1d", // two\n\n"clusters": [{"name": "gpu", "chip": "H200", "count": 8}], "supply": [{"kind": "grid"}]}',
    /:1: \/\/ two\\n"clusters": expected a known field .*found unknown field "\/\/ two\\n\\"clusters\\""$/,
  ],
  // Was 'name: expected a string matching /^[A-Za-z0-9][\w.-]*$/, found "my run"', a regular expression (krn62).
  [
    'a name with a space',
    GOOD.replace('name: t', 'name: my run'),
    /:1: name: expected a name of letters, digits, "\.", "_" or "-", starting with a letter or digit, found "my run"$/,
  ],
  // Was 'expected a string, found 2027': YAML reads it as a number, which nothing said (krn62).
  [
    'a name of digits',
    GOOD.replace('name: t', 'name: 2027'),
    /:1: name: expected a string \(quote a value YAML reads as a number: "2027"\), found 2027$/,
  ],
  // The value to quote is the file's text: 'expected a string (quote a value YAML reads as a number: "42")' until 7
  // December 2026, for a name written 0042 (quoting "42" loses its zeros) and a time of day written 0700 ("700").
  [
    'a name of digits with leading zeros',
    GOOD.replace('name: t', 'name: 0042'),
    /:1: name: expected a string \(quote a value YAML reads as a number: "0042"\), found 42$/,
  ],
  // A time of day written bare was told to quote it as written, "0700" or "19", which is refused in turn ('expected a
  // time of day like "07:00", found "0700"') until 8 December 2026: the form it takes, with its hour and minutes.
  [
    'a time of day written as military time',
    GOOD.replace('- { kind: grid }', '- { kind: grid, price: { periods: [{ from: 0700, price: 50 }] } }'),
    /:9: supply\[0\]\.price\.periods\[0\]\.from: expected a time of day in quotes, like "07:00" \(unquoted, it is a number\), found 700$/,
  ],
  [
    'a time of day written as an hour',
    GOOD.replace('- { kind: grid }', '- { kind: grid, price: { periods: [{ from: 19, price: 50 }] } }'),
    /:9: supply\[0\]\.price\.periods\[0\]\.from: expected a time of day in quotes, like "19:00" \(unquoted, it is a number\), found 19$/,
  ],
  // A period's start written 24 or 2400 was offered "24:00", which a start refuses in turn ('expected a time of day
  // like "07:00", found "24:00"') until 8 December 2026 (bk75): midnight as a start is "00:00".
  [
    "a period's start written as hour 24",
    GOOD.replace('- { kind: grid }', '- { kind: grid, price: { periods: [{ from: 24, price: 50 }] } }'),
    /:9: supply\[0\]\.price\.periods\[0\]\.from: expected a time of day in quotes, like "00:00" \(unquoted, it is a number\), found 24$/,
  ],
  [
    "a demand window's start written as 2400",
    GOOD.replace(
      '- { kind: grid }',
      '- { kind: grid, price: { periods: [{ from: "00:00", price: 50 }] }, costs: { tou_demand: [{ name: peak, charge: 10 $/kW-month, from: 2400, to: "06:00" }] } }',
    ),
    /:9: supply\[0\]\.costs\.tou_demand\[0\]\.from: expected a time of day in quotes, like "00:00" \(unquoted, it is a number\), found 2400$/,
  ],
  [
    "a demand window's end written as an hour",
    GOOD.replace(
      '- { kind: grid }',
      '- { kind: grid, price: { periods: [{ from: "00:00", price: 50 }] }, costs: { tou_demand: [{ name: peak, charge: 10 $/kW-month, from: "18:00", to: 24 }] } }',
    ),
    /:9: supply\[0\]\.costs\.tou_demand\[0\]\.to: expected a time of day in quotes, like "24:00" \(unquoted, it is a number\), found 24$/,
  ],
  [
    'a cluster named true',
    GOOD.replace('name: gpu', 'name: true'),
    /:4: clusters\[0\]\.name: expected a string \(quote a value YAML reads as true or false: "true"\), found true$/,
  ],
  // A time-of-use period's from said 'expected a string matching /^([01]\d|2[0-3]):[0-5]\d$/', its pattern, not its
  // own words (krn62, with the name's).
  [
    'a time of day without its leading zero',
    GOOD.replace('- { kind: grid }', '- { kind: grid, price: { periods: [{ from: "7:00", price: 50 }] } }'),
    /:9: supply\[0\]\.price\.periods\[0\]\.from: expected a time of day like "07:00", found "7:00"$/,
  ],
  ['seed not an integer', `seed: 1.5\n${GOOD}`, /:1: seed: expected an integer, found 1.5/],
  ['seed a string', `seed: abc\n${GOOD}`, /:1: seed: expected a number, found "abc"/],
  ['missing field', GOOD.replace('duration: 1d\n', ''), /duration: expected .*found nothing/],
  // Found by a mutation harness: each of these named the wrong line or field, or said only 'one of the allowed forms'.
  [
    // Was ':1: duration: expected one of the allowed forms (see `dcpsim schema`), found nothing' (the model's first line).
    'misspelt required field',
    GOOD.replace('duration: 1d', 'durtion: 1d'),
    /:2: durtion: expected a known field \(required "duration" is missing; see `dcpsim schema`\), found unknown field "durtion"$/,
  ],
  [
    // Was ':6: workload.jobs[0].cluster: expected a string, found nothing' (the item's first line).
    'misspelt required field in a list item',
    GOOD.replace('- { name: b, cluster: gpu,', '- { name: b,\n        clustr: gpu,'),
    /:8: workload\.jobs\[0\]\.clustr: expected a known field \(required "cluster" is missing/,
  ],
  [
    // An unknown field unlike the missing one is not offered as its misspelling.
    'unknown field beside a missing one',
    GOOD.replace('duration: 1d', 'colour: red'),
    /:2: colour: expected a known field \(see `dcpsim schema`\), found unknown field "colour"$/,
  ],
  [
    // Was 'workload.jobs[0].chips: expected one of the allowed forms (see `dcpsim schema`), found a list of 2'.
    'a bad item in a list that a field may hold instead of a number',
    GOOD.replace('chips: 1,', 'chips: [1, lots],'),
    /:7: workload\.jobs\[0\]\.chips\[1\]: expected a number, found "lots"$/,
  ],
  [
    // Was 'supply[0].carbon: expected one of the allowed forms (see `dcpsim schema`), found an object {filex}'.
    'misspelt field of a trace',
    GOOD.replace('kind: grid', 'kind: grid, carbon: { filex: pjm.csv }'),
    /:9: supply\[0\]\.carbon\.filex: expected a known field \(required "file" is missing/,
  ],
  [
    // Was 'demand_response.events: expected one of the allowed forms (see `dcpsim schema`), found an object
    // {rate, duration, shed}': the value has the fields of one form only ({ rate, duration, shed }, not { file }).
    'a bad value in the one form of a union whose fields the mapping has',
    `${GOOD}demand_response: { payment: 800 $/MWh, events: { rate: 1/7d, duration: 2h, shed: 0 MW } }\n`,
    /:10: demand_response\.events\.shed: expected power greater than zero, found "0 MW"$/,
  ],
  [
    // Was 'duration: expected one of the allowed forms (see `dcpsim schema`), found null'.
    'a quantity left empty',
    GOOD.replace('duration: 1d', 'duration:'),
    /:2: duration: expected a duration like "90s", "15m", "36h", "30d" or "1y", found null$/,
  ],
  [
    'a quantity as a list',
    GOOD.replace('duration: 1h', 'duration: [1h]'),
    /:7: workload\.jobs\[0\]\.duration: expected a duration like .*, found a list of 1$/,
  ],
  [
    // Was '... <<: expected a known field (see `dcpsim schema`), found unknown field "<<"': a YAML 1.1 merge key,
    // which the YAML 1.2 reader does not merge, read as a field named '<<' with no word of why.
    'a YAML merge key',
    GOOD.replace(
      '  - { name: gpu, chip: H200, count: 8 }',
      '  - &g { name: gpu, chip: H200, count: 8 }\n  - { <<: *g, name: gpu2 }',
    ),
    /:5: clusters\[1\]\.<<: expected a known field \(YAML merge keys "<<: \*anchor" are YAML 1\.1, not read: write the fields out\), found unknown field "<<"$/,
  ],
  [
    // Was 'expected valid YAML or JSON, found Map keys must be unique' (the parser's words, no field).
    'a field twice',
    GOOD.replace('count: 8', 'count: 8, count: 16'),
    /:4: clusters\[0\]\.count: expected each field once in its section, found it a second time$/,
  ],
  [
    // Was '... found Source contains multiple documents; please use YAML.parseAllDocuments()'.
    'two documents',
    `${GOOD}---\n${GOOD}`,
    /:10: expected one YAML document, found a second one \(after a "---" line\)$/,
  ],
  ['unknown chip', GOOD.replace('H200', 'Z80'), /clusters\[0\]\.chip: expected one of "H200", .*found "Z80"/],
  [
    // Of a grid price's forms, the one written: it listed both, 'timezone' among the fields of a trace given one
    // ('expected a known field (one of timezone, holidays, periods, file, column, unit, gaps, where), found unknown
    // field "timezone"'), and 'unit' among a time-of-use price's.
    'a field of another form of the price',
    GOOD.replace('{ kind: grid }', '{ kind: grid, price: { file: p.csv, column: lmp, timezone: America/New_York } }'),
    /:9: supply\[0\]\.price\.timezone: expected a known field \(one of file, column, unit, gaps, max_gap, where\), found unknown field "timezone"$/,
  ],
  [
    'a trace field beside periods',
    GOOD.replace('{ kind: grid }', '{ kind: grid, price: { periods: [{ from: "00:00", price: 30 }], unit: $/kWh } }'),
    /:9: supply\[0\]\.price\.unit: expected a known field \(one of timezone, holidays, periods\), found unknown field "unit"$/,
  ],
  [
    'unknown cluster',
    GOOD.replace('cluster: gpu', 'cluster: cpu'),
    /:7: workload\.jobs\[0\]\.cluster: expected the name of a cluster \(gpu\), found "cpu"/,
  ],
  [
    // Was 'workload.jobs[0].chips: expected at most the 8 chips of cluster gpu ..., found a list of 3'.
    'a job size in a list larger than its cluster',
    GOOD.replace('chips: 1,', 'chips: [1, 16, 4],'),
    /:7: workload\.jobs\[0\]\.chips\[1\]: expected at most the 8 chips of cluster gpu, found 16$/,
  ],
  [
    'a job size larger than its cluster',
    GOOD.replace('chips: 1,', 'chips: 9,'),
    /:7: workload\.jobs\[0\]\.chips: expected at most the 8 chips of cluster gpu, found 9$/,
  ],
  // With chips reserved for inference, the limit is what the services leave: it said 'expected at most the 8 chips of
  // cluster gpu (less any reserved for inference), found 6', a limit above the figure found.
  [
    'a job larger than what inference leaves',
    GOOD.replace('  jobs:', '  inference: [{ name: chat, cluster: gpu, chips: 4, rate: 1/s }]\n  jobs:').replace(
      'chips: 1,',
      'chips: 6,',
    ),
    /:8: workload\.jobs\[0\]\.chips: expected at most the 4 chips of cluster gpu that inference leaves \(8 less 4 for chat\), found 6$/,
  ],
  [
    'a training run larger than what inference leaves',
    GOOD.replace(
      '  jobs:\n    - { name: b, cluster: gpu, rate: 1/h, chips: 1, duration: 1h }',
      '  inference:\n    - { name: chat, cluster: gpu, chips: 2, rate: 1/s }\n    - { name: code, cluster: gpu, chips: 3, rate: 1/s }\n  training: [{ name: r, cluster: gpu, chips: 4, work: 1h }]',
    ),
    /:9: workload\.training\[0\]\.chips: expected at most the 3 chips of cluster gpu that inference leaves \(8 less 5 for chat and code\), found 4$/,
  ],
  [
    'a service larger than what the services before it leave',
    GOOD.replace(
      '  jobs:\n    - { name: b, cluster: gpu, rate: 1/h, chips: 1, duration: 1h }',
      '  inference:\n    - { name: chat, cluster: gpu, chips: 4, rate: 1/s }\n    - { name: code, cluster: gpu, chips: 6, rate: 1/s }',
    ),
    /:8: workload\.inference\[1\]\.chips: expected at most the 4 chips of cluster gpu that the services before it leave \(8 less 4 for chat\), found 6$/,
  ],
  [
    // Optional fields misspelt were 'expected a known field (see `dcpsim schema`)' alone.
    'misspelt optional field',
    `sede: 3\n${GOOD}`,
    /:1: sede: expected a known field \(did you mean seed\?\), found unknown field "sede"$/,
  ],
  [
    'misspelt field of a list item',
    GOOD.replace('count: 8 }', 'count: 8, servr: { chips: 8 } }'),
    /:4: clusters\[0\]\.servr: expected a known field \(did you mean server\?\), found unknown field "servr"$/,
  ],
  [
    "misspelt field of a supply's kind",
    GOOD.replace('- { kind: grid }', '- { kind: grid, import_capp: 5 MW }'),
    /:9: supply\[0\]\.import_capp: expected a known field \(did you mean import_cap\?\), found unknown field "import_capp"$/,
  ],
  [
    // Was 'expected a known field (did you mean fixed_om?)': the fields of every kind's costs were offered, the SMR's
    // fixed_om among them, and the name itself the nearest.
    "a field of another kind's costs",
    GOOD.replace('- { kind: grid }', '- { kind: grid, costs: { fixed_om: 10 $/kW-yr } }'),
    /:9: supply\[0\]\.costs\.fixed_om: expected a known field \(one of demand_charge, [a-z_, ]*fixed_charge[a-z_, ]*\), found unknown field "fixed_om"$/,
  ],
  [
    "a misspelt field of a kind's costs: the kind's own",
    GOOD.replace('- { kind: grid }', '- { kind: grid, costs: { fixed_chrge: 10 $/kW-yr } }'),
    /:9: supply\[0\]\.costs\.fixed_chrge: expected a known field \(did you mean fixed_charge\?\), found unknown field "fixed_chrge"$/,
  ],
  [
    // Was 'expected a known field (see `dcpsim schema`)': a battery's size called what HOMER or PyPSA call it. A value
    // with a unit names the fields of its quantity.
    "a field named as peers name it, its value's unit naming the field",
    GOOD.replace('- { kind: grid }', '- { kind: battery, capacity: 20 MWh, power: 5 MW }\n  - { kind: grid }'),
    /:9: supply\[0\]\.capacity: expected a known field \(did you mean energy\? required "energy" is missing\), found unknown field "capacity"$/,
  ],
  [
    // The same beside the battery's energy: what a unit fits.
    "a field named as peers name it, its value's unit naming the field (the field given)",
    GOOD.replace(
      '- { kind: grid }',
      '- { kind: battery, energy: 20 MWh, capacity: 20 MWh, power: 5 MW }\n  - { kind: grid }',
    ),
    /:9: supply\[0\]\.capacity: expected a known field \(did you mean energy\? "20 MWh" is an energy\), found unknown field "capacity"$/,
  ],
  [
    // Was 'expected a known field (see `dcpsim schema`)': a battery's round trip as datasheets and other tools name it
    // (its "efficiency", NREL ATB's and HOMER's "round-trip efficiency", "rte"), among a battery's 15 fields.
    "a battery's round trip under the names others give it",
    GOOD.replace(
      '- { kind: grid }',
      '- { kind: battery, energy: 20 MWh, power: 5 MW, efficiency: 88% }\n  - { kind: grid }',
    ),
    /:9: supply\[0\]\.efficiency: expected a known field \(did you mean round_trip\? a battery's efficiency is its round trip, charge times discharge\), found unknown field "efficiency"$/,
  ],
  [
    "a battery's round trip as 'rte'",
    GOOD.replace('- { kind: grid }', '- { kind: battery, energy: 20 MWh, power: 5 MW, rte: 0.88 }\n  - { kind: grid }'),
    /:9: supply\[0\]\.rte: expected a known field \(did you mean round_trip\? a battery's efficiency is its round trip, charge times discharge\), found unknown field "rte"$/,
  ],
  [
    // Was 'expected a known field (one of discount_rate, escalation, ...)': the economics' fields under the names REopt,
    // HOMER and ATB give them (analysis_years, inflation, escalation_rate), none a misspelling of dcpsim's.
    "the project's horizon as REopt's 'analysis_years'",
    `${GOOD}economics: { discount_rate: 7%, analysis_years: 20 }\n`,
    /:10: economics\.analysis_years: expected a known field \(did you mean years\? the project's horizon, a whole number of years\), found unknown field "analysis_years"$/,
  ],
  [
    "prices' growth as 'inflation'",
    `${GOOD}economics: { discount_rate: 7%, inflation: 2% }\n`,
    /:10: economics\.inflation: expected a known field \(did you mean escalation\? the yearly growth of every price but carbon's: an inflation rate, beside a nominal discount_rate \(docs\/economics\.md, Dollars and rates\)\), found unknown field "inflation"$/,
  ],
  [
    "prices' growth as 'escalation_rate'",
    `${GOOD}economics: { discount_rate: 7%, escalation_rate: 2% }\n`,
    /:10: economics\.escalation_rate: expected a known field \(did you mean escalation\? the yearly growth/,
  ],
  [
    // Was 'expected a known field (one of discount_rate, ...)': HOMER's 'project lifetime', which a costs' lifetime is
    // not, and REopt's Financial.CO2_cost_per_tonne.
    "the project's horizon as HOMER's 'project lifetime', 'lifetime'",
    `${GOOD}economics: { discount_rate: 7%, lifetime: 25y }\n`,
    /:10: economics\.lifetime: expected a known field \(did you mean years\? the project's horizon, a whole number of years\), found unknown field "lifetime"$/,
  ],
  [
    "a carbon price as REopt's 'CO2_cost_per_tonne'",
    `${GOOD}economics: { discount_rate: 7%, CO2_cost_per_tonne: 51 $/t }\n`,
    /:10: economics\.CO2_cost_per_tonne: expected a known field \(did you mean carbon_price\? the price of each tonne of the supplies' carbon, like "80 \$\/t"\), found unknown field "CO2_cost_per_tonne"$/,
  ],
  [
    "a carbon price as 'carbon_tax'",
    `${GOOD}economics: { discount_rate: 7%, carbon_tax: 51 $/t }\n`,
    /:10: economics\.carbon_tax: expected a known field \(did you mean carbon_price\? the price of each tonne/,
  ],
  [
    "a battery's state of charge at the start as 'initial_soc'",
    GOOD.replace(
      '- { kind: grid }',
      '- { kind: battery, energy: 20 MWh, power: 5 MW, initial_soc: 50% }\n  - { kind: grid }',
    ),
    /:9: supply\[0\]\.initial_soc: expected a known field \(did you mean initial\?\), found unknown field "initial_soc"$/,
  ],
  [
    // Was 'expected a known field (see `dcpsim schema`)': the one required field missing beside it, which its value fits.
    'a required field under another name: the one missing that the value fits',
    GOOD.replace('duration: 1h }', 'length: 1h }'),
    /:7: workload\.jobs\[0\]\.length: expected a known field \(did you mean duration\? required "duration" is missing\), found unknown field "length"$/,
  ],
  [
    // Was 'did you mean chip?', a chip's name, for a count: a near name that cannot take the value is none, and a
    // cluster's nine fields are listed.
    'a near name whose field cannot take the value',
    GOOD.replace('chip: H200, count: 8 }', 'chip: H200, count: 8, chips: 8 }'),
    /:4: clusters\[0\]\.chips: expected a known field \(one of name, chip, chip_override, count, unallocated_power, server, costs, in_service, retire; "chips" goes in server: \{ chips: 8 \}\), found unknown field "chips"$/,
  ],
  [
    // Was 'one of cooling, power_chain, weather' alone: a PUE is a cooling model's, which the newcomer could not tell.
    'a field of a section below without a unit: where it goes, the form it chooses with it',
    GOOD.replace('supply:', 'facility:\n  pue: 1.25\nsupply:'),
    /:9: facility\.pue: expected a known field \(one of cooling, power_chain, weather; "pue" goes in cooling: \{ model: pue, pue: 1\.25 \}\), found unknown field "pue"$/,
  ],
  [
    // A section whose fields are too many to list says where the field goes all the same.
    'a field of a section below at the top',
    GOOD.replace('duration: 1d', 'duration: 1d\ndiscount_rate: 7%'),
    /:3: discount_rate: expected a known field \(see `dcpsim schema`; "discount_rate" goes in economics: \{ discount_rate: 7% \}\), found unknown field "discount_rate"$/,
  ],
  [
    // Was 'did you mean unallocated_power?', the cluster's one power: the field of that name a section down.
    'a field of a section below, given in its parent',
    GOOD.replace('chip: H200, count: 8 }', 'chip: H200, count: 8, tdp: 600 W }'),
    /:4: clusters\[0\]\.tdp: expected a known field \(did you mean chip_override\.tdp\? "600 W" is a power\), found unknown field "tdp"$/,
  ],
  [
    // Was 'did you mean chip_override.tdp?', which refuses a power below zero.
    'a field one section down that refuses the value: not named',
    GOOD.replace('chip: H200, count: 8 }', 'chip: H200, count: 8, tdp: -600 W }'),
    /:4: clusters\[0\]\.tdp: expected a known field \(one of name, .*\), found unknown field "tdp"$/,
  ],
  [
    // A section that field makes asks for more (costs a lifetime, and an economics section): still the field.
    'a field one section down in a section the model leaves out',
    GOOD.replace('chip: H200, count: 8 }', 'chip: H200, count: 8, capital: 50000 $ }'),
    /:4: clusters\[0\]\.capital: expected a known field \(did you mean costs\.capital\? "50000 \$" is an amount of money\), found unknown field "capital"$/,
  ],
  [
    // Was 'did you mean costs?' (a mapping), the name's nearest. Not export_price, which the grid takes only beside an
    // export_cap.
    'a price under a name near a mapping: the fields of prices',
    GOOD.replace('- { kind: grid }', '- { kind: grid, cost: 70 $/MWh }'),
    /:9: supply\[0\]\.cost: expected a known field \(did you mean price\? "70 \$\/MWh" is a price\), found unknown field "cost"$/,
  ],
  [
    // A field that is a quantity or a trace (the grid's carbon) is found by its quantity's form.
    'a flat carbon intensity under another name',
    GOOD.replace('- { kind: grid }', '- { kind: grid, co2: 380 gCO2/kWh }'),
    /:9: supply\[0\]\.co2: expected a known field \(did you mean carbon\? "380 gCO2\/kWh" is a carbon intensity\), found unknown field "co2"$/,
  ],
  [
    // Was 'did you mean capacity or outage_mean? "700 W" is a power': "W" reads as weeks too, and a duration named
    // under a power's words ('did you mean duration or step? "700 W" is a duration' at the top). A value of two
    // quantities is the first of them.
    'a value in watts, which also reads as weeks: the fields of power alone',
    GOOD.replace('- { kind: grid }', '- { kind: fusion-ppa, capacity: 1 MW, size: 700 W }\n  - { kind: grid }'),
    /:9: supply\[0\]\.size: expected a known field \(did you mean capacity\? "700 W" is a power\), found unknown field "size"$/,
  ],
  [
    // Was 'did you mean work? required "work" is missing': the required field offered for a value it parses, and a
    // duration reads "700 W" as 700 weeks.
    'a power beside a training run without its work: the work not offered',
    GOOD.replace(
      'supply:',
      'workload:\n  training:\n    - { name: a, cluster: gpu, chips: 8, power: 700 W }\nsupply:',
    ).replace(/workload:\n {2}jobs:\n.*\n/, ''),
    /:7: workload\.training\[0\]\.power: expected a known field \(see `dcpsim schema`\), found unknown field "power"$/,
  ],
  [
    // Was 'did you mean power, charge_power or discharge_power?', each of which refuses a power below zero.
    'a value no field of its quantity takes: no field named for it',
    GOOD.replace(
      '- { kind: grid }',
      '- { kind: battery, energy: 1 MWh, power: 1 MW, rate: -5 MW }\n  - { kind: grid }',
    ),
    /:9: supply\[0\]\.rate: expected a known field \(see `dcpsim schema`\), found unknown field "rate"$/,
  ],
  [
    // Was 'did you mean lifetime? "2 h" is a duration': a lifetime is at least a day.
    'a duration shorter than the one field of durations takes',
    GOOD.replace(
      '- { kind: grid }',
      '- { kind: battery, energy: 1 MWh, power: 1 MW, costs: { capital: 200 $/kW, lifetime: 15y, payback: 2 h } }\n  - { kind: grid }',
    ),
    /:9: supply\[0\]\.costs\.payback: expected a known field \(one of capital, .*lifetime.*\), found unknown field "payback"$/,
  ],
  [
    // Was 'did you mean every or takes?': a refuelling every 2 hours is shorter than its 35 days.
    'a duration one of two fields takes beside the other',
    GOOD.replace(
      '- { kind: grid }',
      '- { kind: smr, rating: 1 MW, refuel: { every: 24mo, takes: 35d, period: 2 h } }\n  - { kind: grid }',
    ),
    /:9: supply\[0\]\.refuel\.period: expected a known field \(did you mean takes\? "2 h" is a duration\), found unknown field "period"$/,
  ],
  [
    // Was 'expected fraction at most 1, found 80': a percentage without its "%".
    'a share written as a percentage',
    GOOD.replace('duration: 1h }', 'duration: 1h, duty: 80 }'),
    /:7: workload\.jobs\[0\]\.duty: expected a fraction at most 1, like 0\.8 or "80%" \(a bare number is a share of 1\), found 80$/,
  ],
  [
    // Was 'expected a number <= 2000' alone, as if no higher orbit were modelled (sp75).
    'a low orbit above 2,000 km',
    GOOD.replace('kind: grid', 'kind: space-solar, panels: 10, orbit: { type: leo, altitude_km: 8000 }'),
    /:9: supply\[0\]\.orbit\.altitude_km: expected a number <= 2000 \(a low Earth orbit, in km: the only orbits higher are type: sso, dawn-dusk Sun-synchronous up to 5,973 km, and type: geo at 35,786 km\), found 8000$/,
  ],
  [
    'unknown supply kind',
    GOOD.replace('kind: grid', 'kind: windmill'),
    // Was 'expected a known kind (see `dcpsim schema`)': the kinds are listed, as the chips are.
    /:9: supply\[0\]\.kind: expected one of "grid", "smr", "fusion-ppa", "space-solar", "battery", found "windmill"$/,
  ],
  [
    // Was the kinds' list alone, space-solar among them: arrays in orbit, sunlit 61 % of the time or more, day and
    // night, which run as a ground array make two to three times its energy.
    'a ground solar or wind supply, which dcpsim does not model',
    GOOD.replace('kind: grid', 'kind: solar'),
    /:9: supply\[0\]\.kind: expected one of "grid", "smr", "fusion-ppa", "space-solar", "battery" \(none for solar or wind on the ground: space-solar is arrays in orbit, sunlit but for their eclipses \(61 % of the time or more\), not a ground array, which dcpsim does not model\), found "solar"$/,
  ],
  [
    'a supply kind under another name',
    GOOD.replace('kind: grid', 'kind: nuclear'),
    /:9: supply\[0\]\.kind: expected one of "grid", "smr", "fusion-ppa", "space-solar", "battery" \(did you mean "smr"\? a fleet of small modular reactors\), found "nuclear"$/,
  ],
  [
    // Was '(did you mean "leo"?)': a letter from "leo", whose altitudes stop at 2,000 km, where a medium orbit is none of
    // the three (sp75).
    'a medium Earth orbit, which dcpsim does not model',
    GOOD.replace('kind: grid', 'kind: space-solar, panels: 10, orbit: { type: meo, altitude_km: 8000 }'),
    /:9: supply\[0\]\.orbit\.type: expected one of "leo", "sso", "geo" \(none for a medium, transfer or elliptical orbit: the orbits are circular, leo up to 2,000 km, sso up to 5,973 km, geo at 35,786 km\), found "meo"$/,
  ],
  [
    // Was 'expected one of "leo", "sso", "geo"' alone.
    'an orbit under its full name',
    GOOD.replace('kind: grid', 'kind: space-solar, panels: 10, orbit: { type: Sun-synchronous }'),
    /:9: supply\[0\]\.orbit\.type: expected one of "leo", "sso", "geo" \(did you mean "sso"\? a dawn-dusk Sun-synchronous orbit\), found "Sun-synchronous"$/,
  ],
  [
    'a geostationary orbit under its name',
    GOOD.replace('kind: grid', 'kind: space-solar, panels: 10, orbit: { type: geostationary }'),
    /:9: supply\[0\]\.orbit\.type: expected one of "leo", "sso", "geo" \(did you mean "geo"\? geostationary, 35,786 km above the equator\), found "geostationary"$/,
  ],
  [
    // Was 'expected one of "pue", "chiller", "economiser", "liquid", "radiator", found "economizer"': the American
    // spelling, ASHRAE's, read as no model at all among five.
    'a cooling model spelt otherwise',
    `${GOOD}facility: { cooling: { model: economizer } }\n`,
    /:10: facility\.cooling\.model: expected one of "pue", "chiller", "economiser", "liquid", "radiator" \(did you mean "economiser"\?\), found "economizer"$/,
  ],
  [
    // Was 'expected a known field (one of model, cop, ...)': a US chiller's rating, in kW per ton, and its EER.
    "a chiller's rating in kW per ton, the cop it is",
    `${GOOD}facility: { cooling: { model: chiller, kw_per_ton: 0.64 } }\n`,
    /:10: facility\.cooling\.kw_per_ton: expected a known field \(did you mean cop\? a chiller's efficiency here is its COP, 3\.517 \/ kW per ton \(an EER is 3\.412 times its COP\)\), found unknown field "kw_per_ton"$/,
  ],
  [
    "a chiller's EER",
    `${GOOD}facility: { cooling: { model: chiller, eer: 18.8 } }\n`,
    /:10: facility\.cooling\.eer: expected a known field \(did you mean cop\? a chiller's efficiency here is its COP, 3\.517 \/ kW per ton \(an EER is 3\.412 times its COP\)\), found unknown field "eer"$/,
  ],
  [
    // Was 'expected a mapping of fields, found "none"': how to run an SMR without its default two trips a year unsaid.
    "an SMR's forced outages turned off in a word",
    GOOD.replace('- { kind: grid }', '- { kind: smr, rating: 1 MW, forced_outages: none }\n  - { kind: grid }'),
    /:9: supply\[0\]\.forced_outages: expected a mapping of fields \{ mttf, mttr \} \(for none, a mttf far beyond the run: \{ mttf: 1e9h, mttr: 1h \}\), found "none"$/,
  ],
  [
    "a grid's outages turned off in a word",
    GOOD.replace('- { kind: grid }', '- { kind: grid, outages: false }'),
    /:9: supply\[0\]\.outages: expected a mapping of fields \(for none, leave outages out\), found false$/,
  ],
  [
    'an orbit by its type alone',
    GOOD.replace('- { kind: grid }', '- { kind: space-solar, panels: 10, orbit: sso }\n  - { kind: grid }'),
    /:9: supply\[0\]\.orbit: expected a mapping of fields \(like \{ type: sso \}\), found "sso"$/,
  ],
  [
    // Was ':9: supply[0].kind: expected a known kind (see `dcpsim schema`), found nothing' (the harness's 'kidn').
    'misspelt kind',
    GOOD.replace('- { kind: grid }', '- { price: 50,\n      kidn: grid }'),
    /:10: supply\[0\]\.kidn: expected a known field \(required "kind" is missing; see `dcpsim schema`\), found unknown field "kidn"$/,
  ],
  [
    'misspelt cooling model',
    `${GOOD}facility: { cooling: { moedl: pue, pue: 1.2 } }\n`,
    /:10: facility\.cooling\.moedl: expected a known field \(required "model" is missing; see `dcpsim schema`\), found unknown field "moedl"$/,
  ],
  [
    // A field unlike the missing kind is not offered as its misspelling.
    'kind left out',
    GOOD.replace('- { kind: grid }', '- { price: 50 }'),
    /:9: supply\[0\]\.kind: expected one of "grid", "smr", "fusion-ppa", "space-solar", "battery", found nothing$/,
  ],
  [
    // Was 'expected a known field (one of ups, pdu, psu)': a transformer's losses, which a one-line diagram lists apart,
    // are the pdu stage's (docs/models/facility.md: transformer/PDU), and a reader looked for where they go.
    'a power-chain transformer, which is the pdu stage',
    GOOD.replace(
      'supply:',
      'facility:\n  cooling: { model: chiller }\n  power_chain: { transformer: { efficiency: 99% } }\nsupply:',
    ),
    /:10: facility\.power_chain\.transformer: expected a known field \(did you mean pdu\? the pdu stage is the transformer and PDU together, one efficiency for both\), found unknown field "transformer"$/,
  ],
  [
    // Was ':1: model: expected a known field (see `dcpsim schema`), found unknown field "model"'.
    'a sweep file where a model goes',
    '# a sweep\nmodel: default\nvary:\n  seed: [1, 2]\n',
    /:2: expected a model file \(a sweep file goes to dcpsim sweep\), found a sweep file \(model: and vary:\)$/,
  ],
  [
    // A sweep file of named cases alone (examples/portfolios.sweep.yaml) was 'model: expected a known field' (out56).
    'a sweep file of cases where a model goes',
    '# cases\nmodel: default\ncases:\n  a: {}\n',
    /:2: expected a model file \(a sweep file goes to dcpsim sweep\), found a sweep file \(model: and cases:\)$/,
  ],
  ['empty file', '', /:1: expected a mapping of fields.*found an empty file/],
  ['a list, not a mapping', '- 1\n- 2\n', /expected a mapping of fields/],
  ['bad date', `start: 2027-2-30\n${GOOD}`, /:1: start: expected an ISO date/],
  // Was 'expected an ISO date like "2027-01-01" ..., found "2027-02-30"', a date of that very form.
  [
    'a day the month lacks',
    `start: 2027-02-30\n${GOOD}`,
    /:1: start: expected a date that exists \(2027-02 has 28 days\), found "2027-02-30"$/,
  ],
  // Was accepted: every row and start_utc were then stamped 0.7 s early (timestamps are whole seconds).
  [
    'a start with a fraction of a second',
    `start: 2027-01-01T00:00:00.7Z\n${GOOD}`,
    /:1: start: expected a date to the whole second \(rows are stamped in whole seconds\), found "2027-01-01T00:00:00\.7Z"$/,
  ],
  // Each of these said 'expected one of the allowed forms (see `dcpsim schema`)' (krn62): a bare year is a number.
  [
    'a start of a year alone',
    `start: 2027\n${GOOD}`,
    /:1: start: expected an ISO date like "2027-01-01" or "2027-01-01T06:00Z", found 2027$/,
  ],
  [
    "a fusion PPA's start of a year alone",
    `${GOOD}  - { kind: fusion-ppa, start: 2028 }\n`,
    /:10: supply\[1\]\.start: expected an ISO date like "2028-01-01", found 2028$/,
  ],
  [
    "a supply's in_service of true",
    GOOD.replace('- { kind: grid }', '- { kind: grid, in_service: true }'),
    /:9: supply\[0\]\.in_service: expected an ISO date like "2027-01-01" or "2027-01-01T06:00Z", found true$/,
  ],
  [
    "a job stream's chips of true",
    GOOD.replace('chips: 1,', 'chips: true,'),
    /:7: workload\.jobs\[0\]\.chips: expected a number or a list, found true$/,
  ],
  [
    "a radiator's faces of 3",
    `${GOOD}facility: { cooling: { model: radiator, area: 1000 m2, faces: 3 } }\n`,
    /:10: facility\.cooling\.faces: expected one of 1, 2, found 3$/,
  ],
  [
    // A YAML 1.1 file reads a timestamp as a date, which the message showed as 'an object {}'.
    'a YAML 1.1 timestamp with a fraction of a second',
    `%YAML 1.1\n---\nstart: 2027-01-01t00:00:00.5Z\n${GOOD}`,
    /:3: start: expected a date to the whole second \(rows are stamped in whole seconds\), found the date 2027-01-01T00:00:00\.500Z$/,
  ],
  [
    'empty supply list',
    GOOD.replace(/supply:\n.*\n/, 'supply: []\n'),
    /supply: expected at least 1 item, found a list of 0/,
  ],
  [
    // A battery's power is the default of each limit: without it, both limits are needed.
    'a battery with one limit and no power',
    `${GOOD}  - { kind: battery, energy: 4 MWh, charge_power: 1 MW }\n`,
    /:10: supply\[1\]\.power: expected a power like "700 W", "1\.2 kW" or "77 MW" \(or both charge_power and discharge_power\), found nothing$/,
  ],
];

describe('loading model files', () => {
  it('reads YAML and JSON and converts units to SI', () => {
    const y = loadScenario({ model: file(GOOD) }).model;
    expect(y.duration).toBe(86400);
    expect(y.workload.jobs[0].rate).toBeCloseTo(1 / 3600, 15);
    const j = loadScenario({
      model: file(
        JSON.stringify({
          duration: '1d',
          clusters: [{ name: 'g', chip: 'H100', count: 2 }],
          supply: [{ kind: 'grid' }],
        }),
        '.json',
      ),
    }).model;
    expect(j.clusters[0].chip).toBe('H100');
    expect(j.step).toBe(900);
  });

  it('reads a model whose lines end in a carriage return alone, as YAML 1.2 allows (classic Mac OS)', () => {
    // It was one line: 'expected valid YAML or JSON, found Nested mappings are not allowed in compact mappings' (krn62).
    const m = loadScenario({ model: file(GOOD.replace(/\n/g, '\r')) }).model;
    expect(m.duration).toBe(86400);
    expect(m.workload.jobs[0].rate).toBeCloseTo(1 / 3600, 15);
    expect(error(() => loadScenario({ model: file(`${GOOD}colour: red\n`.replace(/\n/g, '\r')) })).message).toMatch(
      /:10: colour: expected a known field/,
    );
  });

  it('takes a battery with both limits and no power', () => {
    // Was refused: 'supply[1].power: expected a power like ..., found nothing', though neither limit used it.
    const m = loadScenario({
      model: file(`${GOOD}  - { kind: battery, energy: 4 MWh, charge_power: 1 MW, discharge_power: 2 MW }\n`),
    }).model;
    expect(m.supply[1]).toMatchObject({ charge_power: 1e6, discharge_power: 2e6 });
  });

  it('applies --set overrides, including list items, and rejects unknown sections', () => {
    const m = loadScenario({
      model: file(GOOD),
      set: ['clusters[0].count=5000', 'supply.0.price=80 $/MWh'],
      seed: 9,
    }).model;
    expect(m.clusters[0].count).toBe(5000);
    expect(m.supply[0].kind === 'grid' && m.supply[0].price).toBeCloseTo(80 / 3.6e9, 20);
    expect(m.seed).toBe(9);
    expect(error(() => loadScenario({ model: file(GOOD), set: ['nosuch.thing=1'] })).message).toMatch(
      /--set: nosuch: expected an existing section/,
    );
    // A misspelt section and an item past a list's end say what is there (were 'found nothing there' alone).
    expect(error(() => loadScenario({ model: file(GOOD), set: ['cluster[0].count=5'] })).message).toBe(
      '--set: cluster: expected an existing section of the model, found nothing there (did you mean clusters?)',
    );
    expect(error(() => loadScenario({ model: file(GOOD), set: ['supply[1].price=50'] })).message).toBe(
      '--set: supply[1]: expected an existing section of the model, found nothing there (supply has 1 item)',
    );
    // A section the model leaves out (a grid's costs) was 'found nothing there' alone: it is given whole.
    expect(
      error(() => loadScenario({ model: file(GOOD), set: ['supply[0].costs.fixed_charge=50 $/month'] })).message,
    ).toBe(
      "--set: supply[0].costs: expected an existing section of the model, found nothing there (a section the model leaves out is given whole: --set 'supply[0].costs={ fixed_charge: 50 $/month }')",
    );
    // The value as read, in flow style, for a shell's single quotes: the text as typed made a hint that broke in the
    // shell (a value quoted: --set 'supply[0].costs={ fixed_charge: '50 $/month' }' is two arguments) or in YAML (a
    // comment ate the closing brace; 'a: b' in a flow mapping).
    const hint = (set: string) =>
      /given whole: --set '(.*)'\)$/
        .exec(error(() => loadScenario({ model: file(GOOD), set: [set] })).message)?.[1]
        .replaceAll("'\\''", "'");
    expect(hint("supply[0].costs.fixed_charge='50 $/month'")).toBe('supply[0].costs={ fixed_charge: 50 $/month }');
    expect(hint('supply[0].costs.fixed_charge=50 $/month # the tariff')).toBe(
      'supply[0].costs={ fixed_charge: 50 $/month }',
    );
    expect(hint('demand_response.events.shed=a: b')).toBe('demand_response={ events: { shed: { a: b } } }');
    expect(hint("supply[0].costs.fixed_charge=it's")).toBe("supply[0].costs={ fixed_charge: it's }");
    // An index below the missing section is a list's: it suggested 'supply[0].costs={ tou_demand: { "0": ... } }',
    // refused as 'expected a list, found an object {0}' (krn62). The hint now runs.
    expect(hint('supply[0].costs.tou_demand[0]={ name: peak, from: "12:00", to: "18:00" }')).toBe(
      'supply[0].costs={ tou_demand: [ { name: peak, from: 12:00, to: 18:00 } ] }',
    );
    const job = '{ name: b2, cluster: gpu, rate: 1/h, chips: 1, duration: 1h }';
    const bare = GOOD.replace(/workload:\n.*\n.*\n/, '');
    const jobs = /given whole: --set '(.*)'\)$/.exec(
      error(() => loadScenario({ model: file(bare), set: [`workload.jobs[0]=${job}`] })).message,
    )?.[1];
    expect(jobs).toBe(`workload={ jobs: [ ${job} ] }`);
    expect(loadScenario({ model: file(bare), set: [jobs!] }).model.workload.jobs[0].name).toBe('b2');
    expect(
      loadScenario({
        model: file(GOOD),
        set: ['economics={ discount_rate: 7% }', 'supply[0].costs={ fixed_charge: 50 $/month }'],
      }).model.supply[0],
    ).toMatchObject({ costs: { fixed_charge: expect.any(Number) } });
    expect(error(() => loadScenario({ model: file(GOOD), set: ['junk'] })).message).toMatch(
      /--set: expected path=value/,
    );
  });

  it('reads a key with spaces or brackets quoted in a path, and writes it back so', () => {
    // A grid's `where` and `factors` are keyed by a file's column names ("Balancing Authority", "Net Generation (MW)
    // from Coal"): until 5 December 2026 no --set, --vary or --decide could reach them (a path was words and indices).
    expect(parsePath('supply[0].carbon.where["Balancing Authority"]')).toEqual([
      'supply',
      0,
      'carbon',
      'where',
      'Balancing Authority',
    ]);
    expect(parsePath("a['Net Generation (MW) from Coal'].b")).toEqual(['a', 'Net Generation (MW) from Coal', 'b']);
    expect(parsePath('a["2024"]')).toEqual(['a', '2024']); // a quoted key is a key, never an index
    for (const bad of ['a["x=y"]', 'a["x"', 'a[""]', 'a["x\'][0]', 'a.["x"]'])
      expect(() => parsePath(bad), bad).toThrow();
    for (const keys of [
      ['supply', 0, 'carbon', 'where', 'Balancing Authority'],
      ['a', 'say "hi"', 'b'],
      ['a', 'b-c', 'd_e'],
      ['a', '2024', 'b'], // was written a.2024.b, which reads back as the index 2024
    ])
      expect(parsePath(pathOf(keys)), pathOf(keys)).toEqual(keys);
    expect(pathOf(['a', 'x y', 0])).toBe('a["x y"][0]');
    // A key with spaces written bare is refused with how to write it (was the bare 'like clusters[0].count=5000').
    expect(error(() => loadScenario({ model: file(GOOD), set: ['supply[0].factors[Nuclear [MW]]=1'] })).message).toBe(
      '--set: expected path=value, like clusters[0].count=5000 (a key that is not one word in quotes: where["Balancing Authority"]), found "supply[0].factors[Nuclear [MW]]=1"',
    );
    expect(error(() => loadScenario({ model: file(GOOD), set: ['a.Balancing Authority=PJM'] })).message).toContain(
      'in quotes',
    );
    expect(error(() => loadScenario({ model: file(GOOD), set: ['junk'] })).message).not.toContain('quotes');
  });

  it('a quoted key of digits on a list is refused, not read as the index it spells', () => {
    // A quoted key is a key, never an index: supply["0"].price was supply[0].price under another name, so a sweep
    // varying both ran a 2 x 2 grid whose supply["0"].price column (70, 80 $/MWh) was not the price any run had.
    for (const set of ['clusters["0"].count=5', 'clusters["0"]={ name: x, chip: H100, count: 1 }'])
      expect(error(() => loadScenario({ model: file(GOOD), set: [set] })).message).toBe(
        '--set: clusters["0"]: expected an index of the list, like clusters[0], found the key "0"',
      );
  });

  it("names a --set's own bad value before what it breaks elsewhere in the file", () => {
    // clusters[0].count=-5 also breaks the job's check against the cluster's chips (at the file's line 15), which was
    // reported instead: "workload.jobs[0].chips[0]: expected at most the -5 chips of cluster gpu".
    for (const count of ['-5', '0', '2.5'])
      expect(error(() => loadScenario({ model: file(GOOD), set: [`clusters[0].count=${count}`] })).message).toMatch(
        new RegExp(String.raw`\(--set\): clusters\[0\]\.count: expected .*, found ${count.replace('.', '\\.')}$`),
      );
  });

  it.each(cases)('%s gives one line naming file, field, expected and found', (_name, text, pattern) => {
    const f = file(text);
    const e = error(() => loadScenario({ model: f }));
    expect(e.message).not.toContain('\n');
    expect(e.message.startsWith(f)).toBe(true);
    expect(e.message).toMatch(pattern);
  });

  it('a missing file says so', () => {
    expect(error(() => loadScenario({ model: join(dir, 'nope.yaml') })).message).toMatch(
      /nope\.yaml: expected a readable model file.*found no such file/,
    );
  });
});

describe('the CLI on bad input', () => {
  afterEach(() => vi.restoreAllMocks());

  async function cli(args: string[]): Promise<{ code: number; err: string }> {
    let err = '';
    vi.spyOn(process.stderr, 'write').mockImplementation((s: string | Uint8Array) => ((err += String(s)), true));
    vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    const code = await main(['node', 'dcpsim', ...args]);
    return { code, err };
  }

  it.each(cases.slice(0, 8))('%s: exit non-zero, one line, no output files', async (_name, text) => {
    const out = mkdtempSync(join(tmpdir(), 'dcpsim-out-'));
    const { code, err } = await cli(['run', file(text), '--out', out, '--quiet']);
    expect(code).not.toBe(0);
    expect(err.trim().split('\n')).toHaveLength(1);
    expect(err).toMatch(/^dcpsim: error: .*expected .*found /);
    expect(err).not.toMatch(/\bat .*\.ts:\d+/);
    expect(readdirSync(out)).toEqual([]);
  });

  it('rejects a non-integer --seed before running', async () => {
    const out = join(dir, 'never');
    const { code, err } = await cli(['run', file(GOOD), '--seed', '1.5', '--out', out]);
    expect(code).not.toBe(0);
    expect(err).toMatch(/expected an integer, found "1.5"/);
    expect(existsSync(out)).toBe(false);
  });
});

// A no-break space, as a copy from a web page or a word processor carries, looks like a space: 'seed: expected a
// number, found "7 "' and 'found unknown field " seed" (did you mean seed?)' named characters no one could see.
describe('an invisible character in a model is named, not shown as a space', () => {
  it.each([
    [
      'after a value',
      GOOD.replace('duration: 1d', 'duration: 1d\nseed: 7\u00a0'),
      /found "7\\u00a0" \(\\u00a0 is a no-break space/,
    ],
    [
      'before a field',
      GOOD.replace('duration: 1d', 'duration: 1d\n\u00a0seed: 7'),
      /found unknown field "\\u00a0seed" \(\\u00a0 is a no-break space/,
    ],
    [
      'in a field',
      GOOD.replace('duration: 1d', 'duration: 1d\nseed\u200b: 7'),
      /found unknown field "seed\\u200b" \(\\u200b is a zero-width space/,
    ],
    [
      'after a colon',
      GOOD.replace('duration: 1d', 'duration: 1d\nseed:\u00a07'),
      /:3: expected valid YAML or JSON, found .* on a line holding "\\u00a0" \(\\u00a0 is a no-break space/,
    ],
  ])('%s', (_, text, message) => {
    const e = error(() => loadScenario({ model: file(text) }));
    expect(e.message).toMatch(message);
    expect(e.message).toMatch(/type it again\)$/);
    expect(e.message).not.toMatch(/[\u00a0\u200b]/);
  });
});

// YAML 1.1 (a file that begins %YAML 1.1) reads a number with a leading 0 as octal: 'count: 010', meant as 10 chips,
// ran 8, exit 0; and YAML 1.2 reads '0x40' as 64 and '0o10' as 8, forms no planner means for a count or a quantity.
describe('a number not in decimal digits is refused, not read in another base', () => {
  it.each([
    [
      '%YAML 1.1\n---\n' + GOOD.replace('count: 8', 'count: 010'),
      /:6: clusters\[0\]\.count: expected a number in decimal digits, found 010 \(an octal number to YAML 1\.1: 8\)$/,
    ],
    [
      GOOD.replace('count: 8', 'count: 0x40'),
      /:4: clusters\[0\]\.count: expected a number in decimal digits, found 0x40 \(a hexadecimal number: 64\)$/,
    ],
    [
      GOOD.replace('count: 8', 'count: 0o10'),
      /:4: clusters\[0\]\.count: expected a number in decimal digits, found 0o10 \(an octal number: 8\)$/,
    ],
  ])('%#', (text, message) => {
    expect(error(() => loadScenario({ model: file(text) })).message).toMatch(message);
  });
  // YAML 1.1 reads digits parted by colons in base 60 too: a time-of-use period's 'from: 17:00' was 1020 and refused
  // as 'expected a string (quote a value YAML reads as a number: "1020")', and 'count: 1:04' ran 64 chips, exit 0.
  it.each([
    [
      GOOD.replace('count: 8', 'count: 1:04'),
      /:6: clusters\[0\]\.count: expected a number in decimal digits \(or quoted, "1:04", to be read as written\), found 1:04 \(a base-60 number to YAML 1\.1: 64\)$/,
    ],
    [
      GOOD.replace(
        'kind: grid',
        'kind: grid, price: { periods: [{ from: 00:00, price: 40 }, { from: 17:00, price: 90 }] }',
      ),
      /:11: supply\[0\]\.price\.periods\[0\]\.from: expected a number in decimal digits \(or quoted, "00:00", to be read as written\), found 00:00 \(a base-60 number to YAML 1\.1: 0\)$/,
    ],
  ])('YAML 1.1 base 60 %#', (text, message) => {
    expect(error(() => loadScenario({ model: file(`%YAML 1.1\n---\n${text}`) })).message).toMatch(message);
  });
  it('a time of day in YAML 1.2, or quoted in YAML 1.1, is a string', () => {
    const tou = GOOD.replace(
      'kind: grid',
      "kind: grid, price: { periods: [{ from: '00:00', price: 40 }, { from: '17:00', price: 90 }] }",
    );
    expect(() => loadScenario({ model: file(`%YAML 1.1\n---\n${tou}`) })).not.toThrow();
    expect(() => loadScenario({ model: file(tou.replace(/'/g, '')) })).not.toThrow();
  });
  it('decimal digits are read as written, a leading 0 too', () => {
    expect(loadScenario({ model: file(GOOD.replace('count: 8', 'count: 08')) }).model.clusters[0].count).toBe(8);
    expect(loadScenario({ model: file(`%YAML 1.1\n---\n${GOOD}`) }).model.clusters[0].count).toBe(8);
  });
});

// Inside { }, as every preset writes its supplies, a comma ends a value: 'price: 60,5 $/MWh' was price 60 and a field
// "5 $/MWh", refused as 'supply[0].5 $/MWh: expected a known field (see `dcpsim schema`), found unknown field "5 $/MWh"',
// and 'import_cap: 1,500 kW' as 'import_cap: expected a power with its unit ..., found 1', neither naming the comma
// that 385bf7f names where the value is not inside { }.
describe('a comma in a number inside { } is named', () => {
  it.each([
    [
      GOOD.replace('kind: grid', 'kind: grid, price: 60,5 $/MWh'),
      /:9: supply\[0\]\.price: expected a number without a comma \(inside \{ \} a comma ends the value, and "5 \$\/MWh" after it was read as a field: write "60\.5 \$\/MWh", or "605 \$\/MWh" if the comma parts thousands\), found 60,5 \$\/MWh$/,
    ],
    [
      GOOD.replace('kind: grid', 'kind: grid, import_cap: 1,500 kW'),
      /:9: supply\[0\]\.import_cap: expected a number without a comma \(inside \{ \} a comma ends the value, and "500 kW" after it was read as a field: write "1\.500 kW", or "1500 kW" if the comma parts thousands\), found 1,500 kW$/,
    ],
    [
      GOOD.replace('count: 8', 'count: 1,024'),
      /:4: clusters\[0\]\.count: expected a number without a comma \(.*write "1\.024", or "1024" if the comma parts thousands\), found 1,024$/,
    ],
  ])('%#', (text, message) => {
    expect(error(() => loadScenario({ model: file(text) })).message).toMatch(message);
  });
  it('a list of numbers inside [ ], and fields after a number, are read as before', () => {
    const m = loadScenario({
      model: file(
        GOOD.replace('chips: 1,', 'chips: [1,2],').replace('kind: grid', 'kind: grid, import_cap: 5 kW,price: 60'),
      ),
    }).model;
    expect(m.workload.jobs[0].chips).toEqual([1, 2]);
  });
});

describe('a data path that names a file from the working folder, not the model', () => {
  it("says the path is read from the model's folder, and gives the file as it is from there", () => {
    // A path typed on the command line as a shell completes it, from the working folder: until 7 December 2026 the
    // refusal gave only the path looked at, 'models/models/data/...: no such file or folder (ENOENT)'.
    const dir = mkdtempSync(join(tmpdir(), 'dcpsim-data-path-'));
    const models = join(dir, 'models');
    mkdirSync(join(models, 'data'), { recursive: true });
    writeFileSync(join(models, 'data', 'ci.csv'), 'timestamp,avg_CI\n2027-01-01 00:00:00,400\n');
    writeFileSync(
      join(models, 'm.yaml'),
      'duration: 1d\nclusters:\n  - { name: g, chip: H100, count: 8 }\nsupply:\n  - { kind: grid }\n',
    );
    const cwd = process.cwd();
    process.chdir(dir);
    try {
      const set = (file: string) => ['models/m.yaml', `supply[0].carbon={ file: ${file} }`] as const;
      const run = (file: string) => error(() => loadScenario({ model: set(file)[0], set: [set(file)[1]] })).message;
      expect(run('models/data/ci.csv')).toBe(
        'models/m.yaml (--set): supply[0].carbon.file: expected a readable hourly trace (CSV), found models/models/data/ci.csv: no such file or folder (ENOENT) (a relative path is read from the model\'s folder, models: give this file as "data/ci.csv")',
      );
      // A file that is nowhere is refused as before; one outside the model's folder is given by its absolute path.
      expect(run('models/data/none.csv')).toMatch(
        /found models\/models\/data\/none\.csv: no such file or folder \(ENOENT\)$/,
      );
      writeFileSync(join(dir, 'out.csv'), 'timestamp,avg_CI\n');
      expect(run('out.csv')).toContain(`give this file as ${JSON.stringify(join(dir, 'out.csv'))})`);
    } finally {
      process.chdir(cwd);
    }
  });
});

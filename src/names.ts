/**
 * Component names become column names (`<supply>_kw`, `<cluster>_it_kw`,
 * `<service>_served_tok_s`, `<battery>_soc_pct`) and the summary's dotted
 * names (`sources.<supply>.cost_usd`), so they must map one-to-one to
 * columns that nothing else uses. Two rules:
 *
 *  1. A name holds letters, digits, "_" and "-" and starts with a letter or
 *     digit (no spaces, dots, tabs or newlines: they would split a TSV
 *     cell or a dotted name, and `!!!` made the column `_kw`).
 *  2. No two columns of a run are the same once case and "-"/"_" are set
 *     aside (`Grid` and `grid`, `grid-a` and `grid_a`; a supply `unmet`
 *     beside the built-in `unmet_kw`; a supply `store_charge` beside a
 *     battery `store`; a supply `c_it` beside a cluster `c`).
 *
 * Rule 2 is checked on the run's actual columns (whatever each layer
 * adds), so a column added later is covered by itself, and on monthly.csv's
 * billing-demand columns (a grid `grid`'s window `b` beside a grid `grid_b`).
 */
import type * as z from 'zod';
import type { Scenario } from './scenario.ts';
import { columnName } from './model/column-name.ts';

const NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]*$/;
const NAME_RULE = 'letters, digits, "_" or "-", starting with a letter or digit';

/** Rule 1 for every named component of a model, as zod issues on the name fields. */
export function checkNames(m: Scenario, ctx: z.RefinementCtx): void {
  for (const { keys, name } of namedComponents(m)) {
    if (!NAME_PATTERN.test(name))
      ctx.addIssue({
        code: 'custom',
        message: `a name of ${NAME_RULE} (it goes into column names)`,
        path: keys,
        input: name,
      });
  }
}

interface Named {
  keys: (string | number)[];
  name: string;
  /** What it is called in messages. */
  what: string;
  /** The stem its columns start with. */
  stem: string;
}

function namedComponents(m: Scenario): Named[] {
  return [
    ...m.clusters.map((c, i) => ({
      keys: ['clusters', i, 'name'],
      name: c.name,
      what: `cluster ${c.name}`,
      stem: c.name,
    })),
    ...m.workload.jobs.map((j, i) => ({
      keys: ['workload', 'jobs', i, 'name'],
      name: j.name,
      what: `job stream ${j.name}`,
      stem: '',
    })),
    ...m.workload.training.map((t, i) => ({
      keys: ['workload', 'training', i, 'name'],
      name: t.name,
      what: `training run ${t.name}`,
      stem: '',
    })),
    ...m.workload.inference.map((s, i) => ({
      keys: ['workload', 'inference', i, 'name'],
      name: s.name,
      what: `service ${s.name}`,
      stem: s.name,
    })),
    ...m.supply.map((s, i) => ({
      keys: ['supply', i, 'name'],
      name: s.name,
      what: `supply ${s.name}`,
      stem: columnName(s.name),
    })),
  ];
}

/** How columns compare: case and "-"/"_" set aside. */
const fold = (column: string): string => column.toLowerCase().replaceAll('-', '_');

interface NameClash {
  /** The name field to blame. */
  keys: (string | number)[];
  name: string;
  column: string;
  /** The component whose column it duplicates, or undefined for a built-in column. */
  other?: string;
}

/**
 * Rule 2: the first column that two producers share, blamed on the most
 * specific name that produces it (the longer stem: `store_charge` rather than
 * `store`; of equal ones, the later in the model).
 */
export function findNameClash(m: Scenario, columns: readonly string[]): NameClash | undefined {
  const seen = new Set<string>();
  const named = namedComponents(m).filter((n) => n.stem !== '');
  for (const column of columns) {
    const f = fold(column);
    if (!seen.has(f)) {
      seen.add(f);
      continue;
    }
    const makers = named.filter((n) => f.startsWith(`${fold(n.stem)}_`));
    if (makers.length === 0) continue; // two built-in columns: not a name's doing (a layer's own test catches it)
    let blame = makers[0];
    for (const n of makers) if (n.stem.length >= blame.stem.length) blame = n;
    const other = makers.filter((n) => n !== blame).at(-1);
    return { keys: blame.keys, name: blame.name, column, other: other?.what };
  }
  return undefined;
}

/**
 * What the docs tell a pandas user, run by pandas itself: every fenced `python` block and
 * every inline `pd.read_csv(...)` in docs/*.md and README.md, against the folders the
 * docs' own commands write (shortened), and docs/outputs.md's claim that the workbook's
 * sheets read as its CSVs do. A plotting call goes to a stand-in backend that checks the
 * columns it is given exist and are numbers (no matplotlib needed).
 *
 * Runs wherever a python3 with pandas and openpyxl is found, and always in CI (.ci/run
 * installs python3-pandas and python3-openpyxl).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..');
const PYTHON = ['python3', '/usr/bin/python3'].find(
  (p) => spawnSync(p, ['-c', 'import pandas, openpyxl'], { encoding: 'utf8' }).status === 0,
);
if (!PYTHON && !process.env.CI)
  console.warn(
    'tests/docs-pandas.test.ts skipped: no python3 with pandas and openpyxl (apt-get install -y python3-pandas python3-openpyxl); CI runs it',
  );

/** The folder each snippet reads, made by the command the docs give for it, over a shorter horizon. */
const MAKES: Record<string, string[]> = {
  'runs/default': ['run', 'default', '--duration', '2d', '--out', 'runs/default'],
  // docs/sweeps.md's first command, 2 days and one replicate.
  'runs/default-sweep': [
    'sweep',
    'default',
    '--set',
    'start=2027-07-01',
    '--duration',
    '2d',
    '--vary',
    'supply[1].units=1,2,3',
    '--vary',
    'facility.cooling.cop=4.5:7.5:1',
    '--replicates',
    '1',
    '--seed',
    '1',
    '--out',
    'runs/default-sweep',
  ],
  // docs/sizing.md's decisions, on a smaller lattice.
  'runs/size-plan-smr': [
    'size',
    'plan-smr',
    '--duration',
    '2d',
    '--decide',
    'supply[0].units=1:2',
    '--decide',
    'supply[1].energy=0:100:100 MWh',
    '--require',
    'lole_h<=2',
    '--out',
    'runs/size-plan-smr',
  ],
  'runs/wb': ['run', 'default', '--duration', '40d', '--format', 'xlsx', '--out', 'runs/wb'],
};

interface Snippet {
  file: string;
  code: string;
}

/** The python the docs give: fenced ```python blocks (dedented) and inline `pd.read_csv(...)` spans. */
function snippets(): Snippet[] {
  const files = [
    'README.md',
    ...readdirSync(join(ROOT, 'docs'))
      .filter((f) => f.endsWith('.md'))
      .map((f) => `docs/${f}`),
  ];
  return files.flatMap((file) => {
    const text = readFileSync(join(ROOT, file), 'utf8');
    const fenced = [...text.matchAll(/^([ \t]*)```python\n([\s\S]*?)^[ \t]*```/gm)].map((m) => ({
      file,
      code: m[2]
        .split('\n')
        .map((l) => l.slice(m[1].length))
        .join('\n'),
    }));
    const inline = [...text.matchAll(/`(pd\.read_csv\([^`]*)`/g)].map((m) => ({
      file,
      code: `import pandas as pd\n${m[1]}\n`,
    }));
    return [...fenced, ...inline];
  });
}

/** A pandas plotting backend that draws nothing: it checks the columns a plot is given exist and hold numbers. */
const CHECK_BACKEND = `import pandas as pd
def plot(data, kind='line', x=None, y=None, **kw):
    if isinstance(data, pd.Series):
        data = data.to_frame()
    named = [c for c in [x] + (y if isinstance(y, list) else [y]) if c is not None]
    for c in named or list(data.columns):
        if c not in data.columns:
            raise KeyError(f'{c!r} is not a column')
        if data[c].dtype.kind not in 'fiu':
            raise TypeError(f'{c!r} is {data[c].dtype}, not numbers')
`;

/** docs/outputs.md: each sheet of run.xlsx, read by read_excel, is its CSV as read_csv reads it. */
const WORKBOOK_CHECK = `import json, os, pandas as pd
d = 'runs/wb'
problems = []
sheets = pd.read_excel(os.path.join(d, 'run.xlsx'), sheet_name=None)
for name in sheets:
    csv = os.path.join(d, name + '.csv')
    if name in ('summary', 'model'):
        continue  # a figure a row, and the model's text: no CSV of that shape
    if not os.path.exists(csv):
        problems.append(f'sheet {name}: no {name}.csv')
        continue
    sheet = pd.read_excel(os.path.join(d, 'run.xlsx'), name, skiprows=[1]) if name == 'timeseries' else sheets[name]
    dates = [c for c in pd.read_csv(csv, nrows=0).columns if c.endswith('_utc')]
    table = pd.read_csv(csv, parse_dates=dates, float_precision='round_trip')
    if list(sheet.columns) != list(table.columns) or sheet.shape != table.shape:
        problems.append(f'sheet {name}: columns or shape differ: {sheet.shape} against {table.shape}')
        continue
    for c in table.columns:
        a, b = sheet[c], table[c]
        whole = b.dtype.kind == 'f' and a.dtype.kind == 'i' and (b.dropna() % 1 == 0).all()
        if a.dtype != b.dtype and not whole:
            problems.append(f'{name}.{c}: {a.dtype} in the sheet, {b.dtype} in the CSV')
        elif not a.astype(b.dtype).equals(b):
            problems.append(f'{name}.{c}: values differ')
print(json.dumps({'sheets': sorted(sheets), 'problems': problems}))
`;

describe.skipIf(!PYTHON && !process.env.CI)('pandas, as the docs use it', () => {
  const cwd = mkdtempSync(join(tmpdir(), 'dcpsim-pandas-'));
  const python = (code: string) =>
    spawnSync(PYTHON ?? 'python3', ['-c', code], { cwd, encoding: 'utf8', env: { ...process.env, PYTHONPATH: cwd } });

  beforeAll(() => {
    writeFileSync(join(cwd, 'dcpsim_plot_check.py'), CHECK_BACKEND);
    for (const args of Object.values(MAKES)) {
      const r = spawnSync(process.execPath, [join(ROOT, 'src', 'bin.mjs'), ...args, '--quiet'], {
        cwd,
        encoding: 'utf8',
      });
      expect(r.status, `dcpsim ${args.join(' ')}: ${r.stderr}`).toBe(0);
    }
  }, 300_000);

  it('runs every python snippet of the docs against the folder it reads', () => {
    const found = snippets();
    expect(found.length).toBeGreaterThanOrEqual(3);
    for (const s of found) {
      const folder = /runs\/[\w.-]+/.exec(s.code)?.[0];
      expect(folder && folder in MAKES, `${s.file}: a snippet reads ${folder}: add the command that makes it`).toBe(
        true,
      );
      const r = python(`import pandas as pd\npd.options.plotting.backend = 'dcpsim_plot_check'\n${s.code}`);
      expect(r.status, `${s.file}:\n${s.code}\n${r.stderr}`).toBe(0);
    }
  });

  it('reads each sheet of the workbook as read_csv reads its CSV: the same columns, types and values (docs/outputs.md)', () => {
    const r = python(WORKBOOK_CHECK);
    expect(r.status, r.stderr).toBe(0);
    const { sheets, problems } = JSON.parse(r.stdout) as { sheets: string[]; problems: string[] };
    expect(sheets).toEqual(expect.arrayContaining(['timeseries', 'monthly', 'yearly', 'cashflow', 'training']));
    expect(problems).toEqual([]);
  });
});

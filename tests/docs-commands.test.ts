/**
 * The commands the README and docs/ show, as a new user copies them: each
 * `dcpsim` line of their shell blocks names a command that exists, options
 * that command takes, and presets and files that exist; the README's model
 * example runs, and its mistake gets the error line the README quotes.
 * (Running each command is the presets' and the commands' own tests' work.)
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { buildCli } from '../src/cli.ts';

const ROOT = join(import.meta.dirname, '..');
const DOCS = [
  'README.md',
  ...readdirSync(join(ROOT, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .map((f) => `docs/${f}`),
  ...readdirSync(join(ROOT, 'docs', 'models')).map((f) => `docs/models/${f}`),
];

/** A shell line's words: single and double quotes kept together, a comment dropped. */
function words(line: string): string[] {
  const out: string[] = [];
  for (const m of line.matchAll(/'([^']*)'|"([^"]*)"|(#.*)|(\S+)/g)) {
    if (m[3] !== undefined) break;
    out.push(m[1] ?? m[2] ?? m[4]);
  }
  return out;
}

/** Every `dcpsim ...` of a document's sh blocks (continuations joined, `a && b` split) and prose, with its line. */
function commands(doc: string): { line: number; argv: string[] }[] {
  const text = readFileSync(join(ROOT, doc), 'utf8');
  const out: { line: number; argv: string[] }[] = [];
  for (const block of text.matchAll(/```sh\n([\s\S]*?)```/g)) {
    const first = text.slice(0, block.index).split('\n').length + 1;
    const lines = block[1].replace(/\\\n/g, '  ').split('\n');
    lines.forEach((l, i) => {
      for (const part of l.split(/&&|\|/)) {
        const w = words(part);
        const at = w.indexOf('dcpsim');
        if (at >= 0 && (at === 0 || w[at - 1] === 'npx')) out.push({ line: first + i, argv: w.slice(at + 1) });
      }
    });
  }
  // And those of the prose, `dcpsim sweep examples/cooling.sweep.yaml` (sh blocks left out), but for patterns with
  // placeholders (`dcpsim size <folder>`): until 6 December 2026 docs/sweeps.md named a models/cooling.sweep.yaml that
  // never was.
  const prose = text.replace(/```[\s\S]*?```/g, (b) => '\n'.repeat(b.split('\n').length - 1));
  for (const m of prose.matchAll(/`(?:npx )?dcpsim ([^`<]+)`/g))
    out.push({ line: prose.slice(0, m.index).split('\n').length, argv: words(m[1]) });
  return out;
}

const cli = buildCli();
const PRESETS = new Set(readdirSync(join(ROOT, 'models')).map((f) => f.replace(/\.yaml$/, '')));

const SHOWN = DOCS.map((doc) => [doc, commands(doc)] as const).filter(([, found]) => found.length > 0);

describe.each(SHOWN)('the dcpsim commands of %s', (doc, found) => {
  it('name commands, options, presets and files that exist', () => {
    for (const { line, argv } of found) {
      const where = `${doc}:${line}: dcpsim ${argv.join(' ')}`;
      if (argv[0]?.startsWith('-')) {
        expect(['--version', '-V', '--help', '-h'], where).toContain(argv[0]);
        continue;
      }
      const cmd = cli.commands.find((c) => c.name() === argv[0]);
      expect(cmd, where).toBeDefined();
      const flags = new Set(cmd!.options.flatMap((o) => [o.long, o.short, o.negate ? o.long : undefined]));
      flags.add('--help');
      for (const w of argv.slice(1)) {
        if (w.startsWith('-')) expect(flags.has(w.split('=')[0]), `${where}: ${w}`).toBe(true);
        // Files a user does not make first (runs/ are written by the commands before them).
        else if (/^(models|tests|examples|docs)\/.*\.\w+$/.test(w))
          expect(existsSync(join(ROOT, w)), `${where}: ${w}`).toBe(true);
      }
      // The model argument by name: a preset.
      const model = argv[1];
      if (
        ['run', 'sweep', 'size', 'validate'].includes(argv[0]) &&
        model &&
        !model.startsWith('-') &&
        !/[/.]/.test(model) // a preset's name, not the user's own file
      )
        expect(PRESETS.has(model) || existsSync(join(ROOT, model)), `${where}: preset ${model}`).toBe(true);
    }
  });
});

describe('the commands as a zsh user pastes them', () => {
  it('quote every argument with brackets (zsh, the macOS shell, globs supply[0].units=3: "no matches found")', () => {
    // The dcpsim lines of the docs' sh blocks and of the commands' --help examples (src/cli.ts).
    const lines: string[] = [];
    for (const doc of DOCS) {
      const text = readFileSync(join(ROOT, doc), 'utf8');
      for (const block of text.matchAll(/```sh\n([\s\S]*?)```/g))
        for (const l of block[1].split('\n')) if (/dcpsim /.test(l)) lines.push(`${doc}: ${l}`);
    }
    for (const l of readFileSync(join(ROOT, 'src', 'cli.ts'), 'utf8').split('\n'))
      if (/^ {2}dcpsim /.test(l)) lines.push(`src/cli.ts: ${l}`);
    // And the commands the presets' and examples' comments give (until 6 December 2026 smr-campus.yaml's
    // `--set supply[0].units=3` and orbital-50k-h100.yaml's `--set supply[0].panels=70000`, bare).
    for (const dir of ['models', 'examples', 'examples/slurm', 'examples/kubernetes'])
      for (const f of readdirSync(join(ROOT, dir)).filter((f) => /\.(ya?ml|sh|sbatch)$/.test(f)))
        for (const l of readFileSync(join(ROOT, dir, f), 'utf8').split('\n'))
          if (/^#.*\bdcpsim (run|sweep|size|diff|validate) /.test(l))
            lines.push(`${dir}/${f}: ${l.replace(/^#\s*/, '')}`);
    expect(lines.length).toBeGreaterThan(30);
    const bare = lines.filter((l) => /\[\d+\]/.test(l.replace(/'[^']*'|"[^"]*"|#.*$/g, '')));
    expect(bare).toEqual([]);
  });
});

describe("the README's model example", () => {
  it('is a valid model, and its mistake (count -5) gets the error line the README quotes', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const yaml = /```yaml\n([\s\S]*?)```/.exec(readme)![1];
    const quoted = /^dcpsim: error: models\/my-campus\.yaml:\d+: clusters\[0\]\.count: .*$/m.exec(readme)![0];
    const dir = mkdtempSync(join(tmpdir(), 'dcpsim-readme-'));
    mkdirSync(join(dir, 'models'));
    const validate = (text: string) => {
      writeFileSync(join(dir, 'models', 'my-campus.yaml'), text);
      return spawnSync(process.execPath, [join(ROOT, 'src', 'bin.mjs'), 'validate', 'models/my-campus.yaml'], {
        cwd: dir,
        encoding: 'utf8',
      });
    };
    expect(validate(yaml).status).toBe(0);
    const bad = validate(yaml.replace('count: 10000', 'count: -5'));
    expect(bad.status).toBe(1);
    expect(bad.stderr).toBe(`${quoted}\n`);
  });
});

describe("docs/sweeps.md's sweep file", () => {
  // Its cooling sweep (a models/cooling.sweep.yaml never shipped), and since 7 December 2026 its portfolios, whose
  // block had no test (as docs/sizing.md's quote of examples/campus.size.yaml's lattice went stale).
  it.each(['cooling', 'portfolios'])('is examples/%s.sweep.yaml, which it names', (name) => {
    const doc = readFileSync(join(ROOT, 'docs', 'sweeps.md'), 'utf8');
    const block = new RegExp(`\`\`\`yaml\\n# examples/${name}\\.sweep\\.yaml[^\\n]*\\n([\\s\\S]*?)\`\`\``).exec(doc);
    expect(block).not.toBeNull();
    const file = readFileSync(join(ROOT, 'examples', `${name}.sweep.yaml`), 'utf8');
    expect(parse(block![1])).toEqual(parse(file));
  });

  it("quotes the cooling sweep's runs as its file gives them (docs/sweeps.md's merge errors, examples/slurm/merge.sbatch)", () => {
    const file = parse(readFileSync(join(ROOT, 'examples', 'cooling.sweep.yaml'), 'utf8'));
    // Its points: the product of each varied field's values (lo:hi:step, both ends included, or a list).
    const points = Object.values(file.vary as Record<string, string | unknown[]>)
      .map((v) => {
        if (Array.isArray(v)) return v.length;
        const [lo, hi, step = 1] = v.split(':').map(Number);
        return Math.floor((hi - lo) / step + 1e-9) + 1;
      })
      .reduce((a, b) => a * b, 1);
    const runs = points * file.replicates;
    // Shard 2 of 8 (index 2) holds the points of index 2, 10, ...: round-robin.
    const shard2 = Array.from({ length: points }, (_, i) => i).filter((i) => i % 8 === 2).length * file.replicates;
    const quotes = [
      ...readFileSync(join(ROOT, 'docs', 'sweeps.md'), 'utf8').matchAll(
        /expected results of all (\d+) runs, found (\d+) missing/g,
      ),
      ...readFileSync(join(ROOT, 'examples', 'slurm', 'merge.sbatch'), 'utf8').matchAll(
        /expected results of all (\d+) runs, found (\d+) missing/g,
      ),
    ];
    expect(quotes.length).toBe(3);
    for (const q of quotes) {
      expect(Number(q[1])).toBe(runs);
      expect(Number(q[2])).toBeLessThanOrEqual(shard2);
    }
    // And the file's own comment: "(240 runs of 30 days)".
    const own = /\((\d+) runs of (\d+) days\)/.exec(readFileSync(join(ROOT, 'examples', 'cooling.sweep.yaml'), 'utf8'));
    expect([Number(own?.[1]), `${own?.[2]}d`]).toEqual([runs, file.duration]);
  });
});

describe('the flags the docs quote in their prose, as a zsh user pastes them', () => {
  it("quote a value with brackets in a `dcpsim ...` or `--set ...` span too (docs/sizing.md's `--set supply[0].carbon=0` until 6 December 2026)", () => {
    const spans: string[] = [];
    for (const doc of DOCS) {
      const prose = readFileSync(join(ROOT, doc), 'utf8').replace(/```[\s\S]*?```/g, '');
      for (const m of prose.matchAll(/`((?:npx )?dcpsim [^`]*|--(?:set|vary|decide|case|require) [^`]*)`/g))
        if (!/: expected /.test(m[1])) spans.push(`${doc}: ${m[1]}`); // an error quoted, not a command
    }
    expect(spans.length).toBeGreaterThan(100);
    const bare = spans.filter((s) => /\[\d+\]/.test(s.replace(/'[^']*'|"[^"]*"/g, '')));
    expect(bare).toEqual([]);
  });
});

describe("docs/sizing.md's merge error for examples/campus.size.yaml", () => {
  it("counts the runs and candidates the file gives (until 7 December 2026 it quoted 64 runs of 32, the file's lattice of 1 December)", () => {
    const doc = readFileSync(join(ROOT, 'docs', 'sizing.md'), 'utf8');
    const quoted =
      /runs\/size-campus: expected results of all (\d+) runs of the sizing's (\d+) candidates, found (\d+) missing in shard 1 \(never started\) of 0\.\.1/.exec(
        doc,
      );
    expect(quoted).not.toBeNull();
    const file = parse(readFileSync(join(ROOT, 'examples', 'campus.size.yaml'), 'utf8'));
    // Each decision's values, lo:hi[:step] with a unit after it, both ends included.
    const values = Object.values(file.decide as Record<string, string>).map((range) => {
      const [lo, hi, step = 1] = range
        .replace(/[^\d.:]/g, '')
        .split(':')
        .map(Number);
      return Math.floor((hi - lo) / step + 1e-9) + 1;
    });
    const candidates = values.reduce((a, b) => a * b, 1);
    // Shard 2 of 2 (index 1) holds the candidates of odd index, round-robin.
    const missing = Math.floor(candidates / 2) * file.replicates;
    expect(quoted!.slice(1).map(Number)).toEqual([candidates * file.replicates, candidates, missing]);
  });
});

describe("docs/library.md's run options", () => {
  it('name every field of RunOptions (until 7 December 2026 it left out sync and onFolder)', () => {
    const src = readFileSync(join(ROOT, 'src', 'run.ts'), 'utf8');
    const body = /export interface RunOptions \{([\s\S]*?)\n\}/.exec(src)?.[1] ?? '';
    const fields = [...body.matchAll(/^ {2}(\w+)\??[(:]/gm)].map((m) => m[1]);
    expect(fields.length).toBeGreaterThan(10);
    const doc = readFileSync(join(ROOT, 'docs', 'library.md'), 'utf8');
    expect(fields.filter((f) => !new RegExp(`\`${f}[\`:(]`).test(doc))).toEqual([]);
  });
});

describe("the README's row of data brought as downloaded", () => {
  it('names every market and operator whose files docs/models/supply.md reads (until 7 December 2026 not MISO, SPP or ISO New England)', () => {
    const supply = readFileSync(join(ROOT, 'docs', 'models', 'supply.md'), 'utf8');
    const grid = supply.slice(0, supply.indexOf('## The models'));
    // Each is named in bold where its layout is described: "- **MISO** LMPs are read as ...".
    const names = [...grid.matchAll(/(?:^\s*- |\. )\*\*([^*]+)\*\*/gm)].map((m) =>
      m[1].replace(/ Transparency Platform$/, ''),
    );
    expect(names.length).toBeGreaterThanOrEqual(10);
    const row = readFileSync(join(ROOT, 'README.md'), 'utf8')
      .split('\n')
      .find((l) => l.startsWith('| bring your own data'));
    expect(row).toBeDefined();
    expect(names.filter((n) => !row!.includes(n))).toEqual([]);
  });
});

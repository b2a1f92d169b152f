/** What a command prints on a terminal narrower than its lines (src/output/terminal/wrap.ts). */
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { wrapProse } from '../../src/output/terminal/wrap.ts';

const ROOT = join(import.meta.dirname, '..', '..');

describe('prose on a narrow terminal', () => {
  const economics =
    '1 year at 7.0%: NPC $1,218.86M (supplies $81.93M, hardware $1,136.93M), $1,304.18M a year; LCOE 105.93 $/MWh';
  const row = 'facility (PUE 1.128)                         136,036.8    12.34   1,635.0';

  it('breaks a long line at its spaces, the rest indented, where the terminal broke it mid-word', () => {
    // At 80 columns a terminal showed '...hardware $1,136.93M), $1,3' then '04.18M a year...'.
    expect(wrapProse(`${economics}\n`, 40)).toBe(
      '1 year at 7.0%: NPC $1,218.86M (supplies\n' +
        '  $81.93M, hardware $1,136.93M),\n' +
        '  $1,304.18M a year; LCOE 105.93 $/MWh\n',
    );
    for (const l of wrapProse(economics, 40).split('\n')) expect(l.length).toBeLessThanOrEqual(40);
    expect(wrapProse('  a note indented by two that is long', 20)).toBe('  a note indented by\n    two that is long');
  });

  it('leaves table rows, lines that fit, and output of no known width (a pipe) as they are', () => {
    expect(wrapProse(row, 40)).toBe(row);
    expect(wrapProse('short line\n', 40)).toBe('short line\n');
    expect(wrapProse(economics, undefined)).toBe(economics);
  });

  it("wraps a run's closing lines on a terminal 60 columns wide, and not through a pipe", (ctx) => {
    if (spawnSync('script', ['--version']).status !== 0) ctx.skip();
    const cwd = mkdtempSync(join(tmpdir(), 'dcpsim-wrap-'));
    const run = `node ${join(ROOT, 'src', 'bin.mjs')} run ${join(ROOT, 'tests', 'fixtures', 'small.yaml')} --out r`;
    const tty = spawnSync('script', ['-qfc', `stty cols 60; ${run}`, '/dev/null'], { cwd, encoding: 'utf8' });
    const lines = tty.stdout.replace(/\r/g, '').trimEnd().split('\n');
    const wrote = lines.findIndex((l) => l.startsWith('wrote '));
    expect(wrote, tty.stdout).toBeGreaterThan(0);
    for (const l of lines.filter((x) => !/\S {2,}\S/.test(x))) expect(l.length, l).toBeLessThanOrEqual(60);
    // The reliability line's note (90 characters) goes on indented: a continuation, not a table row.
    expect(
      lines.some((l) => /^ {2}\S/.test(l) && !/\S {2,}\S/.test(l)),
      tty.stdout,
    ).toBe(true);
    const piped = spawnSync('bash', ['-c', run], { cwd, encoding: 'utf8' });
    expect(piped.stdout.trimEnd().split('\n').at(-1)).toMatch(/^wrote .* and summary\.json in [\d.]+ s$/);
  });
});

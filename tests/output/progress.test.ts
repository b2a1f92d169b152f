/** The progress line a terminal shows (src/output/terminal/progress.ts). */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Progress, progressWanted } from '../../src/output/terminal/progress.ts';

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllEnvs();
});

describe('the progress line', () => {
  it('gives the time left only once some work is done: none done is no estimate, not "~0s left"', () => {
    vi.useFakeTimers({ now: 0 });
    const written: string[] = [];
    const p = new Progress('dcpsim sweep x', { write: (s: string) => written.push(s) } as never, true);
    vi.setSystemTime(1500);
    p.update(0, '0/120 done, 2 running, 0 failed,');
    // Was '...   0% 0/120 done, 2 running, 0 failed, 1.5s, ~0s left' while the first two runs went.
    expect(written.at(-1)).toBe(
      '\rdcpsim sweep x [....................]   0% 0/120 done, 2 running, 0 failed, 1.5s\x1b[K',
    );
    vi.setSystemTime(3000);
    p.update(0.25, '30/120 done, 2 running, 0 failed,');
    expect(written.at(-1)).toBe(
      '\rdcpsim sweep x [#####...............]  25% 30/120 done, 2 running, 0 failed, 3.0s, ~9s left\x1b[K',
    );
  });
});

describe('a progress line while nothing finishes', () => {
  // What a progress line on (a terminal) or off (piped, CI) writes over 3.5 s with nothing done, then 3 s after done().
  const frames = (enabled: boolean): string[] => {
    vi.useFakeTimers({ now: 0 });
    const written: string[] = [];
    const p = new Progress('dcpsim size x', { write: (s: string) => written.push(s) } as never, enabled);
    p.redrawEachSecond(() => p.update(0, '0/4 runs,'));
    vi.advanceTimersByTime(3500);
    p.done();
    vi.advanceTimersByTime(3000);
    return written;
  };

  it('redraws each second, so the elapsed time moves during a long run (a sizing sat still for a whole candidate)', () => {
    expect(frames(true)).toEqual([
      '\rdcpsim size x [....................]   0% 0/4 runs, 1.0s\x1b[K',
      '\rdcpsim size x [....................]   0% 0/4 runs, 2.0s\x1b[K',
      '\rdcpsim size x [....................]   0% 0/4 runs, 3.0s\x1b[K',
      '\r\x1b[K', // cleared by done(), and no redraw after it
    ]);
  });

  it('draws nothing each second when off (piped, CI)', () => expect(frames(false)).toEqual([]));
});

describe('a progress line on a narrow terminal', () => {
  // What the line draws on a terminal `columns` wide, a quarter of a sweep done at 3 s.
  const drawn = (columns: number | undefined, label = 'dcpsim sweep x'): string => {
    vi.useFakeTimers({ now: 0 });
    const written: string[] = [];
    const p = new Progress(label, { write: (s: string) => written.push(s), columns } as never, true);
    vi.setSystemTime(3000);
    p.update(0.25, '30/120 done, 2 running, 0 failed,');
    return written
      .at(-1)!
      .replace(/^\r/, '')
      .replace(/\x1b\[K$/, '');
  };

  it('fits in one row: a longer line wrapped and each redraw left a row behind (a trail of half lines at 20 columns)', () => {
    // Was the whole 90-character line at any width: in a 20-column tmux pane, five rows a redraw, scrolling.
    for (const columns of [10, 20, 40, 60, 80]) expect(drawn(columns).length, `${columns}`).toBeLessThan(columns);
  });

  it('keeps the share done and the time, which move, to the last: a line cut at its end sat still', () => {
    // Was 'dcpsim sweep x  25%' at 20 columns, and at 60 a sweep named default-sweep read
    // 'dcpsim sweep default-sweep  25% 30/120 done, 2 running, 0 fail', the same each second.
    expect(drawn(20)).toBe('25% 3.0s, ~9s left');
    expect(drawn(60, 'dcpsim sweep default-sweep')).toBe('25% 30/120 done, 2 running, 0 failed, 3.0s, ~9s left');
    expect(drawn(10)).toBe('25% 3.0s,');
  });

  it('leaves out the bar before the figures, and is whole where it fits or the width is unknown', () => {
    expect(drawn(80)).toBe('dcpsim sweep x  25% 30/120 done, 2 running, 0 failed, 3.0s, ~9s left');
    const whole = 'dcpsim sweep x [#####...............]  25% 30/120 done, 2 running, 0 failed, 3.0s, ~9s left';
    expect(drawn(120)).toBe(whole);
    vi.stubEnv('COLUMNS', '');
    expect(drawn(undefined)).toBe(whole);
  });

  it('takes the width from COLUMNS where the terminal gives none (a pseudo-terminal nobody sized, as under script)', () => {
    // Node reads 0 columns there; the line was drawn whole, 90 characters, in a shell that exported COLUMNS=40.
    vi.stubEnv('COLUMNS', '40');
    expect(drawn(0)).toBe('25% 3.0s, ~9s left');
    expect(drawn(80)).toBe('dcpsim sweep x  25% 30/120 done, 2 running, 0 failed, 3.0s, ~9s left');
  });
});

describe('where a progress line is drawn', () => {
  it("on a terminal only, and not on a dumb one (an editor's shell buffer draws its escape codes as text)", () => {
    vi.stubEnv('CI', '');
    vi.stubEnv('TERM', 'xterm-256color');
    expect(progressWanted({ isTTY: true })).toBe(true);
    expect(progressWanted({ isTTY: false })).toBe(false);
    vi.stubEnv('TERM', 'dumb');
    expect(progressWanted({ isTTY: true })).toBe(false);
    vi.stubEnv('TERM', 'xterm-256color');
    vi.stubEnv('CI', '1');
    expect(progressWanted({ isTTY: true })).toBe(false);
  });
});

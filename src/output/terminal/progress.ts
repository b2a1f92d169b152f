/**
 * A one-line progress display on a terminal; silent when stderr is piped, in
 * CI, on a dumb terminal (TERM=dumb: an editor's shell buffer, which draws the
 * line's escape codes as text) or for work that ends within a second.
 */
import type { WriteStream } from 'node:tty';

/** Whether a progress line may be drawn on `stream`: a terminal, not CI, not TERM=dumb. */
export function progressWanted(stream: { isTTY?: boolean } = process.stderr): boolean {
  return Boolean(stream.isTTY) && !process.env.CI && process.env.TERM !== 'dumb';
}

export class Progress {
  private readonly started = Date.now();
  private shown = false;
  private lastDraw = 0;
  private timer: ReturnType<typeof setInterval> | undefined;

  constructor(
    private readonly label: string,
    private readonly stream: WriteStream = process.stderr,
    private readonly enabled = progressWanted(),
  ) {}

  update(fraction: number, detail = ''): void {
    if (!this.enabled) return;
    const now = Date.now();
    const elapsed = (now - this.started) / 1000;
    if (elapsed < 1 || (now - this.lastDraw < 100 && fraction < 1)) return;
    this.lastDraw = now;
    // Nothing done yet (a sweep's first runs going) gives no estimate: it is not "~0s left".
    const eta = fraction > 0 ? `, ~${(elapsed * (1 / fraction - 1)).toFixed(0)}s left` : '';
    const bar = '#'.repeat(Math.round(fraction * 20)).padEnd(20, '.');
    const parts = { label: this.label, bar, share: `${(fraction * 100).toFixed(0).padStart(3)}%`, detail };
    this.stream.write(`\r${fit({ ...parts, time: `${elapsed.toFixed(1)}s${eta}` }, widthOf(this.stream))}\x1b[K`);
    this.shown = true;
  }

  /** Call `draw` each second too, until done, so the time moves while long work has nothing to report. */
  redrawEachSecond(draw: () => void): void {
    if (!this.enabled) return;
    this.timer = setInterval(draw, 1000);
    this.timer.unref();
  }

  done(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    if (this.shown) this.stream.write('\r\x1b[K');
    this.shown = false;
  }
}

/**
 * The terminal's width: the stream's, or where the terminal gives none (0: a pseudo-terminal whose size nobody set, as
 * under `script` or some CI runners and editors) the COLUMNS a shell exports, as ls and less read it.
 */
export function widthOf(stream: { columns?: number }): number | undefined {
  if (stream.columns) return stream.columns;
  const env = Number(process.env.COLUMNS);
  return Number.isInteger(env) && env > 0 ? env : undefined;
}

/**
 * The line to draw on a terminal `columns` wide: a line longer than the terminal wraps, and each redraw (a carriage
 * return goes back to the start of the last row only) left a row behind, a trail of half lines down the screen at
 * 20 columns. Without the bar when the whole line does not fit, then without the label (the command the user typed),
 * then without the detail, then cut to one column short of the width. The share done and the time are the last to go:
 * they are what moves, and a line cut at its end showed neither (a sweep at 60 columns read '0% 0/4 done, 2 running,
 * 0 fail' for a minute, as if stuck).
 */
function fit(
  p: { label: string; bar: string; share: string; detail: string; time: string },
  columns: number | undefined,
): string {
  const tail = [p.share, p.detail, p.time].filter(Boolean).join(' ');
  const whole = `${p.label} [${p.bar}] ${tail}`;
  if (!columns || columns < 2) return whole;
  const tries = [whole, `${p.label} ${tail}`, tail.trimStart(), `${p.share} ${p.time}`.trimStart()];
  const line = tries.find((l) => l.length < columns) ?? tries[tries.length - 1];
  return line.slice(0, columns - 1);
}

/**
 * A one-line progress display on a terminal; silent when stderr is piped or
 * for work that ends within a second.
 */
import type { WriteStream } from 'node:tty';

export class Progress {
  private readonly started = Date.now();
  private shown = false;
  private lastDraw = 0;
  private timer: ReturnType<typeof setInterval> | undefined;

  constructor(
    private readonly label: string,
    private readonly stream: WriteStream = process.stderr,
    private readonly enabled = Boolean(process.stderr.isTTY) && !process.env.CI,
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
    const rest = `${(fraction * 100).toFixed(0).padStart(3)}% ${detail} ${elapsed.toFixed(1)}s${eta}`;
    this.stream.write(`\r${fit(`${this.label} [${bar}] ${rest}`, `${this.label} ${rest}`, this.stream.columns)}\x1b[K`);
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
 * The line to draw on a terminal `columns` wide: a line longer than the terminal wraps, and each redraw (a carriage
 * return goes back to the start of the last row only) left a row behind, a trail of half lines down the screen at
 * 20 columns. Without the bar when the whole line does not fit, then cut to one column short of the width.
 */
export function fit(line: string, withoutBar: string, columns: number | undefined): string {
  if (!columns || columns < 2 || line.length < columns) return line;
  return withoutBar.length < columns ? withoutBar : withoutBar.slice(0, columns - 1);
}

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
    this.stream.write(
      `\r${this.label} [${bar}] ${(fraction * 100).toFixed(0).padStart(3)}% ${detail} ${elapsed.toFixed(1)}s${eta}\x1b[K`,
    );
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

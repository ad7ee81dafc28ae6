/**
 * A progress line on stderr for files that take more than a second to read, only when stderr is
 * a terminal (scripts reading stderr get nothing but warnings and errors).
 */
/** Files read faster than this show no progress at all. */
const SHOW_AFTER_MS = 1000;
/** Redraw at most this often. */
const REDRAW_EVERY_MS = 100;

export interface ProgressOutput {
  isTTY?: boolean;
  write(s: string): boolean;
}

export class ProgressLine {
  private readonly started: number;
  private lastDraw = 0;
  private shown = false;

  constructor(private readonly out: ProgressOutput, private readonly label: string, private readonly now = Date.now) {
    this.started = now();
  }

  update(bytesRead: number, totalBytes: number, packets: number, connections: number): void {
    const t = this.now();
    // Time first: whether stderr is a terminal is not asked of a read that ends within a second (see io.ts).
    if (t - this.started < SHOW_AFTER_MS || t - this.lastDraw < REDRAW_EVERY_MS || !this.out.isTTY) return;
    this.lastDraw = t;
    this.shown = true;
    const pct = totalBytes > 0 ? Math.min(100, Math.floor((bytesRead / totalBytes) * 100)) : 0;
    this.out.write(`\r\x1b[K${this.label}: ${pct}%  ${packets.toLocaleString('en-US')} packets, ${connections.toLocaleString('en-US')} connections`);
  }

  done(): void {
    if (this.shown) this.out.write('\r\x1b[K');
    this.shown = false;
  }
}

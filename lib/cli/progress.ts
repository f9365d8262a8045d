import type { CliIO } from './io';

/**
 * A progress bar on standard error while a command fetches history, drawn only on a terminal: piped or
 * captured output stays free of carriage returns.
 */
export class ProgressBar {
  private last = -1;

  constructor(
    private readonly io: CliIO,
    private readonly label: string,
  ) {}

  /** Draws the bar at `done` (0 to 1), when it moved by a whole percent. */
  public update(done: number): void {
    if (!this.io.stderrIsTTY) return;
    const percent = Math.max(0, Math.min(100, Math.floor(done * 100)));
    if (percent === this.last) return;
    this.last = percent;
    const width = 30;
    const filled = Math.round((percent / 100) * width);
    this.io.stderr(`\r${this.label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${String(percent).padStart(3)}%`);
  }

  /** Clears the bar's line. */
  public done(): void {
    if (!this.io.stderrIsTTY || this.last < 0) return;
    this.io.stderr(`\r${' '.repeat(this.label.length + 40)}\r`);
  }
}

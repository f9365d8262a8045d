import { Duration } from '../common/duration';
import type { ReportFile } from '../reports/report-files';
import { CliIO, UsageError } from './io';

/** A duration flag, or a usage error naming it. */
export function parseDurationFlag(flag: string, text: string): Duration {
  let d: Duration;
  try {
    d = Duration.parse(text);
  } catch {
    throw new UsageError(`--${flag} ${JSON.stringify(text)} is not a duration such as 30d, 1h or 5m`);
  }
  if (d.toMilliseconds() <= 0) throw new UsageError(`--${flag} must be longer than zero`);
  return d;
}

/** `--end`: RFC 3339 or Unix seconds; now when absent. Seconds since the epoch. */
export function parseEndFlag(text: string | undefined): number {
  if (text === undefined) return Math.floor(Date.now() / 1000);
  const seconds = /^\d+(\.\d+)?$/.test(text) ? Number(text) : Date.parse(text) / 1000;
  if (!Number.isFinite(seconds)) throw new UsageError(`--end ${JSON.stringify(text)} is not a time: give RFC 3339 (2025-03-31T00:00:00Z) or Unix seconds`);
  return Math.floor(seconds);
}

/** Writes a report's files (the Markdown and its charts) all together or not at all. */
export function writeReport(io: CliIO, files: readonly ReportFile[]): void {
  io.writeFiles(files.map((f) => ({ path: f.path, text: f.content })));
}

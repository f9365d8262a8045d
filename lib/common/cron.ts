import { CronExpressionParser } from 'cron-parser';
import { Duration } from './duration';
import type { SpecPath } from './errors';

/**
 * Which cron dialect a schedule is written for.
 *
 * - `standard`: five fields (minute hour day-of-month month day-of-week) and the `@hourly`, `@daily`,
 *   `@weekly`, `@monthly`, `@yearly` and `@every <duration>` descriptors, as Kubernetes CronJobs, Velero
 *   and Chaos Mesh read them (Go's robfig/cron standard parser).
 * - `seconds`: six fields, seconds first, as CloudNativePG's ScheduledBackup reads them.
 */
export type CronDialect = 'standard' | 'seconds';

/** A checked cron schedule and what it means in time. */
export interface CronSchedule {
  /** The expression as written. */
  readonly expression: string;
  /** The dialect it was checked for. */
  readonly dialect: CronDialect;
  /** The longest time between two consecutive runs (over a year of runs), e.g. 6h for `0 *\/6 * * *`. */
  readonly maxGap: Duration;
  /** The shortest time between two consecutive runs. */
  readonly minGap: Duration;
}

/** Runs are counted from here, so the gaps of a schedule are the same on every machine. */
const FROM = new Date('2025-01-01T00:00:00Z');
const HORIZON_MS = Duration.days(400).toMilliseconds();
const MAX_RUNS = 50_000;
const EVERY = /^@every\s+(\S+)$/;
const DESCRIPTORS = new Set(['@yearly', '@annually', '@monthly', '@weekly', '@daily', '@midnight', '@hourly']);

/**
 * Parses a cron schedule and works out the gaps between its runs (in UTC).
 *
 * @returns the schedule, or a sentence saying why the text is not one.
 */
export function parseCron(expression: string, dialect: CronDialect = 'standard'): CronSchedule | string {
  if (typeof expression !== 'string' || expression.trim() === '') return 'is empty';
  const text = expression.trim();
  const every = EVERY.exec(text);
  if (every) {
    if (dialect !== 'standard') return 'uses @every, which this schedule does not accept';
    let d: Duration;
    try {
      d = Duration.parse(every[1]);
    } catch {
      return `has an @every interval (${JSON.stringify(every[1])}) that is not a duration such as 6h`;
    }
    if (d.toMilliseconds() <= 0) return 'has an @every interval of zero';
    return { expression: text, dialect, maxGap: d, minGap: d };
  }
  if (text.startsWith('@')) {
    if (!DESCRIPTORS.has(text)) return `is not a known descriptor (use one of ${[...DESCRIPTORS].join(', ')}, or @every <duration>)`;
    if (dialect === 'seconds') return 'uses a descriptor, which this schedule does not accept; write six fields, seconds first';
  } else {
    const fields = text.split(/\s+/).length;
    const want = dialect === 'seconds' ? 6 : 5;
    if (fields !== want) {
      return dialect === 'seconds'
        ? `has ${fields} fields; this schedule takes six, seconds first ("0 0 2 * * *" is 02:00 every day)`
        : `has ${fields} fields; this schedule takes five (minute hour day-of-month month day-of-week, "0 2 * * *" is 02:00 every day)`;
    }
  }
  let runs: number[];
  try {
    const it = CronExpressionParser.parse(text, { currentDate: FROM, tz: 'UTC' });
    runs = [];
    while (runs.length < MAX_RUNS) {
      const t = it.next().getTime();
      if (t - FROM.getTime() > HORIZON_MS && runs.length >= 2) break;
      runs.push(t);
    }
  } catch (e) {
    return `does not parse (${(e as Error).message})`;
  }
  let maxGap = 0;
  let minGap = Number.POSITIVE_INFINITY;
  for (let i = 1; i < runs.length; i++) {
    const gap = runs[i] - runs[i - 1];
    maxGap = Math.max(maxGap, gap);
    minGap = Math.min(minGap, gap);
  }
  return { expression: text, dialect, maxGap: Duration.millis(maxGap), minGap: Duration.millis(minGap) };
}

/** Checks a cron schedule field. Fails with the construct path, the field and what a valid schedule looks like. */
export function requireCron(at: SpecPath, field: string, value: unknown, dialect: CronDialect = 'standard'): CronSchedule {
  const parsed = typeof value === 'string' ? parseCron(value, dialect) : 'is not a string';
  if (typeof parsed === 'string') {
    const example = dialect === 'seconds' ? '"0 0 2 * * *" (02:00 every day, seconds first)' : '"0 2 * * *" (02:00 every day), "@weekly" or "@every 6h"';
    return at.fail(field, value, `is not a valid cron schedule: it ${parsed}`, `Give a cron schedule such as ${example}.`);
  }
  return parsed;
}

/**
 * The cron schedule (standard dialect) that runs every `interval`, starting at minute `offsetMinutes`
 * past the hour, for intervals that divide an hour or a day evenly: 15m, 1h, 6h, 1d, 7d.
 *
 * @returns the expression, or undefined when no five-field cron runs at exactly that interval.
 */
export function cronForInterval(interval: Duration, offsetMinutes = 0): string | undefined {
  const minutes = interval.toMinutes();
  if (!Number.isInteger(minutes) || minutes <= 0) return undefined;
  const m = offsetMinutes % 60;
  if (minutes < 60) return 60 % minutes === 0 ? `${m % minutes === 0 ? `*/${minutes}` : `${m % minutes}-59/${minutes}`} * * * *` : undefined;
  const hours = minutes / 60;
  if (!Number.isInteger(hours)) return undefined;
  if (hours < 24) return 24 % hours === 0 ? `${m} */${hours} * * *` : undefined;
  if (hours === 24) return `${m} 0 * * *`;
  if (hours === 24 * 7) return `${m} 0 * * 0`;
  return undefined;
}

import { CronExpressionParser } from 'cron-parser';
import type { Duration } from '../common/duration';

/** Minutes in an hour, a day and a week: the periods a calendar schedule can repeat over. */
const PERIODS = [60, 1440, 10080] as const;
const WEEK_MS = 7 * 24 * 3600 * 1000;
/** A Monday, 00:00 UTC: the runs of one week are counted from here. */
const MONDAY = new Date('2025-01-06T00:00:00Z');
const MAX_CLAUSES = 24;
const DAYS = ['Sundays', 'Mondays', 'Tuesdays', 'Wednesdays', 'Thursdays', 'Fridays', 'Saturdays'];

/** Runs of a cron schedule as minutes into the week, Sunday 00:00 UTC being 0 (as PromQL's `day_of_week()` counts). */
export interface WeeklyRuns {
  /** The period the runs repeat over: 60 (hourly), 1440 (daily) or 10080 (weekly) minutes. */
  readonly period: number;
  /** Start minutes of the runs within one period, ascending. */
  readonly starts: readonly number[];
}

/**
 * Works out when a calendar cron schedule runs, as minutes into its repeating period, so Prometheus can
 * tell from the clock alone whether a run is under way.
 *
 * @returns the runs, or a sentence saying why the schedule has no fixed weekly pattern.
 */
export function weeklyRuns(expression: string): WeeklyRuns | string {
  const text = expression.trim();
  if (text.startsWith('@every')) return 'runs at intervals counted from whenever the schedule was created, not at fixed times of the week';
  const fields = text.startsWith('@') ? undefined : text.split(/\s+/);
  if (['@monthly', '@yearly', '@annually'].includes(text) || (fields && (fields[2] !== '*' || fields[3] !== '*'))) {
    return 'depends on the day of the month or the month, which does not repeat every week';
  }
  const it = CronExpressionParser.parse(text, { currentDate: new Date(MONDAY.getTime() - 1), tz: 'UTC' });
  const minutes: number[] = [];
  for (;;) {
    const t = it.next().getTime();
    if (t - MONDAY.getTime() >= WEEK_MS) break;
    // Monday-based minutes to Sunday-based, as day_of_week() counts.
    minutes.push(((t - MONDAY.getTime()) / 60_000 + 1440) % 10080);
  }
  minutes.sort((a, b) => a - b);
  const set = new Set(minutes);
  const period = PERIODS.find((p) => minutes.every((m) => set.has((m + p) % 10080))) ?? 10080;
  const starts = [...new Set(minutes.map((m) => m % period))].sort((a, b) => a - b);
  if (starts.length > MAX_CLAUSES) return `starts ${starts.length} runs per ${period === 60 ? 'hour' : period === 1440 ? 'day' : 'week'}, more than the ${MAX_CLAUSES} a time window can name`;
  return { period, starts };
}

/** The clock as minutes into the period, in PromQL (UTC). */
function clock(period: number): string {
  if (period === 60) return 'minute()';
  if (period === 1440) return '(hour() * 60 + minute())';
  return '(day_of_week() * 1440 + hour() * 60 + minute())';
}

/**
 * PromQL that returns one series exactly while the clock is within `length` after `offset` past a run's
 * start (in UTC, to the minute). `and on ()` it onto an alert to make the alert speak only then.
 */
export function runWindowExpr(runs: WeeklyRuns, offset: Duration, length: Duration): string {
  const from = Math.ceil(offset.toMinutes());
  const span = Math.ceil(length.toMinutes());
  const now = clock(runs.period);
  const clauses = runs.starts.map((start) => {
    const s = (start + from) % runs.period;
    // Minutes since the window opened, wrapping over the period's end (a run at 23:55 lasting 10 minutes).
    const since = s === 0 ? now : `(${now} + ${runs.period - s}) % ${runs.period}`;
    return `${since} < ${span}`;
  });
  return clauses.length === 1 ? clauses[0] : clauses.map((c) => `(${c})`).join(' or ');
}

/** "Tuesdays at 10:00", "every day at 09:30", "every hour at :15". */
export function describeRuns(runs: WeeklyRuns): string {
  const clock = (m: number) => `${String(Math.floor(m / 60) % 24).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
  if (runs.period === 60) return `every hour at :${runs.starts.map((m) => String(m).padStart(2, '0')).join(', :')}`;
  if (runs.period === 1440) return `every day at ${runs.starts.map(clock).join(', ')}`;
  return runs.starts.map((m) => `${DAYS[Math.floor(m / 1440)]} at ${clock(m % 1440)}`).join(', ');
}

/** The minutes of the week (Sunday 00:00 UTC is 0) that runs of `length` starting at `runs` cover. */
export function weekMinutes(runs: WeeklyRuns, length: Duration): Set<number> {
  const span = Math.ceil(length.toMinutes());
  const out = new Set<number>();
  for (let base = 0; base < 10080; base += runs.period) {
    for (const start of runs.starts) for (let m = 0; m < span; m++) out.add((base + start + m) % 10080);
  }
  return out;
}

/** "Tuesdays at 10:05": a minute of the week in words. */
export function describeWeekMinute(minute: number): string {
  return describeRuns({ period: 10080, starts: [minute] });
}

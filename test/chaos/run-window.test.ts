import { Duration } from 'sre-constructs';
import { runWindowExpr, weeklyRuns, WeeklyRuns } from '../../lib/chaos/run-window';
import { evaluate, promtoolVersion } from '../support/promtool';

/**
 * The clock-only windows that tell Prometheus a run may be under way, evaluated by promtool, whose clock
 * starts on Thursday 1970-01-01 00:00 UTC.
 */
function runs(cron: string): WeeklyRuns {
  const r = weeklyRuns(cron);
  if (typeof r === 'string') throw new Error(r);
  return r;
}

/** The minutes (0 to `until`) at which the window expression returns a series. */
function openMinutes(expr: string, until: number): number[] {
  const minutes = Array.from({ length: until + 1 }, (_, i) => i);
  const values = evaluate({ groups: [] }, [{ series: 'tick', values: `0x${until}` }], minutes.map((m) => ({ expr, atMinute: m })));
  return minutes.filter((_, i) => values[i] !== undefined);
}

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

beforeAll(() => {
  promtoolVersion();
});

test('schedules are reduced to start minutes in the shortest period they repeat over', () => {
  expect(runs('0 10 * * 2')).toEqual({ period: 10080, starts: [2 * 1440 + 600] });
  expect(runs('30 9 * * *')).toEqual({ period: 1440, starts: [570] });
  expect(runs('@hourly')).toEqual({ period: 60, starts: [0] });
  expect(runs('@weekly')).toEqual({ period: 10080, starts: [0] });
  expect(runs('0 10 * * 1-5').starts).toHaveLength(5);
  expect(weeklyRuns('0 10 1 * *')).toMatch(/day of the month/);
  expect(weeklyRuns('@every 6h')).toMatch(/counted from whenever the schedule was created/);
  expect(weeklyRuns('* * * * *')).toMatch(/more than the 24 a time window can name/);
});

test('a weekly run is open from its start for the given length, and only on its day', () => {
  expect(openMinutes(runWindowExpr(runs('5 0 * * 4'), Duration.millis(0), Duration.minutes(12)), 30)).toEqual(range(5, 16));
  expect(openMinutes(runWindowExpr(runs('5 0 * * 3'), Duration.millis(0), Duration.minutes(12)), 30)).toEqual([]);
});

test('an offset moves the window past the run (the verification minutes)', () => {
  expect(openMinutes(runWindowExpr(runs('5 0 * * 4'), Duration.minutes(12), Duration.minutes(2)), 30)).toEqual([17, 18]);
});

test('a window that crosses midnight wraps into the next day', () => {
  // Wednesday 23:55 plus 12 minutes ends Thursday 00:07.
  expect(openMinutes(runWindowExpr(runs('55 23 * * 3'), Duration.millis(0), Duration.minutes(12)), 20)).toEqual(range(0, 6));
});

test('several runs a week are several clauses; daily and hourly runs one', () => {
  expect(runWindowExpr(runs('5 0 * * 1-5'), Duration.millis(0), Duration.minutes(12)).split(' or ')).toHaveLength(5);
  expect(openMinutes(runWindowExpr(runs('5 0 * * 1-5'), Duration.millis(0), Duration.minutes(12)), 30)).toEqual(range(5, 16));
  expect(openMinutes(runWindowExpr(runs('5 0 * * 0,6'), Duration.millis(0), Duration.minutes(12)), 30)).toEqual([]);
  expect(runWindowExpr(runs('@hourly'), Duration.millis(0), Duration.minutes(12))).toBe('minute() < 12');
  expect(openMinutes(runWindowExpr(runs('@hourly'), Duration.millis(0), Duration.minutes(12)), 70)).toEqual([...range(0, 11), ...range(60, 70)]);
});

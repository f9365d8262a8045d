import { Duration } from 'sre-constructs';
import { cronForInterval, parseCron, requireCron } from '../../lib/common/cron';
import { SpecPath } from '../../lib/common/errors';

const gap = (expr: string, dialect?: 'standard' | 'seconds') => {
  const c = parseCron(expr, dialect);
  if (typeof c === 'string') throw new Error(c);
  return [c.minGap.toPrometheus(), c.maxGap.toPrometheus()];
};

describe('cron schedules', () => {
  test('work out the shortest and longest time between runs', () => {
    expect(gap('0 */6 * * *')).toEqual(['6h', '6h']);
    expect(gap('*/15 * * * *')).toEqual(['15m', '15m']);
    expect(gap('0 2 * * 1-5')).toEqual(['1d', '3d']);
    expect(gap('@weekly')).toEqual(['7d', '7d']);
    expect(gap('@every 90m')).toEqual(['1h30m', '1h30m']);
    // Quarterly: the first of January, April, July and October.
    expect(gap('0 3 1 */3 *')).toEqual(['90d', '92d']);
    expect(gap('0 0 2 * * *', 'seconds')).toEqual(['1d', '1d']);
  });

  test('say why a schedule does not parse', () => {
    expect(parseCron('61 * * * *')).toMatch(/does not parse .*61/);
    expect(parseCron('0 2 * *')).toMatch(/has 4 fields; this schedule takes five/);
    expect(parseCron('0 2 * * *', 'seconds')).toMatch(/has 5 fields; this schedule takes six, seconds first/);
    expect(parseCron('@fortnightly')).toMatch(/is not a known descriptor/);
    expect(parseCron('@every soon')).toMatch(/@every interval \("soon"\) that is not a duration/);
    expect(parseCron('')).toBe('is empty');
    expect(parseCron('0 0 31 2 *')).toMatch(/does not parse/);
  });

  test('a bad schedule field fails with the path, the field and an example', () => {
    expect(() => requireCron(new SpecPath('dr/plan'), 'drill.schedule', 'every quarter')).toThrow(
      /^dr\/plan: drill\.schedule \("every quarter"\) is not a valid cron schedule: it has 2 fields; .* Give a cron schedule such as "0 2 \* \* \*"/,
    );
  });

  test('turn even intervals into schedules that run at exactly that interval', () => {
    for (const [interval, cron] of [
      [Duration.minutes(15), '*/15 * * * *'],
      [Duration.hours(1), '0 */1 * * *'],
      [Duration.hours(6), '0 */6 * * *'],
      [Duration.days(1), '0 0 * * *'],
      [Duration.days(7), '0 0 * * 0'],
    ] as const) {
      expect(cronForInterval(interval)).toBe(cron);
      expect(gap(cron!)).toEqual([interval.toPrometheus(), interval.toPrometheus()]);
    }
    expect(gap(cronForInterval(Duration.hours(6), 30)!)).toEqual(['6h', '6h']);
    expect(cronForInterval(Duration.hours(5))).toBeUndefined();
    expect(cronForInterval(Duration.days(3))).toBeUndefined();
  });
});

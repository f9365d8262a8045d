import { Duration } from 'sre-constructs';

describe('Duration', () => {
  test.each([
    ['5m', 300_000, '5m'],
    ['1h30m', 5_400_000, '1h30m'],
    ['90m', 5_400_000, '1h30m'],
    ['500ms', 500, '500ms'],
    ['30d', 2_592_000_000, '30d'],
    ['1w', 604_800_000, '7d'],
    ['2d3h4m5s6ms', 183_845_006, '2d3h4m5s6ms'],
  ])('parses %s as %d ms and writes it back as %s', (text, ms, back) => {
    const d = Duration.parse(text);
    expect(d.toMilliseconds()).toBe(ms);
    expect(d.toPrometheus()).toBe(back);
    expect(Duration.parse(d.toPrometheus()).equals(d)).toBe(true);
  });

  test.each(['', '5', 'm5', '5 m', '1m1h', '-5m', '1.5h', 'five minutes'])('refuses %p with a message that shows the syntax', (text) => {
    expect(() => Duration.parse(text)).toThrow(/is not a duration: write an integer and a unit/);
  });

  test('speaks human in annotations', () => {
    expect(Duration.days(30).toHumanString()).toBe('30 days');
    expect(Duration.hours(1).toHumanString()).toBe('1 hour');
    expect(Duration.minutes(90).toHumanString()).toBe('90 minutes');
  });
});

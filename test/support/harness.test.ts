import { checkRules, counter, evaluate } from './promtool';
import { schemaErrors } from './schema';

/** The test harness must be able to fail: each check here is shown a bad input and must say so. */
describe('the schema validator', () => {
  const rule = {
    apiVersion: 'monitoring.coreos.com/v1',
    kind: 'PrometheusRule',
    metadata: { name: 'x' },
    spec: { groups: [{ name: 'g', rules: [{ alert: 'A', expr: 'up == 0', for: '5m' }] }] },
  };

  test('accepts a valid PrometheusRule', () => {
    expect(schemaErrors(rule)).toEqual([]);
  });

  test('refuses a bad duration, a missing expr and a field the API server would prune', () => {
    const bad = {
      ...rule,
      spec: { groups: [{ name: 'g', rules: [{ alert: 'A', for: 'five minutes' }], evaluationInterval: '1m' }] },
    };
    const errors = schemaErrors(bad).join('\n');
    expect(errors).toMatch(/\/spec\/groups\/0\/rules\/0\/for must match pattern/);
    expect(errors).toMatch(/must have required property 'expr'/);
    expect(errors).toMatch(/\/spec\/groups\/0 must NOT have additional properties/);
  });
});

describe('the promtool runner', () => {
  test('check rules fails on a broken rule file', () => {
    const result = checkRules({ groups: [{ name: 'g', rules: [{ record: 'x', expr: 'sum(' }] }] });
    expect(result.ok).toBe(false);
  });

  test('evaluate reads numbers, NaN and empty results back', () => {
    const series = [{ series: 'c', values: counter([{ minutes: 10, perMinute: 60 }]) }];
    const values = evaluate({ groups: [] }, series, [
      { expr: 'rate(c[5m])', atMinute: 10 },
      { expr: 'vector(0) / 0', atMinute: 10 },
      { expr: 'nothing_here', atMinute: 10 },
      { expr: 'count(vector(0) / 0 != vector(0) / 0)', atMinute: 10 },
    ]);
    expect(values).toEqual([1, NaN, undefined, 1]);
  });

  test('counter phases continue from where the last one stopped', () => {
    expect(counter([{ minutes: 2, perMinute: 10 }, { minutes: 2, perMinute: 0 }, { minutes: 1, perMinute: 5 }])).toBe('0+10x2 20+0x1 25+5x0');
  });
});

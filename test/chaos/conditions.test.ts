import { ChaosCondition, ChaosConditionSpec, Duration, SloServiceDefinition, SpecError, findPromQLSyntaxError, litmusQuery, statusCheckQuery } from 'sre-constructs';
import { SpecPath } from '../../lib/common/errors';
import { ChaosConditionDefinition, defineChaosCondition } from '../../lib/chaos/conditions';
import { paymentService } from '../../examples/payment-service';
import { InputSeries, evaluate, promtoolVersion } from '../support/promtool';
import { histogramBuckets, httpRequests } from '../support/traffic';

/**
 * Conditions as PromQL: what the derived ones read, that every form parses, that hand-written ones are
 * refused when they could pass on missing data, and (with promtool's own engine, one scrape and one rule
 * evaluation a minute) that the abort expression turns true within a minute of a burst of errors, stays
 * false on normal traffic, and is true when the data is missing.
 */
const slos = SloServiceDefinition.create(paymentService);
const rules = slos.ruleFile();
const SERVICE = '{service="payment-service"}';
const RPS = 100;

function define(spec: ChaosConditionSpec): ChaosConditionDefinition {
  return defineChaosCondition(new SpecPath('test'), spec, slos);
}

/** Minutes (from `from` to `to`) at which the condition fails, by its `fails` expression evaluated with the SLO rules. */
function failingMinutes(c: ChaosConditionDefinition, series: InputSeries[], from: number, to: number): number[] {
  const minutes = Array.from({ length: to - from + 1 }, (_, i) => from + i);
  const values = evaluate(rules, series, minutes.map((m) => ({ expr: c.fails, atMinute: m })));
  return minutes.filter((_, i) => values[i] === 1);
}

const latency = (minutes: number, within500: number) => ({ minutes, rps: RPS, within: { '0.25': within500 * 0.8, '0.5': within500, '1': Math.min(1, within500 + 0.004) } });
const buckets = (phases: ReturnType<typeof latency>[]) => histogramBuckets('http_request_duration_seconds', SERVICE, phases);

beforeAll(() => {
  promtoolVersion();
});

describe('derived conditions read what the SloService records', () => {
  test('the error ratio of an SLO reads its recorded ratio, and only while it sees traffic', () => {
    const c = define(ChaosCondition.sloErrorRatio('availability', { atMost: 0.05 }));
    expect(c.query).toBe(
      'slo:sli_error:ratio_rate5m{service="payment-service", slo="availability"} and on () (slo:sli_total:rate5m{service="payment-service", slo="availability"} > 0)',
    );
    expect(c.holds).toBe(`(${c.query}) <= 0.05`);
    expect(c.fails).toBe(`absent(${c.holds})`);
    expect(c).toMatchObject({ name: 'availability-error-ratio', comparator: '<=', threshold: 0.05, unit: 'ratio', slo: 'availability' });
  });

  test('the p99 of a latency SLO is the share of slow requests it records, below its error budget', () => {
    const c = define(ChaosCondition.sloLatency('latency-p99'));
    expect(c.query).toContain('slo:sli_error:ratio_rate5m{service="payment-service", slo="latency-p99"}');
    expect(c).toMatchObject({ comparator: '<', threshold: 0.01, name: 'latency-p99-slow-requests' });
    expect(c.meaning).toMatch(/^p99 within the latency-p99 SLO's threshold \(it counts requests slower than 500ms/);
  });

  test('the fast burn-rate alert is read from ALERTS with the tier\'s windows, and proves the rules are loaded', () => {
    const c = define(ChaosCondition.burnRateAlertNotFiring('availability'));
    expect(c.query).toBe(
      'count(ALERTS{alertname="SloErrorBudgetBurn", alertstate="firing", service="payment-service", slo="availability", long="1h", short="5m"}) or on () (0 * slo:sli_error:ratio_rate1h{service="payment-service", slo="availability"})',
    );
    expect(c).toMatchObject({ comparator: '<', threshold: 1, name: 'availability-page-fast-burn' });
    const slow = define(ChaosCondition.burnRateAlertNotFiring('availability', { tier: 'page-slow' }));
    expect(slow.query).toContain('long="6h", short="30m"');
  });

  test('the budget guard reads the share of the budget left', () => {
    const c = define(ChaosCondition.errorBudgetRemaining('availability', { above: 0.25 }));
    expect(c.query).toBe('slo:period_error_budget_remaining:ratio{service="payment-service", slo="availability"}');
    expect(c).toMatchObject({ comparator: '>', threshold: 0.25 });
  });

  test('a histogram quantile reads the buckets by le, in the histogram\'s unit', () => {
    const c = define(ChaosCondition.histogramQuantile({ histogram: 'http_request_duration_seconds{service="x"}', quantile: 0.99, below: Duration.millis(1000) }));
    expect(c.query).toBe('histogram_quantile(0.99, sum by (le) (rate(http_request_duration_seconds_bucket{service="x"}[5m])))');
    expect(c).toMatchObject({ name: 'p99-latency', comparator: '<', threshold: 1, unit: 'seconds' });
    const ms = define(ChaosCondition.histogramQuantile({ histogram: 'rpc_ms_bucket{job="y"}', quantile: 0.5, atMost: Duration.millis(80), unit: 'milliseconds' }));
    expect(ms).toMatchObject({ comparator: '<=', threshold: 80, unit: 'milliseconds', name: 'p50-latency' });
  });

  test('every form of every condition parses with the PromQL grammar, the Litmus form included', () => {
    const all = [
      ChaosCondition.sloErrorRatio('availability', { below: 0.001, window: Duration.hours(1) }),
      ChaosCondition.sloLatency('latency-p99'),
      ChaosCondition.burnRateAlertNotFiring('availability'),
      ChaosCondition.errorBudgetRemaining('availability', { atLeast: 0.1 }),
      ChaosCondition.histogramQuantile({ histogram: 'h_bucket{a="b"}', quantile: 0.9, below: Duration.millis(300) }),
      ChaosCondition.promql({ name: 'queue', query: 'max(queue_depth{queue=~"pay.*$"})', below: 100 }),
    ].map(define);
    for (const c of all) {
      for (const expr of [c.query, c.holds, c.fails, statusCheckQuery(c)]) expect({ expr, problem: findPromQLSyntaxError(expr) }).toEqual({ expr, problem: undefined });
    }
  });

  test('the Litmus form is the same query after the shell has read it', () => {
    const c = define(ChaosCondition.promql({ name: 'odd', query: 'max(x{a="it\'s", b=~"^a\\\\.b$", c="`tick`"})', below: 1 }));
    // Inside double quotes the shell keeps everything but \\, \", \$ and \`, which litmusQuery escapes.
    const shellRead = litmusQuery(c.query).replace(/\\([\\"$`])/g, '$1');
    expect(shellRead).toBe("max(x{a='it\\'s', b=~'^a\\\\.b$', c='`tick`'})");
    expect(findPromQLSyntaxError(shellRead)).toBeUndefined();
  });
});

describe('hand-written conditions are refused when they could pass without data or compare several series', () => {
  const refused = (query: string) => {
    try {
      define(ChaosCondition.promql({ name: 'x', query, below: 1 }));
      return 'accepted';
    } catch (e) {
      expect(e).toBeInstanceOf(SpecError);
      return (e as Error).message;
    }
  };

  test('an `or vector(...)` default is refused', () => {
    expect(refused('sum(rate(errors_total[5m])) or vector(0)')).toMatch(/^test: query \("sum\(rate\(errors_total\[5m\]\)\) or vector\(0\)"\) turns missing data into a value/);
  });

  test('a query that may return several series is refused, with the way out', () => {
    expect(refused('rate(errors_total[5m])')).toMatch(/may return several series\. Aggregate it to one series/);
    expect(refused('sum by (pod) (rate(errors_total[5m]))')).toMatch(/may return several series/);
    expect(refused('up{job="x"}')).toMatch(/may return several series/);
  });

  test('a {{.window}} placeholder is refused: conditions run as written', () => {
    expect(refused('sum(rate(errors_total[{{.window}}]))')).toMatch(/has a \{\{\.window\}\} placeholder\. Write the window into the query/);
  });

  test('scalars and ranges are refused', () => {
    expect(refused('scalar(up)')).toMatch(/returns a scalar, not a series/);
    expect(refused('errors_total[5m]')).toMatch(/returns a range vector/);
  });

  test('syntax errors name the place', () => {
    expect(refused('sum(rate(x[5m])')).toMatch(/is not valid PromQL/);
  });

  test('one series is accepted: aggregations, quantiles over `by (le)`, arithmetic between them', () => {
    expect(refused('sum(rate(e[5m])) / sum(rate(t[5m]))')).toBe('accepted');
    expect(refused('histogram_quantile(0.99, sum by (le) (rate(h_bucket[5m])))')).toBe('accepted');
    expect(refused('max(x) offset 5m')).toBe('accepted');
  });
});

describe('abort expressions on synthetic traffic (promtool)', () => {
  test('a burst of errors makes the error-ratio abort true within a minute; normal traffic keeps it false', () => {
    const abort = define(ChaosCondition.sloErrorRatio('availability', { atMost: 0.05 }));
    const series = httpRequests(SERVICE, [
      { minutes: 40, rps: RPS, errorRatio: 0.001 },
      { minutes: 20, rps: RPS, errorRatio: 0.5 },
    ]);
    const failing = failingMinutes(abort, series, 6, 50);
    expect(failing[0]).toBe(41);
    expect(failing).toEqual(Array.from({ length: 10 }, (_, i) => 41 + i));
  });

  test('normal traffic, errors included, never trips the abort', () => {
    const abort = define(ChaosCondition.sloErrorRatio('availability', { atMost: 0.05 }));
    const series = httpRequests(SERVICE, [{ minutes: 90, rps: RPS, errorRatio: 0.01 }]);
    expect(failingMinutes(abort, series, 6, 90)).toEqual([]);
  });

  test('missing series abort: no data is never healthy', () => {
    const abort = define(ChaosCondition.sloErrorRatio('availability', { atMost: 0.05 }));
    const elsewhere = httpRequests('{service="another-service"}', [{ minutes: 20, rps: RPS }]);
    expect(failingMinutes(abort, elsewhere, 6, 20)).toHaveLength(15);
  });

  test('no traffic aborts, although the SLO records an error ratio of 0', () => {
    const abort = define(ChaosCondition.sloErrorRatio('availability', { atMost: 0.05 }));
    const series = httpRequests(SERVICE, [
      { minutes: 30, rps: RPS },
      { minutes: 20, rps: 0 },
    ]);
    const failing = failingMinutes(abort, series, 6, 50);
    expect(failing[0]).toBeGreaterThan(30);
    expect(failing[0]).toBeLessThanOrEqual(36);
    expect(failing[failing.length - 1]).toBe(50);
  });

  test('the latency SLO condition fails once more than 1% of requests are slower than 500 ms', () => {
    const p99 = define(ChaosCondition.sloLatency('latency-p99'));
    const series = [...buckets([latency(30, 0.998), latency(20, 0.9)]), ...httpRequests(SERVICE, [{ minutes: 50, rps: RPS }])];
    const failing = failingMinutes(p99, series, 6, 50);
    expect(failing[0]).toBe(31);
    expect(failing[failing.length - 1]).toBe(50);
  });

  test('the histogram p99 condition follows the buckets and fails without traffic (NaN is not healthy)', () => {
    const p99 = define(ChaosCondition.histogramQuantile({ histogram: 'http_request_duration_seconds_bucket{service="payment-service"}', quantile: 0.99, below: Duration.millis(1000) }));
    const series = buckets([latency(20, 0.998), { minutes: 20, rps: 0, within: { '0.25': 0, '0.5': 0, '1': 0 } }]);
    const failing = failingMinutes(p99, series, 6, 40);
    expect(failing.filter((m) => m <= 20)).toEqual([]);
    expect(failing).toContain(40);
  });

  test('the burn-rate condition fails when the fast page fires, and when the SLO rules are not loaded', () => {
    const quiet = define(ChaosCondition.burnRateAlertNotFiring('availability'));
    const outage = httpRequests(SERVICE, [
      { minutes: 60, rps: RPS },
      { minutes: 15, rps: RPS, errorRatio: 1 },
    ]);
    const failing = failingMinutes(quiet, outage, 50, 75);
    expect(failing.filter((m) => m <= 60)).toEqual([]);
    expect(failing[0]).toBeGreaterThan(60);
    expect(failing[0]).toBeLessThanOrEqual(63);
    const values = evaluate({ groups: [] }, outage, [{ expr: quiet.fails, atMinute: 30 }]);
    expect(values).toEqual([1]);
  });

  test('the budget guard fails once the budget left drops under its bound', () => {
    const guard = define(ChaosCondition.errorBudgetRemaining('availability', { above: 0.25 }));
    const healthy = httpRequests(SERVICE, [{ minutes: 60, rps: RPS, errorRatio: 0.0001 }]);
    expect(failingMinutes(guard, healthy, 10, 60)).toEqual([]);
    // 0.2% errors is a 2x burn of a 99.9% objective: over the recorded hour the budget is overspent.
    const burning = httpRequests(SERVICE, [{ minutes: 60, rps: RPS, errorRatio: 0.002 }]);
    expect(failingMinutes(guard, burning, 10, 60)).toHaveLength(51);
  });
});

import { Duration, RedDashboardDefinition, RedMetrics, ServiceMonitoringDefinition, ServiceMonitoringProps, SpecError } from 'sre-constructs';
import { danglingMetrics, grafanaProblems, promqlProblems } from '../support/grafana';
import { InputSeries, checkRules, counter, evaluate, promtoolVersion } from '../support/promtool';
import { schemaErrors } from '../support/schema';
import { firingProbes, histogramBuckets, httpRequests } from '../support/traffic';

const SERVICE = '{service="user-authentication"}';
const props: ServiceMonitoringProps = {
  service: 'user-authentication',
  requests: 'http_requests_total{service="user-authentication"}',
  histogram: 'http_request_duration_seconds_bucket{service="user-authentication"}',
  runbookUrl: 'https://runbooks.internal/high-error-rate',
  dashboardUrl: 'https://grafana.internal/d/red-user-authentication',
  scrape: { selector: { 'app.kubernetes.io/name': 'user-authentication' }, port: 'http-metrics', namespaces: ['identity'] },
};
const monitoring = ServiceMonitoringDefinition.create(props);
const rules = monitoring.ruleFile();

beforeAll(() => {
  promtoolVersion();
});

function firstAndLast(series: InputSeries[], untilMinute: number, selector: string): { first?: number; last?: number } {
  const [first, last] = evaluate(rules, series, firingProbes(selector, untilMinute));
  return { first, last };
}

describe('ServiceMonitoring', () => {
  test('renders a ServiceMonitor and a PrometheusRule that validate against the upstream CRDs and pass promtool', () => {
    const manifests = monitoring.manifests();
    expect(manifests.map((m) => m.kind)).toEqual(['ServiceMonitor', 'PrometheusRule']);
    for (const m of manifests) expect(schemaErrors(m)).toEqual([]);
    expect(checkRules(rules).output).toMatch(/SUCCESS/);
  });

  test('renders a PodMonitor when asked, valid against its CRD', () => {
    const pod = ServiceMonitoringDefinition.create({ ...props, scrape: { kind: 'PodMonitor', selector: { app: 'user-authentication' }, port: 'metrics', interval: Duration.seconds(15) } });
    const scrape = pod.scrapeManifest()!;
    expect(scrape.kind).toBe('PodMonitor');
    expect(schemaErrors(scrape)).toEqual([]);
    expect(schemaErrors({ ...scrape, spec: { ...(scrape.spec as object), endpoints: [] } } as never)).not.toEqual([]);
  });

  test('HighErrorRate carries the seed\'s shape: critical, for 5m, humanized value, runbook and dashboard links', () => {
    const alert = rules.groups.flatMap((g) => g.rules).find((r) => 'alert' in r && r.alert === 'HighErrorRate') as Record<string, any>;
    expect(alert.for).toBe('5m');
    expect(alert.labels.severity).toBe('critical');
    expect(alert.annotations.description).toMatch(/\{\{ \$value \| humanizePercentage \}\}/);
    expect(alert.annotations.runbook_url).toBe('https://runbooks.internal/high-error-rate');
    expect(alert.annotations.dashboard_url).toBe('https://grafana.internal/d/red-user-authentication');
    for (const r of rules.groups.flatMap((g) => g.rules)) if ('alert' in r) expect(r.for).toBeDefined();
  });

  test('HighErrorRate fires once its 5 minutes have passed when 2% of requests fail', () => {
    const series = httpRequests(SERVICE, [
      { minutes: 30, rps: 100 },
      { minutes: 30, rps: 100, errorRatio: 0.02 },
    ]);
    const { first } = firstAndLast(series, 60, '{alertname="HighErrorRate"}');
    // The 5-minute ratio passes 1% about 3 minutes in; `for: 5m` adds five more.
    expect(first).toBeGreaterThanOrEqual(30 + 5);
    expect(first).toBeLessThanOrEqual(30 + 9);
  });

  test('HighErrorRate never fires at 0.5% errors', () => {
    const series = httpRequests(SERVICE, [{ minutes: 90, rps: 100, errorRatio: 0.005 }]);
    expect(firstAndLast(series, 90, '{alertname="HighErrorRate"}').first).toBeUndefined();
  });

  test('HighErrorRate never fires on a single error, nor on two errors of a quiet service', () => {
    // 0.1 requests per second; one error at minute 30, another at minute 33. Each alone is 3% of 5 minutes' requests.
    const quiet = (errors: number[]): InputSeries[] => [
      { series: 'http_requests_total{service="user-authentication", code="200"}', values: counter([{ minutes: 60, perMinute: 6 }]) },
      {
        series: 'http_requests_total{service="user-authentication", code="500"}',
        values: Array.from({ length: 61 }, (_, m) => errors.filter((e) => e <= m).length).join(' '),
      },
    ];
    for (const errors of [[30], [30, 33]]) {
      const series = quiet(errors);
      const [ratioAboveThreshold, ...firing] = evaluate(rules, series, [
        { expr: `count_over_time((${RedMetrics.ERROR_RATIO}${SERVICE} > 0.01)[60m:1m])`, atMinute: 60 },
        ...firingProbes('{alertname="HighErrorRate"}', 60),
      ]);
      // The ratio alone is above 1% for longer than `for`: the failed-request floor is what keeps it quiet.
      expect(ratioAboveThreshold).toBeGreaterThanOrEqual(errors.length > 1 ? 7 : 5);
      expect(firing).toEqual([undefined, undefined]);
    }
  });

  test('the latency alert fires when the p99 stays above 500 ms for 10 minutes, and not before', () => {
    const series = histogramBuckets('http_request_duration_seconds', SERVICE, [
      { minutes: 30, rps: 100, within: { '0.1': 0.9, '0.5': 0.995, '1': 1 } },
      { minutes: 40, rps: 100, within: { '0.1': 0.5, '0.5': 0.9, '1': 0.999 } },
    ]);
    const [p99Before, p99During] = evaluate(rules, series, [
      { expr: `${RedMetrics.DURATION_QUANTILE}{service="user-authentication", quantile="0.99"}`, atMinute: 29 },
      { expr: `${RedMetrics.DURATION_QUANTILE}{service="user-authentication", quantile="0.99"}`, atMinute: 60 },
    ]);
    expect(p99Before).toBeLessThan(0.5);
    expect(p99During).toBeGreaterThan(0.5);
    const { first } = firstAndLast(series, 70, '{alertname="HighLatency"}');
    expect(first).toBeGreaterThanOrEqual(30 + 10);
    expect(first).toBeLessThanOrEqual(30 + 14);
  });

  test('with no traffic, the ratio is 0 and no quantile is recorded (never NaN)', () => {
    const series = [...httpRequests(SERVICE, [{ minutes: 30, rps: 0 }]), ...histogramBuckets('http_request_duration_seconds', SERVICE, [{ minutes: 30, rps: 0, within: { '0.5': 1 } }])];
    const [ratio, quantile] = evaluate(rules, series, [
      { expr: `${RedMetrics.ERROR_RATIO}${SERVICE}`, atMinute: 30 },
      { expr: `count(${RedMetrics.DURATION_QUANTILE}${SERVICE})`, atMinute: 30 },
    ]);
    expect(ratio).toBe(0);
    expect(quantile).toBeUndefined();
  });

  test('a histogram in milliseconds is recorded in seconds', () => {
    const ms = ServiceMonitoringDefinition.create({ ...props, histogram: 'rpc_latency_ms{service="user-authentication"}', histogramUnit: 'milliseconds' });
    const series = histogramBuckets('rpc_latency_ms', SERVICE, [{ minutes: 20, rps: 10, within: { '100': 0.5, '1000': 1 } }]);
    const [p50] = evaluate(ms.ruleFile(), series, [{ expr: `${RedMetrics.DURATION_QUANTILE}{quantile="0.5"}`, atMinute: 20 }]);
    expect(p50).toBeCloseTo(0.1, 3);
  });
});

describe('the RED dashboard', () => {
  const dashboard = RedDashboardDefinition.create(monitoring);

  test('is a dashboard Grafana accepts and every query is PromQL', () => {
    expect(grafanaProblems(dashboard.model)).toEqual([]);
    expect(promqlProblems(dashboard.promqlQueries())).toEqual([]);
  });

  test('reads only the series its ServiceMonitoring records and the ALERTS of its alerts', () => {
    expect(danglingMetrics([dashboard], monitoring.ruleGroups())).toEqual([]);
    expect(dashboard.metricNames()).not.toContain('http_requests_total');
    expect(dashboard.metricNames()).toEqual(expect.arrayContaining([RedMetrics.REQUESTS, RedMetrics.ERROR_RATIO, RedMetrics.DURATION_QUANTILE, 'ALERTS']));
  });

  test('draws the alert thresholds: 1% on the error ratio, 500 ms on the latency quantiles', () => {
    const panels = dashboard.model.panels as ReadonlyArray<{ title: string; fieldConfig: any }>;
    const steps = (title: string) => panels.find((p) => p.title === title)!.fieldConfig.defaults.thresholds.steps.map((s: { value: number | null }) => s.value);
    expect(steps('Error ratio')).toEqual([null, 0.01]);
    expect(steps('Latency quantiles')).toEqual([null, 0.5]);
  });
});

describe('bad ServiceMonitoring input fails at construction', () => {
  const cases: Array<[string, Partial<ServiceMonitoringProps>, RegExp]> = [
    ['an invalid counter name', { requests: 'http-requests_total{a="b"}' }, /^prod\/red: requests \("http-requests_total.*is not a plain series selector/],
    ['a bucket series as the counter', { requests: 'http_request_duration_seconds_bucket' }, /requests .* names a histogram series, not a request counter/],
    ['a gauge-like counter name', { requests: 'http_request_duration_seconds' }, /requests .* ends in a unit/],
    ['a counter as the histogram', { histogram: 'http_requests_total' }, /histogram .* names a counter/],
    ['a histogram selector on le', { histogram: 'http_request_duration_seconds_bucket{le="0.5"}' }, /matches on the "le" label/],
    ['a quantile of 1', { quantiles: [0.5, 1] }, /quantiles\[1\] \(1\) is not a number above 0 and below 1/],
    ['an error threshold of 1%', { errorRateAlert: { threshold: 1 } }, /errorRateAlert\.threshold \(1\) is not a number above 0 and below 1.*0\.01 for 1%/],
    ['an unrecorded latency quantile', { latencyAlert: { quantile: 0.95 } }, /latencyAlert\.quantile \(0\.95\) is not a recorded quantile/],
    ['an empty scrape selector', { scrape: { selector: {}, port: 'http' } }, /scrape\.selector .* is empty/],
    ['a label key Kubernetes refuses', { scrape: { selector: { 'app/name/x': 'y' }, port: 'http' } }, /scrape\.selector \("app\/name\/x"\) is not a valid Kubernetes label key/],
    ['a port number for a port name', { scrape: { selector: { app: 'x' }, port: '8080' } }, /scrape\.port \("8080"\) is not a port name/],
    ['a scrape interval too long for 5-minute rates', { scrape: { selector: { app: 'x' }, port: 'http', interval: Duration.minutes(2) } }, /scrape\.interval \("2m"\) leaves fewer than four samples/],
  ];
  test.each(cases)('%s', (_name, override, message) => {
    let error: unknown;
    try {
      ServiceMonitoringDefinition.create({ ...props, ...override }, 'prod/red');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SpecError);
    expect((error as Error).message).toMatch(message);
  });
});

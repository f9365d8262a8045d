import {
  Duration,
  Objective,
  Sli,
  Slo,
  SliSpec,
  SloMetrics,
  SloServiceDefinition,
  SloServiceProps,
  RecordingRule,
  findPromQLSyntaxError,
} from 'sre-constructs';
import { metricNamesIn } from '../../lib/common/promql';
import { checkRules, counter, evaluate, promtoolVersion } from '../support/promtool';

const requests = 'http_requests_total{job="checkout"}';

function oneSlo(sli: SliSpec, extra: Partial<SloServiceProps> = {}): SloServiceDefinition {
  return SloServiceDefinition.create({
    service: 'checkout',
    slos: [{ name: 'slo', sli, objective: Objective.percent(99) }],
    ...extra,
  });
}

function recording(def: SloServiceDefinition, record: string): RecordingRule {
  const rule = def.ruleGroups().flatMap((g) => g.rules).find((r) => 'record' in r && r.record === record);
  if (!rule || !('record' in rule)) throw new Error(`no rule records ${record}`);
  return rule;
}

beforeAll(() => {
  promtoolVersion();
});

describe('every SLI kind renders rules that promtool accepts', () => {
  const kinds: Array<[string, SliSpec]> = [
    ['availability', Sli.availability({ requests })],
    ['availability with 429 as an error', Sli.availability({ requests, statusLabel: 'status', errorStatus: '5..|429' })],
    ['events from selectors', Sli.events({ errors: 'grpc_server_handled_total{grpc_code!="OK"}', total: 'grpc_server_handled_total' })],
    ['events from good queries', Sli.events({ good: 'sum(rate(jobs_total{result="ok"}[{{.window}}]))', total: 'sum by (queue) (rate(jobs_total[{{ .window }}]))' })],
    ['classic histogram latency', Sli.latency({ histogram: 'http_request_duration_seconds_bucket{job="checkout"}', threshold: Duration.millis(300) })],
    ['classic histogram in milliseconds', Sli.latency({ histogram: 'rpc_latency_ms{job="checkout"}', threshold: Duration.seconds(1), unit: 'milliseconds' })],
    ['native histogram latency', Sli.nativeLatency({ histogram: 'http_request_duration_seconds{job="checkout"}', threshold: Duration.millis(250) })],
    ['error ratio', Sli.errorRatio({ query: 'sum(rate(errors_total[{{.window}}])) / sum(rate(requests_total[{{.window}}]))' })],
    ['bool gauge', Sli.boolGauge({ gauge: 'probe_success{job="blackbox"}' })],
  ];
  test.each(kinds)('%s', (_name, sli) => {
    const def = oneSlo(sli);
    const result = checkRules(def.ruleFile());
    expect(result.output).toMatch(/SUCCESS/);
    expect(result.ok).toBe(true);
    for (const rule of def.ruleGroups().flatMap((g) => g.rules)) {
      expect(findPromQLSyntaxError(rule.expr)).toBeUndefined();
    }
  });
});

describe('recording rules', () => {
  const def = oneSlo(Sli.availability({ requests }));
  const slo = def.slos[0];

  test('record the SLI over 5m, 30m, 1h, 2h, 6h, 1d and 3d, each as errors, total and their ratio', () => {
    expect(slo.windows.map((w) => w.toPrometheus())).toEqual(['5m', '30m', '1h', '2h', '6h', '1d', '3d']);
    const sli = def.recordingRuleGroups()[0].rules.map((r) => ('record' in r ? r.record : ''));
    // All events first: bad events are recorded only where all events are (see window-derivation.test.ts).
    expect(sli.slice(0, 3)).toEqual(['slo:sli_total:rate5m', 'slo:sli_errors:rate5m', 'slo:sli_error:ratio_rate5m']);
    expect(sli).toHaveLength(21);
  });

  test('the period ratio reads only recorded series, never raw series over 30 days', () => {
    const period = recording(def, 'slo:sli_error:ratio_rate30d');
    expect(metricNamesIn(period.expr)).toEqual([SloMetrics.errors(Duration.days(30)), SloMetrics.total(Duration.days(30))]);
    expect(metricNamesIn(recording(def, SloMetrics.total(Duration.days(30))).expr)).toEqual([SloMetrics.total(Duration.days(3))]);
    const raw = oneSlo(Sli.availability({ requests }), { windowDerivation: 'raw' });
    const rawPeriod = recording(raw, 'slo:sli_error:ratio_rate30d');
    expect(metricNamesIn(rawPeriod.expr)).toEqual([SloMetrics.errors(Duration.minutes(5)), SloMetrics.total(Duration.minutes(5))]);
    expect(rawPeriod.expr).toMatch(/^sum_over_time\(slo:sli_errors:rate5m\{[^}]*\}\[30d\]\)\n\/\n/);
  });

  test('an error-ratio SLI has no event counts, so its period is a mean of the recorded 5-minute ratios', () => {
    const raw = oneSlo(Sli.errorRatio({ query: 'sum(rate(e[{{.window}}])) / sum(rate(t[{{.window}}]))' }));
    expect(recording(raw, 'slo:sli_error:ratio_rate30d').expr).toBe('avg_over_time(slo:sli_error:ratio_rate5m{service="checkout", slo="slo"}[30d])');
  });

  test('a 28-day SLO records its period as ratio_rate28d and scales the default tiers to it', () => {
    const d28 = oneSlo(Sli.availability({ requests }), { window: Duration.days(28) });
    expect(() => recording(d28, 'slo:sli_error:ratio_rate28d')).not.toThrow();
    // 2% in 1h, 5% in 6h, 10% in 1d, 10% in 3d of a 28-day budget, as Sloth's google-28d windows.
    expect(d28.slos[0].alerting?.tiers.map((t) => t.factor)).toEqual([13.44, 5.6, 2.8, 0.933333333333]);
  });

  test('a 7-day SLO keeps the 3-day window and drops none it needs', () => {
    const d7 = oneSlo(Sli.availability({ requests }), { window: Duration.days(7) });
    expect(d7.slos[0].windows.map((w) => w.toPrometheus())).toEqual(['5m', '30m', '1h', '2h', '6h', '1d', '3d']);
    expect(checkRules(d7.ruleFile()).ok).toBe(true);
  });

  test('a window as long as the period is the period series, recorded once', () => {
    const d3 = oneSlo(Sli.availability({ requests }), { window: Duration.days(3) });
    const records = d3.ruleGroups().flatMap((g) => g.rules).filter((r) => 'record' in r && r.record === 'slo:sli_error:ratio_rate3d');
    expect(records).toHaveLength(1);
    expect(checkRules(d3.ruleFile()).ok).toBe(true);
  });

  test('single-series aggregations are not summed twice; grouped ones are summed into one series', () => {
    const d = oneSlo(Sli.events({ good: 'sum(rate(jobs_total{result="ok"}[{{.window}}]))', total: 'sum by (queue) (rate(jobs_total[{{.window}}]))' }), { windowDerivation: 'raw' });
    expect(recording(d, 'slo:sli_total:rate1h').expr).toBe('sum(sum by (queue) (rate(jobs_total[1h])))');
    expect(recording(d, 'slo:sli_errors:rate1h').expr).toContain('\n  sum(rate(jobs_total{result="ok"}[1h]))\n');
  });

  test('whole-second latency thresholds match both "1" and the "1.0" Prometheus 3 stores', () => {
    const d = oneSlo(Sli.latency({ histogram: 'h_bucket', threshold: Duration.seconds(1) }));
    expect(recording(d, 'slo:sli_errors:rate5m').expr).toContain('h_bucket{le=~"1(\\\\.0)?"}');
  });
});

describe('error budget as numbers', () => {
  test.each([
    [99.95, 30, 0.0005, 21.6],
    [99.9, 30, 0.001, 43.2],
    [99.9, 28, 0.001, 40.32],
    [99, 7, 0.01, 100.8],
  ])('%p%% over %p days is a %p ratio and %p minutes', (percent, days, ratio, minutes) => {
    const d = oneSlo(Sli.availability({ requests }), { window: Duration.days(days) });
    const slo = SloServiceDefinition.create({
      service: 'checkout',
      window: Duration.days(days),
      slos: [{ name: 'slo', sli: Sli.availability({ requests }), objective: Objective.percent(percent) }],
    }).slos[0];
    expect(d.slos[0].period.toDays()).toBe(days);
    expect(slo.budget).toEqual({ ratio, minutes });
  });

  test('objective, budget and period are recorded for dashboards and gates', () => {
    const d = oneSlo(Sli.availability({ requests }));
    expect(recording(d, SloMetrics.OBJECTIVE).expr).toBe('vector(0.99)');
    expect(recording(d, SloMetrics.ERROR_BUDGET).expr).toBe('vector(0.01)');
    expect(recording(d, SloMetrics.PERIOD_DAYS).expr).toBe('vector(30)');
  });
});

describe('what the rules compute, evaluated by promtool', () => {
  test('a bool gauge counts the share of failed probes', () => {
    const d = oneSlo(Sli.boolGauge({ gauge: 'probe_success{job="blackbox"}' }));
    // Two targets probed every minute; one fails for 30 minutes.
    const series = [
      { series: 'probe_success{job="blackbox", instance="a"}', values: '1x60' },
      { series: 'probe_success{job="blackbox", instance="b"}', values: '1x29 0x30' },
    ];
    const [ratio30m, ratio1h] = evaluate(d.ruleFile(), series, [
      { expr: 'slo:sli_error:ratio_rate30m', atMinute: 59 },
      { expr: 'slo:sli_error:ratio_rate1h', atMinute: 59 },
    ]);
    // Prometheus 2 ranges include both ends (31 samples in 30m), Prometheus 3 ranges do not: about a half.
    expect(ratio30m).toBeCloseTo(0.5, 1);
    expect(ratio1h).toBeCloseTo(0.25, 1);
  });

  test('a classic histogram counts requests above the threshold bucket, whether le is "1" or "1.0"', () => {
    const d = oneSlo(Sli.latency({ histogram: 'h_bucket', threshold: Duration.seconds(1) }));
    for (const le of ['1', '1.0']) {
      const series = [
        { series: `h_bucket{le="${le}"}`, values: counter([{ minutes: 30, perMinute: 90 }]) },
        { series: 'h_bucket{le="+Inf"}', values: counter([{ minutes: 30, perMinute: 100 }]) },
      ];
      const [ratio] = evaluate(d.ruleFile(), series, [{ expr: 'slo:sli_error:ratio_rate5m', atMinute: 30 }]);
      expect(ratio).toBeCloseTo(0.1, 6);
    }
  });

  test('good events count as the complement of errors', () => {
    const d = oneSlo(Sli.events({ good: 'jobs_total{result="ok"}', total: 'jobs_total' }));
    const series = [
      { series: 'jobs_total{result="ok"}', values: counter([{ minutes: 30, perMinute: 97 }]) },
      { series: 'jobs_total{result="failed"}', values: counter([{ minutes: 30, perMinute: 3 }]) },
    ];
    const [ratio] = evaluate(d.ruleFile(), series, [{ expr: 'slo:sli_error:ratio_rate30m', atMinute: 30 }]);
    expect(ratio).toBeCloseTo(0.03, 6);
  });

  test('no error series at all still records a zero error ratio, not an empty one', () => {
    const d = oneSlo(Sli.availability({ requests }));
    const series = [{ series: 'http_requests_total{job="checkout", code="200"}', values: counter([{ minutes: 30, perMinute: 600 }]) }];
    const [ratio, period] = evaluate(d.ruleFile(), series, [
      { expr: 'slo:sli_error:ratio_rate5m', atMinute: 30 },
      { expr: 'slo:sli_error:ratio_rate30d', atMinute: 30 },
    ]);
    expect([ratio, period]).toEqual([0, 0]);
  });
});

describe('Slo.latencyPercentile', () => {
  test('"latency_p99 target 500ms" means 99% of requests within 500 ms', () => {
    const histogram = 'http_request_duration_seconds_bucket{job="api"}';
    const short = Slo.latencyPercentile({ name: 'latency-p99', percentile: 99, threshold: Duration.millis(500), histogram });
    expect(short).toEqual({ name: 'latency-p99', sli: Sli.latency({ histogram, threshold: Duration.millis(500) }), objective: Objective.percent(99) });
    const native = Slo.latencyPercentile({ name: 'latency-p99', percentile: 99, threshold: Duration.millis(500), histogram: 'h{job="api"}', native: true });
    expect(native.sli.kind).toBe('native-latency');
  });
});

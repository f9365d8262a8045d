import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { Duration, SloServiceDefinition, SpecError } from 'sre-constructs';
import { readSpecDocuments } from '../../lib/import/documents';
import { fromOpenSlo } from '../../lib/import/openslo';
import { checkRules, counter, evaluate } from '../support/promtool';
import { upstreamPath } from '../support/schema';
import { firingProbes } from '../support/traffic';

const fixture = readFileSync(join(__dirname, '..', 'fixtures', 'openslo', 'checkout.yaml'), 'utf8');
const quiet = { onWarning: () => undefined };

function refusal(text: string, file = 'spec.yaml'): string {
  try {
    fromOpenSlo(text, { file, ...quiet });
  } catch (e) {
    if (e instanceof SpecError) return e.message;
    throw e;
  }
  return 'accepted';
}

describe('OpenSLO v1, every supported feature (test/fixtures/openslo/checkout.yaml)', () => {
  const [service] = fromOpenSlo(fixture, { file: 'checkout.yaml', ...quiet });
  const definition = SloServiceDefinition.create(service, 'checkout.yaml');

  test('one service with one SLO per objective, the Service labels and each SLO\'s rolling window', () => {
    expect(service.service).toBe('checkout');
    expect(service.labels).toEqual({ team: 'payments' });
    expect(definition.slos.map((s) => [s.name, s.objective.percent, s.period.toPrometheus()])).toEqual([
      ['availability', 99.9, '28d'],
      ['latency', 99, '28d'],
      ['payments-errors-payments', 99.5, '30d'],
      ['payments-errors-payments-strict', 99.9, '30d'],
      ['fraud-check', 99, '7d'],
    ]);
    expect(definition.slo('availability').labels.tier).toBe('gold');
  });

  test('counters without a window get rate() over each window; a ready {{.window}} query is kept', () => {
    const recorded = (slo: string, record: string) =>
      definition.ruleGroups().find((g) => g.name === `checkout/${slo}/sli`)!.rules.find((r) => 'record' in r && r.record === record)!.expr;
    expect(recorded('availability', 'slo:sli_total:rate5m')).toBe('sum(rate(http_requests_total{job="checkout"}[5m]))');
    expect(recorded('payments-errors-payments', 'slo:sli_errors:rate5m')).toContain('sum(rate(payment_attempts_total{job="checkout", result="error"}[5m])) or vector(0)');
    expect(recorded('latency', 'slo:sli_errors:rate5m')).toContain('le="0.3"');
    expect(recorded('fraud-check', 'slo:sli_error:ratio_rate1h')).toContain('1 - (avg_over_time(fraud_check_success_ratio{job="checkout"}[1h]))');
  });

  test('alert policies become burn-rate tiers: threshold, lookback window, alertAfter and severity', () => {
    const tiers = definition.slo('availability').alerting!.tiers.map((t) => [t.key, t.factor, t.longWindow.toPrometheus(), t.shortWindow.toPrometheus(), t.for.toPrometheus(), t.severity, t.page]);
    expect(tiers).toEqual([
      ['fast-burn', 14.4, '1h', '5m', '2m', 'page', true],
      ['slow-burn', 3, '1d', '2h', '15m', 'ticket', false],
    ]);
    expect(definition.slo('availability').alerting!.absentData).toBeDefined();
    expect(definition.slo('latency').alerting).toBeUndefined();
  });

  test('generates rules promtool accepts', () => {
    const result = checkRules(definition.ruleFile());
    expect(result.output).toMatch(/SUCCESS/);
  });

  test('the fast-burn condition pages a few minutes into an outage, after its alertAfter', () => {
    const series = [
      { series: 'http_requests_total{job="checkout", code="200"}', values: counter([{ minutes: 60, perMinute: 600 }, { minutes: 30, perMinute: 0 }]) },
      { series: 'http_requests_total{job="checkout", code="500"}', values: counter([{ minutes: 60, perMinute: 0 }, { minutes: 30, perMinute: 600 }]) },
    ];
    const [first] = evaluate(definition.ruleFile(), series, firingProbes('{slo="availability", severity="page"}', 90));
    expect(first).toBeGreaterThanOrEqual(62);
    expect(first).toBeLessThanOrEqual(64);
  });

  test('notes what has no place in Prometheus rules instead of dropping it silently', () => {
    const warnings: string[] = [];
    fromOpenSlo(fixture, { file: 'checkout.yaml', onWarning: (w) => warnings.push(w) });
    expect(warnings).toEqual([expect.stringMatching(/notificationTargets are routing, which Alertmanager configuration decides/)]);
  });
});

describe('the OpenSLO CLI\'s (oslo) validation inputs, document by document', () => {
  const dir = upstreamPath('peers', 'slo', 'openslo', 'oslo', 'test', 'inputs', 'validate');
  const documents = ['v1alpha.yaml', 'v1.yaml', 'v2alpha.yaml'].flatMap((file) =>
    readSpecDocuments(readFileSync(join(dir, file), 'utf8'), { file }).map((d) => ({ where: `${file} ${d.position}`, doc: d.value })),
  );
  // A supported SLO, to pair with Service documents (which alone give no rules).
  const slo = (service: string) => ({
    apiVersion: 'openslo/v1',
    kind: 'SLO',
    metadata: { name: 'probe' },
    spec: { service, budgetingMethod: 'Occurrences', indicator: { metadata: { name: 'probe' }, spec: { ratioMetric: { counter: true, good: { metricSource: { type: 'Prometheus', spec: { query: 'ok_total' } } }, total: { metricSource: { type: 'Prometheus', spec: { query: 'all_total' } } } } } }, objectives: [{ target: 0.99 }] },
  });

  const expected: Record<string, RegExp | 'accepted'> = {
    'v1alpha.yaml 1.1': /metadata\.name \("my-rad service"\) is not a valid OpenSLO name/,
    'v1alpha.yaml 1.2': 'accepted',
    'v1alpha.yaml 2': /budgetingMethod \("Timeslices"\) is not supported/,
    'v1alpha.yaml 3': /calendar .* is a calendar-aligned window, which is not supported/,
    'v1.yaml 1.1': /budgetingMethod \("Timeslices"\) is not supported/,
    'v1.yaml 1.2': 'accepted',
    'v1.yaml 1.3': /metadata\.name \("example service"\) is not a valid OpenSLO name/,
    'v2alpha.yaml 1.1': /apiVersion \("openslo\.com\/v2alpha"\) is not an OpenSLO version this import reads/,
    'v2alpha.yaml 1.2': /apiVersion \("openslo\.com\/v2alpha"\) is not an OpenSLO version/,
    'v2alpha.yaml 1.3': /apiVersion \("openslo\.com\/v2alpha"\) is not an OpenSLO version/,
  };

  test('covers every document of the inputs', () => {
    expect(documents.map((d) => d.where)).toEqual(Object.keys(expected));
  });

  test.each(documents.map((d) => [d.where, d.doc] as const))('%s', (where, doc) => {
    const withSlo = doc.kind === 'Service' ? [doc, { ...slo(String((doc.metadata as { name: unknown }).name)), apiVersion: doc.apiVersion === 'openslo/v1alpha' ? 'openslo/v1' : doc.apiVersion }] : [doc];
    const text = withSlo.map((d) => stringify(d)).join('---\n');
    const outcome = refusal(text, where);
    const want = expected[where];
    if (want === 'accepted') {
      expect(outcome).toBe('accepted');
      const [service] = fromOpenSlo(text, quiet);
      expect(checkRules(SloServiceDefinition.create(service).ruleFile()).ok).toBe(true);
    } else {
      expect(outcome).toMatch(want);
      // Each document was given under its own name, so the message must start by naming it.
      expect(outcome.startsWith(`${where} (document `)).toBe(true);
    }
  });
});

describe('OpenSLO spec examples (sources of type Any) are refused, naming the problem', () => {
  const dir = upstreamPath('peers', 'slo', 'openslo', 'OpenSLO', 'examples');
  test.each([
    ['budgeting-method/occurences-slo.yaml', /metricSource\.type \("Any"\) is not a Prometheus source/],
    ['budgeting-method/ratio-timeslices.yaml', /budgetingMethod \("RatioTimeslices"\) is not supported/],
    ['budgeting-method/timeslices-slo.yaml', /budgetingMethod \("Timeslices"\) is not supported/],
    ['treat-low-traffic-as-equally-important/timeslices-slo.yaml', /budgetingMethod \("Timeslices"\) is not supported/],
  ])('%s', (file, problem) => {
    expect(refusal(readFileSync(join(dir, file), 'utf8'), file)).toMatch(problem);
  });
});

describe('OpenSLO documents that cannot become Prometheus rules say why', () => {
  const base = (spec: Record<string, unknown>) =>
    stringify({ apiVersion: 'openslo/v1', kind: 'SLO', metadata: { name: 'x' }, spec: { service: 'svc', budgetingMethod: 'Occurrences', objectives: [{ target: 0.99 }], ...spec } });
  const ratio = (query: string, type = 'Prometheus') => ({
    indicator: { metadata: { name: 'i' }, spec: { ratioMetric: { counter: true, good: { metricSource: { type, spec: { query } } }, total: { metricSource: { type, spec: { query: 'all_total' } } } } } },
  });

  test.each([
    ['a Datadog source', base(ratio('sum:hits{*}', 'Datadog')), /type \("Datadog"\) is not a Prometheus source/],
    ['a monthly window', base({ ...ratio('ok_total'), timeWindow: [{ duration: '1M', isRolling: true }] }), /duration \("1M"\) is not a rolling window of whole days/],
    ['a window in hours', base({ ...ratio('ok_total'), timeWindow: [{ duration: '36h', isRolling: true }] }), /not a whole number of days/],
    ['a query that already has ranges and no window placeholder', base(ratio('sum(rate(ok_total[5m]))')), /already has ranges or subqueries/],
    ['a threshold metric over a gauge', base({ indicator: { metadata: { name: 'i' }, spec: { thresholdMetric: { metricSource: { type: 'Prometheus', spec: { query: 'latency_seconds' } } } } }, objectives: [{ op: 'lte', value: 0.5, target: 0.99 }] }), /not a histogram _bucket selector/],
    ['a threshold metric alerting above its value', base({ indicator: { metadata: { name: 'i' }, spec: { thresholdMetric: { metricSource: { type: 'Prometheus', spec: { query: 'h_bucket' } } } } }, objectives: [{ op: 'gt', value: 0.5, target: 0.99 }] }), /op \("gt"\) is not lt or lte/],
    ['both target and targetPercent', base({ ...ratio('ok_total'), objectives: [{ target: 0.99, targetPercent: 99 }] }), /is given together with targetPercent/],
    ['a target written as a percentage', base({ ...ratio('ok_total'), objectives: [{ target: 99.9 }] }), /target \(99\.9\) is not a ratio strictly between 0 and 1/],
    ['an unknown indicatorRef', base({ indicatorRef: 'nope' }), /indicatorRef \("nope"\) refers to no SLI document/],
  ])('%s', (_name, text, problem) => {
    expect(refusal(text)).toMatch(problem);
  });

  test('a missing window takes the default period', () => {
    const [svc] = fromOpenSlo(base(ratio('ok_total')), { defaultWindow: Duration.days(28), ...quiet });
    expect(svc.slos[0].window?.toPrometheus()).toBe('28d');
  });
});

import { Duration, Objective, Sli, SloProps, SloServiceDefinition, SloServiceProps, SpecError } from 'sre-constructs';

const requests = 'http_requests_total{service="checkout"}';
const good: SloProps = { name: 'availability', sli: Sli.availability({ requests }), objective: Objective.percent(99.9) };

function service(overrides: Partial<SloServiceProps> = {}, slo: Partial<SloProps> = {}): SloServiceProps {
  return { service: 'checkout', slos: [{ ...good, ...slo }], ...overrides };
}

/** Builds the service and returns the SpecError it throws. */
function specError(props: SloServiceProps): SpecError {
  try {
    SloServiceDefinition.create(props, 'prod/checkout');
  } catch (e) {
    if (e instanceof SpecError) return e;
    throw new Error(`expected a SpecError, got ${String(e)}`);
  }
  throw new Error('expected a SpecError, but the spec was accepted');
}

describe('a wrong spec fails at construction, naming the path, the field, the value and what is valid', () => {
  test.each([
    ['100%', Objective.percent(100), /leaves no error budget/],
    ['0%', Objective.percent(0), /promises nothing/],
    ['negative', Objective.percent(-5), /promises nothing/],
    ['NaN', Objective.percent(NaN), /is not a number/],
    ['above 100%', Objective.ratio(99.9), /is above 100%.*Objective\.percent\(99\.9\)/],
  ])('objective %s', (_name, objective, problem) => {
    const e = specError(service({}, { objective }));
    expect(e.path).toBe('prod/checkout');
    expect(e.field).toBe('slos[availability].objective');
    expect(e.message).toMatch(/^prod\/checkout: slos\[availability\]\.objective \(/);
    expect(e.message).toMatch(problem);
    expect(e.message).toMatch(/strictly between 0 and 100/);
  });

  test('window of 0 days', () => {
    const e = specError(service({}, { window: Duration.days(0) }));
    expect(e.field).toBe('slos[availability].window');
    expect(e.message).toMatch(/not a positive duration/);
  });

  test('window that is not whole days', () => {
    const e = specError(service({ window: Duration.hours(36) }));
    expect(e.field).toBe('window');
    expect(e.message).toMatch(/"1d12h".*not a whole number of days/);
  });

  test('window shorter than the longest alert window', () => {
    const e = specError(service({ window: Duration.days(2) }));
    expect(e.field).toBe('alerting.tiers[ticket-slow].longWindow');
    expect(e.message).toMatch(/\("3d"\) for slos\[availability\] is longer than the SLO period \(2d\)/);
  });

  test('duplicate SLO names', () => {
    const e = specError({ service: 'checkout', slos: [good, { ...good }] });
    expect(e.field).toBe('slos[availability].name');
    expect(e.message).toMatch(/used by another SLO/);
  });

  test.each([
    ['service', { service: 'Checkout_Service' }, 'service', /"checkout-service"/],
    ['service too long', { service: 'x'.repeat(64) }, 'service', /at most 63 characters/],
  ])('invalid %s name', (_n, overrides, field, hint) => {
    const e = specError(service(overrides as Partial<SloServiceProps>));
    expect(e.field).toBe(field);
    expect(e.message).toMatch(/is not a valid name/);
    expect(e.message).toMatch(hint);
  });

  test('SLO name that is not a Kubernetes name (the seed writes latency_p99)', () => {
    const e = specError(service({}, { name: 'latency_p99' }));
    expect(e.field).toBe('slos[0].name');
    expect(e.message).toMatch(/"latency_p99".*such as "latency-p99"/);
  });

  test.each([
    ['a name with a quote', { 'bad"name': 'x' }, /not a valid Prometheus label name/],
    ['a reserved name', { slo: 'x' }, /label this library sets itself/],
    ['a non-string value', { tier: 2 as unknown as string }, /is not a string/],
  ])('labels with %s', (_n, labels, problem) => {
    const e = specError(service({ labels }));
    expect(e.field).toMatch(/^labels\./);
    expect(e.message).toMatch(problem);
  });

  test('PrometheusRule name that Kubernetes refuses', () => {
    const e = specError(service({ metadata: { name: 'Checkout Rules' } }));
    expect(e.field).toBe('metadata.name');
  });

  test('a short window not shorter than its long window', () => {
    const e = specError(
      service({ alerting: { tiers: { fast: { longWindow: Duration.hours(1), shortWindow: Duration.hours(1), factor: 14.4 } } } }),
    );
    expect(e.field).toBe('alerting.tiers[fast].shortWindow');
    expect(e.message).toMatch(/\("1h"\) for slos\[availability\] is not shorter than longWindow \(1h\)/);
  });

  test.each([0, -1, NaN, Infinity])('factor %p', (factor) => {
    const e = specError(service({ alerting: { tiers: { fast: { longWindow: Duration.hours(1), factor } } } }));
    expect(e.field).toBe('alerting.tiers[fast].factor');
    expect(e.message).toMatch(/not a positive number/);
  });

  test('a tier with both factor and budgetPercent', () => {
    const e = specError(service({ alerting: { tiers: { fast: { longWindow: Duration.hours(1), factor: 14.4, budgetPercent: 2 } } } }));
    expect(e.message).toMatch(/Give exactly one of factor/);
  });

  test('a tier that can never fire says so, as the SRE Workbook does', () => {
    // 90% objective: a 14.4x burn of a 10% budget needs 144% of requests to fail.
    const e = specError(service({}, { objective: Objective.percent(90), alerting: {} }));
    expect(e.field).toBe('slos[availability].alerting.tiers[page-fast].budgetPercent');
    expect(e.message).toMatch(/can never fire: a 14\.4x burn of the 10% error budget of a 90% objective needs 144% of events to fail/);
    expect(e.message).toMatch(/factor below 10 for this objective.*'page-fast': false/);
  });

  test.each([
    ['empty', Sli.events({ errors: '', total: requests }), 'errors', /is empty/],
    ['unparsable', Sli.events({ errors: 'sum(rate(x[{{.window}}])', total: requests }), 'errors', /not valid PromQL: it ends too early/],
    ['without a window placeholder', Sli.events({ errors: 'sum(rate(x[5m]))', total: requests }), 'errors', /neither a series selector nor a query with a \{\{\.window\}\} placeholder/],
    ['with both errors and good', Sli.events({ errors: requests, good: requests, total: requests }), 'good', /exactly one of errors/],
    ['error ratio without placeholder', Sli.errorRatio({ query: 'x / y' }), 'query', /no \{\{\.window\}\} placeholder/],
    ['availability selector with a function', Sli.availability({ requests: `rate(${requests}[5m])` }), 'requests', /not a plain series selector/],
    ['histogram matching on le', Sli.latency({ histogram: 'h_bucket{le="0.5"}', threshold: Duration.millis(500) }), 'histogram', /matches on the "le" label/],
  ])('SLI query %s', (_n, sli, field, problem) => {
    const e = specError(service({}, { sli }));
    expect(e.field).toBe(`slos[availability].sli.${field}`);
    expect(e.message).toMatch(problem);
  });

  test.each([
    ['zero', Duration.millis(0)],
    ['negative', Duration.millis(-100)],
    ['not a Duration', '500ms' as unknown as Duration],
  ])('latency threshold %s', (_n, threshold) => {
    const e = specError(service({}, { sli: Sli.latency({ histogram: 'h_bucket', threshold }) }));
    expect(e.field).toBe('slos[availability].sli.threshold');
    expect(e.message).toMatch(/positive duration|not a Duration/);
  });

  test('runbook URL that is not a URL', () => {
    const e = specError(service({}, { runbookUrl: 'runbooks/checkout' }));
    expect(e.field).toBe('slos[availability].runbookUrl');
  });

  test('nothing partial: the first error stops construction before any rule is rendered', () => {
    expect(() => SloServiceDefinition.create(service({}, { objective: Objective.percent(100) }))).toThrow(SpecError);
  });
});

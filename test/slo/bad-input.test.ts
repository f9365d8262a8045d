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

describe('options that would make an added-up window wrong are refused at construction, with the reason', () => {
  test.each([
    ['longer than 5 minutes', Duration.minutes(10), /\("10m"\) is longer than the 5-minute window every longer window is added up from.*leave gaps between samples that no window counts\. Evaluate at most every 5 minutes/],
    ['not dividing 5 minutes', Duration.minutes(2), /\("2m"\) does not divide 5 minutes: the rules are evaluated at times that miss the ends of the 5-minute windows.*overlap and leave gaps\. Use an interval that divides 5 minutes/],
  ])('an evaluation interval %s', (_n, evaluationInterval, problem) => {
    const e = specError(service({ evaluationInterval }));
    expect(e.path).toBe('prod/checkout');
    expect(e.field).toBe('evaluationInterval');
    expect(e.message).toMatch(problem);
    expect(e.message).toMatch(/windowDerivation: 'raw'/);
    // The same interval is fine where every window reads the source series.
    expect(() => SloServiceDefinition.create(service({ evaluationInterval, windowDerivation: 'raw' }))).not.toThrow();
  });

  test('a scrape interval that leaves fewer than two scrapes in the 5-minute window', () => {
    const e = specError(service({ scrapeInterval: Duration.minutes(3) }));
    expect(e.field).toBe('scrapeInterval');
    expect(e.message).toMatch(
      /scrapeInterval \("3m"\) leaves fewer than two scrapes in the 5m window SLO availability reads from its source series, where rate\(\) needs two samples: that window would be empty.*Scrape at least every 2m30s, or use windows of at least 6m\./,
    );
    expect(() => SloServiceDefinition.create(service({ scrapeInterval: Duration.seconds(150) }))).not.toThrow();
  });

  test('a scrape interval too long for a short window read from the source, in either form', () => {
    const alerting = { tiers: { fast: { longWindow: Duration.minutes(30), shortWindow: Duration.seconds(150), factor: 14.4 } } };
    for (const windowDerivation of ['raw', 'recorded'] as const) {
      const e = specError(service({ alerting, scrapeInterval: Duration.minutes(2), windowDerivation }));
      expect(e.message).toMatch(/in the 2m30s window SLO availability reads from its source series/);
    }
  });

  test('a window derivation that does not exist', () => {
    const e = specError(service({ windowDerivation: 'derived' as never }));
    expect(e.field).toBe('windowDerivation');
    expect(e.message).toMatch(/\("derived"\) is not 'raw' nor 'recorded'/);
  });

  test.each([
    ['without the by-speed layout', { slowInterval: Duration.minutes(5) }, /\("5m"\) is set but layout is not 'by-speed', so there is no slow group/],
    ['longer than 5 minutes', { layout: 'by-speed' as const, slowInterval: Duration.minutes(15) }, /\("15m"\) is longer than the 5-minute window/],
    ['not dividing 5 minutes', { layout: 'by-speed' as const, slowInterval: Duration.minutes(4) }, /\("4m"\) does not divide 5 minutes: the slow group is evaluated at times/],
  ])('a slow interval %s', (_n, ruleGroups, problem) => {
    const e = specError(service({ ruleGroups }));
    expect(e.field).toBe('ruleGroups.slowInterval');
    expect(e.message).toMatch(problem);
  });

  test('a slow interval shorter than the evaluation interval', () => {
    const e = specError(service({ evaluationInterval: Duration.minutes(1), ruleGroups: { layout: 'by-speed', slowInterval: Duration.seconds(30) } }));
    expect(e.message).toMatch(/\("30s"\) is shorter than evaluationInterval \(1m\)/);
  });

  test.each([
    ['layout', { layout: 'fast-slow' as never }, /is not 'by-kind' nor 'by-speed'/],
    ['partialResponseStrategy', { partialResponseStrategy: 'ignore' as never }, /is not 'abort' nor 'warn'/],
    ['maxRulesPerGroup', { maxRulesPerGroup: 0 }, /is not a positive whole number/],
  ])('ruleGroups.%s that does not exist', (field, ruleGroups, problem) => {
    const e = specError(service({ ruleGroups }));
    expect(e.field).toBe(`ruleGroups.${field}`);
    expect(e.message).toMatch(problem);
  });
});

import {
  AlertingRule,
  BurnRateAlertsDefinition,
  BurnRateTiers,
  Duration,
  Objective,
  Sli,
  SloServiceDefinition,
  SloServiceProps,
  SpecError,
} from 'sre-constructs';
import { checkRules, counter, evaluate, promtoolVersion } from '../support/promtool';
import { firingProbes } from '../support/traffic';

const requests = 'http_requests_total{job="checkout"}';

function define(props: Partial<SloServiceProps> = {}): SloServiceDefinition {
  return SloServiceDefinition.create({
    service: 'checkout',
    slos: [{ name: 'availability', sli: Sli.availability({ requests }), objective: Objective.percent(99.9) }],
    ...props,
  });
}

function alerts(def: SloServiceDefinition): AlertingRule[] {
  return def.alertingRuleGroups().flatMap((g) => g.rules as AlertingRule[]);
}

beforeAll(() => {
  promtoolVersion();
});

describe('burn-rate tiers', () => {
  test('default to the SRE Workbook: page at 14.4x/1h and 6x/6h, ticket at 3x/1d and 1x/3d', () => {
    const tiers = define().slos[0].alerting!.tiers;
    expect(tiers.map((t) => [t.key, t.longWindow.toPrometheus(), t.shortWindow.toPrometheus(), t.factor, t.severity, t.for.toPrometheus()])).toEqual([
      ['page-fast', '1h', '5m', 14.4, 'critical', '1m'],
      ['page-slow', '6h', '30m', 6, 'critical', '1m'],
      ['ticket-fast', '1d', '2h', 3, 'warning', '1m'],
      ['ticket-slow', '3d', '6h', 1, 'warning', '1m'],
    ]);
  });

  test('the seed policy is expressible: 1h at 14.4x critical, 6h at 6x warning', () => {
    const def = define({
      alerting: {
        tiers: {
          fast: { longWindow: Duration.hours(1), factor: 14.4, severity: 'critical' },
          slow: { longWindow: Duration.hours(6), factor: 6, severity: 'warning' },
        },
      },
    });
    const rules = alerts(def);
    expect(rules.map((r) => [r.labels?.severity, r.labels?.long, r.labels?.short])).toEqual([
      ['critical', '1h', '5m'],
      ['warning', '6h', '30m'],
    ]);
    expect(rules[0].expr).toBe(
      [
        'slo:sli_error:ratio_rate1h{service="checkout", slo="availability"} / 0.001',
        'and',
        'slo:sli_error:ratio_rate1h{service="checkout", slo="availability"} > 14.4 * 0.001',
        'and',
        'slo:sli_error:ratio_rate5m{service="checkout", slo="availability"} > 14.4 * 0.001',
      ].join('\n'),
    );
  });

  test('can be changed, turned off and extended through the keyed map', () => {
    const def = define({
      alerting: {
        tiers: {
          ...BurnRateTiers.sreWorkbook(),
          'page-fast': { ...BurnRateTiers.sreWorkbook()['page-fast'], for: Duration.minutes(5), labels: { team: 'payments' } },
          'ticket-slow': false,
          'page-spike': { longWindow: Duration.minutes(30), shortWindow: Duration.minutes(2), factor: 30, page: true },
        },
      },
    });
    const tiers = def.slos[0].alerting!.tiers;
    expect(tiers.map((t) => t.key)).toEqual(['page-fast', 'page-slow', 'ticket-fast', 'page-spike']);
    expect(tiers[0].for.toPrometheus()).toBe('5m');
    const rules = alerts(def);
    expect(rules[0].labels?.team).toBe('payments');
    expect(rules[3].labels).toMatchObject({ severity: 'critical', long: '30m', short: '2m' });
    expect(checkRules(def.ruleFile()).ok).toBe(true);
  });

  test('two tiers with the same windows are refused: their alerts could not be told apart', () => {
    expect(() =>
      define({
        alerting: {
          tiers: {
            a: { longWindow: Duration.hours(1), factor: 10 },
            b: { longWindow: Duration.hours(1), factor: 20 },
          },
        },
      }),
    ).toThrow(/uses the same windows as tier 'a'/);
  });
});

describe('every alert', () => {
  const def = define({
    labels: { team: 'payments' },
    alerting: { runbookUrl: 'https://runbooks.example.com/checkout', dashboardUrl: 'https://grafana.example.com/d/checkout', labels: { route: 'payments-oncall' } },
  });

  test.each(alerts(def).map((r) => [r.labels?.long, r]))('carries service, slo, severity, links and a humanized burn rate (%s tier)', (_long, rule) => {
    const r = rule as AlertingRule;
    expect(r.labels).toMatchObject({ service: 'checkout', slo: 'availability', route: 'payments-oncall' });
    expect(['critical', 'warning']).toContain(r.labels?.severity);
    expect(r.for).toBeDefined();
    expect(r.annotations).toMatchObject({
      runbook_url: 'https://runbooks.example.com/checkout',
      dashboard_url: 'https://grafana.example.com/d/checkout',
    });
    expect(r.annotations?.summary).toMatch(/^checkout availability: error budget burning faster than [\d.]+x over \w+$/);
    expect(r.annotations?.description).toContain('{{ $value | humanize }} times as fast as it can sustain');
  });

  test('fires with the user labels of the service (from the recorded series)', () => {
    const series = [
      { series: 'http_requests_total{job="checkout", code="500"}', values: counter([{ minutes: 20, perMinute: 600 }]) },
      { series: 'http_requests_total{job="checkout", code="200"}', values: counter([{ minutes: 20, perMinute: 0 }]) },
    ];
    const [count] = evaluate(def.ruleFile(), series, [
      { expr: 'count(ALERTS{alertstate="firing", severity="critical", team="payments", route="payments-oncall", long="1h"})', atMinute: 20 },
    ]);
    expect(count).toBe(1);
  });
});

describe('hostile strings', () => {
  const hostile = 'he said "hi"\n{{ $value }} \\ }}';
  const def = define({
    labels: { owner: hostile },
    alerting: { labels: { note: hostile }, tiers: { fast: { longWindow: Duration.hours(1), factor: 14.4 } } },
  });

  test('pass promtool and reach Prometheus literally, in recorded series and in alert labels', () => {
    expect(checkRules(def.ruleFile()).ok).toBe(true);
    const series = [
      { series: 'http_requests_total{job="checkout", code="500"}', values: counter([{ minutes: 20, perMinute: 600 }]) },
    ];
    const quoted = JSON.stringify(hostile);
    const [recorded, alert] = evaluate(def.ruleFile(), series, [
      { expr: `count(slo:sli_total:rate5m{owner=${quoted}})`, atMinute: 20 },
      { expr: `count(ALERTS{alertstate="firing", note=${quoted}, owner=${quoted}})`, atMinute: 20 },
    ]);
    expect([recorded, alert]).toEqual([1, 1]);
  });

  test('in selectors are escaped, never pasted', () => {
    const d = define({ slos: [{ name: 'a', objective: Objective.percent(99), sli: Sli.availability({ requests: 'r{path="/a\\"b"}', errorStatus: '5.."' }) }] });
    const errors = d.recordingRuleGroups()[0].rules.find((r) => 'record' in r && r.record === 'slo:sli_errors:rate5m')!.expr;
    expect(errors).toContain('sum(rate(r{path="/a\\"b", code=~"5..\\""}[5m])) or vector(0)');
    expect(checkRules(d.ruleFile()).ok).toBe(true);
  });

  test('unbalanced template braces in user annotations are refused', () => {
    expect(() => define({ alerting: { annotations: { summary: 'oops {{ $labels.slo' } } })).toThrow(/unbalanced template braces/);
  });
});

describe('the absent-data alert', () => {
  const def = define({ alerting: { absentDataAlert: { for: Duration.minutes(10) } } });

  test('fires when the SLI has no source series, and not on zero traffic', () => {
    const none = [{ series: 'unrelated_metric', values: '1x60' }];
    const idle = [{ series: 'http_requests_total{job="checkout", code="200"}', values: '0x60' }];
    const missing = firingProbes('{alertname="SloDataMissing", service="checkout", slo="availability"}', 60);
    const [first] = evaluate(def.ruleFile(), none, missing);
    expect(first).toBeGreaterThanOrEqual(10);
    expect(first).toBeLessThanOrEqual(12);
    const [idleFirst] = evaluate(def.ruleFile(), idle, missing);
    expect(idleFirst).toBeUndefined();
  });
});

describe('BurnRateAlerts on its own', () => {
  const service = define({ alerting: false });

  test('renders alerts for the SLOs of a service that does not alert itself', () => {
    const standalone = BurnRateAlertsDefinition.create(service, { runbookUrl: 'https://runbooks.example.com/x' }, 'alerts');
    expect(standalone.ruleGroups().map((g) => g.name)).toEqual(['checkout/availability/alerts']);
    expect(standalone.prometheusRule().metadata.name).toBe('checkout-slo-alerts');
    expect(checkRules({ groups: [...service.ruleGroups(), ...standalone.ruleGroups()] }).ok).toBe(true);
  });

  test('refuses an SLO that already alerts from its SloService', () => {
    expect(() => BurnRateAlertsDefinition.create(define(), {}, 'alerts')).toThrow(/already has burn-rate alerts from its SloService/);
  });

  test('refuses a window the service does not record, and accepts it once recorded', () => {
    const tiers = { odd: { longWindow: Duration.hours(4), factor: 10 } };
    const e = (() => {
      try {
        BurnRateAlertsDefinition.create(service, { tiers }, 'alerts');
      } catch (err) {
        return err as SpecError;
      }
      return undefined;
    })();
    expect(e?.field).toBe('tiers[odd].longWindow');
    expect(e?.message).toMatch(/is not a window SloService checkout records.*extraWindows/);
    const recorded = define({ alerting: false, extraWindows: [Duration.hours(4), Duration.minutes(20)] });
    expect(() => BurnRateAlertsDefinition.create(recorded, { tiers }, 'alerts')).not.toThrow();
  });
});

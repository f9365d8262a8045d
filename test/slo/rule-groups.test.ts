import { BurnRateAlertsDefinition, Duration, Objective, RuleGroup, Sli, SloServiceDefinition, SloServiceProps } from 'sre-constructs';
import { metricNamesIn } from '../../lib/common/promql';
import { checkRules, evaluate, promtoolVersion } from '../support/promtool';
import { schemaErrors } from '../support/schema';
import { SCENARIOS } from '../support/sloth-parity';
import { firingProbes, httpRequests } from '../support/traffic';

const requests = 'http_requests_total{job="checkout"}';

function define(extra: Partial<SloServiceProps> = {}, service = 'checkout'): SloServiceDefinition {
  return SloServiceDefinition.create({
    service,
    slos: [{ name: 'availability', sli: Sli.availability({ requests }), objective: Objective.percent(99.9) }],
    alerting: { absentDataAlert: true },
    ...extra,
  });
}

const names = (g: RuleGroup) => g.rules.map((r) => ('record' in r ? r.record : `${r.alert}{${r.labels?.long ?? ''}}`));

beforeAll(() => {
  promtoolVersion();
});

describe("layout 'by-speed'", () => {
  const def = define({ ruleGroups: { layout: 'by-speed', slowInterval: Duration.minutes(5) }, evaluationInterval: Duration.seconds(30) });
  const [fast, slow] = def.ruleGroups();

  test('the fast group records 5 minutes, the windows the paging tiers read and those they are added up from, then the current burn rate and the page alerts', () => {
    expect(def.ruleGroups().map((g) => [g.name, g.interval])).toEqual([
      ['checkout/availability/fast', '30s'],
      ['checkout/availability/slow', '5m'],
    ]);
    const windows = (g: RuleGroup) => [...new Set(g.rules.flatMap((r) => ('record' in r ? /rate(\w+)$/.exec(r.record)?.[1] ?? [] : [])))];
    expect(windows(fast)).toEqual(['5m', '30m', '1h', '2h', '6h']);
    expect(names(fast).slice(-4)).toEqual(['slo:current_burn_rate:ratio', 'SloErrorBudgetBurn{1h}', 'SloErrorBudgetBurn{6h}', 'SloDataMissing{}']);
    expect(windows(slow)).toEqual(['1d', '3d', '30d']);
    expect(names(slow).slice(-2)).toEqual(['SloErrorBudgetBurn{1d}', 'SloErrorBudgetBurn{3d}']);
  });

  test('each group reads only what it or the fast group records, so the fast group never waits for the slow one', () => {
    const recordedIn = (g: RuleGroup) => new Set(g.rules.flatMap((r) => ('record' in r ? [r.record] : [])));
    const fastSeries = recordedIn(fast);
    const fastReads = fast.rules.flatMap((r) => metricNamesIn(r.expr)).filter((m) => m.startsWith('slo:'));
    expect(fastReads.filter((m) => !fastSeries.has(m))).toEqual([]);
    // Every rule that reads a series of its own group comes after the rule that records it.
    for (const g of [fast, slow]) {
      g.rules.forEach((rule, i) => {
        const later = new Set(g.rules.slice(i).flatMap((r) => ('record' in r ? [r.record] : [])));
        expect({ rule: 'record' in rule ? rule.record : rule.alert, reads: metricNamesIn(rule.expr).filter((m) => later.has(m) && !('record' in rule && m === rule.record)) }).toEqual({
          rule: 'record' in rule ? rule.record : rule.alert,
          reads: [],
        });
      });
    }
  });

  test('without alerts of its own (a separate BurnRateAlerts pages), the windows up to 6 hours still go in the fast group', () => {
    const apart = define({ alerting: false, ruleGroups: { layout: 'by-speed', slowInterval: Duration.minutes(5) } });
    const fastRecords = apart.ruleGroups()[0].rules.map((r) => ('record' in r ? r.record : ''));
    expect(fastRecords).toContain('slo:sli_error:ratio_rate1h');
    expect(fastRecords).toContain('slo:sli_error:ratio_rate6h');
    expect(fastRecords).not.toContain('slo:sli_error:ratio_rate1d');
  });

  test('promtool accepts it, and it fits Mimir\'s default of 20 rules a group', () => {
    expect(checkRules(def.ruleFile()).ok).toBe(true);
    expect(Math.max(...def.ruleGroups().map((g) => g.rules.length))).toBeLessThanOrEqual(20);
    expect(() => define({ ruleGroups: { layout: 'by-speed', maxRulesPerGroup: 20 } })).not.toThrow();
  });

  test.each(SCENARIOS.filter((s) => s.phases.length > 1))('$name: every alert fires and clears at the same minutes as with by-kind groups', (scenario) => {
    const byKind = define({}, 'kind');
    const bySpeed = define({ ruleGroups: { layout: 'by-speed' } }, 'speed');
    const input = httpRequests('{job="checkout"}', scenario.phases.map((p) => ({ minutes: p.minutes, rps: 10, errorRatio: p.burn === Infinity ? 1 : p.burn * 0.001 })));
    const until = scenario.phases.reduce((n, p) => n + p.minutes, 0);
    const probes = ['critical', 'warning'].flatMap((severity) => ['kind', 'speed'].flatMap((service) => firingProbes(`{service="${service}", severity="${severity}"}`, until)));
    const v = evaluate([byKind.ruleFile(), bySpeed.ruleFile()], input, probes);
    // [first, last] of: critical by-kind, critical by-speed, warning by-kind, warning by-speed.
    expect([v[2], v[3]]).toEqual([v[0], v[1]]);
    expect([v[6], v[7]]).toEqual([v[4], v[5]]);
  });
});

describe('Thanos Ruler and Mimir', () => {
  test('partialResponseStrategy is written on every group, separate BurnRateAlerts included, and the PrometheusRule schema accepts it', () => {
    const def = define({ ruleGroups: { partialResponseStrategy: 'abort' } });
    expect(def.ruleGroups().map((g) => g.partial_response_strategy)).toEqual(['abort', 'abort', 'abort']);
    expect(schemaErrors(def.prometheusRule())).toEqual([]);
    const apart = SloServiceDefinition.create({
      service: 'checkout',
      slos: [{ name: 'availability', sli: Sli.availability({ requests }), objective: Objective.percent(99.9) }],
      alerting: false,
      ruleGroups: { partialResponseStrategy: 'abort' },
    });
    expect(BurnRateAlertsDefinition.create(apart).ruleGroups().map((g) => g.partial_response_strategy)).toEqual(['abort']);
  });

  test('promtool refuses the Thanos-only field, which is why it is never written unless asked for', () => {
    const result = checkRules(define({ ruleGroups: { partialResponseStrategy: 'abort' } }).ruleFile());
    expect(result.ok).toBe(false);
    expect(result.output).toMatch(/partial_response_strategy/);
    expect(define().ruleGroups().some((g) => 'partial_response_strategy' in g)).toBe(false);
  });

  test("maxRulesPerGroup refuses a group over the limit: the default by-kind sli group holds 21 rules", () => {
    expect(() => define({ ruleGroups: { maxRulesPerGroup: 20 } })).toThrow(
      "checkout: ruleGroups.maxRulesPerGroup (20) is exceeded by group checkout/availability/sli, which holds 21 rules. Use layout 'by-speed'",
    );
  });
});

describe("recorded windows across groups ('by-kind' period in the budget group, 'by-speed' slow windows)", () => {
  test('a window added up in another group than its tiles reads the same numbers', () => {
    const kind = define({ windowDerivation: 'recorded' }, 'kind');
    const speed = define({ ruleGroups: { layout: 'by-speed' } }, 'speed');
    const raw = define({ windowDerivation: 'raw' }, 'raw');
    const input = httpRequests('{job="checkout"}', [
      { minutes: 100, rps: 10, errorRatio: 0.01 },
      { minutes: 50, rps: 10, errorRatio: 0.2 },
    ]);
    const series = ['slo:sli_error:ratio_rate1d', 'slo:sli_error:ratio_rate3d', 'slo:sli_error:ratio_rate30d'];
    const v = evaluate(
      [kind.ruleFile(), speed.ruleFile(), raw.ruleFile()],
      input,
      series.flatMap((s) => ['kind', 'speed', 'raw'].map((service) => ({ expr: `${s}{service="${service}"}`, atMinute: 150 }))),
    );
    // 1d and 3d: all three forms agree; the period: the added-up forms are exact, the raw one lags (window-derivation.test.ts).
    expect(v[1]).toBeCloseTo(v[0]!, 12);
    expect(v[2]).toBeCloseTo(v[0]!, 12);
    expect(v[4]).toBeCloseTo(v[3]!, 12);
    expect(v[5]).toBeCloseTo(v[3]!, 12);
    expect(v[7]).toBeCloseTo(v[6]!, 12);
    expect(v[6]).toBeCloseTo((100 * 0.01 + 50 * 0.2) / 150, 3);
  });
});

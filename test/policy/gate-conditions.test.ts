import { Duration, ErrorBudgetPolicyDefinition, Objective, Sli, SloServiceDefinition } from 'sre-constructs';
import { MeasurementPhase, evaluateCondition, measurementPhase, resolveArgs } from '../support/argo-analysis';
import { flaggerCheckPasses, renderFlaggerQuery } from '../support/flagger-analysis';

/**
 * The conditions of the generated AnalysisTemplate, evaluated the way Argo Rollouts evaluates them, on every
 * shape of answer Prometheus can give: a value, nothing (`[]`), NaN, several series.
 */
const service = SloServiceDefinition.create({
  service: 'checkout',
  slos: [{ name: 'availability', sli: Sli.availability({ requests: 'http_requests_total{job="checkout"}' }), objective: Objective.percent(99.9) }],
});

interface Metric {
  readonly name: string;
  readonly successCondition: string;
  readonly failureCondition: string;
  readonly inconclusiveLimit: number;
  readonly failureLimit: number;
  readonly provider: { readonly prometheus: { readonly query: string } };
}

function metrics(policy: ErrorBudgetPolicyDefinition): Record<string, Metric> {
  const spec = policy.analysisTemplate()!.spec as { metrics: Metric[] };
  return Object.fromEntries(spec.metrics.map((m) => [m.name, m]));
}

const policy = ErrorBudgetPolicyDefinition.create(service, { deployGates: { prometheusUrl: 'http://prometheus:9090' } });
const { 'error-budget': budget, 'canary-burn-rate': burn } = metrics(policy);

describe('the model of Argo Rollouts reproduces the pitfalls its issues document', () => {
  test('an unguarded result[0] errs on an empty answer (argoproj/argo-rollouts#1466)', () => {
    expect(measurementPhase({ successCondition: 'result[0] > 0' }, [])).toBe('Error');
  });

  test('a lone failure condition lets NaN through (argoproj/argo-rollouts#459)', () => {
    expect(measurementPhase({ failureCondition: 'result[0] <= 0' }, [NaN])).toBe('Successful');
  });

  test('a lone success condition turns a scrape gap into a failed rollout', () => {
    expect(measurementPhase({ successCondition: 'len(result) == 1 && result[0] > 0' }, [])).toBe('Failed');
  });

  test('&& short-circuits, so a length guard protects the index', () => {
    expect(evaluateCondition('len(result) == 1 && result[0] > 0', [])).toBe(false);
    expect(() => evaluateCondition('result[0] > 0 && len(result) == 1', [])).toThrow(/index out of range/);
  });
});

describe('the error-budget metric', () => {
  test.each<[string, number[], MeasurementPhase]>([
    ['budget left', [0.42], 'Successful'],
    ['exactly spent', [0], 'Failed'],
    ['overspent', [-0.35], 'Failed'],
    ['an exempt change (+Inf)', [Infinity], 'Successful'],
    ['no data', [], 'Inconclusive'],
    ['NaN', [NaN], 'Inconclusive'],
    ['several series', [0.4, 0.2], 'Inconclusive'],
  ])('%s: %p is %s', (_, result, phase) => {
    expect(measurementPhase(budget, result)).toBe(phase);
  });

  test('an Inconclusive measurement pauses the rollout at once, and one failure fails it', () => {
    expect([budget.inconclusiveLimit, budget.failureLimit]).toEqual([0, 0]);
  });

  test('freezes at the policy\'s own line: at 10%, 10% left is frozen and a hair more is not', () => {
    const tight = metrics(ErrorBudgetPolicyDefinition.create(service, { freezeAtPercent: 10, deployGates: { prometheusUrl: 'http://prometheus:9090' } }))['error-budget'];
    expect(measurementPhase(tight, [0.1])).toBe('Failed');
    expect(measurementPhase(tight, [0.1001])).toBe('Successful');
  });
});

describe('the canary-burn-rate metric', () => {
  test.each<[string, number[], MeasurementPhase]>([
    ['no errors', [0], 'Successful'],
    ['at the ceiling', [6], 'Successful'],
    ['above the ceiling', [6.01], 'Failed'],
    ['no data', [], 'Inconclusive'],
    ['NaN', [NaN], 'Inconclusive'],
  ])('%s: %p is %s', (_, result, phase) => {
    expect(measurementPhase(burn, result)).toBe(phase);
  });
});

describe('exemptions reach the query as Argo Rollouts and Flagger fill them in', () => {
  test('Argo Rollouts substitutes the budget-exemption arg, defaulting to "none"', () => {
    const spec = policy.analysisTemplate()!.spec as { args: Array<{ name: string; value: string }> };
    expect(spec.args).toEqual([{ name: 'budget-exemption', value: 'none' }]);
    const resolved = resolveArgs(budget.provider.prometheus.query, { 'budget-exemption': 'security-fix' });
    expect(resolved.match(/exemption="security-fix"/g)).toHaveLength(2);
    expect(() => resolveArgs(budget.provider.prometheus.query, {})).toThrow(/failed to resolve \{\{args\.budget-exemption\}\}/);
  });

  test('Flagger renders the budgetExemption variable the Canary metrics set, and halts a Canary that sets none', () => {
    const flagger = ErrorBudgetPolicyDefinition.create(service, { deployGates: { prometheusUrl: 'http://prometheus:9090', flagger: true, argoRollouts: false } });
    const [freeze] = flagger.metricTemplates();
    const [budgetMetric] = flagger.flaggerCanaryMetrics();
    const query = (freeze.spec as { query: string }).query;
    expect(renderFlaggerQuery(query, budgetMetric.templateVariables!)).toContain('exemption="none"');
    expect(() => renderFlaggerQuery(query, {})).toThrow(/map has no entry for key "budgetExemption"/);
  });

  test('Flagger halts on no data and NaN, passes 1 and refuses 0 for the freeze, and keeps burn rates within the ceiling', () => {
    const flagger = ErrorBudgetPolicyDefinition.create(service, { canaryMaxBurnRate: 4, deployGates: { prometheusUrl: 'http://prometheus:9090', flagger: true } });
    const [freezeCheck, burnCheck] = flagger.flaggerCanaryMetrics().map((m) => m.thresholdRange);
    expect([[1], [0], [], [NaN]].map((v) => flaggerCheckPasses(v, freezeCheck))).toEqual([true, false, false, false]);
    expect([[4], [4.5], [0], []].map((v) => flaggerCheckPasses(v, burnCheck))).toEqual([true, false, true, false]);
  });
});

test('the canary window can be any window the service records', () => {
  const hourly = ErrorBudgetPolicyDefinition.create(service, { canaryWindow: Duration.hours(1) });
  const rule = hourly.ruleGroups()[0].rules.find((r) => 'record' in r && r.record === 'slo:budget_policy_canary_burn_rate:ratio')!;
  expect(rule.expr).toBe('slo:sli_error:ratio_rate1h{service="checkout", slo="availability"} / 0.001');
});

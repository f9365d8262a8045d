import { BudgetPolicyMetrics as P, Duration, ErrorBudgetPolicyDefinition, Objective, RuleFile, Sli, SloServiceDefinition } from 'sre-constructs';
import { measurementPhase, resolveArgs } from '../support/argo-analysis';
import { flaggerCheckPasses, renderFlaggerQuery } from '../support/flagger-analysis';
import { InputSeries, Probe, evaluate, firedAlerts, promtoolVersion } from '../support/promtool';
import { firingProbes, httpRequests } from '../support/traffic';

/**
 * The policy's series, alerts and gate queries, run by promtool's own rule engine on synthetic traffic: one
 * scrape and one evaluation a minute, minutes counted from the start of the series. A one-day period keeps
 * the series short: 99.9% of 600 requests a minute leaves 864 failed requests a day.
 */
const service = SloServiceDefinition.create({
  service: 'checkout',
  window: Duration.days(1),
  alerting: false,
  slos: [
    { name: 'availability', sli: Sli.availability({ requests: 'http_requests_total{job="checkout"}' }), objective: Objective.percent(99.9) },
    { name: 'search', sli: Sli.availability({ requests: 'http_requests_total{job="search"}' }), objective: Objective.percent(99) },
  ],
});
const policy = ErrorBudgetPolicyDefinition.create(service, {
  slos: ['availability'],
  exemptions: { rollback: 'Restores a version that met the SLO.' },
  deployGates: { prometheusUrl: 'http://prometheus:9090', flagger: true },
});
const both = ErrorBudgetPolicyDefinition.create(service, { deployGates: { prometheusUrl: 'http://prometheus:9090', flagger: true } });
const rules = (p: ErrorBudgetPolicyDefinition): RuleFile[] => [service.ruleFile(), p.ruleFile()];
const CHECKOUT = '{job="checkout"}';
const RPS = 10;

const argo = (p: ErrorBudgetPolicyDefinition, name: string) =>
  (p.analysisTemplate()!.spec as { metrics: Array<{ name: string; successCondition: string; failureCondition: string; provider: { prometheus: { query: string } } }> }).metrics.find(
    (m) => m.name === name,
  )!;
const flagger = (p: ErrorBudgetPolicyDefinition, i: number) => (p.metricTemplates()[i].spec as { query: string }).query;

/** A day without errors, then 0.5% of requests fail (3 a minute): 25% of the budget is left after 216 minutes, none after 288. */
const incident: InputSeries[] = httpRequests(CHECKOUT, [
  { minutes: 1440, rps: RPS },
  { minutes: 360, rps: RPS, errorRatio: 0.005 },
]);

/** Ten minutes at 2% errors after 80 quiet ones: far more than the budget of the 100 minutes recorded. */
const shortIncident: InputSeries[] = httpRequests(CHECKOUT, [
  { minutes: 80, rps: RPS },
  { minutes: 10, rps: RPS, errorRatio: 0.02 },
  { minutes: 10, rps: RPS },
]);

beforeAll(() => {
  promtoolVersion();
});

test('ErrorBudgetLow warns once a quarter of the budget is left, then ErrorBudgetExhausted takes over when it is spent', () => {
  const [low, exhausted] = [
    '{alertname="ErrorBudgetLow", slo="availability", sev="SEV4", severity="info"}',
    '{alertname="ErrorBudgetExhausted", slo="availability", sev="SEV3", severity="warning"}',
  ].map((s) => firingProbes(s, 1800));
  const [lowFirst, lowLast, exhaustedFirst, exhaustedLast] = evaluate(rules(policy), incident, [...low, ...exhausted]);
  // Below 25% from about minute 1440 + 216, then `for: 30m`.
  expect(lowFirst).toBeGreaterThanOrEqual(1440 + 216 + 30 - 3);
  expect(lowFirst).toBeLessThanOrEqual(1440 + 216 + 30 + 6);
  // Spent at about minute 1440 + 288: the warning stops and, after `for: 5m`, the freeze alert fires.
  expect(lowLast).toBeGreaterThanOrEqual(1440 + 288 - 3);
  expect(lowLast).toBeLessThanOrEqual(1440 + 288 + 6);
  expect(exhaustedFirst).toBeGreaterThanOrEqual(1440 + 288 + 5 - 3);
  expect(exhaustedFirst).toBeLessThanOrEqual(1440 + 288 + 5 + 6);
  expect(exhaustedLast).toBe(1800);
});

test('the freeze alert says, as Prometheus renders it, how much is left, that deploys are frozen and what may still ship', () => {
  const [alert] = firedAlerts({ groups: rules(policy).flatMap((f) => f.groups) }, shortIncident, 'ErrorBudgetExhausted', 100);
  expect(alert.labels).toMatch(/sev="SEV3"/);
  expect(alert.annotations).toMatch(/has spent its error budget \(-\d+(\.\d+)?% left; below zero is overspent\)\. Its error-budget policy freezes deploys until more than 0% is left again\. Only exempt changes \(rollback\) may ship\./);
});

test('a service within its budget raises neither alert and is not frozen', () => {
  // 0.01% errors: a tenth of the budget, whatever the share of the day.
  const healthy = httpRequests(CHECKOUT, [{ minutes: 600, rps: RPS, errorRatio: 0.0001 }]);
  const probes: Probe[] = [
    ...firingProbes('{alertname=~"ErrorBudget.*"}', 600),
    { expr: `${P.SERVICE_FROZEN}{service="checkout"}`, atMinute: 600 },
    { expr: `${P.SERVICE_BUDGET_REMAINING}{service="checkout"}`, atMinute: 600 },
    { expr: policy.freeze.condition, atMinute: 600 },
    { expr: policy.freeze.unknownCondition, atMinute: 600 },
  ];
  const [first, , frozen, remaining, condition, unknown] = evaluate(rules(policy), healthy, probes);
  expect(first).toBeUndefined();
  expect(frozen).toBe(0);
  expect(remaining).toBeCloseTo(0.9, 3);
  expect(condition).toBeUndefined();
  expect(unknown).toBeUndefined();
});

test('a spent budget freezes: per SLO, for the service, in the freeze condition and in both gates; an exemption lets a change through', () => {
  const at = 1800;
  const budgetQuery = argo(policy, 'error-budget').provider.prometheus.query;
  const probes: Probe[] = [
    { expr: `${P.FROZEN}{slo="availability"}`, atMinute: at },
    { expr: `${P.SERVICE_FROZEN}{service="checkout"}`, atMinute: at },
    { expr: policy.freeze.condition, atMinute: at },
    { expr: resolveArgs(budgetQuery, { 'budget-exemption': 'none' }), atMinute: at },
    { expr: resolveArgs(budgetQuery, { 'budget-exemption': 'rollback' }), atMinute: at },
    { expr: resolveArgs(budgetQuery, { 'budget-exemption': 'security-fix' }), atMinute: at },
    { expr: renderFlaggerQuery(flagger(policy, 0), { budgetExemption: 'none' }), atMinute: at },
    { expr: renderFlaggerQuery(flagger(policy, 0), { budgetExemption: 'rollback' }), atMinute: at },
    { expr: 'slo:period_error_budget_remaining:ratio{slo="availability"}', atMinute: at },
  ];
  const [frozen, serviceFrozen, condition, plain, rollback, unknownExemption, flaggerPlain, flaggerRollback, remaining] = evaluate(rules(policy), incident, probes);
  expect([frozen, serviceFrozen, condition]).toEqual([1, 1, 1]);
  // 360 minutes at 3 failed requests a minute is 1080 of a 864 budget: 25% overspent (less the 5-minute rate's ramp).
  expect(Math.abs(remaining! + 0.25)).toBeLessThan(0.01);
  expect(plain).toBeCloseTo(remaining!, 9);
  expect(measurementPhase(argo(policy, 'error-budget'), [plain!])).toBe('Failed');
  expect(rollback).toBe(Infinity);
  expect(measurementPhase(argo(policy, 'error-budget'), [rollback!])).toBe('Successful');
  // A name the policy does not list exempts nothing.
  expect(unknownExemption).toBeCloseTo(remaining!, 9);
  expect([flaggerPlain, flaggerRollback]).toEqual([0, 1]);
  const [freezeCheck] = policy.flaggerCanaryMetrics().map((m) => m.thresholdRange);
  expect([flaggerCheckPasses([flaggerPlain!], freezeCheck), flaggerCheckPasses([flaggerRollback!], freezeCheck)]).toEqual([false, true]);
});

test('a canary that burns faster than the ceiling fails the burn-rate gate, exempt or not', () => {
  // 1% errors is a 10x burn of a 99.9% objective, above the default ceiling of 6.
  const series = httpRequests(CHECKOUT, [
    { minutes: 60, rps: RPS },
    { minutes: 10, rps: RPS, errorRatio: 0.01 },
  ]);
  const metric = argo(policy, 'canary-burn-rate');
  const [burn, flaggerBurn] = evaluate(rules(policy), series, [
    { expr: metric.provider.prometheus.query, atMinute: 70 },
    { expr: flagger(policy, 1), atMinute: 70 },
  ]);
  expect(burn).toBeCloseTo(10, 1);
  expect(flaggerBurn).toBe(burn);
  expect(measurementPhase(metric, [burn!])).toBe('Failed');
  expect(flaggerCheckPasses([flaggerBurn!], policy.flaggerCanaryMetrics()[1].thresholdRange)).toBe(false);
});

test('an SLO without data makes the answer unknown, never healthy: gates read nothing, the unknown condition holds', () => {
  // The policy counts both SLOs; search has no source series at all.
  const series = httpRequests(CHECKOUT, [{ minutes: 120, rps: RPS }]);
  const budgetQuery = resolveArgs(argo(both, 'error-budget').provider.prometheus.query, { 'budget-exemption': 'none' });
  const [serviceFrozen, remaining, burn, flaggerFreeze, condition, unknown] = evaluate(rules(both), series, [
    { expr: `${P.SERVICE_FROZEN}{service="checkout"}`, atMinute: 120 },
    { expr: budgetQuery, atMinute: 120 },
    { expr: argo(both, 'canary-burn-rate').provider.prometheus.query, atMinute: 120 },
    { expr: renderFlaggerQuery(flagger(both, 0), { budgetExemption: 'none' }), atMinute: 120 },
    { expr: both.freeze.condition, atMinute: 120 },
    { expr: both.freeze.unknownCondition, atMinute: 120 },
  ]);
  expect([serviceFrozen, remaining, burn, flaggerFreeze, condition]).toEqual([undefined, undefined, undefined, undefined, undefined]);
  expect(unknown).toBe(1);
  expect(measurementPhase(argo(both, 'error-budget'), [])).toBe('Inconclusive');
  expect(flaggerCheckPasses([], both.flaggerCanaryMetrics()[0].thresholdRange)).toBe(false);
});

test('one frozen SLO freezes the service even while another has no data', () => {
  const [serviceFrozen, condition] = evaluate(rules(both), shortIncident, [
    { expr: `${P.SERVICE_FROZEN}{service="checkout"}`, atMinute: 100 },
    { expr: both.freeze.condition, atMinute: 100 },
  ]);
  expect([serviceFrozen, condition]).toEqual([1, 1]);
});

test('no traffic leaves the budget untouched and the service open: zero requests are not missing data', () => {
  const quiet = httpRequests(CHECKOUT, [{ minutes: 120, rps: 0 }]);
  const [remaining, frozen, burn] = evaluate(rules(policy), quiet, [
    { expr: `${P.SERVICE_BUDGET_REMAINING}{service="checkout"}`, atMinute: 120 },
    { expr: `${P.SERVICE_FROZEN}{service="checkout"}`, atMinute: 120 },
    { expr: `${P.SERVICE_CANARY_BURN_RATE}{service="checkout"}`, atMinute: 120 },
  ]);
  expect([remaining, frozen, burn]).toEqual([1, 0, 0]);
});

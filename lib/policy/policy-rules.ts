import { literalLabels, linkAnnotations, sortKeys } from '../monitoring/alert-rules';
import { labelSelector, renderSelector } from '../common/promql';
import type { AlertingRule, RecordingRule, RuleGroup } from '../rules/rule-types';
import { SloMetrics } from '../slo/metrics';
import { tidy } from '../slo/objective';
import type { SloDefinition } from '../slo/slo-service';
import type { ErrorBudgetAlertDefinition, ErrorBudgetPolicyDefinition } from './error-budget-policy';
import { BudgetPolicyMetrics as P } from './metrics';

/**
 * The policy's recording rules, one group `<service>/error-budget-policy`:
 *
 * - per counted SLO: its thresholds (so readers learn the policy from Prometheus alone), its burn rate over
 *   the canary window, and whether it is frozen (`remaining <= bool threshold`: absent while the budget is);
 *   a freeze declared in code makes the threshold the whole budget (1), so the verdict is frozen whatever is left;
 * - per service: frozen if any counted SLO is, not frozen only when every counted SLO has a budget above the
 *   line, and absent otherwise; the lowest budget and the highest canary burn rate, absent while any
 *   counted SLO has none (a gate must never read a partial answer as a whole one);
 * - one series per exemption.
 *
 * Rules in a group run in order, so the service-wide rules read the per-SLO series of the same evaluation.
 */
export function renderPolicyRecordingGroup(policy: ErrorBudgetPolicyDefinition): RuleGroup {
  const serviceLabels = { ...policy.service.labels, ...policy.serviceSelector };
  const perSlo = policy.slos.flatMap((slo) => sloRules(policy, slo));
  const counted = policy.slos.length;
  const all = (metric: string) => countedSelector(policy, metric);
  const complete = (aggregation: string, metric: string) => `${aggregation}(${all(metric)})\nand on()\ncount(${all(metric)}) == ${counted}`;
  const service = (record: string, expr: string, extra: Record<string, string> = {}): RecordingRule => ({
    record,
    expr,
    labels: sortKeys({ ...serviceLabels, ...extra }),
  });
  const frozen = labelSelector(P.FROZEN, policy.serviceSelector);
  return {
    name: `${policy.service.service}/error-budget-policy`,
    ...interval(policy),
    rules: [
      ...perSlo,
      service(P.SERVICE_FROZEN, `max(${frozen}) == 1\nor\nmax(${frozen})\nand on()\ncount(${frozen}) == ${counted}`),
      service(P.SERVICE_BUDGET_REMAINING, complete('min', SloMetrics.ERROR_BUDGET_REMAINING)),
      service(P.SERVICE_CANARY_BURN_RATE, complete('max', P.CANARY_BURN_RATE)),
      ...policy.exemptions.map((e) => service(P.EXEMPTION, 'vector(1)', { exemption: e.name })),
    ],
  };
}

function sloRules(policy: ErrorBudgetPolicyDefinition, slo: SloDefinition): RecordingRule[] {
  const rule = (record: string, expr: string): RecordingRule => ({ record, expr, labels: slo.labels });
  const sel = (metric: string) => labelSelector(metric, slo.selector);
  return [
    rule(P.FREEZE_THRESHOLD, `vector(${policy.freezeLine})`),
    rule(P.WARN_THRESHOLD, `vector(${policy.warnBelow})`),
    rule(P.CANARY_MAX_BURN_RATE, `vector(${policy.canaryMaxBurnRate})`),
    rule(P.CANARY_BURN_RATE, `${sel(SloMetrics.errorRatio(policy.canaryWindow))} / ${tidy(slo.errorBudget)}`),
    rule(P.FROZEN, `${sel(SloMetrics.ERROR_BUDGET_REMAINING)} <= bool ${policy.freezeLine}`),
  ];
}

/**
 * The policy's alerts, one group `<service>/error-budget-policy-alerts`: per counted SLO, ErrorBudgetExhausted
 * while its budget is at or below the freeze line and ErrorBudgetLow while it is below the warning line but
 * above the freeze (so the two never fire together). Both show the budget left as their value.
 */
export function renderPolicyAlertGroup(policy: ErrorBudgetPolicyDefinition): RuleGroup {
  const rules = policy.slos.flatMap((slo) => [
    ...(policy.exhaustedAlert ? [exhaustedAlert(policy, slo, policy.exhaustedAlert)] : []),
    ...(policy.lowAlert ? [lowAlert(policy, slo, policy.lowAlert)] : []),
  ]);
  return { name: `${policy.service.service}/error-budget-policy-alerts`, ...interval(policy), rules };
}

function exhaustedAlert(policy: ErrorBudgetPolicyDefinition, slo: SloDefinition, alert: ErrorBudgetAlertDefinition): AlertingRule {
  const remaining = labelSelector(SloMetrics.ERROR_BUDGET_REMAINING, slo.selector);
  const line = percent(policy.freezeAt);
  const spent = policy.freezeAt === 0 ? 'spent its error budget' : `at most ${line} of its error budget left`;
  const exempt = policy.exemptions.length > 0 ? ` Only exempt changes (${policy.exemptions.map((e) => e.name).join(', ')}) may ship.` : ' No change is exempt.';
  return alertRule(policy, slo, alert, `${remaining} <= ${policy.freezeAt}`, {
    summary: `${slo.service} ${slo.name}: ${policy.freezeAt === 0 ? 'error budget spent' : `error budget at or below ${line}`}, deploys frozen`,
    description:
      `The ${slo.name} SLO of ${slo.service} (${slo.objectiveText} over ${slo.period.toPrometheus()}) has ${spent} ` +
      `({{ $value | humanizePercentage }} left; below zero is overspent). Its error-budget policy freezes deploys until more than ${line} is left again.${exempt} ` +
      'Reliability work comes first until then.',
  });
}

function lowAlert(policy: ErrorBudgetPolicyDefinition, slo: SloDefinition, alert: ErrorBudgetAlertDefinition): AlertingRule {
  const remaining = labelSelector(SloMetrics.ERROR_BUDGET_REMAINING, slo.selector);
  return alertRule(policy, slo, alert, `${remaining} < ${policy.warnBelow}\nand\n${remaining} > ${policy.freezeAt}`, {
    summary: `${slo.service} ${slo.name}: less than ${percent(policy.warnBelow)} of the error budget left`,
    description:
      `The ${slo.name} SLO of ${slo.service} (${slo.objectiveText} over ${slo.period.toPrometheus()}) has {{ $value | humanizePercentage }} of its error budget left, ` +
      `below the ${percent(policy.warnBelow)} warning line of its error-budget policy; deploys freeze at ${percent(policy.freezeAt)}. Slow down risky changes.`,
  });
}

function alertRule(
  policy: ErrorBudgetPolicyDefinition,
  slo: SloDefinition,
  alert: ErrorBudgetAlertDefinition,
  expr: string,
  text: { readonly summary: string; readonly description: string },
): AlertingRule {
  const runbookUrl = alert.runbookUrl ?? slo.runbookUrl ?? slo.alerting?.runbookUrl;
  const dashboardUrl = policy.dashboardUrl ?? slo.dashboardUrl ?? slo.alerting?.dashboardUrl;
  return {
    alert: alert.alertName,
    expr,
    for: alert.for.toPrometheus(),
    // service and slo come with the series too; naming them keeps the rules of several SLOs apart for promtool's lint.
    labels: literalLabels({ ...policy.labels, ...slo.selector, ...alert.severity.alertLabels() }),
    annotations: sortKeys({ ...text, ...linkAnnotations(runbookUrl, dashboardUrl) }),
  };
}

/** A selector for the counted SLOs' series of `metric`. */
function countedSelector(policy: ErrorBudgetPolicyDefinition, metric: string): string {
  const names = policy.slos.map((s) => s.name);
  return renderSelector({
    metric,
    matchers: [
      { name: 'service', op: '=', value: policy.service.service },
      // SLO names are DNS labels: nothing in them means anything to a regular expression.
      names.length === 1 ? { name: 'slo', op: '=', value: names[0] } : { name: 'slo', op: '=~', value: names.join('|') },
    ],
  });
}

function interval(policy: ErrorBudgetPolicyDefinition): { interval?: string } {
  const every = policy.service.evaluationInterval;
  return every ? { interval: every.toPrometheus() } : {};
}

function percent(ratio: number): string {
  return `${tidy(ratio * 100)}%`;
}

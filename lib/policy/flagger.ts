import type { KubernetesManifest } from '../common/manifest';
import { labelSelector } from '../common/promql';
import { withPolicyAnnotations } from './argo-rollouts';
import type { DeployGatesDefinition } from './deploy-gates';
import { BURN_RATE_SUFFIX, NO_EXEMPTION } from './deploy-gates';
import type { ErrorBudgetPolicyDefinition } from './error-budget-policy';
import { BudgetPolicyMetrics } from './metrics';

/** The Flagger Canary template variable that names the policy exemption a change claims. */
export const EXEMPTION_VARIABLE = 'budgetExemption';

/** An entry of a Flagger Canary's `spec.analysis.metrics`. */
export interface FlaggerCanaryMetric {
  /** Metric name, shown in Flagger's events. */
  readonly name: string;
  /** The MetricTemplate it runs. */
  readonly templateRef: { readonly name: string; readonly namespace?: string };
  /** Accepted values, inclusive. */
  readonly thresholdRange: { readonly min?: number; readonly max?: number };
  /** Time between checks. */
  readonly interval: string;
  /** Variables the template reads. */
  readonly templateVariables?: Readonly<Record<string, string>>;
}

/**
 * The Flagger MetricTemplates of a policy: `<name>` answers 1 while deploys may proceed and 0 while the
 * policy freezes them (the Canary accepts `min: 1`); `<name>-burn-rate` answers the highest canary-window
 * burn rate among the counted SLOs (the Canary accepts up to the ceiling).
 *
 * Flagger reads one number per query and halts the canary when the answer is empty or NaN ("no values
 * found"), so no data never passes. The freeze template returns a verdict rather than the budget because
 * Flagger's thresholds are inclusive: `min: 0` would let a budget of exactly 0 through a freeze at 0.
 *
 * The freeze template reads the Canary's `templateVariables.budgetExemption` (Flagger refuses to render a
 * template whose variable is missing, which halts the canary): "none", or the name of one of the policy's
 * exemptions, which answers 1 through a freeze.
 *
 * @see https://docs.flagger.app/usage/metrics#custom-metrics
 */
export function renderMetricTemplates(policy: ErrorBudgetPolicyDefinition, gates: DeployGatesDefinition): KubernetesManifest[] {
  const service = policy.serviceSelector;
  const exemption = labelSelector(BudgetPolicyMetrics.EXEMPTION, { ...service, exemption: `{{ variables.${EXEMPTION_VARIABLE} }}` });
  const freezeQuery = [`1 - ${labelSelector(BudgetPolicyMetrics.SERVICE_FROZEN, service)}`, 'unless on()', exemption, 'or on()', exemption].join('\n');
  const template = (name: string, query: string): KubernetesManifest => ({
    apiVersion: 'flagger.app/v1beta1',
    kind: 'MetricTemplate',
    metadata: withPolicyAnnotations({ ...gates.metadata, name }, policy),
    spec: { provider: { type: 'prometheus', address: gates.prometheusUrl }, query },
  });
  return [
    template(gates.metadata.name, freezeQuery),
    template(burnRateTemplateName(gates), labelSelector(BudgetPolicyMetrics.SERVICE_CANARY_BURN_RATE, service)),
  ];
}

/** The Canary metrics that use the templates, with the policy's thresholds. */
export function flaggerCanaryMetrics(policy: ErrorBudgetPolicyDefinition, gates: DeployGatesDefinition): FlaggerCanaryMetric[] {
  const ref = (name: string) => ({ name, ...(gates.metadata.namespace ? { namespace: gates.metadata.namespace } : {}) });
  const interval = gates.interval.toPrometheus();
  return [
    { name: 'error-budget', templateRef: ref(gates.metadata.name), thresholdRange: { min: 1 }, interval, templateVariables: { [EXEMPTION_VARIABLE]: NO_EXEMPTION } },
    { name: 'canary-burn-rate', templateRef: ref(burnRateTemplateName(gates)), thresholdRange: { max: policy.canaryMaxBurnRate }, interval },
  ];
}

function burnRateTemplateName(gates: DeployGatesDefinition): string {
  return `${gates.metadata.name}${BURN_RATE_SUFFIX}`;
}

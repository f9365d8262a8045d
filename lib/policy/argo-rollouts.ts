import type { KubernetesManifest, ManifestMetadata } from '../common/manifest';
import { labelSelector } from '../common/promql';
import type { AnalysisTemplateKind, DeployGatesDefinition } from './deploy-gates';
import { NO_EXEMPTION } from './deploy-gates';
import type { ErrorBudgetPolicyDefinition } from './error-budget-policy';
import { BudgetPolicyMetrics } from './metrics';

/** Args a Rollout passes to the AnalysisTemplate. */
export type AnalysisTemplateArgs = ReadonlyArray<{ readonly name: string; readonly value: string }>;

/** The arg that names the policy exemption a change claims. */
export const EXEMPTION_ARG = 'budget-exemption';

/** One metric of an AnalysisTemplate, as Argo Rollouts reads it. */
export interface AnalysisMetric {
  /** Metric name, shown in the AnalysisRun. */
  readonly name: string;
  /** Time between measurements. */
  readonly interval: string;
  /** Measurements per run. */
  readonly count: number;
  /** When a measurement is Successful (expr-lang, `result` bound to the answer). */
  readonly successCondition: string;
  /** When a measurement is Failed; meeting neither condition is Inconclusive. */
  readonly failureCondition: string;
  /** Failed measurements allowed before the metric fails. */
  readonly failureLimit: number;
  /** Inconclusive measurements allowed before the metric is Inconclusive (and the rollout pauses). */
  readonly inconclusiveLimit: number;
  /** Measurements in a row that may fail to reach Prometheus before the metric errs. */
  readonly consecutiveErrorLimit: number;
  /** The Prometheus query. */
  readonly provider: { readonly prometheus: { readonly address: string; readonly query: string } };
}

/**
 * How many measurements in a row may fail to reach Prometheus before the analysis errs (and the rollout
 * aborts). Argo Rollouts' own default, written out so reviewers see it.
 */
const CONSECUTIVE_ERROR_LIMIT = 4;

/**
 * The AnalysisTemplate (or ClusterAnalysisTemplate) of a policy.
 *
 * Each metric reads one series the policy records and gets two conditions, each guarded by
 * `len(result) == 1`: Argo Rollouts hands a Prometheus vector over as an array (`[]` when the query returns
 * nothing), and every comparison with NaN is false. So a value decides Successful or Failed, and no data or
 * NaN meets neither condition: the measurement is Inconclusive and, with `inconclusiveLimit: 0`, the rollout
 * pauses for a person, never passes. (A lone `failureCondition` would pass NaN; a lone `successCondition`
 * would fail a rollout on a scrape gap; an unguarded `result[0]` errs on `[]`.)
 *
 * A change the policy exempts passes `budget-exemption: <name>`: the error-budget query then returns +Inf,
 * so the freeze does not hold it; its canary must still stay under the burn-rate ceiling. While a freeze is
 * declared in code the line is the whole budget (1), which no budget is above: only exempt changes pass.
 *
 * @see https://argo-rollouts.readthedocs.io/en/stable/features/analysis/#handling-metric-results
 */
export function renderAnalysisTemplate(policy: ErrorBudgetPolicyDefinition, gates: DeployGatesDefinition, kind: AnalysisTemplateKind): KubernetesManifest {
  const service = policy.serviceSelector;
  const exemption = labelSelector(BudgetPolicyMetrics.EXEMPTION, { ...service, exemption: `{{args.${EXEMPTION_ARG}}}` });
  const budgetQuery = [
    labelSelector(BudgetPolicyMetrics.SERVICE_BUDGET_REMAINING, service),
    'unless on()',
    exemption,
    'or on()',
    `${exemption} * +Inf`,
  ].join('\n');
  const metric = (name: string, query: string, success: string, failure: string): AnalysisMetric => ({
    name,
    interval: gates.interval.toPrometheus(),
    count: gates.count,
    successCondition: `len(result) == 1 && ${success}`,
    failureCondition: `len(result) == 1 && ${failure}`,
    failureLimit: 0,
    inconclusiveLimit: 0,
    consecutiveErrorLimit: CONSECUTIVE_ERROR_LIMIT,
    provider: { prometheus: { address: gates.prometheusUrl, query } },
  });
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind,
    // A ClusterAnalysisTemplate never has a namespace: defineDeployGates refuses one.
    metadata: withPolicyAnnotations(gates.metadata, policy),
    spec: {
      args: [{ name: EXEMPTION_ARG, value: NO_EXEMPTION }],
      metrics: [
        metric('error-budget', budgetQuery, `result[0] > ${policy.freezeLine}`, `result[0] <= ${policy.freezeLine}`),
        metric(
          'canary-burn-rate',
          labelSelector(BudgetPolicyMetrics.SERVICE_CANARY_BURN_RATE, service),
          `result[0] <= ${policy.canaryMaxBurnRate}`,
          `result[0] > ${policy.canaryMaxBurnRate}`,
        ),
      ],
    },
  };
}

/** Annotations the policy writes on its gate templates. */
export const POLICY_ANNOTATIONS = {
  /** The exemptions and their reasons, one a line. */
  exemptions: 'sre-constructs.dev/budget-exemptions',
  /** The reason of a freeze declared in code. */
  declaredFreeze: 'sre-constructs.dev/declared-freeze',
} as const;

/** The policy's exemptions and declared freeze with their reasons, written on a template for whoever reads it in the cluster. */
export function withPolicyAnnotations(metadata: ManifestMetadata, policy: ErrorBudgetPolicyDefinition): ManifestMetadata {
  if (policy.exemptions.length === 0 && !policy.declaredFreeze) return metadata;
  const annotations = {
    ...(metadata.annotations ?? {}),
    ...(policy.exemptions.length > 0 ? { [POLICY_ANNOTATIONS.exemptions]: policy.exemptions.map((e) => `${e.name}: ${e.reason}`).join('\n') } : {}),
    ...(policy.declaredFreeze ? { [POLICY_ANNOTATIONS.declaredFreeze]: policy.declaredFreeze.reason } : {}),
  };
  return { ...metadata, annotations: Object.fromEntries(Object.entries(annotations).sort(([a], [b]) => (a < b ? -1 : 1))) };
}

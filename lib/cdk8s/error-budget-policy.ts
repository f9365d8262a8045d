import { ApiObject, Chart, JsonPatch } from 'cdk8s';
import { Construct } from 'constructs';
import { ErrorBudgetPolicyDefinition, ErrorBudgetPolicyProps } from '../policy/error-budget-policy';
import { childPath } from './path';
import type { SloService } from './slo-service';

/** Props of {@link ErrorBudgetPolicy}. */
export interface ErrorBudgetPolicyConstructProps extends ErrorBudgetPolicyProps {
  /** The SloService whose error budgets the policy governs. */
  readonly service: SloService;
}

/**
 * An SloService's error-budget policy: a PrometheusRule that records its thresholds and verdict (frozen or
 * not) and raises ErrorBudgetExhausted and ErrorBudgetLow, plus the Argo Rollouts AnalysisTemplate and Flagger
 * MetricTemplates that gate deploys on it, when `deployGates` asks for them.
 *
 * @example
 * new ErrorBudgetPolicy(chart, 'budget-policy', {
 *   service: slos,
 *   exemptions: { 'security-fix': 'Fixes for known vulnerabilities ship within 24 hours.' },
 *   deployGates: { prometheusUrl: 'http://prometheus-operated.monitoring:9090' },
 * });
 */
export class ErrorBudgetPolicy extends Construct {
  /** The checked policy. */
  public readonly definition: ErrorBudgetPolicyDefinition;
  /** The PrometheusRule. */
  public readonly prometheusRule: ApiObject;
  /** The AnalysisTemplate and MetricTemplates, in that order. */
  public readonly deployGates: ApiObject[];

  constructor(scope: Construct, id: string, props: ErrorBudgetPolicyConstructProps) {
    const { service, ...policy } = props;
    const definition = ErrorBudgetPolicyDefinition.create(service.definition, policy, childPath(scope, id));
    super(scope, id);
    this.definition = definition;
    this.prometheusRule = new ApiObject(this, 'PrometheusRule', definition.prometheusRule());
    this.deployGates = definition.gateObjects().map(({ id: gateId, manifest }) => {
      const gate = new ApiObject(this, gateId, manifest);
      // cdk8s gives every object the chart's namespace; a cluster-scoped template must not carry one.
      if (manifest.kind === 'ClusterAnalysisTemplate' && Chart.of(this).namespace) gate.addJsonPatch(JsonPatch.remove('/metadata/namespace'));
      return gate;
    });
  }
}

import * as pulumi from '@pulumi/pulumi';
import { DeployGatesProps, requirePrometheusUrl } from '../policy/deploy-gates';
import { ErrorBudgetPolicyDefinition, ErrorBudgetPolicyProps } from '../policy/error-budget-policy';
import { PendingInputs } from './inputs';
import { KubernetesResource, registerManifest } from './manifest-resource';
import type { WithMetadataArgs } from './metadata-args';
import type { SloService } from './slo-service';

/** Args of {@link ErrorBudgetPolicy}: the core props, with metadata that may come from other resources. */
export type ErrorBudgetPolicyArgs = Omit<WithMetadataArgs<ErrorBudgetPolicyProps>, 'deployGates'> & {
  /** The SloService whose error budgets the policy governs. */
  readonly service: SloService;
  /**
   * Argo Rollouts and Flagger templates that gate deploys on the policy; their metadata and the Prometheus
   * address (a Service's DNS name, say) accept Inputs.
   * @default - none
   */
  readonly deployGates?: Omit<WithMetadataArgs<DeployGatesProps>, 'prometheusUrl'> & { readonly prometheusUrl: pulumi.Input<string> };
};

/**
 * An SloService's error-budget policy: a PrometheusRule that records its thresholds and verdict and raises
 * ErrorBudgetExhausted and ErrorBudgetLow, plus the Argo Rollouts AnalysisTemplate and Flagger MetricTemplates
 * that gate deploys on it. Everything is checked before any resource registers.
 */
export class ErrorBudgetPolicy extends pulumi.ComponentResource {
  /** The checked policy. */
  public readonly definition: ErrorBudgetPolicyDefinition;
  /** The PrometheusRule. */
  public readonly prometheusRule: KubernetesResource;
  /** The AnalysisTemplate and MetricTemplates, in that order. */
  public readonly deployGates: KubernetesResource[];

  constructor(name: string, args: ErrorBudgetPolicyArgs, opts?: pulumi.ComponentResourceOptions) {
    const { service, deployGates, ...policy } = args;
    const pending = PendingInputs.fromMetadata(args.metadata, name);
    const gatesPending = PendingInputs.fromMetadata(deployGates?.metadata, name);
    const url = (v: pulumi.Input<string>) => gatesPending.url(v, (value, at) => requirePrometheusUrl(at.at('deployGates'), 'prometheusUrl', value));
    const gates = deployGates && { ...deployGates, prometheusUrl: url(deployGates.prometheusUrl), metadata: gatesPending.metadata };
    const definition = ErrorBudgetPolicyDefinition.create(service.definition, { ...policy, metadata: pending.metadata, ...(gates ? { deployGates: gates } : {}) }, name);
    super('sre-constructs:index:ErrorBudgetPolicy', name, {}, opts);
    this.definition = definition;
    this.prometheusRule = registerManifest(`${name}-prometheus-rule`, definition.prometheusRule(), pending, { parent: this });
    this.deployGates = definition.gateObjects().map(({ id, manifest }) => registerManifest(`${name}-${id}`, manifest, gatesPending, { parent: this }));
    this.registerOutputs({
      prometheusRuleName: this.prometheusRule.metadata.name,
      deployGateNames: this.deployGates.map((g) => g.metadata.name),
      freezeCondition: definition.freeze.condition,
    });
  }
}

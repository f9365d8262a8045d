import * as pulumi from '@pulumi/pulumi';
import { CapacityPlanDefinition, CapacityPlanProps } from '../capacity/capacity-plan';
import { PendingInputs } from './inputs';
import { KubernetesResource, registerManifest } from './manifest-resource';
import type { WithMetadataArgs } from './metadata-args';

/** Args of {@link CapacityPlan}: the core props, with metadata that may come from other resources. */
export type CapacityPlanArgs = WithMetadataArgs<CapacityPlanProps>;

/**
 * A service's capacity plan as a PrometheusRule: utilisation recordings for each resource, the runway alert
 * (`predict_linear`, margin included) and the headroom alert. `definition.headroom` is the plan's margin.
 */
export class CapacityPlan extends pulumi.ComponentResource {
  /** The checked plan. */
  public readonly definition: CapacityPlanDefinition;
  /** The PrometheusRule. */
  public readonly prometheusRule: KubernetesResource;

  constructor(name: string, args: CapacityPlanArgs, opts?: pulumi.ComponentResourceOptions) {
    const pending = PendingInputs.fromMetadata(args.metadata, name);
    const definition = CapacityPlanDefinition.create({ ...args, metadata: pending.metadata }, name);
    super('sre-constructs:index:CapacityPlan', name, {}, opts);
    this.definition = definition;
    this.prometheusRule = registerManifest(`${name}-prometheus-rule`, definition.prometheusRule(), pending, { parent: this });
    this.registerOutputs({
      prometheusRuleName: this.prometheusRule.metadata.name,
      headroomPercent: definition.headroom.percent,
      alerts: [...definition.alertNames],
    });
  }
}

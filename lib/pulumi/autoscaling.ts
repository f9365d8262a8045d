import * as pulumi from '@pulumi/pulumi';
import { AutoscalingDefinition, AutoscalingProps } from '../automation/autoscaling';
import { PendingInputs } from './inputs';
import type { MetadataArgs } from './metadata-args';
import { KubernetesResource, registerManifest } from './manifest-resource';

/** Args of {@link Autoscaling}: the core props, with the namespace and metadata as Inputs. */
export type AutoscalingArgs = Omit<AutoscalingProps, 'namespace' | 'metadata'> & {
  /** Namespace of the workload: the HPA and VPA go there, and the alerts select it. */
  readonly namespace: pulumi.Input<string>;
  /**
   * Labels and annotations of the HPA, VPA and PrometheusRule.
   * @default - none
   */
  readonly metadata?: Pick<MetadataArgs, 'labels' | 'annotations'>;
};

/**
 * Self-healing and scaling of a workload: the HorizontalPodAutoscaler, the VerticalPodAutoscaler of the memory
 * policy, and a PrometheusRule with the alerts that show automation that keeps acting.
 */
export class Autoscaling extends pulumi.ComponentResource {
  /** The checked automation. */
  public readonly definition: AutoscalingDefinition;
  /** The HPA, when horizontal scaling is on. */
  public readonly horizontalPodAutoscaler?: KubernetesResource;
  /** The VPA, when the memory policy has one. */
  public readonly verticalPodAutoscaler?: KubernetesResource;
  /** The PrometheusRule, when any alert is on. */
  public readonly prometheusRule?: KubernetesResource;

  constructor(name: string, args: AutoscalingArgs, opts?: pulumi.ComponentResourceOptions) {
    const pending = PendingInputs.fromMetadata({ ...args.metadata, namespace: args.namespace }, name);
    const definition = AutoscalingDefinition.create({ ...args, namespace: pending.metadata!.namespace!, metadata: pending.metadata }, name);
    super('sre-constructs:index:Autoscaling', name, {}, opts);
    this.definition = definition;
    const hpa = definition.horizontalPodAutoscaler();
    if (hpa) this.horizontalPodAutoscaler = registerManifest(`${name}-hpa`, hpa, pending, { parent: this });
    const vpa = definition.verticalPodAutoscaler();
    if (vpa) this.verticalPodAutoscaler = registerManifest(`${name}-vpa`, vpa, pending, { parent: this });
    if (definition.ruleGroups().length > 0) this.prometheusRule = registerManifest(`${name}-prometheus-rule`, definition.prometheusRule(), pending, { parent: this });
    this.registerOutputs({ alerts: [...definition.alertNames], maxReplicas: definition.horizontal?.maxReplicas });
  }
}

import { ApiObject, Duration as CdkDuration } from 'cdk8s';
import * as kplus from 'cdk8s-plus-34';
import { Construct } from 'constructs';
import { AutoscalingDefinition, AutoscalingProps, REQUESTS_EXTERNAL_METRIC, ScalingRulesDefinition, WorkloadRef } from '../automation/autoscaling';
import { childPath } from './path';

/** Props of the cdk8s {@link Autoscaling}: the core props, with the workload also given as a cdk8s-plus object. */
export interface AutoscalingConstructProps extends Omit<AutoscalingProps, 'workload'> {
  /**
   * The workload: a cdk8s-plus Deployment or StatefulSet of this app (the HPA then takes over its replica count),
   * or a reference by kind and name to one deployed otherwise.
   */
  readonly workload: WorkloadRef | kplus.Deployment | kplus.StatefulSet;
}

/**
 * Self-healing and scaling of a workload: a cdk8s-plus HorizontalPodAutoscaler, the VerticalPodAutoscaler of the
 * memory policy, and a PrometheusRule with the alerts that show automation that keeps acting.
 */
export class Autoscaling extends Construct {
  /** The checked automation. */
  public readonly definition: AutoscalingDefinition;
  /** The HPA, when horizontal scaling is on. */
  public readonly horizontalPodAutoscaler?: kplus.HorizontalPodAutoscaler;
  /** The VPA, when the memory policy has one. */
  public readonly verticalPodAutoscaler?: ApiObject;
  /** The PrometheusRule, when any alert is on. */
  public readonly prometheusRule?: ApiObject;

  constructor(scope: Construct, id: string, props: AutoscalingConstructProps) {
    const scalable = props.workload instanceof kplus.Deployment || props.workload instanceof kplus.StatefulSet ? props.workload : undefined;
    const workload = scalable ? { kind: scalable.kind as WorkloadRef['kind'], name: scalable.name } : (props.workload as WorkloadRef);
    const definition = AutoscalingDefinition.create({ ...props, workload }, childPath(scope, id));
    super(scope, id);
    this.definition = definition;
    const h = definition.horizontal;
    if (h) {
      const metrics = [
        ...(h.cpuTargetUtilization !== undefined ? [kplus.Metric.resourceCpu(kplus.MetricTarget.averageUtilization(h.cpuTargetUtilization))] : []),
        ...(h.requestsPerPod
          ? [kplus.Metric.external({ name: REQUESTS_EXTERNAL_METRIC, labelSelector: kplus.LabelSelector.of({ labels: { service: h.requestsPerPod.service } }), target: kplus.MetricTarget.averageValue(h.requestsPerPod.target) })]
          : []),
      ];
      this.horizontalPodAutoscaler = new kplus.HorizontalPodAutoscaler(this, 'HorizontalPodAutoscaler', {
        metadata: definition.workloadMetadata,
        target: scalable ?? namedTarget(definition.workload),
        minReplicas: h.minReplicas,
        maxReplicas: h.maxReplicas,
        metrics,
        scaleUp: scalingRules(h.scaleUp),
        scaleDown: scalingRules(h.scaleDown),
      });
    }
    const vpa = definition.verticalPodAutoscaler();
    if (vpa) this.verticalPodAutoscaler = new ApiObject(this, 'VerticalPodAutoscaler', vpa);
    if (definition.ruleGroups().length > 0) this.prometheusRule = new ApiObject(this, 'PrometheusRule', definition.prometheusRule());
  }
}

function scalingRules(rules: ScalingRulesDefinition): kplus.ScalingRules {
  return {
    stabilizationWindow: CdkDuration.seconds(rules.stabilizationWindowSeconds),
    strategy: kplus.ScalingStrategy.MAX_CHANGE,
    policies: rules.policies.map((p) => ({ replicas: p.type === 'Percent' ? kplus.Replicas.percent(p.value) : kplus.Replicas.absolute(p.value), duration: CdkDuration.seconds(p.periodSeconds) })),
  };
}

/** A workload deployed outside this chart, as cdk8s-plus's HPA expects a target. */
function namedTarget(workload: { readonly kind: string; readonly name: string }): kplus.IScalable {
  return {
    hasAutoscaler: true,
    markHasAutoscaler() {},
    toScalingTarget: () => ({ kind: workload.kind, apiVersion: 'apps/v1', name: workload.name, containers: [] }),
  };
}

import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { CapacityPlanDefinition, CapacityPlanProps } from '../capacity/capacity-plan';
import { childPath } from './path';

/**
 * A service's capacity plan as a PrometheusRule: utilisation recordings for each resource, the runway alert
 * (`predict_linear`, margin included) and the headroom alert. `definition.headroom` is the plan's margin.
 */
export class CapacityPlan extends Construct {
  /** The checked plan. */
  public readonly definition: CapacityPlanDefinition;
  /** The PrometheusRule. */
  public readonly prometheusRule: ApiObject;

  constructor(scope: Construct, id: string, props: CapacityPlanProps) {
    const definition = CapacityPlanDefinition.create(props, childPath(scope, id));
    super(scope, id);
    this.definition = definition;
    this.prometheusRule = new ApiObject(this, 'PrometheusRule', definition.prometheusRule());
  }
}

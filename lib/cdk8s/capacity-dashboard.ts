import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { CapacityDashboardDefinition } from '../capacity/capacity-dashboard';
import type { DashboardProps } from '../dashboards/dashboard';
import type { CapacityPlan } from './capacity-plan';
import { dashboardCatalog } from './dashboard-catalog';
import { childPath } from './path';

/** Props of {@link CapacityDashboard}. */
export interface CapacityDashboardConstructProps extends DashboardProps {
  /** The CapacityPlan whose recorded series the dashboard reads. */
  readonly plan: CapacityPlan;
}

/** The capacity dashboard of a CapacityPlan, delivered as a sidecar ConfigMap (default) or a GrafanaDashboard. */
export class CapacityDashboard extends Construct {
  /** The built dashboard. */
  public readonly definition: CapacityDashboardDefinition;
  /** The ConfigMap or GrafanaDashboard. */
  public readonly apiObject: ApiObject;

  constructor(scope: Construct, id: string, props: CapacityDashboardConstructProps) {
    const { plan, ...dashboard } = props;
    const definition = CapacityDashboardDefinition.create(plan.definition, dashboard, childPath(scope, id));
    dashboardCatalog(scope).add(definition);
    super(scope, id);
    this.definition = definition;
    this.apiObject = new ApiObject(this, 'Dashboard', { ...definition.manifest() });
  }
}

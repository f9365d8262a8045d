import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { UseDashboardDefinition, UseDashboardProps } from '../dashboards/use-dashboard';
import { dashboardCatalog } from './dashboard-catalog';
import { childPath } from './path';
import type { ResourceAlerts } from './resource-alerts';

/** Props of {@link UseDashboard}. */
export interface UseDashboardConstructProps extends Omit<UseDashboardProps, 'resourceAlerts'> {
  /**
   * The resource alert pack, whose throttling threshold the dashboard draws.
   * @default - no threshold drawn
   */
  readonly resourceAlerts?: ResourceAlerts;
}

/** The USE dashboard of a workload's pods, delivered as a sidecar ConfigMap (default) or a GrafanaDashboard. */
export class UseDashboard extends Construct {
  /** The built dashboard. */
  public readonly definition: UseDashboardDefinition;
  /** The ConfigMap or GrafanaDashboard. */
  public readonly apiObject: ApiObject;

  constructor(scope: Construct, id: string, props: UseDashboardConstructProps) {
    const { resourceAlerts, ...dashboard } = props;
    const definition = UseDashboardDefinition.create({ ...dashboard, resourceAlerts: resourceAlerts?.definition }, childPath(scope, id));
    dashboardCatalog(scope).add(definition);
    super(scope, id);
    this.definition = definition;
    this.apiObject = new ApiObject(this, 'Dashboard', { ...definition.manifest() });
  }
}

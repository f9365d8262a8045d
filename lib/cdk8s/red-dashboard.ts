import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { RedDashboardDefinition, RedDashboardProps } from '../dashboards/red-dashboard';
import { dashboardCatalog } from './dashboard-catalog';
import { childPath } from './path';
import type { ServiceMonitoring } from './service-monitoring';

/** Props of {@link RedDashboard}. */
export interface RedDashboardConstructProps extends RedDashboardProps {
  /** The ServiceMonitoring whose RED series the dashboard reads. */
  readonly monitoring: ServiceMonitoring;
}

/** The RED dashboard of a workload, delivered as a sidecar ConfigMap (default) or a GrafanaDashboard. */
export class RedDashboard extends Construct {
  /** The built dashboard. */
  public readonly definition: RedDashboardDefinition;
  /** The ConfigMap or GrafanaDashboard. */
  public readonly apiObject: ApiObject;

  constructor(scope: Construct, id: string, props: RedDashboardConstructProps) {
    const { monitoring, ...dashboard } = props;
    const definition = RedDashboardDefinition.create(monitoring.definition, dashboard, childPath(scope, id));
    dashboardCatalog(scope).add(definition);
    super(scope, id);
    this.definition = definition;
    this.apiObject = new ApiObject(this, 'Dashboard', { ...definition.manifest() });
  }
}

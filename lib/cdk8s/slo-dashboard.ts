import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { SloDashboardDefinition, SloDashboardProps } from '../dashboards/slo-dashboard';
import { dashboardCatalog } from './dashboard-catalog';
import { childPath } from './path';
import type { SloService } from './slo-service';

/** Props of {@link SloDashboard}. */
export interface SloDashboardConstructProps extends SloDashboardProps {
  /** The SloService whose recorded series the dashboard reads. */
  readonly service: SloService;
}

/**
 * The SLO dashboard of an SloService, delivered as a sidecar ConfigMap (default) or a GrafanaDashboard.
 * Two dashboards of one app may not share a title in a folder, nor a uid.
 */
export class SloDashboard extends Construct {
  /** The built dashboard. */
  public readonly definition: SloDashboardDefinition;
  /** The ConfigMap or GrafanaDashboard. */
  public readonly apiObject: ApiObject;

  constructor(scope: Construct, id: string, props: SloDashboardConstructProps) {
    const { service, ...dashboard } = props;
    const definition = SloDashboardDefinition.create(service.definition, dashboard, childPath(scope, id));
    dashboardCatalog(scope).add(definition);
    super(scope, id);
    this.definition = definition;
    this.apiObject = new ApiObject(this, 'Dashboard', { ...definition.manifest() });
  }
}

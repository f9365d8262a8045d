import * as pulumi from '@pulumi/pulumi';
import type * as k8s from '@pulumi/kubernetes';
import { SloDashboardDefinition, SloDashboardProps } from '../dashboards/slo-dashboard';
import { claimDashboard, registerDashboard } from './dashboard-resource';
import type { SloService } from './slo-service';

/** Args of {@link SloDashboard}. */
export interface SloDashboardArgs extends SloDashboardProps {
  /** The SloService whose recorded series the dashboard reads. */
  readonly service: SloService;
}

/** The SLO dashboard of an SloService, as a sidecar ConfigMap (default) or a GrafanaDashboard. Titles are unique per folder and uids per program. */
export class SloDashboard extends pulumi.ComponentResource {
  /** The built dashboard. */
  public readonly definition: SloDashboardDefinition;
  /** The ConfigMap or GrafanaDashboard. */
  public readonly dashboard: k8s.core.v1.ConfigMap | k8s.apiextensions.CustomResource;

  constructor(name: string, args: SloDashboardArgs, opts?: pulumi.ComponentResourceOptions) {
    const { service, ...dashboard } = args;
    const definition = SloDashboardDefinition.create(service.definition, dashboard, name);
    claimDashboard(definition);
    super('sre-constructs:index:SloDashboard', name, {}, opts);
    this.definition = definition;
    this.dashboard = registerDashboard(definition, name, this);
    this.registerOutputs({ uid: definition.uid, title: definition.title });
  }
}

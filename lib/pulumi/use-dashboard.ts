import * as pulumi from '@pulumi/pulumi';
import type * as k8s from '@pulumi/kubernetes';
import { UseDashboardDefinition, UseDashboardProps } from '../dashboards/use-dashboard';
import { claimDashboard, registerDashboard } from './dashboard-resource';
import type { ResourceAlerts } from './resource-alerts';

/** Args of {@link UseDashboard}. */
export interface UseDashboardArgs extends Omit<UseDashboardProps, 'resourceAlerts'> {
  /**
   * The resource alert pack, whose throttling threshold the dashboard draws.
   * @default - no threshold drawn
   */
  readonly resourceAlerts?: ResourceAlerts;
}

/** The USE dashboard of a workload's pods, as a sidecar ConfigMap (default) or a GrafanaDashboard. */
export class UseDashboard extends pulumi.ComponentResource {
  /** The built dashboard. */
  public readonly definition: UseDashboardDefinition;
  /** The ConfigMap or GrafanaDashboard. */
  public readonly dashboard: k8s.core.v1.ConfigMap | k8s.apiextensions.CustomResource;

  constructor(name: string, args: UseDashboardArgs, opts?: pulumi.ComponentResourceOptions) {
    const { resourceAlerts, ...dashboard } = args;
    const definition = UseDashboardDefinition.create({ ...dashboard, resourceAlerts: resourceAlerts?.definition }, name);
    claimDashboard(definition);
    super('sre-constructs:index:UseDashboard', name, {}, opts);
    this.definition = definition;
    this.dashboard = registerDashboard(definition, name, this);
    this.registerOutputs({ uid: definition.uid, title: definition.title });
  }
}

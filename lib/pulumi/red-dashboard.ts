import * as pulumi from '@pulumi/pulumi';
import type * as k8s from '@pulumi/kubernetes';
import { RedDashboardDefinition, RedDashboardProps } from '../dashboards/red-dashboard';
import { claimDashboard, registerDashboard } from './dashboard-resource';
import type { ServiceMonitoring } from './service-monitoring';

/** Args of {@link RedDashboard}. */
export interface RedDashboardArgs extends RedDashboardProps {
  /** The ServiceMonitoring whose RED series the dashboard reads. */
  readonly monitoring: ServiceMonitoring;
}

/** The RED dashboard of a workload, as a sidecar ConfigMap (default) or a GrafanaDashboard. */
export class RedDashboard extends pulumi.ComponentResource {
  /** The built dashboard. */
  public readonly definition: RedDashboardDefinition;
  /** The ConfigMap or GrafanaDashboard. */
  public readonly dashboard: k8s.core.v1.ConfigMap | k8s.apiextensions.CustomResource;

  constructor(name: string, args: RedDashboardArgs, opts?: pulumi.ComponentResourceOptions) {
    const { monitoring, ...dashboard } = args;
    const definition = RedDashboardDefinition.create(monitoring.definition, dashboard, name);
    claimDashboard(definition);
    super('sre-constructs:index:RedDashboard', name, {}, opts);
    this.definition = definition;
    this.dashboard = registerDashboard(definition, name, this);
    this.registerOutputs({ uid: definition.uid, title: definition.title });
  }
}

import * as pulumi from '@pulumi/pulumi';
import { UseDashboardDefinition, UseDashboardProps } from '../dashboards/use-dashboard';
import { claimDashboard, registerDashboard } from './dashboard-resource';
import { PendingInputs } from './inputs';
import type { KubernetesResource } from './manifest-resource';
import type { WithMetadataArgs } from './metadata-args';
import type { ResourceAlerts } from './resource-alerts';

/**
 * Args of {@link UseDashboard}: the core props, with the ConfigMap's or GrafanaDashboard's metadata that may
 * come from other resources. The workload's `namespace` is read by every query, so it stays a plain value.
 */
export interface UseDashboardArgs extends WithMetadataArgs<Omit<UseDashboardProps, 'resourceAlerts'>> {
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
  public readonly dashboard: KubernetesResource;

  constructor(name: string, args: UseDashboardArgs, opts?: pulumi.ComponentResourceOptions) {
    const { resourceAlerts, metadata, ...dashboard } = args;
    const pending = PendingInputs.fromMetadata(metadata, name);
    const definition = UseDashboardDefinition.create({ ...dashboard, resourceAlerts: resourceAlerts?.definition, metadata: pending.metadata }, name);
    claimDashboard(definition);
    super('sre-constructs:index:UseDashboard', name, {}, opts);
    this.definition = definition;
    this.dashboard = registerDashboard(definition, name, pending, this);
    this.registerOutputs({ uid: definition.uid, title: definition.title });
  }
}

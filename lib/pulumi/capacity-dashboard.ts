import * as pulumi from '@pulumi/pulumi';
import { CapacityDashboardDefinition } from '../capacity/capacity-dashboard';
import type { DashboardProps } from '../dashboards/dashboard';
import type { CapacityPlan } from './capacity-plan';
import { claimDashboard } from './dashboard-resource';
import { PendingInputs } from './inputs';
import { KubernetesResource, registerManifest } from './manifest-resource';
import type { WithMetadataArgs } from './metadata-args';

/** Args of {@link CapacityDashboard}. */
export type CapacityDashboardArgs = WithMetadataArgs<DashboardProps> & {
  /** The CapacityPlan whose recorded series the dashboard reads. */
  readonly plan: CapacityPlan;
};

/** The capacity dashboard of a CapacityPlan, as a sidecar ConfigMap (default) or a GrafanaDashboard. */
export class CapacityDashboard extends pulumi.ComponentResource {
  /** The built dashboard. */
  public readonly definition: CapacityDashboardDefinition;
  /** The ConfigMap or GrafanaDashboard. */
  public readonly dashboard: KubernetesResource;

  constructor(name: string, args: CapacityDashboardArgs, opts?: pulumi.ComponentResourceOptions) {
    const { plan, ...dashboard } = args;
    const pending = PendingInputs.fromMetadata(dashboard.metadata, name);
    const definition = CapacityDashboardDefinition.create(plan.definition, { ...dashboard, metadata: pending.metadata }, name);
    claimDashboard(definition);
    super('sre-constructs:index:CapacityDashboard', name, {}, opts);
    this.definition = definition;
    this.dashboard = registerManifest(`${name}-dashboard`, definition.manifest(), pending, { parent: this });
    this.registerOutputs({ uid: definition.uid, title: definition.title });
  }
}

import * as pulumi from '@pulumi/pulumi';
import { RedDashboardDefinition, RedDashboardProps } from '../dashboards/red-dashboard';
import { claimDashboard, registerDashboard } from './dashboard-resource';
import { PendingInputs } from './inputs';
import type { KubernetesResource } from './manifest-resource';
import type { WithMetadataArgs } from './metadata-args';
import type { ServiceMonitoring } from './service-monitoring';

/** Args of {@link RedDashboard}: the core props, with the ConfigMap's or GrafanaDashboard's metadata that may come from other resources. */
export interface RedDashboardArgs extends WithMetadataArgs<RedDashboardProps> {
  /** The ServiceMonitoring whose RED series the dashboard reads. */
  readonly monitoring: ServiceMonitoring;
}

/** The RED dashboard of a workload, as a sidecar ConfigMap (default) or a GrafanaDashboard. */
export class RedDashboard extends pulumi.ComponentResource {
  /** The built dashboard. */
  public readonly definition: RedDashboardDefinition;
  /** The ConfigMap or GrafanaDashboard. */
  public readonly dashboard: KubernetesResource;

  constructor(name: string, args: RedDashboardArgs, opts?: pulumi.ComponentResourceOptions) {
    const { monitoring, metadata, ...dashboard } = args;
    const pending = PendingInputs.fromMetadata(metadata, name);
    const definition = RedDashboardDefinition.create(monitoring.definition, { ...dashboard, metadata: pending.metadata }, name);
    claimDashboard(definition);
    super('sre-constructs:index:RedDashboard', name, {}, opts);
    this.definition = definition;
    this.dashboard = registerDashboard(definition, name, pending, this);
    this.registerOutputs({ uid: definition.uid, title: definition.title });
  }
}

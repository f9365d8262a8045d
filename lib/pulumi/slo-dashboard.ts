import * as pulumi from '@pulumi/pulumi';
import { SloDashboardDefinition, SloDashboardProps } from '../dashboards/slo-dashboard';
import { claimDashboard, registerDashboard } from './dashboard-resource';
import { PendingInputs } from './inputs';
import type { KubernetesResource } from './manifest-resource';
import type { WithMetadataArgs } from './metadata-args';
import type { SloService } from './slo-service';

/** Args of {@link SloDashboard}: the core props, with the ConfigMap's or GrafanaDashboard's metadata that may come from other resources. */
export interface SloDashboardArgs extends WithMetadataArgs<SloDashboardProps> {
  /** The SloService whose recorded series the dashboard reads. */
  readonly service: SloService;
}

/** The SLO dashboard of an SloService, as a sidecar ConfigMap (default) or a GrafanaDashboard. Titles are unique per folder and uids per program. */
export class SloDashboard extends pulumi.ComponentResource {
  /** The built dashboard. */
  public readonly definition: SloDashboardDefinition;
  /** The ConfigMap or GrafanaDashboard. */
  public readonly dashboard: KubernetesResource;

  constructor(name: string, args: SloDashboardArgs, opts?: pulumi.ComponentResourceOptions) {
    const { service, metadata, ...dashboard } = args;
    const pending = PendingInputs.fromMetadata(metadata, name);
    const definition = SloDashboardDefinition.create(service.definition, { ...dashboard, metadata: pending.metadata }, name);
    claimDashboard(definition);
    super('sre-constructs:index:SloDashboard', name, {}, opts);
    this.definition = definition;
    this.dashboard = registerDashboard(definition, name, pending, this);
    this.registerOutputs({ uid: definition.uid, title: definition.title });
  }
}

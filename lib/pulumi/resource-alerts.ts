import * as pulumi from '@pulumi/pulumi';
import { ResourceAlertsDefinition, ResourceAlertsProps } from '../monitoring/resource-alerts';
import { PendingInputs } from './inputs';
import { KubernetesResource, registerManifest } from './manifest-resource';
import type { WithMetadataArgs } from './metadata-args';

/** Args of {@link ResourceAlerts}: the core props, with metadata that may come from other resources. */
export type ResourceAlertsArgs = WithMetadataArgs<ResourceAlertsProps>;

/** The resource alert pack (OOM kills, CPU throttling with context, certificate expiry) as a PrometheusRule. */
export class ResourceAlerts extends pulumi.ComponentResource {
  /** The checked pack. */
  public readonly definition: ResourceAlertsDefinition;
  /** The PrometheusRule. */
  public readonly prometheusRule: KubernetesResource;

  constructor(name: string, args: ResourceAlertsArgs, opts?: pulumi.ComponentResourceOptions) {
    const pending = PendingInputs.fromMetadata(args.metadata, name);
    const definition = ResourceAlertsDefinition.create({ ...args, metadata: pending.metadata }, name);
    super('sre-constructs:index:ResourceAlerts', name, {}, opts);
    this.definition = definition;
    this.prometheusRule = registerManifest(`${name}-prometheus-rule`, definition.prometheusRule(), pending, { parent: this });
    this.registerOutputs({ prometheusRuleName: this.prometheusRule.metadata.name, alerts: [...definition.alertNames] });
  }
}

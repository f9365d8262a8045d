import * as pulumi from '@pulumi/pulumi';
import { LogPolicyDefinition, LogPolicyProps } from '../logging/log-policy';
import { PendingInputs } from './inputs';
import type { MetadataArgs } from './metadata-args';
import { KubernetesResource, registerManifest } from './manifest-resource';

/** Args of {@link LogPolicy}: the core props, with metadata as Inputs. */
export type LogPolicyArgs = Omit<LogPolicyProps, 'metadata'> & {
  /**
   * Namespace, labels and annotations of the collector, PodMonitor and PrometheusRule.
   * @default - the provider's namespace
   */
  readonly metadata?: Omit<MetadataArgs, 'name'>;
};

/**
 * The log policy: an OpenTelemetryCollector that reads container logs, tags and counts the lines missing a
 * required field, a PodMonitor for its counts, and a PrometheusRule with the share of non-conforming lines per service.
 * For the AWS tiers, add an {@link AwsLogArchive} with the same retention.
 */
export class LogPolicy extends pulumi.ComponentResource {
  /** The checked policy. */
  public readonly definition: LogPolicyDefinition;
  /** The OpenTelemetryCollector. */
  public readonly collector: KubernetesResource;
  /** The PodMonitor. */
  public readonly podMonitor: KubernetesResource;
  /** The PrometheusRule. */
  public readonly prometheusRule: KubernetesResource;

  constructor(name: string, args: LogPolicyArgs, opts?: pulumi.ComponentResourceOptions) {
    const pending = PendingInputs.fromMetadata(args.metadata, name);
    const definition = LogPolicyDefinition.create({ ...args, metadata: pending.metadata }, name);
    super('sre-constructs:index:LogPolicy', name, {}, opts);
    this.definition = definition;
    this.collector = registerManifest(`${name}-collector`, definition.collector(), pending, { parent: this });
    this.podMonitor = registerManifest(`${name}-podmonitor`, definition.podMonitor(), pending, { parent: this });
    this.prometheusRule = registerManifest(`${name}-prometheus-rule`, definition.prometheusRule(), pending, { parent: this });
    this.registerOutputs({ requiredFields: [...definition.requiredFields], alerts: [...definition.alertNames] });
  }
}

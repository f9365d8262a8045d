import * as pulumi from '@pulumi/pulumi';
import { IncidentRoutingDefinition, IncidentRoutingProps } from '../incidents/incident-routing';
import { PendingInputs } from './inputs';
import type { WithMetadataArgs } from './metadata-args';
import { KubernetesResource, registerManifest } from './manifest-resource';

/** Args of {@link IncidentRouting}: the core props, with metadata that may come from other resources. */
export type IncidentRoutingArgs = WithMetadataArgs<IncidentRoutingProps>;

/**
 * Incident routing as an `AlertmanagerConfig` custom resource: receivers with credentials by Secret reference,
 * the route tree on `sev` and `service`, inhibitions. With `operatorMatcherStrategy: 'OnNamespace'` and a plain
 * namespace, every alert of the given sources must carry that namespace label, checked before anything registers.
 */
export class IncidentRouting extends pulumi.ComponentResource {
  /** The checked routing; `definition.alertmanagerYaml()` is the same routing as a plain `alertmanager.yml`. */
  public readonly definition: IncidentRoutingDefinition;
  /** The AlertmanagerConfig. */
  public readonly alertmanagerConfig: KubernetesResource;
  /** The Watchdog rule of the dead-man's-switch route, labelled with the config's namespace (see `watchdogPrometheusRule`). */
  public readonly watchdogRule?: KubernetesResource;

  constructor(name: string, args: IncidentRoutingArgs, opts?: pulumi.ComponentResourceOptions) {
    const pending = PendingInputs.fromMetadata(args.metadata, name);
    const definition = IncidentRoutingDefinition.create({ ...args, metadata: pending.metadata }, name);
    const manifest = definition.alertmanagerConfig();
    const namespace = args.metadata?.namespace;
    if (typeof namespace === 'string') {
      const problems = definition.namespaceMatcherProblems(namespace);
      if (problems.length > 0) throw new Error(problems.join('\n'));
    }
    super('sre-constructs:index:IncidentRouting', name, {}, opts);
    this.definition = definition;
    this.alertmanagerConfig = registerManifest(`${name}-alertmanager-config`, manifest, pending, { parent: this });
    const watchdog = definition.watchdogPrometheusRule();
    if (watchdog) this.watchdogRule = registerManifest(`${name}-watchdog-rule`, watchdog, pending, { parent: this });
    this.registerOutputs({ alertmanagerConfigName: this.alertmanagerConfig.metadata.name, receivers: definition.receivers.map((r) => r.name) });
  }
}

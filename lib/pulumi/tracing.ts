import * as pulumi from '@pulumi/pulumi';
import { TracingDefinition, TracingProps, requireEndpoint } from '../monitoring/tracing';
import { PendingInputs } from './inputs';
import { KubernetesResource, registerManifest } from './manifest-resource';
import type { WithMetadataArgs } from './metadata-args';

/** Args of {@link Tracing}: the core props, with the endpoint and metadata that may come from other resources. */
export interface TracingArgs extends WithMetadataArgs<Omit<TracingProps, 'endpoint'>> {
  /**
   * Where instrumented pods send spans (OTLP), e.g. built from the collector's Service:
   * `pulumi.interpolate\`http://${collector.metadata.name}.${ns.metadata.name}:4317\``. Checked as an http(s) URL once known.
   */
  readonly endpoint: pulumi.Input<string>;
}

/** An OpenTelemetry operator `Instrumentation`: 10% parent-based sampling and W3C propagation by default. */
export class Tracing extends pulumi.ComponentResource {
  /** The checked setup. */
  public readonly definition: TracingDefinition;
  /** The Instrumentation. */
  public readonly instrumentation: KubernetesResource;

  constructor(name: string, args: TracingArgs, opts?: pulumi.ComponentResourceOptions) {
    const pending = PendingInputs.fromMetadata(args.metadata, name);
    const endpoint = pending.url(args.endpoint, (value, at) => requireEndpoint(at, 'endpoint', value));
    const definition = TracingDefinition.create({ ...args, endpoint, metadata: pending.metadata }, name);
    super('sre-constructs:index:Tracing', name, {}, opts);
    this.definition = definition;
    this.instrumentation = registerManifest(`${name}-instrumentation`, definition.instrumentation(), pending, { parent: this });
    this.registerOutputs({ instrumentationName: this.instrumentation.metadata.name });
  }
}

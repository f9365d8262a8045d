import * as pulumi from '@pulumi/pulumi';
import * as k8s from '@pulumi/kubernetes';
import { TracingDefinition, TracingProps } from '../monitoring/tracing';

/** An OpenTelemetry operator `Instrumentation`: 10% parent-based sampling and W3C propagation by default. */
export class Tracing extends pulumi.ComponentResource {
  /** The checked setup. */
  public readonly definition: TracingDefinition;
  /** The Instrumentation. */
  public readonly instrumentation: k8s.apiextensions.CustomResource;

  constructor(name: string, args: TracingProps, opts?: pulumi.ComponentResourceOptions) {
    const definition = TracingDefinition.create(args, name);
    super('sre-constructs:index:Tracing', name, {}, opts);
    this.definition = definition;
    this.instrumentation = new k8s.apiextensions.CustomResource(`${name}-instrumentation`, { ...definition.instrumentation() }, { parent: this });
    this.registerOutputs({ instrumentationName: this.instrumentation.metadata.name });
  }
}

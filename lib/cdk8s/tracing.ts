import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { TracingDefinition, TracingProps } from '../monitoring/tracing';
import { childPath } from './path';

/** An OpenTelemetry operator `Instrumentation`: 10% parent-based sampling and W3C propagation by default. */
export class Tracing extends Construct {
  /** The checked setup. */
  public readonly definition: TracingDefinition;
  /** The Instrumentation. */
  public readonly instrumentation: ApiObject;

  constructor(scope: Construct, id: string, props: TracingProps) {
    const definition = TracingDefinition.create(props, childPath(scope, id));
    super(scope, id);
    this.definition = definition;
    this.instrumentation = new ApiObject(this, 'Instrumentation', definition.instrumentation());
  }
}

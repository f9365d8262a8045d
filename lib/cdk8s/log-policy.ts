import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { LogPolicyDefinition, LogPolicyProps } from '../logging/log-policy';
import { childPath } from './path';

/**
 * The log policy: an OpenTelemetryCollector that reads container logs, tags and counts the lines missing a
 * required field, a PodMonitor for its counts, and a PrometheusRule with the share of non-conforming lines per service.
 */
export class LogPolicy extends Construct {
  /** The checked policy. */
  public readonly definition: LogPolicyDefinition;
  /** The OpenTelemetryCollector. */
  public readonly collector: ApiObject;
  /** The PodMonitor. */
  public readonly podMonitor: ApiObject;
  /** The PrometheusRule. */
  public readonly prometheusRule: ApiObject;

  constructor(scope: Construct, id: string, props: LogPolicyProps) {
    const definition = LogPolicyDefinition.create(props, childPath(scope, id));
    super(scope, id);
    this.definition = definition;
    this.collector = new ApiObject(this, 'OpenTelemetryCollector', definition.collector());
    this.podMonitor = new ApiObject(this, 'PodMonitor', definition.podMonitor());
    this.prometheusRule = new ApiObject(this, 'PrometheusRule', definition.prometheusRule());
  }
}

import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { ResourceAlertsDefinition, ResourceAlertsProps } from '../monitoring/resource-alerts';
import { childPath } from './path';
import { checkRunbooksAtSynth } from './runbook-check';

/** The resource alert pack (OOM kills, CPU throttling with context, certificate expiry) as a PrometheusRule. */
export class ResourceAlerts extends Construct {
  /** The checked pack. */
  public readonly definition: ResourceAlertsDefinition;
  /** The PrometheusRule. */
  public readonly prometheusRule: ApiObject;

  constructor(scope: Construct, id: string, props: ResourceAlertsProps) {
    const definition = ResourceAlertsDefinition.create(props, childPath(scope, id));
    super(scope, id);
    this.definition = definition;
    this.prometheusRule = new ApiObject(this, 'PrometheusRule', definition.prometheusRule());
    checkRunbooksAtSynth(this, definition);
  }
}

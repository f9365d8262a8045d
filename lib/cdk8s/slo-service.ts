import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { SloServiceDefinition, SloServiceProps } from '../slo/slo-service';
import { childPath } from './path';

/**
 * A service's SLOs as a PrometheusRule: recording rules for every SLI window, the error budget, and
 * multiwindow multi-burn-rate alerts.
 *
 * The props are checked before anything joins the construct tree; a wrong spec throws a SpecError
 * naming this construct's path, the field and the value.
 *
 * @example
 * new SloService(chart, 'checkout', {
 *   service: 'checkout',
 *   slos: [{ name: 'availability', objective: Objective.percent(99.9), sli: Sli.availability({ requests: 'http_requests_total{service="checkout"}' }) }],
 * });
 */
export class SloService extends Construct {
  /** The checked service: SLOs, error budgets, windows and rules. Dashboards and gates read it. */
  public readonly definition: SloServiceDefinition;
  /** The PrometheusRule. */
  public readonly prometheusRule: ApiObject;

  constructor(scope: Construct, id: string, props: SloServiceProps) {
    const definition = SloServiceDefinition.create(props, childPath(scope, id));
    super(scope, id);
    this.definition = definition;
    this.prometheusRule = new ApiObject(this, 'PrometheusRule', definition.prometheusRule());
  }
}

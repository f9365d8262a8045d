import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { OpenSloImportOptions, fromOpenSlo } from '../import/openslo';
import { SlothImportOptions, fromSloth } from '../import/sloth';
import { SloServiceDefinition, SloServiceProps } from '../slo/slo-service';
import { childPath } from './path';
import { checkRunbooksAtSynth } from './runbook-check';

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
  /** One SloService per service of a Sloth spec (YAML text), each with the service name as its id. */
  public static fromSloth(scope: Construct, text: string, options?: SlothImportOptions): SloService[] {
    return fromSloth(text, options).map((props) => new SloService(scope, props.service, props));
  }

  /** One SloService per service of OpenSLO documents (YAML text), each with the service name as its id. */
  public static fromOpenSlo(scope: Construct, text: string, options?: OpenSloImportOptions): SloService[] {
    return fromOpenSlo(text, options).map((props) => new SloService(scope, props.service, props));
  }

  /** The checked service: SLOs, error budgets, windows and rules. Dashboards and gates read it. */
  public readonly definition: SloServiceDefinition;
  /** The PrometheusRule. */
  public readonly prometheusRule: ApiObject;

  constructor(scope: Construct, id: string, props: SloServiceProps) {
    const definition = SloServiceDefinition.create(props, childPath(scope, id));
    super(scope, id);
    this.definition = definition;
    this.prometheusRule = new ApiObject(this, 'PrometheusRule', definition.prometheusRule());
    checkRunbooksAtSynth(this, definition);
  }
}

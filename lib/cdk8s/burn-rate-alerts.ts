import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { BurnRateAlertsDefinition, BurnRateAlertsProps } from '../alerting/burn-rate-alerts-definition';
import { childPath } from './path';
import { checkRunbooksAtSynth } from './runbook-check';
import type { SloService } from './slo-service';

/** Props of {@link BurnRateAlerts}. */
export interface BurnRateAlertsConstructProps extends BurnRateAlertsProps {
  /** The SloService whose recorded series the alerts read. Its alerting must be off for the chosen SLOs. */
  readonly service: SloService;
}

/**
 * Burn-rate alerts in a PrometheusRule of their own, for SLOs whose SloService has `alerting: false`
 * (for instance when another team owns the paging policy, or the alerts live in another chart).
 */
export class BurnRateAlerts extends Construct {
  /** The checked alerts. */
  public readonly definition: BurnRateAlertsDefinition;
  /** The PrometheusRule. */
  public readonly prometheusRule: ApiObject;

  constructor(scope: Construct, id: string, props: BurnRateAlertsConstructProps) {
    const { service, ...alerting } = props;
    const definition = BurnRateAlertsDefinition.create(service.definition, alerting, childPath(scope, id));
    super(scope, id);
    this.definition = definition;
    this.prometheusRule = new ApiObject(this, 'PrometheusRule', definition.prometheusRule());
    checkRunbooksAtSynth(this, definition);
  }
}

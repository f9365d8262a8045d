import * as pulumi from '@pulumi/pulumi';
import * as k8s from '@pulumi/kubernetes';
import { BurnRateAlertsDefinition, BurnRateAlertsProps } from '../alerting/burn-rate-alerts-definition';
import type { SloService } from './slo-service';

/** Args of {@link BurnRateAlerts}. */
export interface BurnRateAlertsArgs extends BurnRateAlertsProps {
  /** The SloService whose recorded series the alerts read. Its alerting must be off for the chosen SLOs. */
  readonly service: SloService;
}

/** Burn-rate alerts in a PrometheusRule of their own, for SLOs whose SloService has `alerting: false`. */
export class BurnRateAlerts extends pulumi.ComponentResource {
  /** The checked alerts. */
  public readonly definition: BurnRateAlertsDefinition;
  /** The PrometheusRule. */
  public readonly prometheusRule: k8s.apiextensions.CustomResource;

  constructor(name: string, args: BurnRateAlertsArgs, opts?: pulumi.ComponentResourceOptions) {
    const { service, ...alerting } = args;
    const definition = BurnRateAlertsDefinition.create(service.definition, alerting, name);
    super('sre-constructs:index:BurnRateAlerts', name, {}, opts);
    this.definition = definition;
    this.prometheusRule = new k8s.apiextensions.CustomResource(`${name}-prometheus-rule`, { ...definition.prometheusRule() }, { parent: this });
    this.registerOutputs({ prometheusRuleName: this.prometheusRule.metadata.name });
  }
}

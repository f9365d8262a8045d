import * as pulumi from '@pulumi/pulumi';
import { BurnRateAlertsDefinition, BurnRateAlertsProps } from '../alerting/burn-rate-alerts-definition';
import { PendingInputs } from './inputs';
import { KubernetesResource, registerManifest } from './manifest-resource';
import type { WithMetadataArgs } from './metadata-args';
import type { SloService } from './slo-service';

/** Args of {@link BurnRateAlerts}: the core props, with metadata that may come from other resources. */
export interface BurnRateAlertsArgs extends WithMetadataArgs<BurnRateAlertsProps> {
  /** The SloService whose recorded series the alerts read. Its alerting must be off for the chosen SLOs. */
  readonly service: SloService;
}

/** Burn-rate alerts in a PrometheusRule of their own, for SLOs whose SloService has `alerting: false`. */
export class BurnRateAlerts extends pulumi.ComponentResource {
  /** The checked alerts. */
  public readonly definition: BurnRateAlertsDefinition;
  /** The PrometheusRule. */
  public readonly prometheusRule: KubernetesResource;

  constructor(name: string, args: BurnRateAlertsArgs, opts?: pulumi.ComponentResourceOptions) {
    const { service, metadata, ...alerting } = args;
    const pending = PendingInputs.fromMetadata(metadata, name);
    const definition = BurnRateAlertsDefinition.create(service.definition, { ...alerting, metadata: pending.metadata }, name);
    super('sre-constructs:index:BurnRateAlerts', name, {}, opts);
    this.definition = definition;
    this.prometheusRule = registerManifest(`${name}-prometheus-rule`, definition.prometheusRule(), pending, { parent: this });
    this.registerOutputs({ prometheusRuleName: this.prometheusRule.metadata.name });
  }
}

import * as pulumi from '@pulumi/pulumi';
import * as k8s from '@pulumi/kubernetes';
import { ResourceAlertsDefinition, ResourceAlertsProps } from '../monitoring/resource-alerts';

/** The resource alert pack (OOM kills, CPU throttling with context, certificate expiry) as a PrometheusRule. */
export class ResourceAlerts extends pulumi.ComponentResource {
  /** The checked pack. */
  public readonly definition: ResourceAlertsDefinition;
  /** The PrometheusRule. */
  public readonly prometheusRule: k8s.apiextensions.CustomResource;

  constructor(name: string, args: ResourceAlertsProps, opts?: pulumi.ComponentResourceOptions) {
    const definition = ResourceAlertsDefinition.create(args, name);
    super('sre-constructs:index:ResourceAlerts', name, {}, opts);
    this.definition = definition;
    this.prometheusRule = new k8s.apiextensions.CustomResource(`${name}-prometheus-rule`, { ...definition.prometheusRule() }, { parent: this });
    this.registerOutputs({ prometheusRuleName: this.prometheusRule.metadata.name, alerts: [...definition.alertNames] });
  }
}

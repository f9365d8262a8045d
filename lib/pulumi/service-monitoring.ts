import * as pulumi from '@pulumi/pulumi';
import * as k8s from '@pulumi/kubernetes';
import { ServiceMonitoringDefinition, ServiceMonitoringProps } from '../monitoring/service-monitoring';

/**
 * RED monitoring of a workload: a ServiceMonitor or PodMonitor (when `scrape` is set) and a PrometheusRule
 * with the RED recording rules, HighErrorRate and the latency alert.
 */
export class ServiceMonitoring extends pulumi.ComponentResource {
  /** The checked monitoring. */
  public readonly definition: ServiceMonitoringDefinition;
  /** The ServiceMonitor or PodMonitor, when scraping is on. */
  public readonly scrapeObject?: k8s.apiextensions.CustomResource;
  /** The PrometheusRule. */
  public readonly prometheusRule: k8s.apiextensions.CustomResource;

  constructor(name: string, args: ServiceMonitoringProps, opts?: pulumi.ComponentResourceOptions) {
    const definition = ServiceMonitoringDefinition.create(args, name);
    super('sre-constructs:index:ServiceMonitoring', name, {}, opts);
    this.definition = definition;
    const scrape = definition.scrapeManifest();
    if (scrape) this.scrapeObject = new k8s.apiextensions.CustomResource(`${name}-${scrape.kind.toLowerCase()}`, { ...scrape }, { parent: this });
    this.prometheusRule = new k8s.apiextensions.CustomResource(`${name}-prometheus-rule`, { ...definition.prometheusRule() }, { parent: this });
    this.registerOutputs({ prometheusRuleName: this.prometheusRule.metadata.name, alerts: [...definition.alertNames] });
  }
}

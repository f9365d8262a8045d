import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { ServiceMonitoringDefinition, ServiceMonitoringProps } from '../monitoring/service-monitoring';
import { childPath } from './path';
import { checkRunbooksAtSynth } from './runbook-check';

/**
 * RED monitoring of a workload: a ServiceMonitor or PodMonitor (when `scrape` is set) and a PrometheusRule
 * with the RED recording rules, HighErrorRate and the latency alert.
 */
export class ServiceMonitoring extends Construct {
  /** The checked monitoring. */
  public readonly definition: ServiceMonitoringDefinition;
  /** The ServiceMonitor or PodMonitor, when scraping is on. */
  public readonly scrapeObject?: ApiObject;
  /** The PrometheusRule. */
  public readonly prometheusRule: ApiObject;

  constructor(scope: Construct, id: string, props: ServiceMonitoringProps) {
    const definition = ServiceMonitoringDefinition.create(props, childPath(scope, id));
    super(scope, id);
    this.definition = definition;
    const scrape = definition.scrapeManifest();
    if (scrape) this.scrapeObject = new ApiObject(this, scrape.kind, scrape);
    this.prometheusRule = new ApiObject(this, 'PrometheusRule', definition.prometheusRule());
    checkRunbooksAtSynth(this, definition);
  }
}

import * as pulumi from '@pulumi/pulumi';
import { requireNamespace } from '../common/names';
import { ScrapeProps, ServiceMonitoringDefinition, ServiceMonitoringProps, requireScrapeSelector } from '../monitoring/service-monitoring';
import { PendingInputs } from './inputs';
import { KubernetesResource, registerManifest } from './manifest-resource';
import type { LabelsInput, MetadataArgs, WithMetadataArgs } from './metadata-args';

/** Scraping in the Pulumi door: what names other resources (selector, namespaces, metadata) accepts Inputs. */
export interface ScrapeArgs extends Omit<ScrapeProps, 'selector' | 'namespaces' | 'metadata'> {
  /** Labels of the Services (or pods) to scrape, as `matchLabels`, e.g. the workload's own labels. Must not be empty. */
  readonly selector: LabelsInput;
  /**
   * Namespaces to look in, e.g. `[app.metadata.namespace]`.
   * @default - the namespace of the ServiceMonitor itself
   */
  readonly namespaces?: ReadonlyArray<pulumi.Input<string>>;
  /**
   * Metadata of the ServiceMonitor or PodMonitor (labels your Prometheus `serviceMonitorSelector` matches).
   * @default - named "<service>"
   */
  readonly metadata?: MetadataArgs;
}

/** Args of {@link ServiceMonitoring}: the core props, with metadata and scrape references that may come from other resources. */
export interface ServiceMonitoringArgs extends WithMetadataArgs<Omit<ServiceMonitoringProps, 'scrape'>> {
  /**
   * Scraping by a ServiceMonitor or PodMonitor; `false` when something else scrapes the workload.
   * @default - no scrape object
   */
  readonly scrape?: ScrapeArgs | false;
}

/**
 * RED monitoring of a workload: a ServiceMonitor or PodMonitor (when `scrape` is set) and a PrometheusRule
 * with the RED recording rules, HighErrorRate and the latency alert.
 */
export class ServiceMonitoring extends pulumi.ComponentResource {
  /** The checked monitoring. */
  public readonly definition: ServiceMonitoringDefinition;
  /** The ServiceMonitor or PodMonitor, when scraping is on. */
  public readonly scrapeObject?: KubernetesResource;
  /** The PrometheusRule. */
  public readonly prometheusRule: KubernetesResource;

  constructor(name: string, args: ServiceMonitoringArgs, opts?: pulumi.ComponentResourceOptions) {
    const pending = PendingInputs.fromMetadata(args.metadata, name);
    const scrapePending = PendingInputs.fromMetadata(args.scrape ? args.scrape.metadata : undefined, name);
    const scrape = args.scrape
      ? {
          ...args.scrape,
          selector: scrapePending.labels(args.scrape.selector, (value, at) => requireScrapeSelector(at.at('scrape'), value)),
          namespaces: args.scrape.namespaces?.map((ns, i) => scrapePending.value(ns, (value, at) => requireNamespace(at.at('scrape'), `namespaces[${i}]`, value))),
          metadata: scrapePending.metadata,
        }
      : args.scrape;
    const definition = ServiceMonitoringDefinition.create({ ...args, scrape, metadata: pending.metadata }, name);
    super('sre-constructs:index:ServiceMonitoring', name, {}, opts);
    this.definition = definition;
    const scrapeManifest = definition.scrapeManifest();
    if (scrapeManifest) this.scrapeObject = registerManifest(`${name}-${scrapeManifest.kind.toLowerCase()}`, scrapeManifest, scrapePending, { parent: this });
    this.prometheusRule = registerManifest(`${name}-prometheus-rule`, definition.prometheusRule(), pending, { parent: this });
    this.registerOutputs({ prometheusRuleName: this.prometheusRule.metadata.name, alerts: [...definition.alertNames] });
  }
}

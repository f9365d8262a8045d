import type { KubernetesManifest, ManifestMetadata } from '../common/manifest';
import { prometheusRuleManifest } from '../rules/prometheus-rule';
import type { RuleFile, RuleGroup } from '../rules/rule-types';

/** The Watchdog alert: its name, and the runbook of the dead-man's switch's alarm. */
export interface WatchdogAlert {
  /** Alert name. */
  readonly alertName: string;
  /** Runbook link. */
  readonly runbookUrl?: string;
}

/**
 * The group holding the always-firing alert a routing's Watchdog route sends to the dead-man's switch.
 * kube-prometheus-stack ships one without a `namespace` label, which the operator's `OnNamespace` matcher keeps from every
 * AlertmanagerConfig; this one carries the config's namespace, so the switch proves the path this routing's
 * pages take (Prometheus, the rule, the operator's matcher, this config, the receiver).
 */
export function watchdogRuleGroup(routing: string, { alertName, runbookUrl }: WatchdogAlert, namespace: string | undefined): RuleGroup {
  return {
    name: `${routing}/watchdog`,
    rules: [
      {
        alert: alertName,
        expr: 'vector(1)',
        labels: { ...(namespace === undefined ? {} : { namespace }), routing, severity: 'none' },
        annotations: {
          description: `This alert always fires, and the ${routing} routing sends it to the dead-man's switch at a steady interval. When the switch stops hearing it, alerting itself is down (Prometheus, its rules, the Alertmanager or the route), and no page would reach anyone.`,
          ...(runbookUrl === undefined ? {} : { runbook_url: runbookUrl }),
          summary: `Heartbeat of the ${routing} routing: always firing`,
        },
      },
    ],
  };
}

/** The Watchdog rule as a plain rule file. */
export function watchdogRuleFile(routing: string, alert: WatchdogAlert, namespace: string | undefined): RuleFile {
  return { groups: [watchdogRuleGroup(routing, alert, namespace)] };
}

/** The Watchdog rule as a PrometheusRule named after the routing's AlertmanagerConfig. */
export function watchdogPrometheusRule(metadata: ManifestMetadata, routing: string, alert: WatchdogAlert, namespace: string | undefined): KubernetesManifest {
  return prometheusRuleManifest({ ...metadata, name: `${metadata.name}-watchdog` }, [watchdogRuleGroup(routing, alert, namespace)]);
}

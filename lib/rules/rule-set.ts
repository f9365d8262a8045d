import type { KubernetesManifest, ManifestMetadata } from '../common/manifest';
import { prometheusRuleManifest } from './prometheus-rule';
import type { RuleFile, RuleGroup } from './rule-types';

/**
 * Anything that renders Prometheus rule groups, and so a rule file and a PrometheusRule: SLO services,
 * separate burn-rate alerts, RED monitoring, resource alert packs.
 */
export abstract class RuleSet {
  /** Metadata of the PrometheusRule. */
  public abstract readonly metadata: ManifestMetadata;

  /** Every rule group, in evaluation order. */
  public abstract ruleGroups(): RuleGroup[];

  /** A plain Prometheus rule file, for Prometheus without the operator (`rule_files:`) and for promtool. */
  public ruleFile(): RuleFile {
    return { groups: this.ruleGroups() };
  }

  /** The PrometheusRule (monitoring.coreos.com/v1) carrying every group. */
  public prometheusRule(): KubernetesManifest {
    return prometheusRuleManifest(this.metadata, this.ruleGroups());
  }
}

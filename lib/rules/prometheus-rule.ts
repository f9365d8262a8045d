import type { KubernetesManifest, ManifestMetadata } from '../common/manifest';
import type { RuleGroup } from './rule-types';

/**
 * A PrometheusRule (monitoring.coreos.com/v1) for the Prometheus Operator. Its `spec` is exactly a
 * rule file, so `spec` can be written to disk and checked with `promtool check rules`.
 *
 * @see https://prometheus-operator.dev/docs/api-reference/api/#monitoring.coreos.com/v1.PrometheusRule
 */
export function prometheusRuleManifest(metadata: ManifestMetadata, groups: readonly RuleGroup[]): KubernetesManifest {
  return {
    apiVersion: 'monitoring.coreos.com/v1',
    kind: 'PrometheusRule',
    metadata,
    spec: { groups },
  };
}

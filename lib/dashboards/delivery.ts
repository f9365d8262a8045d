import { Duration, requirePositiveDuration } from '../common/duration';
import type { SpecPath } from '../common/errors';
import type { ConfigMapManifest, KubernetesManifest, ManifestMetadata } from '../common/manifest';
import { isKubernetesLabelKey, isKubernetesLabelValue, requireKubernetesLabels } from '../common/names';

/**
 * A ConfigMap that Grafana's dashboard sidecar (k8s-sidecar, as in kube-prometheus-stack and the Grafana
 * Helm chart) picks up by label.
 *
 * @see https://github.com/grafana/helm-charts/tree/main/charts/grafana#sidecar-for-dashboards
 */
export interface ConfigMapDeliveryProps {
  /**
   * Label the sidecar looks for (`sidecar.dashboards.label`).
   * @default "grafana_dashboard"
   */
  readonly labelKey?: string;
  /**
   * Value of that label (`sidecar.dashboards.labelValue`).
   * @default "1"
   */
  readonly labelValue?: string;
  /**
   * Annotation that names the dashboard's folder (`sidecar.dashboards.folderAnnotation`). Written only when the
   * dashboard has a folder; Grafana shows it as a folder when the provider has `foldersFromFilesStructure: true`.
   * @default "k8s-sidecar-target-directory" (the sidecar's own default)
   */
  readonly folderAnnotation?: string;
}

/**
 * A `GrafanaDashboard` (grafana.integreatly.org/v1beta1) for grafana-operator.
 *
 * @see https://grafana.github.io/grafana-operator/docs/dashboards/
 */
export interface GrafanaOperatorDeliveryProps {
  /** Labels of the `Grafana` instances to import into, as `matchLabels`. */
  readonly instanceSelector: Readonly<Record<string, string>>;
  /**
   * How often the operator re-applies the dashboard.
   * @default - the operator's default (10 minutes)
   */
  readonly resyncPeriod?: Duration;
  /**
   * Whether Grafana instances in other namespaces may import it.
   * @default false
   */
  readonly allowCrossNamespaceImport?: boolean;
}

/** How a dashboard reaches Grafana. Build one with {@link DashboardDelivery}. */
export type DashboardDeliveryProps =
  | ({ readonly kind: 'configmap' } & ConfigMapDeliveryProps)
  | ({ readonly kind: 'grafana-operator' } & GrafanaOperatorDeliveryProps);

/** Ways to deliver a dashboard. */
export abstract class DashboardDelivery {
  /** A ConfigMap for the Grafana sidecar, labelled `grafana_dashboard: "1"` unless told otherwise. */
  public static configMap(props: ConfigMapDeliveryProps = {}): DashboardDeliveryProps {
    return { kind: 'configmap', ...props };
  }
  /** A GrafanaDashboard custom resource for grafana-operator. */
  public static grafanaOperator(props: GrafanaOperatorDeliveryProps): DashboardDeliveryProps {
    return { kind: 'grafana-operator', ...props };
  }
}

/** A checked delivery. */
export type DashboardDeliveryDefinition =
  | { readonly kind: 'configmap'; readonly labelKey: string; readonly labelValue: string; readonly folderAnnotation: string }
  | {
      readonly kind: 'grafana-operator';
      readonly instanceSelector: Readonly<Record<string, string>>;
      readonly resyncPeriod?: Duration;
      readonly allowCrossNamespaceImport?: boolean;
    };

/** What a ConfigMap or a custom resource can carry: the API server's request limit, and etcd's per-object limit, are about 1.5 MB. */
export const MAX_DASHBOARD_BYTES = 1024 * 1024;

/** Checks a delivery. */
export function defineDelivery(at: SpecPath, props: DashboardDeliveryProps | undefined): DashboardDeliveryDefinition {
  const p = props ?? DashboardDelivery.configMap();
  if (p === null || typeof p !== 'object') {
    return at.fail(undefined, p, 'is not a delivery', 'Use DashboardDelivery.configMap() or DashboardDelivery.grafanaOperator({ instanceSelector }).');
  }
  if (p.kind === 'configmap') {
    const labelKey = p.labelKey ?? 'grafana_dashboard';
    const labelValue = p.labelValue ?? '1';
    const folderAnnotation = p.folderAnnotation ?? 'k8s-sidecar-target-directory';
    if (!isKubernetesLabelKey(labelKey)) {
      at.fail('labelKey', labelKey, 'is not a label key Kubernetes accepts', 'Keys are an optional DNS-subdomain prefix and "/", then at most 63 letters, digits, "-", "_" or ".", starting and ending with a letter or digit.');
    }
    if (!isKubernetesLabelValue(labelValue)) {
      at.fail('labelValue', labelValue, 'is not a label value Kubernetes accepts', 'Values are empty or at most 63 letters, digits, "-", "_" or ".", starting and ending with a letter or digit.');
    }
    if (!isKubernetesLabelKey(folderAnnotation)) {
      at.fail('folderAnnotation', folderAnnotation, 'is not an annotation key Kubernetes accepts', 'Keys are an optional DNS-subdomain prefix and "/", then at most 63 letters, digits, "-", "_" or ".".');
    }
    return { kind: 'configmap', labelKey, labelValue, folderAnnotation };
  }
  if (p.kind === 'grafana-operator') {
    const instanceSelector = requireKubernetesLabels(at, 'instanceSelector', p.instanceSelector);
    if (Object.keys(instanceSelector).length === 0) {
      at.fail('instanceSelector', p.instanceSelector, 'is empty', 'Give the labels of your Grafana resource, e.g. { dashboards: "grafana" }.');
    }
    const resyncPeriod = p.resyncPeriod === undefined ? undefined : requirePositiveDuration(at, 'resyncPeriod', p.resyncPeriod);
    if (p.allowCrossNamespaceImport !== undefined && typeof p.allowCrossNamespaceImport !== 'boolean') {
      at.fail('allowCrossNamespaceImport', p.allowCrossNamespaceImport, 'is not a boolean', 'Give true or false.');
    }
    return { kind: 'grafana-operator', instanceSelector, resyncPeriod, allowCrossNamespaceImport: p.allowCrossNamespaceImport };
  }
  return at.fail('kind', (p as { kind: unknown }).kind, 'is not a delivery kind', 'Use DashboardDelivery.configMap() or DashboardDelivery.grafanaOperator({ instanceSelector }).');
}

/** The ConfigMap or GrafanaDashboard that carries a dashboard's JSON. */
export function deliveryManifest(
  delivery: DashboardDeliveryDefinition,
  metadata: ManifestMetadata,
  json: string,
  folder: string | undefined,
): KubernetesManifest | ConfigMapManifest {
  if (delivery.kind === 'configmap') {
    const annotations = folder === undefined ? metadata.annotations : { ...metadata.annotations, [delivery.folderAnnotation]: folder };
    return {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: {
        ...metadata,
        labels: sortKeys({ ...metadata.labels, [delivery.labelKey]: delivery.labelValue }),
        ...(annotations ? { annotations: sortKeys(annotations) } : {}),
      },
      data: { [`${metadata.name}.json`]: json },
    };
  }
  return {
    apiVersion: 'grafana.integreatly.org/v1beta1',
    kind: 'GrafanaDashboard',
    metadata,
    spec: {
      instanceSelector: { matchLabels: delivery.instanceSelector },
      ...(folder !== undefined ? { folder } : {}),
      ...(delivery.resyncPeriod ? { resyncPeriod: goDuration(delivery.resyncPeriod) } : {}),
      ...(delivery.allowCrossNamespaceImport !== undefined ? { allowCrossNamespaceImport: delivery.allowCrossNamespaceImport } : {}),
      json,
    },
  };
}

/** Go's duration syntax has no days: 1d is 24h. */
function goDuration(d: Duration): string {
  const text = d.toPrometheus();
  const days = /^(\d+)d(.*)$/.exec(text);
  if (!days) return text;
  const rest = days[2];
  const hours = Number(days[1]) * 24 + Number(/^(\d+)h/.exec(rest)?.[1] ?? 0);
  return `${hours}h${rest.replace(/^\d+h/, '')}`;
}

function sortKeys(map: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of Object.keys(map).sort()) out[key] = map[key];
  return out;
}

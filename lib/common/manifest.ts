import type { SpecPath } from './errors';
import { isDnsSubdomain, requireKubernetesLabels, requireNamespace } from './names';

/** Object metadata a user may set on a generated manifest. */
export interface ManifestMetadataProps {
  /**
   * Object name.
   * @default - derived from the construct (documented on each construct)
   */
  readonly name?: string;
  /**
   * Namespace.
   * @default - the chart's namespace (cdk8s) or the provider's (Pulumi)
   */
  readonly namespace?: string;
  /**
   * Extra labels, e.g. the ones a Prometheus `ruleSelector` matches (`release: kube-prometheus-stack`).
   * @default - none
   */
  readonly labels?: Readonly<Record<string, string>>;
  /**
   * Extra annotations.
   * @default - none
   */
  readonly annotations?: Readonly<Record<string, string>>;
}

/** Kubernetes object metadata as rendered. */
export interface ManifestMetadata {
  /** Name. */
  readonly name: string;
  /** Namespace, when set. */
  readonly namespace?: string;
  /** Labels. */
  readonly labels?: Readonly<Record<string, string>>;
  /** Annotations. */
  readonly annotations?: Readonly<Record<string, string>>;
}

/** A Kubernetes object as a plain value, ready for cdk8s `ApiObject`, Pulumi `CustomResource` or YAML. */
export interface KubernetesManifest {
  /** API group and version. */
  readonly apiVersion: string;
  /** Kind. */
  readonly kind: string;
  /** Metadata. */
  readonly metadata: ManifestMetadata;
  /** Spec. */
  readonly spec: unknown;
}

/** The labels every object this library generates carries. */
export const MANAGED_BY_LABELS: Readonly<Record<string, string>> = { 'app.kubernetes.io/managed-by': 'sre-constructs' };

/** Checks metadata props and fills in the default name and the managed-by label. */
export function defineMetadata(at: SpecPath, props: ManifestMetadataProps | undefined, defaultName: string): ManifestMetadata {
  const p = props ?? {};
  const name = requireObjectName(at, 'metadata.name', p.name ?? defaultName);
  if (p.namespace !== undefined) requireNamespace(at, 'metadata.namespace', p.namespace);
  const labels = { ...requireKubernetesLabels(at, 'metadata.labels', p.labels), ...MANAGED_BY_LABELS };
  const annotations = p.annotations === undefined ? undefined : sortedCopy(p.annotations);
  return {
    name,
    ...(p.namespace !== undefined ? { namespace: p.namespace } : {}),
    labels: sortedCopy(labels),
    ...(annotations ? { annotations } : {}),
  };
}

/** Checks a Kubernetes object name (a DNS subdomain). */
export function requireObjectName(at: SpecPath, field: string, value: unknown): string {
  if (typeof value !== 'string' || !isDnsSubdomain(value)) {
    return at.fail(field, value, 'is not a valid Kubernetes object name', 'Use lowercase letters, digits, "-" and ".", at most 253 characters, starting and ending with a letter or digit.');
  }
  return value;
}

function sortedCopy(map: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of Object.keys(map).sort()) out[key] = map[key];
  return out;
}

/** A ConfigMap (v1) as a plain value: built-in objects carry `data` instead of `spec`. */
export interface ConfigMapManifest {
  /** Always `v1`. */
  readonly apiVersion: 'v1';
  /** Always `ConfigMap`. */
  readonly kind: 'ConfigMap';
  /** Metadata. */
  readonly metadata: ManifestMetadata;
  /** File name to content. */
  readonly data: Readonly<Record<string, string>>;
}

import type { SpecPath } from './errors';

/** RFC 1123 label: what Kubernetes accepts for most object names and what we accept for service and SLO names. */
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const K8S_LABEL_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const PROM_LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const PROM_METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;

/** True for an RFC 1123 label: lowercase letters, digits and '-', at most 63 characters. */
export function isDnsLabel(name: string): boolean {
  return typeof name === 'string' && name.length <= 63 && DNS_LABEL.test(name);
}

/** True for an RFC 1123 subdomain (Kubernetes object names): DNS labels joined by '.', at most 253 characters. */
export function isDnsSubdomain(name: string): boolean {
  return typeof name === 'string' && name.length <= 253 && DNS_SUBDOMAIN.test(name);
}

/** True for a Prometheus label name that users may set (no reserved `__` prefix). */
export function isPrometheusLabelName(name: string): boolean {
  return typeof name === 'string' && PROM_LABEL_NAME.test(name) && !name.startsWith('__');
}

/** True for a Prometheus metric name (recording-rule names may contain ':'). */
export function isPrometheusMetricName(name: string): boolean {
  return typeof name === 'string' && PROM_METRIC_NAME.test(name);
}

/** True for a Kubernetes label or annotation key: optional DNS-subdomain prefix and '/', then a name of at most 63 characters. */
export function isKubernetesLabelKey(key: string): boolean {
  if (typeof key !== 'string') return false;
  const slash = key.indexOf('/');
  const prefix = slash >= 0 ? key.slice(0, slash) : undefined;
  const name = slash >= 0 ? key.slice(slash + 1) : key;
  if (prefix !== undefined && !isDnsSubdomain(prefix)) return false;
  return name.length <= 63 && K8S_LABEL_NAME.test(name);
}

/** True for a Kubernetes label value: empty, or at most 63 alphanumerics with '-', '_' and '.' inside. */
export function isKubernetesLabelValue(value: string): boolean {
  return typeof value === 'string' && (value === '' || (value.length <= 63 && K8S_LABEL_NAME.test(value)));
}

/** Suggests a DNS-label form of a name: `latency_p99` -> `latency-p99`. */
export function toDnsLabel(name: string): string {
  return String(name)
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 63);
}

/** Checks a service or SLO name: an RFC 1123 label, which is also a valid Kubernetes label value and PromQL-safe. */
export function requireDnsLabel(at: SpecPath, field: string, value: unknown): string {
  if (typeof value !== 'string' || !isDnsLabel(value)) {
    const suggestion = typeof value === 'string' && toDnsLabel(value) ? ` such as ${JSON.stringify(toDnsLabel(value))}` : '';
    return at.fail(
      field,
      value,
      'is not a valid name',
      `Use lowercase letters, digits and '-' (RFC 1123 label, at most 63 characters, starting and ending with a letter or digit)${suggestion}.`,
    );
  }
  return value;
}

/** Checks a namespace name (an RFC 1123 label). */
export function requireNamespace(at: SpecPath, field: string, value: unknown): string {
  if (typeof value !== 'string' || !isDnsLabel(value)) {
    return at.fail(field, value, 'is not a valid namespace', 'Use lowercase letters, digits and "-", at most 63 characters.');
  }
  return value;
}

/** Checks a map of Prometheus labels: names are valid label names, none is reserved, values are strings. */
export function requirePrometheusLabels(
  at: SpecPath,
  field: string,
  labels: Readonly<Record<string, string>> | undefined,
  reserved: readonly string[] = [],
): Record<string, string> {
  if (labels === undefined) return {};
  if (labels === null || typeof labels !== 'object' || Array.isArray(labels)) {
    return at.fail(field, labels, 'is not a map of label names to values', 'Give an object such as { team: "identity" }.');
  }
  const out: Record<string, string> = {};
  for (const name of Object.keys(labels).sort()) {
    const value = labels[name];
    if (!isPrometheusLabelName(name)) {
      at.fail(`${field}.${name}`, name, 'is not a valid Prometheus label name', 'Label names match [a-zA-Z_][a-zA-Z0-9_]* and must not start with "__".');
    }
    if (reserved.includes(name)) {
      at.fail(`${field}.${name}`, name, 'is a label this library sets itself', `Choose another name; reserved: ${reserved.join(', ')}.`);
    }
    if (typeof value !== 'string') {
      at.fail(`${field}.${name}`, value, 'is not a string', 'Label values are strings; write numbers as "2".');
    }
    if (!isWellFormedUnicode(value)) {
      at.fail(`${field}.${name}`, value, 'is not valid UTF-8 text', 'Remove unpaired surrogate characters.');
    }
    out[name] = value;
  }
  return out;
}

/** Checks a map of Kubernetes labels (metadata.labels). */
export function requireKubernetesLabels(at: SpecPath, field: string, labels: Readonly<Record<string, string>> | undefined): Record<string, string> {
  if (labels === undefined) return {};
  const out: Record<string, string> = {};
  for (const key of Object.keys(labels).sort()) {
    const value = labels[key];
    if (!isKubernetesLabelKey(key)) {
      at.fail(`${field}`, key, 'is not a valid Kubernetes label key', 'Keys are an optional DNS-subdomain prefix and "/", then at most 63 letters, digits, "-", "_" or ".", starting and ending with a letter or digit.');
    }
    if (typeof value !== 'string' || !isKubernetesLabelValue(value)) {
      at.fail(`${field}.${key}`, value, 'is not a valid Kubernetes label value', 'Values are empty or at most 63 letters, digits, "-", "_" or ".", starting and ending with a letter or digit.');
    }
    out[key] = value;
  }
  return out;
}

function isWellFormedUnicode(s: string): boolean {
  // String.prototype.isWellFormed arrives in Node 20; keep a fallback for older runtimes.
  const native = (s as unknown as { isWellFormed?: () => boolean }).isWellFormed;
  if (typeof native === 'function') return native.call(s);
  return !/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(s);
}

/** Checks a map of Prometheus alert annotations: valid names, string values, balanced template braces. */
export function requireAnnotations(at: SpecPath, field: string, annotations: Readonly<Record<string, string>> | undefined): Record<string, string> {
  if (annotations === undefined) return {};
  const out: Record<string, string> = {};
  for (const key of Object.keys(annotations).sort()) {
    if (!/^[a-zA-Z_][a-zA-Z0-9_]*$/.test(key)) {
      at.fail(field, key, 'is not a valid annotation name', 'Annotation names match [a-zA-Z_][a-zA-Z0-9_]*.');
    }
    const value = annotations[key];
    if (typeof value !== 'string') at.fail(`${field}.${key}`, value, 'is not a string', 'Annotation values are strings.');
    if (unbalancedTemplate(value)) {
      at.fail(`${field}.${key}`, value, 'has unbalanced template braces', 'Annotations are Prometheus templates: close every "{{" with "}}", or write a literal brace as {{ "{{" }}.');
    }
    out[key] = value;
  }
  return out;
}

function unbalancedTemplate(text: string): boolean {
  let depth = 0;
  for (const m of text.matchAll(/\{\{|\}\}/g)) {
    depth += m[0] === '{{' ? 1 : -1;
    if (depth < 0 || depth > 1) return true;
  }
  return depth !== 0;
}

/** True for an IANA service name, what Kubernetes accepts as a named port: at most 15 lowercase letters, digits and '-', with a letter. */
export function isPortName(name: string): boolean {
  return typeof name === 'string' && name.length <= 15 && /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(name) && /[a-z]/.test(name) && !name.includes('--');
}

/** Checks a value that is free text the library passes on (a label value, a user id): a non-empty string. */
export function requireText(at: SpecPath, field: string, value: unknown): string {
  if (typeof value !== 'string' || value === '' || !isWellFormedUnicode(value)) {
    return at.fail(field, value, 'is not non-empty text', 'Give a non-empty string.');
  }
  return value;
}

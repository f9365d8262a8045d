import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import Ajv, { ValidateFunction } from 'ajv';
import { parse } from 'yaml';

/**
 * Validates manifests against the upstream CRD schemas in ../shared/crds (or $SRE_CONSTRUCTS_SHARED/crds),
 * with ajv in non-strict mode and the Kubernetes extension keywords registered.
 */
export function sharedDir(): string {
  const dir = process.env.SRE_CONSTRUCTS_SHARED ?? resolve(__dirname, '..', '..', '..', 'shared');
  if (!existsSync(join(dir, 'crds'))) {
    throw new Error(`the shared CRDs are missing at ${dir}/crds: the project expects ../shared beside it (or set SRE_CONSTRUCTS_SHARED)`);
  }
  return dir;
}

/** Go regular expressions in CRD patterns may carry the (?i) flag group (`^(?i)(abort|warn)?$`); JavaScript spells it as a flag. */
const goRegExp = Object.assign(
  (pattern: string, flags: string) =>
    pattern.includes('(?i)') ? new RegExp(pattern.replaceAll('(?i)', ''), `${flags}i`) : new RegExp(pattern, flags),
  { code: 'goRegExp' },
);

const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false, code: { regExp: goRegExp } });
for (const keyword of [
  'x-kubernetes-int-or-string',
  'x-kubernetes-preserve-unknown-fields',
  'x-kubernetes-validations',
  'x-kubernetes-list-type',
  'x-kubernetes-list-map-keys',
  'x-kubernetes-map-type',
  'x-kubernetes-embedded-resource',
]) {
  ajv.addKeyword(keyword);
}

const validators = new Map<string, ValidateFunction>();

/** Kubernetes allows `nullable: true` on OpenAPI schemas; JSON Schema needs null in the type. */
function widenNullable(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(widenNullable);
  if (schema === null || typeof schema !== 'object') return schema;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(schema)) out[k] = widenNullable(v);
  if (out.nullable === true && typeof out.type === 'string') out.type = [out.type, 'null'];
  // int-or-string fields carry no type; anyOf with both is what the API server accepts.
  if (out['x-kubernetes-int-or-string'] === true && out.type === undefined && out.anyOf === undefined) {
    out.anyOf = [{ type: 'integer' }, { type: 'string' }];
  }
  // The API server prunes fields a structural schema does not declare; a field we set that would be
  // pruned is a bug, so closed objects are closed here.
  if (out.type === 'object' && out.properties && out.additionalProperties === undefined && out['x-kubernetes-preserve-unknown-fields'] !== true) {
    out.additionalProperties = false;
  }
  return out;
}

function validatorFor(file: string, version: string): ValidateFunction {
  const key = `${file}@${version}`;
  let v = validators.get(key);
  if (!v) {
    const crd = parse(readFileSync(join(sharedDir(), 'crds', file), 'utf8'));
    const served = crd.spec.versions.find((x: { name: string }) => x.name === version);
    if (!served) throw new Error(`${file} has no version ${version}`);
    v = ajv.compile(widenNullable(served.schema.openAPIV3Schema) as object);
    validators.set(key, v);
  }
  return v;
}

const CRD_FILES: Record<string, string> = {
  'monitoring.coreos.com/PrometheusRule': 'prometheus-operator/prometheusrule.yaml',
  'monitoring.coreos.com/ServiceMonitor': 'prometheus-operator/servicemonitor.yaml',
  'monitoring.coreos.com/PodMonitor': 'prometheus-operator/podmonitor.yaml',
  'grafana.integreatly.org/GrafanaDashboard': 'grafana-operator/grafanadashboard.yaml',
  'opentelemetry.io/Instrumentation': 'opentelemetry-operator/instrumentation.yaml',
};

/** Built-in kinds, validated against the Kubernetes 1.35 OpenAPI v3 documents (their $refs resolved by ajv). */
const BUILTIN_SCHEMAS: Record<string, { file: string; schema: string }> = {
  'v1/ConfigMap': { file: 'kubernetes/api__v1_openapi.json', schema: 'io.k8s.api.core.v1.ConfigMap' },
};

function builtinValidator(file: string, schema: string): ValidateFunction {
  const key = `${file}#${schema}`;
  let v = validators.get(key);
  if (!v) {
    if (!ajv.getSchema(file)) {
      const doc = JSON.parse(readFileSync(join(sharedDir(), 'crds', file), 'utf8'));
      ajv.addSchema({ $id: file, components: widenNullable(doc.components) });
    }
    v = ajv.getSchema(`${file}#/components/schemas/${schema}`);
    if (!v) throw new Error(`${file} has no schema ${schema}`);
    validators.set(key, v);
  }
  return v;
}

/** Validation errors of a manifest against its CRD (empty when valid). Throws for kinds without a known CRD. */
export function schemaErrors(manifest: { apiVersion: string; kind: string }): string[] {
  const builtin = BUILTIN_SCHEMAS[`${manifest.apiVersion}/${manifest.kind}`];
  if (builtin) {
    const validate = builtinValidator(builtin.file, builtin.schema);
    if (validate(manifest)) return [];
    return (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message}`);
  }
  const [group, version] = manifest.apiVersion.split('/');
  const file = CRD_FILES[`${group}/${manifest.kind}`];
  if (!file) throw new Error(`no CRD known for ${manifest.apiVersion} ${manifest.kind}`);
  const validate = validatorFor(file, version);
  if (validate(manifest)) return [];
  return (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message}`);
}

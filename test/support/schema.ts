import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import Ajv, { ValidateFunction } from 'ajv';
import { load } from 'js-yaml';

/**
 * Validates manifests against the upstream schemas kept in test/fixtures/upstream (see its SOURCES.md):
 * CRDs by their group and kind, built-in kinds against the Kubernetes 1.35 definitions. ajv runs in
 * non-strict mode with the Kubernetes extension keywords registered.
 */
export const UPSTREAM = join(__dirname, '..', 'fixtures', 'upstream');

/** A file under test/fixtures/upstream (CRDs, Kubernetes definitions, Sloth and OpenSLO peer files). */
export function upstreamPath(...parts: string[]): string {
  return join(UPSTREAM, ...parts);
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
  'x-kubernetes-group-version-kind',
  'x-kubernetes-patch-strategy',
  'x-kubernetes-patch-merge-key',
  'x-kubernetes-unions',
]) {
  ajv.addKeyword(keyword);
}

const validators = new Map<string, ValidateFunction>();

/** Kubernetes allows `nullable: true` on OpenAPI schemas; JSON Schema needs null in the type. */
function widenNullable(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(widenNullable);
  if (schema === null || typeof schema !== 'object') return schema;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(schema)) out[k] = k === 'enum' ? v : widenNullable(v);
  if (out.nullable === true && typeof out.type === 'string') out.type = [out.type, 'null'];
  // OpenAPI 3.0 writes an exclusive bound as a flag beside it (Chaos Mesh's startingDeadlineSeconds); JSON Schema as the bound.
  if (typeof out.exclusiveMinimum === 'boolean') {
    if (out.exclusiveMinimum && typeof out.minimum === 'number') out.exclusiveMinimum = out.minimum;
    else delete out.exclusiveMinimum;
    if (typeof out.exclusiveMinimum === 'number') delete out.minimum;
  }
  if (typeof out.exclusiveMaximum === 'boolean') {
    if (out.exclusiveMaximum && typeof out.maximum === 'number') out.exclusiveMaximum = out.maximum;
    else delete out.exclusiveMaximum;
    if (typeof out.exclusiveMaximum === 'number') delete out.maximum;
  }
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

interface Crd {
  readonly file: string;
  readonly versions: ReadonlyArray<{ name: string; schema: { openAPIV3Schema: object } }>;
}

let crdIndex: Map<string, Crd> | undefined;

/** Every CRD under crds/, keyed `group/Kind`. Parsed with js-yaml, which reads the few upstream files the `yaml` package cannot. */
function crds(): Map<string, Crd> {
  if (crdIndex) return crdIndex;
  crdIndex = new Map();
  const walk = (dir: string): string[] =>
    readdirSync(dir).flatMap((n) => (statSync(join(dir, n)).isDirectory() ? walk(join(dir, n)) : n.endsWith('.yaml') ? [join(dir, n)] : []));
  for (const file of walk(join(UPSTREAM, 'crds'))) {
    const crd = load(readFileSync(file, 'utf8')) as { spec: { group: string; names: { kind: string }; versions: Crd['versions'] } };
    crdIndex.set(`${crd.spec.group}/${crd.spec.names.kind}`, { file, versions: crd.spec.versions });
  }
  return crdIndex;
}

function crdValidator(group: string, kind: string, version: string): ValidateFunction {
  const key = `${group}/${kind}@${version}`;
  let v = validators.get(key);
  if (!v) {
    const crd = crds().get(`${group}/${kind}`);
    if (!crd) throw new Error(`no CRD for ${group} ${kind} in test/fixtures/upstream/crds: add it to scripts/refresh-fixtures.ts`);
    const served = crd.versions.find((x) => x.name === version);
    if (!served) throw new Error(`${crd.file} has no version ${version}`);
    v = ajv.compile(widenNullable(served.schema.openAPIV3Schema) as object);
    validators.set(key, v);
  }
  return v;
}

const DEFINITIONS_ID = 'kubernetes-definitions';
let builtinKinds: Map<string, string> | undefined;

/** Built-in kinds by `apiVersion/kind`, naming their definition in kubernetes/definitions.json. */
function builtins(): Map<string, string> {
  if (builtinKinds) return builtinKinds;
  const doc = JSON.parse(readFileSync(join(UPSTREAM, 'kubernetes', 'definitions.json'), 'utf8')) as { definitions: Record<string, Record<string, unknown>> };
  ajv.addSchema({ $id: DEFINITIONS_ID, definitions: widenNullable(doc.definitions) });
  builtinKinds = new Map();
  for (const [name, def] of Object.entries(doc.definitions)) {
    const gvks = (def['x-kubernetes-group-version-kind'] ?? []) as Array<{ group: string; version: string; kind: string }>;
    // A definition is a top-level kind only when it declares apiVersion and metadata (lists and options also carry GVKs).
    const props = (def.properties ?? {}) as Record<string, unknown>;
    if (!props.metadata || name.endsWith('List')) continue;
    for (const g of gvks) builtinKinds.set(`${g.group ? `${g.group}/` : ''}${g.version}/${g.kind}`, name);
  }
  return builtinKinds;
}

function builtinValidator(name: string): ValidateFunction {
  let v = validators.get(name);
  if (!v) {
    v = ajv.getSchema(`${DEFINITIONS_ID}#/definitions/${name}`);
    if (!v) throw new Error(`kubernetes/definitions.json has no ${name}`);
    validators.set(name, v);
  }
  return v;
}

/** True when the kind is a Kubernetes built-in kind the fixtures know. */
export function isBuiltinKind(manifest: { apiVersion: string; kind: string }): boolean {
  return builtins().has(`${manifest.apiVersion}/${manifest.kind}`);
}

/**
 * Validation errors of a manifest against its upstream schema (empty when valid). Throws for kinds the
 * fixtures do not know, so an unvalidated kind never passes silently.
 */
export function schemaErrors<T extends { readonly apiVersion: string; readonly kind: string }>(manifest: T): string[] {
  const builtin = builtins().get(`${manifest.apiVersion}/${manifest.kind}`);
  let validate: ValidateFunction;
  if (builtin) {
    validate = builtinValidator(builtin);
  } else {
    const slash = manifest.apiVersion.indexOf('/');
    if (slash < 0) throw new Error(`no schema known for ${manifest.apiVersion} ${manifest.kind}`);
    validate = crdValidator(manifest.apiVersion.slice(0, slash), manifest.kind, manifest.apiVersion.slice(slash + 1));
  }
  if (validate(manifest)) return [];
  return (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message}${e.params && 'additionalProperty' in e.params ? ` (${String(e.params.additionalProperty)})` : ''}`);
}

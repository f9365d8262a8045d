import { SpecPath } from '../../common/errors';
import { asArray, asObject, asString, asStringMap } from './json';

/**
 * One document handed to a review, and where it came from: a file and document number (CLI), a
 * construct path (cdk8s) or a resource URN (Pulumi). The origin only helps a reader find the object.
 */
export interface ManifestSource {
  /** The document: a Kubernetes object, a `List`, a plain Prometheus rule file or a plain Alertmanager configuration. */
  readonly manifest: unknown;
  /** Where it came from. */
  readonly origin: string;
}

/** Which object a finding is about. */
export interface ObjectRef {
  /** API group and version (`apps/v1`); empty for a plain file. */
  readonly apiVersion: string;
  /** Kind (`Deployment`), or `PrometheusRuleFile` / `AlertmanagerConfigFile` for plain files. */
  readonly kind: string;
  /** Namespace, when the object has one. */
  readonly namespace?: string;
  /** Name, or the file's origin for a plain file. */
  readonly name: string;
}

/** Pseudo-kinds of the plain files a review reads besides Kubernetes objects. */
export const PLAIN_FILE_KINDS = { rules: 'PrometheusRuleFile', alertmanager: 'AlertmanagerConfigFile' } as const;

/** `Deployment identity/user-authentication`, `ClusterRole admin`, `PrometheusRuleFile rules/a.yaml`. */
export function describeObject(ref: ObjectRef): string {
  return `${ref.kind} ${ref.namespace ? `${ref.namespace}/` : ''}${ref.name}`;
}

/** The group of an apiVersion: `apps` for `apps/v1`, empty for the core group (`v1`). */
export function apiGroup(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

/** A Kubernetes object as the review reads it. */
export interface ReviewedObject {
  /** Which object. */
  readonly ref: ObjectRef;
  /** API group (empty for core). */
  readonly group: string;
  /** Labels. */
  readonly labels: Readonly<Record<string, string>>;
  /** Annotations. */
  readonly annotations: Readonly<Record<string, string>>;
  /** The whole manifest. */
  readonly manifest: Readonly<Record<string, unknown>>;
  /** Where it came from. */
  readonly origin: string;
}

/** A plain (engine-free) file the review reads: a Prometheus rule file or an Alertmanager configuration. */
export interface PlainFile {
  /** Its pseudo-object. */
  readonly ref: ObjectRef;
  /** Its content. */
  readonly content: Readonly<Record<string, unknown>>;
}

/** A document the review did not read, and why. */
export interface SkippedDocument {
  /** Where it came from. */
  readonly origin: string;
  /** Why it was skipped. */
  readonly why: string;
}

/** Every document of a tree, sorted into what the review reads. */
export interface CollectedDocuments {
  /** Kubernetes objects, one per identity, in the order first seen. */
  readonly objects: readonly ReviewedObject[];
  /** Plain Prometheus rule files. */
  readonly ruleFiles: readonly PlainFile[];
  /** Plain Alertmanager configurations. */
  readonly alertmanagerFiles: readonly PlainFile[];
  /** Documents that are none of these. */
  readonly skipped: readonly SkippedDocument[];
  /** Objects that appeared more than once with the same content (read once). */
  readonly duplicates: number;
}

/**
 * Sorts the documents of a tree: Kubernetes objects (a `List`'s items each on their own), plain rule files,
 * plain Alertmanager configurations, and the rest (skipped, with the reason).
 *
 * The same object (apiVersion group, kind, namespace, name) twice with the same content is read once; with
 * different content the tree is ambiguous, and a {@link SpecError} names both origins.
 */
export function collectDocuments(sources: readonly ManifestSource[]): CollectedDocuments {
  const objects: ReviewedObject[] = [];
  const byKey = new Map<string, { object: ReviewedObject; canonical: string }>();
  const ruleFiles: PlainFile[] = [];
  const alertmanagerFiles: PlainFile[] = [];
  const skipped: SkippedDocument[] = [];
  let duplicates = 0;

  const add = (value: unknown, origin: string) => {
    const doc = asObject(value);
    if (!doc) {
      skipped.push({ origin, why: 'is not a mapping' });
      return;
    }
    const apiVersion = asString(doc.apiVersion);
    const kind = asString(doc.kind);
    if (apiVersion && kind) {
      if (kind.endsWith('List') && Array.isArray(doc.items)) {
        asArray(doc.items).forEach((item, i) => add(item, `${origin} items[${i}]`));
        return;
      }
      const metadata = asObject(doc.metadata) ?? {};
      const name = asString(metadata.name);
      if (!name) {
        skipped.push({ origin, why: `is a ${kind} without metadata.name` });
        return;
      }
      const namespace = asString(metadata.namespace);
      const ref: ObjectRef = { apiVersion, kind, ...(namespace ? { namespace } : {}), name };
      const object: ReviewedObject = {
        ref,
        group: apiGroup(apiVersion),
        labels: asStringMap(metadata.labels),
        annotations: asStringMap(metadata.annotations),
        manifest: doc,
        origin,
      };
      const key = [object.group, kind, namespace ?? '', name].join('/');
      const canonical = canonicalJson(doc);
      const seen = byKey.get(key);
      if (seen) {
        if (seen.canonical !== canonical) {
          new SpecPath(origin).fail(
            undefined,
            describeObject(ref),
            `is also in ${seen.object.origin}, with different content`,
            'A review reads one rendering of one system: review each rendering (for instance dist/cdk8s and dist/pulumi) on its own.',
          );
        }
        duplicates++;
        return;
      }
      byKey.set(key, { object, canonical });
      objects.push(object);
      return;
    }
    if (Array.isArray(doc.groups)) {
      ruleFiles.push({ ref: { apiVersion: '', kind: PLAIN_FILE_KINDS.rules, name: origin }, content: doc });
    } else if (asObject(doc.route) && Array.isArray(doc.receivers)) {
      alertmanagerFiles.push({ ref: { apiVersion: '', kind: PLAIN_FILE_KINDS.alertmanager, name: origin }, content: doc });
    } else {
      skipped.push({ origin, why: 'is neither a Kubernetes object (apiVersion and kind), a Prometheus rule file (groups) nor an Alertmanager configuration (route and receivers)' });
    }
  };
  for (const s of sources) add(s.manifest, s.origin);
  return { objects, ruleFiles, alertmanagerFiles, skipped, duplicates };
}

/** JSON with object keys sorted, so two renderings of one object compare equal whatever their key order. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    const o = asObject(v);
    if (!o) return v;
    const sorted: Record<string, unknown> = {};
    for (const k of Object.keys(o).sort()) sorted[k] = o[k];
    return sorted;
  });
}

/**
 * Readers for manifests as parsed JSON: every field may be missing or of the wrong type, and a reader
 * answers undefined (or empty) rather than guessing.
 */

/** A JSON object, or undefined. */
export function asObject(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

/** A string, or undefined. */
export function asString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** A finite number (or a string holding one, as Kubernetes quantities and some CRDs write them), or undefined. */
export function asNumber(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
  return undefined;
}

/** An array (empty when absent or not an array). */
export function asArray(value: unknown): readonly unknown[] {
  return Array.isArray(value) ? value : [];
}

/** The objects of an array, skipping anything else. */
export function objectsOf(value: unknown): Array<Record<string, unknown>> {
  return asArray(value).flatMap((v) => (asObject(v) ? [v as Record<string, unknown>] : []));
}

/** A map of strings (labels, annotations, matchLabels); entries that are not strings are left out. */
export function asStringMap(value: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  const o = asObject(value);
  if (!o) return out;
  for (const key of Object.keys(o).sort()) {
    const v = o[key];
    if (typeof v === 'string') out[key] = v;
    else if (typeof v === 'number' || typeof v === 'boolean') out[key] = String(v);
  }
  return out;
}

/** The value at a path of keys, or undefined. */
export function at(value: unknown, ...path: string[]): unknown {
  let current: unknown = value;
  for (const key of path) {
    const o = asObject(current);
    if (!o) return undefined;
    current = o[key];
  }
  return current;
}

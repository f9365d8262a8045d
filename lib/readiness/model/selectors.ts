import { asArray, asObject, asString, asStringMap, objectsOf } from './json';

/** A Kubernetes label selector (`matchLabels` and `matchExpressions`), as read from a manifest. */
export interface LabelSelector {
  /** Labels that must equal. */
  readonly matchLabels: Readonly<Record<string, string>>;
  /** Set-based requirements. */
  readonly matchExpressions: ReadonlyArray<{ readonly key: string; readonly operator: string; readonly values: readonly string[] }>;
}

/**
 * Reads a label selector. Undefined when absent (which selects nothing where Kubernetes reads a null
 * selector), `{}` when empty (which selects everything in its namespace).
 */
export function readLabelSelector(value: unknown): LabelSelector | undefined {
  const o = asObject(value);
  if (!o) return undefined;
  return {
    matchLabels: asStringMap(o.matchLabels),
    matchExpressions: objectsOf(o.matchExpressions).map((e) => ({
      key: asString(e.key) ?? '',
      operator: asString(e.operator) ?? '',
      values: asArray(e.values).filter((v): v is string => typeof v === 'string'),
    })),
  };
}

/** Whether a selector matches a set of labels, with the operators Kubernetes defines. */
export function selectorMatches(selector: LabelSelector | undefined, labels: Readonly<Record<string, string>>): boolean {
  if (!selector) return false;
  for (const [k, v] of Object.entries(selector.matchLabels)) if (labels[k] !== v) return false;
  for (const e of selector.matchExpressions) {
    const has = Object.prototype.hasOwnProperty.call(labels, e.key);
    switch (e.operator) {
      case 'In':
        if (!has || !e.values.includes(labels[e.key])) return false;
        break;
      case 'NotIn':
        if (has && e.values.includes(labels[e.key])) return false;
        break;
      case 'Exists':
        if (!has) return false;
        break;
      case 'DoesNotExist':
        if (has) return false;
        break;
      default:
        // An operator Kubernetes does not know selects nothing (the API server would refuse it).
        return false;
    }
  }
  return true;
}

/** Whether a plain map selector (a Service's `spec.selector`) matches: every pair equal, and an empty map matches nothing. */
export function mapSelectorMatches(selector: Readonly<Record<string, string>>, labels: Readonly<Record<string, string>>): boolean {
  const entries = Object.entries(selector);
  return entries.length > 0 && entries.every(([k, v]) => labels[k] === v);
}

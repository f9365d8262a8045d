import { stringify } from 'yaml';

/**
 * YAML as users review it: keys in the order built, long lines never folded, multi-line strings as
 * literal blocks. Same input, same bytes.
 */
export function toYaml(value: unknown): string {
  return stringify(value, { lineWidth: 0, minContentWidth: 0, blockQuote: 'literal', aliasDuplicateObjects: false });
}

/** Several objects as one multi-document YAML stream. */
export function toYamlDocuments(values: readonly unknown[]): string {
  return values.map((v) => toYaml(v)).join('---\n');
}

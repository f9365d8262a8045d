import type { SpecPath } from './errors';

const BINARY: Record<string, number> = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60 };
const DECIMAL: Record<string, number> = { '': 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18 };

/**
 * Bytes in a Kubernetes memory quantity (`512Mi`, `2Gi`, `1G`, `1073741824`), or undefined when the text is not
 * one. Milli-units and exponents are refused: nobody means a fraction of a byte.
 *
 * @see https://kubernetes.io/docs/reference/kubernetes-api/common-definitions/quantity/
 */
export function parseMemoryQuantity(text: string): number | undefined {
  const match = typeof text === 'string' ? /^([0-9]+(?:\.[0-9]+)?)(Ki|Mi|Gi|Ti|Pi|Ei|k|M|G|T|P|E)?$/.exec(text) : null;
  if (!match) return undefined;
  const unit = match[2] ?? '';
  return Number(match[1]) * (BINARY[unit] ?? DECIMAL[unit]);
}

/** Checks a memory quantity of at least one mebibyte; returns the text as given. */
export function requireMemoryQuantity(at: SpecPath, field: string, value: unknown): string {
  const bytes = typeof value === 'string' ? parseMemoryQuantity(value) : undefined;
  if (bytes === undefined || bytes < 2 ** 20) {
    return at.fail(field, value, 'is not a memory quantity of at least 1Mi', 'Give a Kubernetes memory quantity such as "512Mi" or "2Gi".');
  }
  return value as string;
}

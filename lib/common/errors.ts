/**
 * What went wrong in a spec, and where.
 *
 * Every check in this library raises a `SpecError` while the construct (or the plain core object)
 * is being built, before anything is emitted. The message names the construct path, the field,
 * the offending value, and says what would be valid.
 */
export class SpecError extends Error {
  /** Construct path (cdk8s `node.path`, Pulumi resource name, or the document path for the CLI). */
  public readonly path: string;
  /** The field that holds the wrong value, in dotted form (`slos[availability].objective`). */
  public readonly field: string;
  /** The offending value, as given. */
  public readonly value: unknown;
  /** What would be valid. */
  public readonly expected: string;

  constructor(detail: SpecErrorDetail) {
    super(formatSpecError(detail));
    this.name = 'SpecError';
    this.path = detail.path;
    this.field = detail.field;
    this.value = detail.value;
    this.expected = detail.expected;
  }
}

/** The parts of a {@link SpecError}. */
export interface SpecErrorDetail {
  /** Construct path. */
  readonly path: string;
  /** Field, in dotted form. */
  readonly field: string;
  /** The offending value. */
  readonly value: unknown;
  /** What is wrong with it, as a clause: "must be below 100%". */
  readonly problem: string;
  /** Where a shared setting was applied, when that is not where it was written: "for slos[availability]". */
  readonly context?: string;
  /** What would be valid, as a sentence. */
  readonly expected: string;
}

function formatSpecError(d: SpecErrorDetail): string {
  // "path: field (value) problem. expected", or "path (value) problem." when the whole thing is at fault.
  const subject = [d.path, d.field].filter((s) => s).join(': ');
  const context = d.context ? ` ${d.context}` : '';
  return `${subject} ${describeValue(d.value)}${context} ${d.problem}. ${d.expected}`;
}

/** Renders a value for an error message: strings quoted, objects as JSON, numbers as written. */
export function describeValue(value: unknown): string {
  if (typeof value === 'string') return `(${JSON.stringify(value)})`;
  if (typeof value === 'number') return `(${Number.isNaN(value) ? 'NaN' : String(value)})`;
  if (value === undefined) return '(not set)';
  if (Array.isArray(value)) return `(${JSON.stringify(value)})`;
  if (value !== null && typeof value === 'object' && 'toString' in value && value.toString !== Object.prototype.toString) {
    return `(${String(value)})`;
  }
  try {
    return `(${JSON.stringify(value)})`;
  } catch {
    return `(${String(value)})`;
  }
}

/**
 * A place in a spec: the construct path plus the field prefix, so nested checks can report
 * `user-auth: slos[availability].alerting.tiers[page-fast].factor`.
 */
export class SpecPath {
  constructor(
    /** Construct path. */
    public readonly path: string,
    /** Field prefix, may be empty. */
    public readonly prefix: string = '',
    /** Where a shared setting is being applied ("for slos[availability]"), for settings written once and checked per use. */
    public readonly context?: string,
  ) {}

  /** A nested place: `at('objective')`, `at('tiers', 'page-fast')`. */
  public at(field: string, key?: string): SpecPath {
    const name = key === undefined ? field : `${field}[${key}]`;
    return new SpecPath(this.path, this.prefix ? `${this.prefix}.${name}` : name, this.context);
  }

  /** The dotted field name of this place. */
  public field(field?: string): string {
    if (field === undefined) return this.prefix;
    return this.prefix ? `${this.prefix}.${field}` : field;
  }

  /** Throws a {@link SpecError} for `field` (or this place itself when `field` is omitted). */
  public fail(field: string | undefined, value: unknown, problem: string, expected: string): never {
    throw new SpecError({ path: this.path, field: this.field(field), value, problem, expected, context: this.context });
  }
}

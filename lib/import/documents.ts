import { LineCounter, parseAllDocuments } from 'yaml';
import { Duration } from '../common/duration';
import { SpecPath } from '../common/errors';

/** One YAML document of a spec file, with where it came from. */
export interface SpecDocument {
  /** The file name as given (for messages). */
  readonly file: string;
  /** Position in the file: "1", "2", or "2.3" for the third item of a top-level list in document 2. */
  readonly position: string;
  /** The document, a mapping. */
  readonly value: Record<string, unknown>;
  /** Where errors about it point: `checkout.yaml (document 2)`. */
  readonly at: SpecPath;
}

/** Options for reading spec files. */
export interface ReadSpecOptions {
  /**
   * File name used in messages.
   * @default "(spec)"
   */
  readonly file?: string;
  /**
   * Largest input accepted, in bytes. SLO specs are small; megabytes are a mistake.
   * @default 4 MiB
   */
  readonly maxBytes?: number;
}

const DEFAULT_MAX_BYTES = 4 * 1024 * 1024;

/**
 * Parses a YAML spec file into its documents: several `---`-separated documents, and top-level lists
 * of documents (as the OpenSLO tools write), are flattened. Empty documents are skipped. Anything that
 * is not YAML mappings fails with the file, the document and, for syntax errors, the line.
 */
export function readSpecDocuments(text: string, options: ReadSpecOptions = {}): SpecDocument[] {
  const file = options.file ?? '(spec)';
  const whole = new SpecPath(file);
  const max = options.maxBytes ?? DEFAULT_MAX_BYTES;
  if (typeof text !== 'string') whole.fail(undefined, typeof text, 'is not text', 'Give the file contents as a string.');
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > max) {
    whole.fail(undefined, `${(bytes / 1024 / 1024).toFixed(1)} MiB`, `is too large to be an SLO spec (the limit is ${(max / 1024 / 1024).toFixed(1)} MiB)`, 'Check that this is the right file; split very large specs into several files.');
  }
  if (/[\u0000-\u0008\u000e-\u001f]/.test(text)) {
    const at = text.search(/[\u0000-\u0008\u000e-\u001f]/);
    whole.fail(undefined, `byte ${at + 1}`, 'is not a text file (it holds control characters)', 'Give a YAML file.');
  }
  if (text.replace(/#[^\n]*/g, '').trim() === '') {
    whole.fail(undefined, '', 'is empty', 'Give a YAML file with at least one spec document.');
  }
  const lines = new LineCounter();
  const docs = parseAllDocuments(text, { uniqueKeys: true, prettyErrors: false, lineCounter: lines });
  const list = Array.isArray(docs) ? docs : [docs];
  const out: SpecDocument[] = [];
  list.forEach((doc, i) => {
    const n = String(i + 1);
    const at = new SpecPath(`${file} (document ${n})`);
    const error = doc.errors[0];
    if (error) {
      const pos = lines.linePos(error.pos[0]);
      const where = `line ${pos.line}, column ${pos.col}`;
      at.fail(undefined, where, `is not valid YAML: ${error.message.split('\n')[0]}`, 'Fix the YAML syntax.');
    }
    let value: unknown;
    try {
      value = doc.toJS({ maxAliasCount: 100 });
    } catch (e) {
      at.fail(undefined, 'aliases', `cannot be read: ${(e as Error).message}`, 'Remove the YAML aliases.');
    }
    if (value === null || value === undefined) return;
    const items = Array.isArray(value) ? value.map((v, j) => [`${n}.${j + 1}`, v] as const) : [[n, value] as const];
    for (const [position, item] of items) {
      const itemAt = new SpecPath(`${file} (document ${position})`);
      if (item === null || typeof item !== 'object' || Array.isArray(item)) {
        itemAt.fail(undefined, typeof item === 'string' ? item.slice(0, 60) : item, 'is not a YAML mapping', 'Each document is a mapping with version/apiVersion, kind and spec.');
      }
      out.push({ file, position, value: item as Record<string, unknown>, at: itemAt });
    }
  });
  if (out.length === 0) whole.fail(undefined, '', 'has no documents', 'Give a YAML file with at least one spec document.');
  return out;
}

/** Field readers for untyped YAML, each failing with the field's path. */
export class Fields {
  constructor(
    /** Where the mapping is. */
    public readonly at: SpecPath,
    /** The mapping. */
    public readonly value: Record<string, unknown>,
  ) {}

  /** A nested mapping, or undefined when absent. */
  public map(key: string, required = false): Fields | undefined {
    const v = this.value[key];
    if (v === undefined || v === null) {
      if (required) this.at.fail(key, undefined, 'is missing', `Add ${key}.`);
      return undefined;
    }
    if (typeof v !== 'object' || Array.isArray(v)) this.at.fail(key, v, 'is not a mapping', `Write ${key} as key: value pairs.`);
    return new Fields(this.at.at(key), v as Record<string, unknown>);
  }

  /** A list, or undefined when absent. */
  public list(key: string, required = false): unknown[] | undefined {
    const v = this.value[key];
    if (v === undefined || v === null) {
      if (required) this.at.fail(key, undefined, 'is missing', `Add ${key} as a list.`);
      return undefined;
    }
    if (!Array.isArray(v)) this.at.fail(key, v, 'is not a list', `Write ${key} as a YAML list.`);
    return v as unknown[];
  }

  /** A string (numbers and booleans written unquoted are taken as their text), or undefined when absent. */
  public string(key: string, required = false): string | undefined {
    const v = this.value[key];
    if (v === undefined || v === null) {
      if (required) this.at.fail(key, undefined, 'is missing', `Add ${key}.`);
      return undefined;
    }
    if (typeof v === 'number' || typeof v === 'boolean') return String(v);
    if (typeof v !== 'string') this.at.fail(key, v, 'is not a string', `Write ${key} as text.`);
    if (required && (v as string).trim() === '') this.at.fail(key, v, 'is empty', `Give ${key} a value.`);
    return v as string;
  }

  /** A number (numeric strings accepted), or undefined when absent. */
  public number(key: string, required = false): number | undefined {
    const v = this.value[key];
    if (v === undefined || v === null) {
      if (required) this.at.fail(key, undefined, 'is missing', `Add ${key}.`);
      return undefined;
    }
    const n = typeof v === 'string' && v.trim() !== '' ? Number(v) : v;
    if (typeof n !== 'number' || Number.isNaN(n)) this.at.fail(key, v, 'is not a number', `Write ${key} as a number.`);
    return n as number;
  }

  /** A boolean, or undefined when absent. */
  public boolean(key: string): boolean | undefined {
    const v = this.value[key];
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'boolean') this.at.fail(key, v, 'is not true or false', `Write ${key}: true or ${key}: false.`);
    return v as boolean;
  }

  /** A Prometheus duration ("5m", "1h30m"), or undefined when absent. */
  public duration(key: string, required = false): Duration | undefined {
    const text = this.string(key, required);
    if (text === undefined) return undefined;
    try {
      return Duration.parse(text);
    } catch {
      return this.at.fail(key, text, 'is not a duration', 'Write an integer and a unit (ms, s, m, h, d, w), e.g. "5m", "1h30m", "30d".');
    }
  }

  /** A map of strings (labels, annotations); scalar values are taken as their text. */
  public strings(key: string): Record<string, string> | undefined {
    const m = this.map(key);
    if (!m) return undefined;
    const out: Record<string, string> = {};
    for (const k of Object.keys(m.value)) {
      const s = m.string(k);
      if (s !== undefined) out[k] = s;
    }
    return out;
  }

  /** The first of several spellings of a key that is present (Sloth's `error_query` / `errorQuery`). */
  public pick(...keys: string[]): string {
    return keys.find((k) => this.value[k] !== undefined) ?? keys[0];
  }

  /** Keys not in `known`, for warnings or errors. */
  public unknownKeys(known: readonly string[]): string[] {
    return Object.keys(this.value).filter((k) => !known.includes(k));
  }
}

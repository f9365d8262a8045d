import { SpecPath } from './errors';
import { ManifestMetadataProps, defineMetadata } from './manifest';

/** Marks where a whole map of labels (or annotations) that arrives later goes. */
const MAP_MARKER = 'sre-constructs.dev/late-map';
const TOKEN = /latevalue\d+z/g;

let counter = 0;

/** A core check for a value that arrived late: throws the SpecError a plain value gets, naming `at`. */
export type LateCheck<T> = (value: T, at: SpecPath) => void;

/** How a late string is checked once known, and how its stand-in looks to the core meanwhile. */
export interface LateScalarOptions {
  /** The core's check of that field (it gets whatever the value resolved to). */
  readonly check?: LateCheck<unknown>;
  /**
   * Wraps the bare stand-in for fields the core checks otherwise (`(t) => \`https://${t}.invalid\`` for an
   * URL); the whole shaped text is then swapped for the value.
   */
  readonly shape?: (token: string) => string;
}

interface Late<V, T> {
  readonly value: V;
  readonly check?: LateCheck<T>;
}

/**
 * Values an engine only knows later (a Pulumi Output: a namespace created by another resource), held as
 * stand-ins while the core checks and renders everything else, then swapped in.
 *
 * A stand-in is a valid name, namespace and label value, so the core's checks pass through it; once the
 * real values are known, {@link fill} swaps them in wherever the core put them (metadata, subjects,
 * selectors) and checks every object's metadata again, with the core's own messages.
 */
export class LateValues<V> {
  private readonly scalars = new Map<string, Late<V, unknown>>();
  private readonly maps = new Map<string, Late<V, Readonly<Record<string, string>>>>();
  /** Stand-ins shaped for a check (an URL around the token), by token. */
  private readonly shaped = new Map<string, string>();

  /** True when nothing waits. */
  public get isEmpty(): boolean {
    return this.scalars.size === 0 && this.maps.size === 0;
  }

  /** The late scalar values, in the order they were met. */
  public scalarValues(): V[] {
    return [...this.scalars.values()].map((l) => l.value);
  }

  /** The late maps, in the order they were met. */
  public mapValues(): V[] {
    return [...this.maps.values()].map((l) => l.value);
  }

  /** A stand-in for one late string: a valid name, namespace and label value, unless `options.shape` wraps it. */
  public scalar(value: V, options: LateScalarOptions = {}): string {
    const token = nextToken();
    this.scalars.set(token, { value, check: options.check });
    if (!options.shape) return token;
    const standIn = options.shape(token);
    this.shaped.set(token, standIn);
    return standIn;
  }

  /**
   * A stand-in for a whole late map of labels or annotations: a marker entry merged away by {@link fill}.
   * `check` runs on the map once known.
   */
  public map(value: V, check?: LateCheck<Readonly<Record<string, string>>>): Record<string, string> {
    const token = nextToken();
    this.maps.set(token, { value, check });
    return { [`${MAP_MARKER}-${token}`]: '' };
  }

  /**
   * The rendered object with every stand-in swapped for its value (given in the order met), and the
   * metadata of every object in it checked as the core checks it.
   *
   * @throws SpecError naming `path` when a late value is not valid where it landed.
   */
  public fill<T>(rendered: T, scalars: readonly unknown[], maps: ReadonlyArray<Readonly<Record<string, string>> | undefined>, path: string): T {
    const at: SpecPath = new SpecPath(path);
    const byToken = new Map<string, string>();
    [...this.scalars].forEach(([token, late], i) => {
      const value = scalars[i];
      late.check?.(value, at);
      if (typeof value !== 'string') {
        at.fail(undefined, value, 'is what a late value resolved to, where a string was expected', 'Give an Input that resolves to a string.');
      }
      byToken.set(token, value);
    });
    const mapByToken = new Map([...this.maps.keys()].map((t, i) => [t, { ...(maps[i] ?? {}) }]));
    for (const [token, late] of this.maps) late.check?.(mapByToken.get(token)!, at);
    const shaped = [...this.shaped].map(([token, standIn]) => [standIn, byToken.get(token)!] as const);
    const out = swap(rendered, { byToken, shaped, maps: mapByToken }) as T;
    checkMetadata(out, at);
    return out;
  }
}

function nextToken(): string {
  counter += 1;
  return `latevalue${counter}z`;
}

interface Swaps {
  readonly byToken: Map<string, string>;
  readonly shaped: ReadonlyArray<readonly [string, string]>;
  readonly maps: Map<string, Record<string, string>>;
}

function swap(value: unknown, swaps: Swaps): unknown {
  if (typeof value === 'string') {
    const whole = swaps.shaped.reduce((text, [standIn, real]) => text.split(standIn).join(real), value);
    return whole.replace(TOKEN, (t) => swaps.byToken.get(t) ?? t);
  }
  if (Array.isArray(value)) return value.map((v) => swap(v, swaps));
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  let merged = false;
  for (const [key, v] of Object.entries(value)) {
    if (key.startsWith(`${MAP_MARKER}-`)) {
      Object.assign(out, swaps.maps.get(key.slice(MAP_MARKER.length + 1)) ?? {});
      merged = true;
      continue;
    }
    out[key] = swap(v, swaps);
  }
  // A map that took in late labels is sorted as the core sorts labels, so output stays stable.
  return merged ? Object.fromEntries(Object.entries(out).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : out;
}

/** Checks the metadata of every object inside `value` (the object itself, and objects nested in it). */
function checkMetadata(value: unknown, at: SpecPath): void {
  if (value === null || typeof value !== 'object') return;
  if (Array.isArray(value)) {
    value.forEach((v) => checkMetadata(v, at));
    return;
  }
  const o = value as Record<string, unknown>;
  const meta = o.metadata as ManifestMetadataProps | undefined;
  if (typeof o.kind === 'string' && meta && typeof meta === 'object' && typeof meta.name === 'string') defineMetadata(at, meta, meta.name);
  for (const v of Object.values(o)) checkMetadata(v, at);
}

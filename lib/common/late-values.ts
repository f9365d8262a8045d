import { SpecPath } from './errors';
import { ManifestMetadataProps, defineMetadata } from './manifest';

/** Marks where a whole map of labels (or annotations) that arrives later goes. */
const MAP_MARKER = 'sre-constructs.dev/late-map';
const TOKEN = /latevalue\d+z/g;

let counter = 0;

/**
 * Values an engine only knows later (a Pulumi Output: a namespace created by another resource), held as
 * stand-ins while the core checks and renders everything else, then swapped in.
 *
 * A stand-in is a valid name, namespace and label value, so the core's checks pass through it; once the
 * real values are known, {@link fill} swaps them in wherever the core put them (metadata, subjects,
 * selectors) and checks every object's metadata again, with the core's own messages.
 */
export class LateValues<V> {
  private readonly scalars = new Map<string, V>();
  private readonly maps = new Map<string, V>();

  /** True when nothing waits. */
  public get isEmpty(): boolean {
    return this.scalars.size === 0 && this.maps.size === 0;
  }

  /** The late scalar values, in the order they were met. */
  public scalarValues(): V[] {
    return [...this.scalars.values()];
  }

  /** The late maps, in the order they were met. */
  public mapValues(): V[] {
    return [...this.maps.values()];
  }

  /** A stand-in for one late string. */
  public scalar(value: V): string {
    counter += 1;
    const token = `latevalue${counter}z`;
    this.scalars.set(token, value);
    return token;
  }

  /** A stand-in for a whole late map of labels or annotations: a marker entry merged away by {@link fill}. */
  public map(value: V): Record<string, string> {
    counter += 1;
    const token = `latevalue${counter}z`;
    this.maps.set(token, value);
    return { [`${MAP_MARKER}-${token}`]: '' };
  }

  /**
   * The rendered object with every stand-in swapped for its value (given in the order met), and the
   * metadata of every object in it checked as the core checks it.
   *
   * @throws SpecError naming `path` when a late value is not valid where it landed.
   */
  public fill<T>(rendered: T, scalars: readonly unknown[], maps: ReadonlyArray<Readonly<Record<string, string>> | undefined>, path: string): T {
    const byToken = new Map([...this.scalars.keys()].map((t, i) => [t, String(scalars[i])]));
    const mapByToken = new Map([...this.maps.keys()].map((t, i) => [t, { ...(maps[i] ?? {}) }]));
    const out = swap(rendered, byToken, mapByToken) as T;
    checkMetadata(out, new SpecPath(path));
    return out;
  }
}

function swap(value: unknown, byToken: Map<string, string>, maps: Map<string, Record<string, string>>): unknown {
  if (typeof value === 'string') return value.replace(TOKEN, (t) => byToken.get(t) ?? t);
  if (Array.isArray(value)) return value.map((v) => swap(v, byToken, maps));
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  let merged = false;
  for (const [key, v] of Object.entries(value)) {
    if (key.startsWith(`${MAP_MARKER}-`)) {
      Object.assign(out, maps.get(key.slice(MAP_MARKER.length + 1)) ?? {});
      merged = true;
      continue;
    }
    out[key] = swap(v, byToken, maps);
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

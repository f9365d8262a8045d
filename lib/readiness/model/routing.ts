import { parse } from 'yaml';
import { asArray, asObject, asString, at, objectsOf } from './json';
import type { ObjectRef, PlainFile, ReviewedObject } from './objects';

/** One label matcher of a route. */
export interface RouteMatcherFact {
  /** Label name. */
  readonly name: string;
  /** Operator. */
  readonly op: '=' | '!=' | '=~' | '!~';
  /** Value, or regular expression (anchored, as Alertmanager reads it). */
  readonly value: string;
}

/** A node of a routing tree. */
export interface RouteNode {
  /** Receiver, when the route sets one (children inherit it). */
  readonly receiver?: string;
  /** Matchers, all of which must hold. */
  readonly matchers: readonly RouteMatcherFact[];
  /** Whether matching goes on to the next sibling after this route matched. */
  readonly continue: boolean;
  /** Child routes, in order. */
  readonly routes: readonly RouteNode[];
}

/** A receiver and the integrations it notifies through (`pagerduty`, `slack`...); none means notifications go nowhere. */
export interface ReceiverFact {
  /** Name. */
  readonly name: string;
  /** Integrations with at least one configuration. */
  readonly integrations: readonly string[];
}

/** One Alertmanager routing tree: a plain configuration, or an AlertmanagerConfig as the operator merges it. */
export interface RoutingTreeFact {
  /** Where it is written. */
  readonly ref: ObjectRef;
  /** Whether it is an AlertmanagerConfig (a sub-tree under the operator's root, with `continue: true`). */
  readonly operatorSubtree: boolean;
  /** The matcher the operator adds for the AlertmanagerConfig's namespace, when it adds one. */
  readonly namespaceMatcher?: string;
  /** Root route. */
  readonly root: RouteNode;
  /** Receivers by name. */
  readonly receivers: ReadonlyMap<string, ReceiverFact>;
  /** Problems reading it (a matcher that does not parse, a route without a receiver). */
  readonly problems: readonly string[];
}

/** Where an alert's notifications go in one tree. */
export interface Delivery {
  /** The tree. */
  readonly tree: RoutingTreeFact;
  /** The receiver's name; undefined when no receiver is set on the matching route or above it. */
  readonly receiver?: string;
  /** Its integrations; empty when the receiver notifies nobody or does not exist. */
  readonly integrations: readonly string[];
  /** Whether a receiver of that name exists in the tree. */
  readonly exists: boolean;
}

const AM_KEYS = ['alertmanager.yaml', 'alertmanager.yml'];
type MatcherStrategy = 'OnNamespace' | 'OnNamespaceExceptForAlertmanagerNamespace' | 'None';

/**
 * The routing trees of a tree: plain Alertmanager configurations (files, or an `alertmanager.yaml` key of a
 * ConfigMap or Secret) and AlertmanagerConfig objects, each with the namespace matcher the Prometheus
 * Operator adds: by default an AlertmanagerConfig only receives alerts whose `namespace` label is its own
 * namespace, unless an Alertmanager in the tree sets `alertmanagerConfigMatcherStrategy`.
 *
 * @see https://prometheus-operator.dev/docs/api-reference/api/#monitoring.coreos.com/v1.AlertmanagerConfigMatcherStrategy
 */
export function readRouting(objects: readonly ReviewedObject[], files: readonly PlainFile[]): RoutingTreeFact[] {
  const trees: RoutingTreeFact[] = files.map((f) => plainTree(f.ref, f.content));
  const alertmanager = objects.find((o) => o.group === 'monitoring.coreos.com' && o.ref.kind === 'Alertmanager');
  const strategy = (asString(at(alertmanager?.manifest, 'spec', 'alertmanagerConfigMatcherStrategy', 'type')) ?? 'OnNamespace') as MatcherStrategy;
  for (const o of objects) {
    if (o.group === '' && (o.ref.kind === 'ConfigMap' || o.ref.kind === 'Secret')) {
      for (const key of AM_KEYS) {
        const text = configText(o, key);
        if (text === undefined) continue;
        let content: unknown;
        try {
          content = parse(text);
        } catch {
          content = undefined;
        }
        const config = asObject(content);
        if (config && asObject(config.route)) trees.push(plainTree(o.ref, config));
      }
    }
    if (o.group === 'monitoring.coreos.com' && o.ref.kind === 'AlertmanagerConfig') {
      const ns = o.ref.namespace ?? '';
      const addMatcher = strategy === 'OnNamespace' || (strategy === 'OnNamespaceExceptForAlertmanagerNamespace' && ns !== (alertmanager?.ref.namespace ?? ''));
      trees.push(operatorTree(o, addMatcher && ns ? ns : undefined));
    }
  }
  return trees;
}

/** Where an alert with these labels is delivered, in every tree that delivers it. */
export function deliveries(labels: Readonly<Record<string, string>>, trees: readonly RoutingTreeFact[]): Delivery[] {
  const out: Delivery[] = [];
  for (const tree of trees) {
    if (tree.namespaceMatcher !== undefined && (labels.namespace ?? '') !== tree.namespaceMatcher) continue;
    if (tree.operatorSubtree && !matches(tree.root.matchers, labels)) continue;
    for (const receiver of route(tree.root, labels, tree.root.receiver)) {
      const found = receiver === undefined ? undefined : tree.receivers.get(receiver);
      out.push({ tree, receiver, integrations: found?.integrations ?? [], exists: !!found });
    }
  }
  return out;
}

/** Alertmanager's walk: children in order, the first match wins unless it says `continue`; no match stays here. */
function route(node: RouteNode, labels: Readonly<Record<string, string>>, inherited: string | undefined): Array<string | undefined> {
  const receiver = node.receiver ?? inherited;
  const found: Array<string | undefined> = [];
  for (const child of node.routes) {
    if (!matches(child.matchers, labels)) continue;
    found.push(...route(child, labels, receiver));
    if (!child.continue) return found;
  }
  return found.length > 0 ? found : [receiver];
}

function matches(matchers: readonly RouteMatcherFact[], labels: Readonly<Record<string, string>>): boolean {
  return matchers.every((m) => {
    const value = labels[m.name] ?? '';
    if (m.op === '=') return value === m.value;
    if (m.op === '!=') return value !== m.value;
    let re: RegExp;
    try {
      re = new RegExp(`^(?:${m.value})$`);
    } catch {
      return false;
    }
    return re.test(value) === (m.op === '=~');
  });
}

function configText(o: ReviewedObject, key: string): string | undefined {
  const plain = asString(at(o.manifest, 'data', key)) ?? asString(at(o.manifest, 'stringData', key));
  if (plain === undefined) return undefined;
  if (o.ref.kind === 'Secret' && asString(at(o.manifest, 'data', key)) !== undefined) {
    return Buffer.from(plain, 'base64').toString('utf8');
  }
  return plain;
}

function plainTree(ref: ObjectRef, config: Readonly<Record<string, unknown>>): RoutingTreeFact {
  const problems: string[] = [];
  const node = (r: Record<string, unknown>, path: string): RouteNode => {
    const matchers: RouteMatcherFact[] = [];
    for (const [k, v] of Object.entries(asObject(r.match) ?? {})) matchers.push({ name: k, op: '=', value: String(v) });
    for (const [k, v] of Object.entries(asObject(r.match_re) ?? {})) matchers.push({ name: k, op: '=~', value: String(v) });
    asArray(r.matchers).forEach((m, i) => {
      const parsed = typeof m === 'string' ? parseMatcher(m) : undefined;
      if (parsed) matchers.push(parsed);
      else problems.push(`${path}.matchers[${i}] (${JSON.stringify(m)}) is not a matcher such as severity="critical"`);
    });
    const receiver = asString(r.receiver);
    return { receiver, matchers, continue: r.continue === true, routes: objectsOf(r.routes).map((c, i) => node(c, `${path}.routes[${i}]`)) };
  };
  const root = node(asObject(config.route) ?? {}, 'route');
  if (!root.receiver) problems.push('route has no receiver; Alertmanager refuses a root route without one');
  const receivers = new Map(
    objectsOf(config.receivers).map((r) => {
      const name = asString(r.name) ?? '';
      return [name, { name, integrations: integrations(r, /_configs$/) }] as const;
    }),
  );
  return { ref, operatorSubtree: false, root, receivers, problems };
}

function operatorTree(o: ReviewedObject, namespaceMatcher: string | undefined): RoutingTreeFact {
  const problems: string[] = [];
  const node = (r: Record<string, unknown>, top: boolean): RouteNode => ({
    receiver: asString(r.receiver),
    matchers: objectsOf(r.matchers).map((m) => {
      const type = asString(m.matchType) ?? (m.regex === true ? '=~' : '=');
      return { name: asString(m.name) ?? '', op: (['=', '!=', '=~', '!~'].includes(type) ? type : '=') as RouteMatcherFact['op'], value: asString(m.value) ?? '' };
    }),
    // The operator merges each AlertmanagerConfig under the root with continue: true.
    continue: top ? true : r.continue === true,
    routes: objectsOf(r.routes).map((c) => node(c, false)),
  });
  const spec = asObject(o.manifest.spec) ?? {};
  const root = node(asObject(spec.route) ?? {}, true);
  if (!root.receiver) problems.push('spec.route has no receiver');
  const receivers = new Map(
    objectsOf(spec.receivers).map((r) => {
      const name = asString(r.name) ?? '';
      return [name, { name, integrations: integrations(r, /Configs$/) }] as const;
    }),
  );
  return { ref: o.ref, operatorSubtree: true, ...(namespaceMatcher !== undefined ? { namespaceMatcher } : {}), root, receivers, problems };
}

function integrations(receiver: Record<string, unknown>, suffix: RegExp): string[] {
  return Object.keys(receiver)
    .filter((k) => suffix.test(k) && asArray(receiver[k]).length > 0)
    .map((k) => k.replace(suffix, '').replace(/_/g, ''))
    .sort();
}

/** `severity="critical"`, `sev=~"SEV1|SEV2"`, `team!=payments`: Alertmanager's matcher syntax. */
function parseMatcher(text: string): RouteMatcherFact | undefined {
  const m = /^\s*([a-zA-Z_][a-zA-Z0-9_]*)\s*(=~|!~|!=|=)\s*(.*?)\s*$/.exec(text);
  if (!m) return undefined;
  let value = m[3];
  if (value.startsWith('"')) {
    try {
      value = JSON.parse(value) as string;
    } catch {
      return undefined;
    }
  }
  return { name: m[1], op: m[2] as RouteMatcherFact['op'], value };
}

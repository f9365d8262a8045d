import { Duration, requirePositiveDuration } from '../common/duration';
import type { SpecPath } from '../common/errors';
import { isPrometheusLabelName, requireDnsLabel } from '../common/names';
import { LabelMatcher, metricNamesIn, renderSelector, requirePromQL, requireRegex } from '../common/promql';
import { KubernetesMetrics as K } from '../monitoring/kubernetes-metrics';
import { CapacitySourceMetrics as C } from './capacity-metrics';
import { Headroom, requireHeadroom } from './headroom';

/** What every resource of a plan lets you set; anything left out comes from the plan. */
export interface CapacityResourceBaseProps {
  /**
   * Name of the resource in the plan (lowercase letters, digits and '-'): the `resource` label of its series and alerts.
   * @default - named after the kind: "cpu", "memory", "node-cpu", "node-memory", "volumes", "database-connections"
   */
  readonly name?: string;
  /**
   * Safety margin of this resource.
   * @default - the plan's headroom
   */
  readonly headroom?: Headroom;
  /**
   * How far ahead the runway alert looks for this resource.
   * @default - the plan's runwayAlert.runway
   */
  readonly runway?: Duration;
  /**
   * How much history the trend of this resource is fitted on.
   * @default - the plan's runwayAlert.trendWindow
   */
  readonly trendWindow?: Duration;
}

/** What a workload's CPU or memory is measured against. */
export type ComputeBound = 'limits' | 'requests';

/** CPU or memory of the plan's pods (cAdvisor usage over kube-state-metrics limits or requests of running pods). */
export interface WorkloadComputeProps extends CapacityResourceBaseProps {
  /**
   * `limits`: usage of containers that have a limit, over those limits (past them a container is throttled or
   * OOM-killed). `requests`: usage over what the scheduler reserved (past it the pods live on other pods' slack).
   * @default "limits"
   */
  readonly against?: ComputeBound;
}

/** Scheduling room of the cluster: CPU or memory requests of pending and running pods over what nodes offer. */
export type NodeComputeProps = CapacityResourceBaseProps;

/** PersistentVolumeClaims of the plan's namespace (kubelet volume stats). */
export interface VolumeCapacityProps extends CapacityResourceBaseProps {
  /**
   * Regular expression (RE2, fully anchored) of the claims to watch, each its own series.
   * @default - every claim of the namespace
   */
  readonly claims?: string;
}

/** Database connections in use against the server's maximum, from your exporter's series. */
export interface DatabaseConnectionsProps extends CapacityResourceBaseProps {
  /**
   * PromQL for the connections in use, e.g. `sum by (instance) (pg_stat_activity_count{instance="orders-db"})`
   * (postgres_exporter) or `mysql_global_status_threads_connected` (mysqld_exporter).
   */
  readonly current: string;
  /** PromQL for the most connections the server accepts, e.g. `pg_settings_max_connections` or `mysql_global_variables_max_connections`. */
  readonly max: string;
  /**
   * Labels that tell servers apart; both queries are summed by them and matched on them.
   * @default - none: one series for the plan
   */
  readonly by?: readonly string[];
}

/** Any gauge with its capacity: a queue, a pool, a licence count, a quota. */
export interface GaugeCapacityProps extends CapacityResourceBaseProps {
  /** Name of the resource (lowercase letters, digits and '-'). */
  readonly name: string;
  /** PromQL for what is used now. */
  readonly usage: string;
  /** The capacity: a number, or PromQL for a capacity that changes. */
  readonly capacity: number | string;
  /**
   * Labels that tell series apart; usage and capacity are summed by them and matched on them.
   * @default - none: one series for the resource
   */
  readonly by?: readonly string[];
  /**
   * Grafana unit id of usage and capacity ("bytes", "short", "reqps").
   * @see https://github.com/grafana/grafana/blob/main/packages/grafana-data/src/valueFormats/categories.ts
   * @default "short"
   */
  readonly unit?: string;
  /**
   * What the gauge measures, in a sentence for the dashboard and the alerts.
   * @default - "<name> against its capacity"
   */
  readonly description?: string;
}

/** A resource of any kind. Build one with the {@link CapacityResource} factories. */
export type CapacityResourceSpec =
  | ({ readonly kind: 'cpu' } & WorkloadComputeProps)
  | ({ readonly kind: 'memory' } & WorkloadComputeProps)
  | ({ readonly kind: 'node-cpu' } & NodeComputeProps)
  | ({ readonly kind: 'node-memory' } & NodeComputeProps)
  | ({ readonly kind: 'volumes' } & VolumeCapacityProps)
  | ({ readonly kind: 'database-connections' } & DatabaseConnectionsProps)
  | ({ readonly kind: 'gauge' } & GaugeCapacityProps);

/**
 * The resources a capacity plan watches.
 *
 * @example
 * CapacityResource.cpu();                                  // the pods' CPU against their limits
 * CapacityResource.nodeMemory();                           // memory requests against node allocatable
 * CapacityResource.volumes({ claims: 'data-.*' });
 * CapacityResource.databaseConnections({ current: 'sum(pg_stat_activity_count)', max: 'max(pg_settings_max_connections)' });
 * CapacityResource.gauge({ name: 'queue', usage: 'sum(queue_depth)', capacity: 10000 });
 */
export abstract class CapacityResource {
  /** CPU of the plan's pods: cAdvisor usage against their limits (or requests). */
  public static cpu(props: WorkloadComputeProps = {}): CapacityResourceSpec {
    return { kind: 'cpu', ...props };
  }
  /** Memory working set of the plan's pods against their limits (or requests). */
  public static memory(props: WorkloadComputeProps = {}): CapacityResourceSpec {
    return { kind: 'memory', ...props };
  }
  /** CPU requests of pending and running pods against the nodes' allocatable CPU, cluster-wide. */
  public static nodeCpu(props: NodeComputeProps = {}): CapacityResourceSpec {
    return { kind: 'node-cpu', ...props };
  }
  /** Memory requests of pending and running pods against the nodes' allocatable memory, cluster-wide. */
  public static nodeMemory(props: NodeComputeProps = {}): CapacityResourceSpec {
    return { kind: 'node-memory', ...props };
  }
  /** Used bytes of the namespace's PersistentVolumeClaims against their size, one series per claim. */
  public static volumes(props: VolumeCapacityProps = {}): CapacityResourceSpec {
    return { kind: 'volumes', ...props };
  }
  /** Database connections in use against the server's maximum. */
  public static databaseConnections(props: DatabaseConnectionsProps): CapacityResourceSpec {
    return { kind: 'database-connections', ...props };
  }
  /** Any gauge with its capacity. */
  public static gauge(props: GaugeCapacityProps): CapacityResourceSpec {
    return { kind: 'gauge', ...props };
  }
}

/** A checked resource: its queries, unit and thresholds. */
export interface CapacityResourceDefinition {
  /** The `resource` label. */
  readonly name: string;
  /** Kind. */
  readonly kind: CapacityResourceSpec['kind'];
  /** What is measured against what, as a phrase that reads inside a sentence. */
  readonly description: string;
  /** Grafana unit id of usage and capacity. */
  readonly unit: string;
  /** Labels each series keeps besides `service` and `resource`. */
  readonly by: readonly string[];
  /** PromQL for usage, aggregated by {@link by}. */
  readonly usage: string;
  /** PromQL for capacity aggregated by {@link by}, or a constant. */
  readonly capacity: string | number;
  /** Safety margin. */
  readonly headroom: Headroom;
  /** How far ahead the runway alert looks. */
  readonly runway: Duration;
  /** History the trend is fitted on. */
  readonly trendWindow: Duration;
  /** Metrics read straight from exporters (for the user's own queries: the metric names found in them). */
  readonly sourceMetrics: readonly string[];
}

/** What a resource inherits from its plan. */
export interface ResourceDefaults {
  /** Namespace of the plan's pods, when set. */
  readonly namespace?: string;
  /** Pod-name regex of the plan's pods. */
  readonly pods: string;
  /** Plan headroom. */
  readonly headroom: Headroom;
  /** Plan runway. */
  readonly runway: Duration;
  /** Plan trend window. */
  readonly trendWindow: Duration;
}

const RESERVED_BY = ['service', 'resource', 'alertname', 'severity', 'sev', '__name__'];
const MIN_TREND_WINDOW = Duration.hours(1);

/** Checks one resource and renders its usage and capacity queries. */
export function defineCapacityResource(at: SpecPath, spec: CapacityResourceSpec, plan: ResourceDefaults): CapacityResourceDefinition {
  if (spec === null || typeof spec !== 'object' || typeof (spec as { kind?: unknown }).kind !== 'string') {
    return at.fail(undefined, spec, 'is not a capacity resource', 'Build one with CapacityResource.cpu(), .memory(), .nodeCpu(), .nodeMemory(), .volumes(), .databaseConnections() or .gauge().');
  }
  const headroom = spec.headroom === undefined ? plan.headroom : requireHeadroom(at, 'headroom', spec.headroom);
  const runway = spec.runway === undefined ? plan.runway : requirePositiveDuration(at, 'runway', spec.runway);
  const trendWindow = spec.trendWindow === undefined ? plan.trendWindow : requirePositiveDuration(at, 'trendWindow', spec.trendWindow);
  if (trendWindow.toMilliseconds() < MIN_TREND_WINDOW.toMilliseconds()) {
    at.fail('trendWindow', trendWindow.toPrometheus(), 'is shorter than an hour', 'A trend needs hours to days of history: give e.g. Duration.days(7).');
  }
  const common = { headroom, runway, trendWindow };
  switch (spec.kind) {
    case 'cpu':
    case 'memory':
      return { ...common, ...workloadCompute(at, spec.kind, spec, plan) };
    case 'node-cpu':
    case 'node-memory':
      return { ...common, ...nodeCompute(at, spec.kind, spec) };
    case 'volumes':
      return { ...common, ...volumes(at, spec, plan) };
    case 'database-connections':
      return { ...common, ...databaseConnections(at, spec) };
    case 'gauge':
      return { ...common, ...gauge(at, spec) };
    default:
      return at.fail('kind', (spec as { kind: string }).kind, 'is not a kind of capacity resource', 'Build the resource with a CapacityResource factory.');
  }
}

type Queries = Omit<CapacityResourceDefinition, 'headroom' | 'runway' | 'trendWindow'>;

function resourceName(at: SpecPath, name: unknown, fallback: string): string {
  return requireDnsLabel(at, 'name', name ?? fallback);
}

function requireNamespace(at: SpecPath, kind: string, plan: ResourceDefaults): string {
  if (plan.namespace === undefined) {
    return at.fail('kind', kind, 'needs the namespace of the plan\'s pods', 'Set the plan\'s namespace (and pods, if they are not "<service>-.*").');
  }
  return plan.namespace;
}

function workloadCompute(at: SpecPath, kind: 'cpu' | 'memory', spec: WorkloadComputeProps, plan: ResourceDefaults): Queries {
  const namespace = requireNamespace(at, kind, plan);
  const against = spec.against ?? 'limits';
  if (against !== 'limits' && against !== 'requests') {
    at.fail('against', against, 'is not "limits" or "requests"', 'Measure usage against the containers\' "limits" (default) or their "requests".');
  }
  const pods: LabelMatcher[] = [
    { name: 'namespace', op: '=', value: namespace },
    { name: 'pod', op: '=~', value: plan.pods },
  ];
  const containers: LabelMatcher[] = [...pods, { name: 'container', op: '!=', value: '' }, { name: 'container', op: '!=', value: 'POD' }];
  const bound = renderSelector({ metric: against === 'limits' ? K.RESOURCE_LIMITS : K.RESOURCE_REQUESTS, matchers: [...pods, { name: 'resource', op: '=', value: kind }] });
  const used = kind === 'cpu' ? `rate(${renderSelector({ metric: K.CPU_USAGE, matchers: containers })}[5m])` : renderSelector({ metric: K.MEMORY_WORKING_SET, matchers: containers });
  const running = `max by (namespace, pod) (${renderSelector({ metric: C.POD_PHASE, matchers: [...pods, { name: 'phase', op: '=', value: 'Running' }] })} == 1)`;
  return {
    name: resourceName(at, spec.name, kind),
    kind,
    description:
      kind === 'cpu'
        ? `CPU used by the pods of ${namespace} matching ${plan.pods}, against their CPU ${against}`
        : `memory working set of the pods of ${namespace} matching ${plan.pods}, against their memory ${against}`,
    unit: kind === 'cpu' ? 'short' : 'bytes',
    by: ['namespace'],
    // Only containers that have a bound count, so usage and capacity cover the same containers.
    usage: `sum by (namespace) (\n  ${used}\n  and on (namespace, pod, container)\n  ${bound}\n)`,
    capacity: `sum by (namespace) (\n  ${bound}\n  * on (namespace, pod) group_left ()\n  ${running}\n)`,
    sourceMetrics: [kind === 'cpu' ? K.CPU_USAGE : K.MEMORY_WORKING_SET, against === 'limits' ? K.RESOURCE_LIMITS : K.RESOURCE_REQUESTS, C.POD_PHASE],
  };
}

function nodeCompute(at: SpecPath, kind: 'node-cpu' | 'node-memory', spec: NodeComputeProps): Queries {
  const resource = kind === 'node-cpu' ? 'cpu' : 'memory';
  // kube-state-metrics may run as several replicas: max by the object's identity drops the duplicates.
  const requests = `max by (namespace, pod, container) (${renderSelector({ metric: K.RESOURCE_REQUESTS, matchers: [{ name: 'resource', op: '=', value: resource }] })})`;
  const scheduled = `max by (namespace, pod) (${renderSelector({ metric: C.POD_PHASE, matchers: [{ name: 'phase', op: '=~', value: 'Pending|Running' }] })} == 1)`;
  return {
    name: resourceName(at, spec.name, kind),
    kind,
    description: `${resource === 'cpu' ? 'CPU' : 'memory'} requests of pending and running pods, against what the cluster's nodes can allocate`,
    unit: resource === 'cpu' ? 'short' : 'bytes',
    by: [],
    usage: `sum (\n  ${requests}\n  * on (namespace, pod) group_left ()\n  ${scheduled}\n)`,
    capacity: `sum (max by (node) (${renderSelector({ metric: C.NODE_ALLOCATABLE, matchers: [{ name: 'resource', op: '=', value: resource }] })}))`,
    sourceMetrics: [K.RESOURCE_REQUESTS, C.POD_PHASE, C.NODE_ALLOCATABLE],
  };
}

function volumes(at: SpecPath, spec: VolumeCapacityProps, plan: ResourceDefaults): Queries {
  const namespace = requireNamespace(at, 'volumes', plan);
  const matchers: LabelMatcher[] = [{ name: 'namespace', op: '=', value: namespace }];
  if (spec.claims !== undefined) {
    const claims = requireRegex(at, 'claims', spec.claims);
    if (new RegExp(`^(?:${claims})$`).test('')) {
      at.fail('claims', claims, 'matches the empty string', 'Give a regular expression of claim names, e.g. "data-.*", or leave it out for every claim of the namespace.');
    }
    matchers.push({ name: 'persistentvolumeclaim', op: '=~', value: claims });
  }
  // The kubelet of every node that mounts a claim reports it: max, not sum.
  const by = 'max by (namespace, persistentvolumeclaim)';
  return {
    name: resourceName(at, spec.name, 'volumes'),
    kind: 'volumes',
    description: `bytes used on the PersistentVolumeClaims of ${namespace}${spec.claims ? ` matching ${spec.claims}` : ''}, against their size`,
    unit: 'bytes',
    by: ['namespace', 'persistentvolumeclaim'],
    usage: `${by} (${renderSelector({ metric: K.VOLUME_USED_BYTES, matchers })})`,
    capacity: `${by} (${renderSelector({ metric: K.VOLUME_CAPACITY_BYTES, matchers })})`,
    sourceMetrics: [K.VOLUME_USED_BYTES, K.VOLUME_CAPACITY_BYTES],
  };
}

function requireBy(at: SpecPath, value: unknown): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) return at.fail('by', value, 'is not a list of label names', 'Give label names such as ["instance"].');
  value.forEach((label, i) => {
    if (!isPrometheusLabelName(label)) at.fail(`by[${i}]`, label, 'is not a valid Prometheus label name', 'Label names match [a-zA-Z_][a-zA-Z0-9_]*, e.g. "instance".');
    if (RESERVED_BY.includes(label)) at.fail(`by[${i}]`, label, 'is a label this library sets itself', `Group by other labels than ${RESERVED_BY.join(', ')}.`);
  });
  if (new Set(value).size !== value.length) at.fail('by', value, 'repeats a label', 'Name each label once.');
  return [...value].sort();
}

function sumBy(by: readonly string[], expr: string): string {
  return `sum${by.length > 0 ? ` by (${by.join(', ')})` : ''} (\n  ${expr.trim().replace(/\n/g, '\n  ')}\n)`;
}

function databaseConnections(at: SpecPath, spec: DatabaseConnectionsProps): Queries {
  const current = requirePromQL(at, 'current', spec.current);
  const max = requirePromQL(at, 'max', spec.max);
  const by = requireBy(at, spec.by);
  return {
    name: resourceName(at, spec.name, 'database-connections'),
    kind: 'database-connections',
    description: 'database connections in use, against the most the server accepts',
    unit: 'short',
    by,
    usage: sumBy(by, current),
    capacity: sumBy(by, max),
    sourceMetrics: [...new Set([...metricNamesIn(current), ...metricNamesIn(max)])].sort(),
  };
}

function gauge(at: SpecPath, spec: GaugeCapacityProps): Queries {
  const name = requireDnsLabel(at, 'name', spec.name);
  const usage = requirePromQL(at, 'usage', spec.usage);
  const by = requireBy(at, spec.by);
  let capacity: string | number;
  if (typeof spec.capacity === 'number') {
    if (!Number.isFinite(spec.capacity) || spec.capacity <= 0) {
      at.fail('capacity', spec.capacity, 'is not a positive number', 'Give what the resource can hold, e.g. 10000, or PromQL for a capacity that changes.');
    }
    capacity = spec.capacity;
  } else {
    capacity = sumBy(by, requirePromQL(at, 'capacity', spec.capacity));
  }
  const unit = spec.unit ?? 'short';
  if (typeof unit !== 'string' || !/^[A-Za-z0-9:/_.%() -]{1,40}$/.test(unit)) {
    at.fail('unit', unit, 'is not a Grafana unit id', 'Give a unit id such as "short", "bytes" or "reqps".');
  }
  const description = spec.description ?? `${name} against its capacity`;
  if (typeof description !== 'string' || description.trim() === '') at.fail('description', description, 'is empty', 'Say in a sentence what the gauge measures.');
  return {
    name,
    kind: 'gauge',
    description,
    unit,
    by,
    usage: sumBy(by, usage),
    capacity,
    sourceMetrics: [...new Set([...metricNamesIn(usage), ...(typeof spec.capacity === 'string' ? metricNamesIn(spec.capacity) : [])])].sort(),
  };
}

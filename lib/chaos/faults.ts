import { Duration, requirePositiveDuration } from '../common/duration';
import type { SpecPath } from '../common/errors';
import { isDnsSubdomain } from '../common/names';

/** Which way network faults apply, seen from the target pods: `to` is their outgoing traffic. */
export type NetworkDirection = 'to' | 'from' | 'both';

/** Hosts or networks outside the cluster that a network fault is limited to. */
export interface ExternalTargetsProps {
  /**
   * Limit the fault to traffic with these hosts (DNS names), IPv4 addresses or IPv4 CIDR blocks.
   * @default - all traffic of the target pods
   */
  readonly externalTargets?: readonly string[];
}

/** Network latency. */
export interface NetworkLatencyProps extends ExternalTargetsProps {
  /** Latency added to each packet (whole milliseconds). */
  readonly latency: Duration;
  /**
   * Random variation around the latency (whole milliseconds).
   * @default - none
   */
  readonly jitter?: Duration;
  /**
   * Correlation with the previous packet's delay, in percent (0 to 100).
   * @default 0
   */
  readonly correlation?: number;
}

/** Packet loss. */
export interface NetworkLossProps extends ExternalTargetsProps {
  /** Share of packets dropped, in percent (1 to 100). */
  readonly percent: number;
  /**
   * Correlation with the previous packet, in percent (0 to 100).
   * @default 0
   */
  readonly correlation?: number;
}

/** A network partition. */
export interface NetworkPartitionProps extends ExternalTargetsProps {
  /**
   * Which traffic is cut: `to` (outgoing), `from` (incoming) or `both`.
   * @default "to"
   */
  readonly direction?: NetworkDirection;
}

/** Killing pods. */
export interface PodKillProps {
  /**
   * Grace period the pods get before they are killed. Zero kills them at once.
   * @default Duration.seconds(0)
   */
  readonly gracePeriod?: Duration;
}

/** CPU stress. */
export interface CpuStressProps {
  /** Stress workers per pod (1 to 64). */
  readonly workers: number;
  /** Load each worker puts on its CPU, in percent (1 to 100). */
  readonly load: number;
}

/** Memory stress. */
export interface MemoryStressProps {
  /** Stress workers per pod (1 to 64). */
  readonly workers: number;
  /** Memory each worker takes, in megabytes. */
  readonly megabytesPerWorker: number;
}

/** Which HTTP requests an HTTP fault applies to. */
export interface HttpTargetProps {
  /** The container port serving HTTP (the fault proxies it). */
  readonly port: number;
  /**
   * URI path the fault applies to (Chaos Mesh rule syntax, `*` for any).
   * @default "*"
   */
  readonly path?: string;
  /**
   * HTTP method the fault applies to.
   * @default - any method
   */
  readonly method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'HEAD' | 'OPTIONS';
}

/** HTTP delay. */
export interface HttpDelayProps extends HttpTargetProps {
  /** Delay added to each matching request (whole milliseconds). */
  readonly delay: Duration;
}

/** A fault as declared. Build one with {@link ChaosFault}. */
export type ChaosFaultSpec =
  | ({ readonly kind: 'network-latency' } & NetworkLatencyProps)
  | ({ readonly kind: 'network-loss' } & NetworkLossProps)
  | ({ readonly kind: 'network-partition' } & NetworkPartitionProps)
  | ({ readonly kind: 'pod-kill' } & PodKillProps)
  | { readonly kind: 'pod-failure' }
  | ({ readonly kind: 'cpu-stress' } & CpuStressProps)
  | ({ readonly kind: 'memory-stress' } & MemoryStressProps)
  | ({ readonly kind: 'http-abort' } & HttpTargetProps)
  | ({ readonly kind: 'http-delay' } & HttpDelayProps);

/** The kinds of fault. */
export type ChaosFaultKind = ChaosFaultSpec['kind'];

/**
 * What an experiment injects. Every fault renders for Chaos Mesh; most for Litmus too (the Litmus fault
 * each maps to is named on the factory; where Litmus has no equivalent, choosing Litmus is refused).
 *
 * @example
 * ChaosFault.networkLatency({ latency: Duration.millis(200) });
 */
export abstract class ChaosFault {
  /**
   * Latency on the target pods' network (Chaos Mesh NetworkChaos `delay`; Litmus `pod-network-latency`).
   * @see https://chaos-mesh.org/docs/simulate-network-chaos-on-kubernetes/
   */
  public static networkLatency(props: NetworkLatencyProps): ChaosFaultSpec {
    return { kind: 'network-latency', ...props };
  }
  /** Packet loss (Chaos Mesh NetworkChaos `loss`; Litmus `pod-network-loss`). */
  public static networkLoss(props: NetworkLossProps): ChaosFaultSpec {
    return { kind: 'network-loss', ...props };
  }
  /**
   * A network partition (Chaos Mesh NetworkChaos `partition`; Litmus `pod-network-partition`, which applies
   * a NetworkPolicy to every selected pod, so with Litmus it needs all pods).
   */
  public static networkPartition(props: NetworkPartitionProps = {}): ChaosFaultSpec {
    return { kind: 'network-partition', ...props };
  }
  /** Kills the target pods once (Chaos Mesh PodChaos `pod-kill`; Litmus `pod-delete`). */
  public static podKill(props: PodKillProps = {}): ChaosFaultSpec {
    return { kind: 'pod-kill', ...props };
  }
  /** Makes the target pods unavailable for the whole duration (Chaos Mesh PodChaos `pod-failure`; Chaos Mesh only). */
  public static podFailure(): ChaosFaultSpec {
    return { kind: 'pod-failure' };
  }
  /** CPU stress (Chaos Mesh StressChaos; Litmus `pod-cpu-hog`). */
  public static cpuStress(props: CpuStressProps): ChaosFaultSpec {
    return { kind: 'cpu-stress', ...props };
  }
  /** Memory stress (Chaos Mesh StressChaos; Litmus `pod-memory-hog`). */
  public static memoryStress(props: MemoryStressProps): ChaosFaultSpec {
    return { kind: 'memory-stress', ...props };
  }
  /** Aborts matching HTTP requests (Chaos Mesh HTTPChaos `abort`; Litmus `pod-http-reset-peer`, any path). */
  public static httpAbort(props: HttpTargetProps): ChaosFaultSpec {
    return { kind: 'http-abort', ...props };
  }
  /** Delays matching HTTP requests (Chaos Mesh HTTPChaos `delay`; Litmus `pod-http-latency`, any path). */
  public static httpDelay(props: HttpDelayProps): ChaosFaultSpec {
    return { kind: 'http-delay', ...props };
  }
}

/** A checked fault: the spec with defaults filled in. */
export type ChaosFaultDefinition =
  | { readonly kind: 'network-latency'; readonly latency: Duration; readonly jitter?: Duration; readonly correlation: number; readonly externalTargets: readonly string[] }
  | { readonly kind: 'network-loss'; readonly percent: number; readonly correlation: number; readonly externalTargets: readonly string[] }
  | { readonly kind: 'network-partition'; readonly direction: NetworkDirection; readonly externalTargets: readonly string[] }
  | { readonly kind: 'pod-kill'; readonly gracePeriod: Duration }
  | { readonly kind: 'pod-failure' }
  | { readonly kind: 'cpu-stress'; readonly workers: number; readonly load: number }
  | { readonly kind: 'memory-stress'; readonly workers: number; readonly megabytesPerWorker: number }
  | { readonly kind: 'http-abort'; readonly port: number; readonly path: string; readonly method?: string }
  | { readonly kind: 'http-delay'; readonly port: number; readonly path: string; readonly method?: string; readonly delay: Duration };

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}(\/(3[0-2]|[12]?\d))?$/;
const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'];

/** True for an IPv4 address or CIDR block. */
export function isIpv4OrCidr(text: string): boolean {
  return IPV4.test(text);
}

/** Checks a fault and fills in its defaults. */
export function defineChaosFault(at: SpecPath, spec: ChaosFaultSpec): ChaosFaultDefinition {
  if (spec === null || typeof spec !== 'object' || !('kind' in spec)) {
    return at.fail(undefined, spec, 'is not a fault', 'Build one with ChaosFault.networkLatency(), ChaosFault.podKill() or another ChaosFault factory.');
  }
  switch (spec.kind) {
    case 'network-latency':
      return {
        kind: spec.kind,
        latency: requirePositiveDuration(at, 'latency', spec.latency),
        ...(spec.jitter !== undefined ? { jitter: requirePositiveDuration(at, 'jitter', spec.jitter) } : {}),
        correlation: percentIn(at, 'correlation', spec.correlation ?? 0, 0),
        externalTargets: externalTargets(at, spec.externalTargets),
      };
    case 'network-loss':
      return {
        kind: spec.kind,
        percent: percentIn(at, 'percent', spec.percent, 1),
        correlation: percentIn(at, 'correlation', spec.correlation ?? 0, 0),
        externalTargets: externalTargets(at, spec.externalTargets),
      };
    case 'network-partition': {
      const direction = spec.direction ?? 'to';
      if (!['to', 'from', 'both'].includes(direction)) at.fail('direction', direction, 'is not a direction', 'Use "to", "from" or "both".');
      return { kind: spec.kind, direction, externalTargets: externalTargets(at, spec.externalTargets) };
    }
    case 'pod-kill': {
      const grace = spec.gracePeriod ?? Duration.seconds(0);
      if (!(grace instanceof Duration) || grace.toMilliseconds() < 0 || grace.toMilliseconds() % 1000 !== 0) {
        at.fail('gracePeriod', grace, 'is not a whole number of seconds', 'Give Duration.seconds(0) to kill at once, or Duration.seconds(30).');
      }
      return { kind: spec.kind, gracePeriod: grace };
    }
    case 'pod-failure':
      return { kind: spec.kind };
    case 'cpu-stress':
      return { kind: spec.kind, workers: integerIn(at, 'workers', spec.workers, 1, 64), load: percentIn(at, 'load', spec.load, 1) };
    case 'memory-stress':
      return { kind: spec.kind, workers: integerIn(at, 'workers', spec.workers, 1, 64), megabytesPerWorker: integerIn(at, 'megabytesPerWorker', spec.megabytesPerWorker, 1, 1_048_576) };
    case 'http-abort':
    case 'http-delay': {
      const port = integerIn(at, 'port', spec.port, 1, 65535);
      const path = spec.path ?? '*';
      if (typeof path !== 'string' || !/^(\*|\/[\x21-\x7e]*)$/.test(path)) {
        at.fail('path', path, 'is not a URI path', 'Give a path starting with "/" (Chaos Mesh rule syntax, e.g. "/api/*"), or "*" for any.');
      }
      if (spec.method !== undefined && !METHODS.includes(spec.method)) at.fail('method', spec.method, 'is not an HTTP method', `Use one of ${METHODS.join(', ')}.`);
      const base = { port, path, ...(spec.method ? { method: spec.method } : {}) };
      return spec.kind === 'http-abort' ? { kind: spec.kind, ...base } : { kind: spec.kind, ...base, delay: requirePositiveDuration(at, 'delay', spec.delay) };
    }
    default:
      return at.fail('kind', (spec as { kind: unknown }).kind, 'is not a known fault', 'Use one of the ChaosFault factories.');
  }
}

function percentIn(at: SpecPath, field: string, value: unknown, min: 0 | 1): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > 100) {
    return at.fail(field, value, `is not a whole percentage from ${min} to 100`, `Give a whole number from ${min} to 100, e.g. 50.`);
  }
  return value;
}

function integerIn(at: SpecPath, field: string, value: unknown, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    return at.fail(field, value, `is not a whole number from ${min} to ${max}`, `Give a whole number from ${min} to ${max}.`);
  }
  return value;
}

function externalTargets(at: SpecPath, value: unknown): readonly string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value) || value.length === 0) {
    return at.fail('externalTargets', value, 'is empty', 'Leave it out to affect all traffic, or name at least one host, IP or CIDR block.');
  }
  value.forEach((t, i) => {
    if (typeof t !== 'string' || !(isIpv4OrCidr(t) || isDnsSubdomain(t))) {
      at.fail(`externalTargets[${i}]`, t, 'is not a host name, IPv4 address or CIDR block', 'Give e.g. "bank-gateway.example.com", "10.0.0.12" or "10.0.0.0/24".');
    }
  });
  return [...value];
}

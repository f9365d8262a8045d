import type { SpecPath } from '../common/errors';
import { isDnsLabel, isKubernetesLabelKey, isKubernetesLabelValue } from '../common/names';
import { ChaosOptIn, requireOptIn } from './safety';

/** Kinds of workload Litmus can resolve target pods through. */
export type ChaosWorkloadKind = 'deployment' | 'statefulset' | 'daemonset';

/** Which pods an experiment hits. */
export interface ChaosTargetProps {
  /** Namespace of the pods. The engine's objects go there too. */
  readonly namespace: string;
  /** Labels the pods carry, all of which must match (`{ 'app.kubernetes.io/name': 'payment-service' }`). An empty selector is refused. */
  readonly selector: Readonly<Record<string, string>>;
  /**
   * Share of the matching pods to hit, in whole percent (1 to 100). Both engines round up to at least one
   * pod. Give this or `count`; 100 needs `allowAllPods`.
   * @default - give this or count
   */
  readonly percent?: number;
  /**
   * Number of matching pods to hit (Chaos Mesh only). Give this or `percent`.
   * @default - give this or percent
   */
  readonly count?: number;
  /**
   * Kind of workload owning the pods (Litmus resolves targets through it).
   * @default "deployment"
   */
  readonly workloadKind?: ChaosWorkloadKind;
  /**
   * Opt-in to hitting every matching pod (percent 100), with the reason.
   * @default - 100% is refused
   */
  readonly allowAllPods?: ChaosOptIn;
}

/** A checked target. */
export interface ChaosTargetDefinition {
  /** Namespace. */
  readonly namespace: string;
  /** Pod labels, sorted. */
  readonly selector: Readonly<Record<string, string>>;
  /** How many pods: a share or a count. */
  readonly pods: { readonly percent: number } | { readonly count: number };
  /** Workload kind (Litmus). */
  readonly workloadKind: ChaosWorkloadKind;
  /** The all-pods opt-in, when given. */
  readonly allowAllPods?: ChaosOptIn;
}

/** Checks a target: a real selector, a share or a count, and the opt-in 100% needs. */
export function defineTarget(at: SpecPath, t: ChaosTargetProps): ChaosTargetDefinition {
  if (t === null || typeof t !== 'object') {
    return at.fail(undefined, t, 'is not a target', 'Give { namespace, selector, percent }.');
  }
  if (!isDnsLabel(t.namespace)) at.fail('namespace', t.namespace, 'is not a valid namespace', 'Use lowercase letters, digits and "-", at most 63 characters.');
  const keys = t.selector && typeof t.selector === 'object' && !Array.isArray(t.selector) ? Object.keys(t.selector) : [];
  if (keys.length === 0) {
    at.fail('selector', t.selector, 'selects every pod in the namespace', 'Name the labels of the pods under test, e.g. { "app.kubernetes.io/name": "payment-service" }.');
  }
  for (const key of keys) {
    const value = t.selector[key];
    if (!isKubernetesLabelKey(key)) at.fail('selector', key, 'is not a valid Kubernetes label key', 'Use e.g. "app.kubernetes.io/name".');
    if (typeof value !== 'string' || value === '' || !isKubernetesLabelValue(value)) {
      at.fail(`selector.${key}`, value, 'is not a non-empty label value', 'Values are at most 63 letters, digits, "-", "_" or ".", starting and ending with a letter or digit.');
    }
  }
  const selector = Object.fromEntries(keys.sort().map((k) => [k, t.selector[k]]));
  if ((t.percent === undefined) === (t.count === undefined)) {
    at.fail(t.percent === undefined ? 'percent' : 'count', t.percent === undefined ? undefined : t.count, t.percent === undefined ? 'is not set (nor is count)' : 'is set together with percent', 'Give exactly one of percent (share of the matching pods) and count.');
  }
  let pods: ChaosTargetDefinition['pods'];
  if (t.percent !== undefined) {
    if (typeof t.percent !== 'number' || !Number.isInteger(t.percent) || t.percent < 1 || t.percent > 100) {
      at.fail('percent', t.percent, 'is not a whole percentage from 1 to 100', 'Give the share of the matching pods to hit, e.g. 50.');
    }
    pods = { percent: t.percent };
  } else {
    if (typeof t.count !== 'number' || !Number.isInteger(t.count) || t.count < 1) at.fail('count', t.count, 'is not a whole number of pods', 'Give at least 1.');
    pods = { count: t.count as number };
  }
  const allPods = 'percent' in pods && pods.percent === 100;
  if (allPods && t.allowAllPods === undefined) {
    at.fail('percent', 100, 'hits every matching pod, which is refused without an explicit opt-in', 'Hit a share (e.g. 50), or give allowAllPods: { reason: "..." }.');
  }
  if (!allPods && t.allowAllPods !== undefined) {
    at.fail('allowAllPods', t.allowAllPods, 'is given, but the target does not hit every pod', 'Remove it, so the opt-in on record means what it says.');
  }
  const workloadKind = t.workloadKind ?? 'deployment';
  if (!['deployment', 'statefulset', 'daemonset'].includes(workloadKind)) {
    at.fail('workloadKind', workloadKind, 'is not a workload kind', 'Use "deployment", "statefulset" or "daemonset".');
  }
  return { namespace: t.namespace, selector, pods, workloadKind, ...(allPods ? { allowAllPods: requireOptIn(at, 'allowAllPods', t.allowAllPods) } : {}) };
}


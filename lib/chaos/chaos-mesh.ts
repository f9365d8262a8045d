import type { Duration } from '../common/duration';
import type { KubernetesManifest } from '../common/manifest';
import type { ChaosConditionDefinition } from './conditions';
import type { ChaosExperimentDefinition } from './experiment';
import type { ChaosFaultDefinition } from './faults';
import type { ChaosTargetDefinition } from './target';

/** Chaos Mesh's pause annotation: a Schedule carrying it `"true"` spawns no more runs. */
export const CHAOS_MESH_PAUSE_ANNOTATION = 'experiment.chaos-mesh.org/pause';
/** Chaos Mesh's abort annotation: a Workflow carrying it `"true"` is aborted and its chaos recovered. */
export const CHAOS_MESH_ABORT_ANNOTATION = 'workflow.chaos-mesh.org/abort';
/** The label a Schedule puts on what it spawns, naming itself. */
export const CHAOS_MESH_MANAGED_BY_LABEL = 'managed-by';

const API_VERSION = 'chaos-mesh.org/v1alpha1';
/** Runs that miss their start by more than this (a controller restart) are skipped, not started late when nobody expects them. */
const STARTING_DEADLINE_SECONDS = 300;
const HISTORY_LIMIT = 5;

/**
 * The PromQL a Chaos Mesh status check sends to Prometheus for a condition.
 *
 * An HTTP status check judges only the response's status code, and Prometheus answers 200 to any query
 * that runs, whatever it returns. So the query is built to fail exactly when the condition does not hold:
 * `scalar()` of the condition is NaN unless it returns exactly one series, and `topk` refuses a NaN count
 * with an execution error (HTTP 422). One holding series gives 200; a breach, no data, NaN or several
 * series give 422, and an unreachable Prometheus fails the check too: every doubt counts against the run.
 *
 * @see https://chaos-mesh.org/docs/status-check-in-workflow/
 */
export function statusCheckQuery(c: ChaosConditionDefinition): string {
  return `topk(scalar(${c.holds}), vector(1))`;
}

/** The Prometheus query API URL a status check calls for a condition. */
export function statusCheckUrl(prometheusUrl: string, c: ChaosConditionDefinition): string {
  return `${prometheusUrl}/api/v1/query?query=${encodeURIComponent(statusCheckQuery(c))}`;
}

/**
 * A Chaos Mesh Schedule (`type: Workflow`, `concurrencyPolicy: Forbid`) whose workflow runs, in order:
 *
 * 1. `steady-state`: one Synchronous status check per hypothesis and abort condition (`steady-…`,
 *    `guard-…`), each aborting the workflow when it fails, so nothing is injected outside the steady state;
 * 2. `inject`, in parallel: the fault (`fault`) for the duration, a Continuous status check per abort
 *    condition (`abort-…`) that aborts the workflow (and so recovers the fault) when it fails, and a
 *    Continuous check per hypothesis condition (`observe-…`) that records, without aborting, whether the
 *    steady state held.
 *
 * With the kill switch on, the Schedule carries `experiment.chaos-mesh.org/pause: "true"` and spawns no
 * more runs (a run already under way is not paused by it: abort it by hand, see the experiment card). A
 * schedule that pauses on an error-budget policy (`pauseWhenFrozen`) also has its freeze among the abort
 * conditions, so a freeze during a run aborts it.
 *
 * @see https://chaos-mesh.org/docs/define-scheduling-rules/
 * @see https://chaos-mesh.org/docs/create-chaos-mesh-workflow/
 */
export function chaosMeshSchedule(e: ChaosExperimentDefinition, prometheusUrl: string): KubernetesManifest {
  const d = e.duration;
  const check = (prefix: string, c: ChaosConditionDefinition, mode: 'Synchronous' | 'Continuous', length: Duration, abort: boolean) => ({
    name: `${prefix}-${c.name}`,
    templateType: 'StatusCheck',
    deadline: seconds(length),
    abortWithStatusCheck: abort,
    statusCheck: {
      mode,
      type: 'HTTP',
      duration: seconds(length),
      intervalSeconds: e.checks.interval.toSeconds(),
      timeoutSeconds: e.checks.timeout.toSeconds(),
      failureThreshold: e.checks.failureThreshold,
      successThreshold: 1,
      recordsHistoryLimit: 100,
      http: { url: statusCheckUrl(prometheusUrl, c), method: 'GET', criteria: { statusCode: '200' } },
    },
  });
  const gate = [...e.hypothesis.map((c) => check('steady', c, 'Synchronous', e.checks.steadyStateTimeout, true)), ...e.abortUnless.map((c) => check('guard', c, 'Synchronous', e.checks.steadyStateTimeout, true))];
  const during = [...e.abortUnless.map((c) => check('abort', c, 'Continuous', d, true)), ...e.hypothesis.map((c) => check('observe', c, 'Continuous', d, false))];
  const fault = faultTemplate(e.fault, e.target, d);
  const annotations: Record<string, string> = { ...(e.metadata.annotations ?? {}), ...(e.paused ? { [CHAOS_MESH_PAUSE_ANNOTATION]: 'true' } : {}) };
  return {
    apiVersion: API_VERSION,
    kind: 'Schedule',
    metadata: { ...e.metadata, ...(Object.keys(annotations).length > 0 ? { annotations: sorted(annotations) } : {}) },
    spec: {
      schedule: e.schedule.expression,
      startingDeadlineSeconds: STARTING_DEADLINE_SECONDS,
      concurrencyPolicy: 'Forbid',
      historyLimit: HISTORY_LIMIT,
      type: 'Workflow',
      workflow: {
        entry: 'run',
        templates: [
          { name: 'run', templateType: 'Serial', deadline: seconds(e.slot), children: ['steady-state', 'inject'] },
          { name: 'steady-state', templateType: 'Parallel', deadline: seconds(e.checks.steadyStateTimeout), children: gate.map((t) => t.name) },
          { name: 'inject', templateType: 'Parallel', deadline: seconds(d), children: ['fault', ...during.map((t) => t.name)] },
          { name: 'fault', templateType: fault.type, deadline: seconds(d), [fault.field]: fault.spec },
          ...gate,
          ...during,
        ],
      },
    },
  };
}

function seconds(d: Duration): string {
  return `${Math.round(d.toSeconds())}s`;
}

function sorted(map: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(map).sort(([a], [b]) => (a < b ? -1 : 1)));
}

/** Chaos Mesh's pod selection: `fixed-percent`, `fixed` or (for the opted-in 100%) `all`. */
function selection(t: ChaosTargetDefinition): Record<string, unknown> {
  const mode = 'count' in t.pods ? { mode: 'fixed', value: String(t.pods.count) } : t.pods.percent === 100 ? { mode: 'all' } : { mode: 'fixed-percent', value: String(t.pods.percent) };
  return { ...mode, selector: { namespaces: [t.namespace], labelSelectors: { ...t.selector } } };
}

function millis(d: Duration): string {
  return `${d.toMilliseconds()}ms`;
}

/** The workflow template type, its spec field and the chaos spec of a fault. */
function faultTemplate(f: ChaosFaultDefinition, t: ChaosTargetDefinition, d: Duration): { type: string; field: string; spec: Record<string, unknown> } {
  const base = selection(t);
  const duration = seconds(d);
  const external = (targets: readonly string[]) => (targets.length > 0 ? { externalTargets: [...targets] } : {});
  switch (f.kind) {
    case 'network-latency':
      return {
        type: 'NetworkChaos',
        field: 'networkChaos',
        spec: { action: 'delay', ...base, direction: 'to', delay: { latency: millis(f.latency), correlation: String(f.correlation), jitter: f.jitter ? millis(f.jitter) : '0ms' }, ...external(f.externalTargets), duration },
      };
    case 'network-loss':
      return {
        type: 'NetworkChaos',
        field: 'networkChaos',
        spec: { action: 'loss', ...base, direction: 'to', loss: { loss: String(f.percent), correlation: String(f.correlation) }, ...external(f.externalTargets), duration },
      };
    case 'network-partition':
      return { type: 'NetworkChaos', field: 'networkChaos', spec: { action: 'partition', ...base, direction: f.direction, ...external(f.externalTargets), duration } };
    case 'pod-kill':
      return { type: 'PodChaos', field: 'podChaos', spec: { action: 'pod-kill', ...base, gracePeriod: f.gracePeriod.toSeconds() } };
    case 'pod-failure':
      return { type: 'PodChaos', field: 'podChaos', spec: { action: 'pod-failure', ...base, duration } };
    case 'cpu-stress':
      return { type: 'StressChaos', field: 'stressChaos', spec: { ...base, stressors: { cpu: { workers: f.workers, load: f.load } }, duration } };
    case 'memory-stress':
      return { type: 'StressChaos', field: 'stressChaos', spec: { ...base, stressors: { memory: { workers: f.workers, size: `${f.megabytesPerWorker}MB` } }, duration } };
    case 'http-abort':
    case 'http-delay': {
      const effect = f.kind === 'http-abort' ? { abort: true } : { delay: millis(f.delay) };
      return { type: 'HTTPChaos', field: 'httpChaos', spec: { ...base, target: 'Request', port: f.port, path: f.path, ...(f.method ? { method: f.method } : {}), ...effect, duration } };
    }
  }
}

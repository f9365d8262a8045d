import { parser } from '@prometheus-io/lezer-promql';
import type { SpecPath } from '../common/errors';
import type { KubernetesManifest } from '../common/manifest';
import { unquotePromQLString } from '../common/promql';
import type { ChaosConditionDefinition } from './conditions';
import type { ChaosExperimentDefinition } from './experiment';
import { ChaosFaultDefinition, isIpv4OrCidr } from './faults';
import type { ChaosTargetDefinition } from './target';

const LITMUS_API = 'litmuschaos.io/v1alpha1';

/** The Litmus experiment (from ChaosHub) each fault runs. */
export const LITMUS_EXPERIMENTS: Readonly<Record<ChaosFaultDefinition['kind'], string | undefined>> = {
  'network-latency': 'pod-network-latency',
  'network-loss': 'pod-network-loss',
  'network-partition': 'pod-network-partition',
  'pod-kill': 'pod-delete',
  'pod-failure': undefined,
  'cpu-stress': 'pod-cpu-hog',
  'memory-stress': 'pod-memory-hog',
  'http-abort': 'pod-http-reset-peer',
  'http-delay': 'pod-http-latency',
};

/** Refuses what Litmus cannot run: a fault without a Litmus experiment, a pod count, a partition of some pods, an HTTP fault on one path. */
export function requireLitmusSupport(at: SpecPath, fault: ChaosFaultDefinition, target: ChaosTargetDefinition): void {
  if (!LITMUS_EXPERIMENTS[fault.kind]) {
    at.fail('fault', fault.kind, 'has no Litmus experiment', 'Use engine "chaos-mesh" for this fault, or choose another fault (podKill kills pods with Litmus pod-delete).');
  }
  if ('count' in target.pods) {
    at.fail('target.count', target.pods.count, 'is not something Litmus can select: it picks a share of the pods (PODS_AFFECTED_PERC)', 'Give target.percent instead, or use engine "chaos-mesh".');
  }
  if (fault.kind === 'network-partition' && !('percent' in target.pods && target.pods.percent === 100)) {
    at.fail('target.percent', (target.pods as { percent: number }).percent, 'cannot be honoured: Litmus pod-network-partition applies a NetworkPolicy to every selected pod', 'Target every pod (percent 100 with allowAllPods), or use engine "chaos-mesh".');
  }
  if ((fault.kind === 'http-abort' || fault.kind === 'http-delay') && (fault.path !== '*' || fault.method)) {
    at.fail('fault.path', fault.path, 'cannot be honoured: the Litmus HTTP experiments affect every request on the port', 'Leave path and method out, or use engine "chaos-mesh".');
  }
}

/**
 * A condition's query as Litmus runs it. litmus-go hands the query to a shell inside double quotes
 * (`promql --host <endpoint> "<query>" --output csv`), so PromQL strings are written with single quotes
 * and the characters the shell expands inside double quotes (`\`, `"`, `$`, backquote) are escaped: the
 * `promql` tool receives exactly the query.
 *
 * @see https://github.com/litmuschaos/litmus-go/blob/master/pkg/probe/promProbe.go
 */
export function litmusQuery(promql: string): string {
  const spans: Array<{ from: number; to: number; text: string }> = [];
  const cursor = parser.parse(promql).cursor();
  do {
    if (cursor.name === 'StringLiteral') {
      const value = unquotePromQLString(promql.slice(cursor.from, cursor.to)) ?? '';
      spans.push({ from: cursor.from, to: cursor.to, text: singleQuoted(value) });
    }
  } while (cursor.next());
  let out = promql;
  for (const s of spans.reverse()) out = `${out.slice(0, s.from)}${s.text}${out.slice(s.to)}`;
  return out.replace(/[\\"$`]/g, (c) => `\\${c}`);
}

/** A PromQL single-quoted string literal (Go escapes). */
function singleQuoted(value: string): string {
  const body = JSON.stringify(value).slice(1, -1).replace(/\\"/g, '"').replace(/'/g, "\\'");
  return `'${body}'`;
}

/** `k=v,k2=v2`: a label selector in the string form Litmus's `applabel` takes. */
function appLabel(selector: Readonly<Record<string, string>>): string {
  return Object.entries(selector)
    .map(([k, v]) => `${k}=${v}`)
    .join(',');
}

function env(name: string, value: string | number): { name: string; value: string } {
  return { name, value: String(value) };
}

/** The environment of the Litmus experiment for a fault. */
function faultEnv(e: ChaosExperimentDefinition): Array<{ name: string; value: string }> {
  const f = e.fault;
  const perc = 'percent' in e.target.pods ? e.target.pods.percent : 0;
  const common = [env('TOTAL_CHAOS_DURATION', e.duration.toSeconds()), env('PODS_AFFECTED_PERC', perc)];
  const destinations = (targets: readonly string[]) => [
    ...(targets.some((t) => !isIpv4OrCidr(t)) ? [env('DESTINATION_HOSTS', targets.filter((t) => !isIpv4OrCidr(t)).join(','))] : []),
    ...(targets.some(isIpv4OrCidr) ? [env('DESTINATION_IPS', targets.filter(isIpv4OrCidr).join(','))] : []),
  ];
  switch (f.kind) {
    case 'network-latency':
      return [...common, env('NETWORK_LATENCY', f.latency.toMilliseconds()), env('JITTER', f.jitter?.toMilliseconds() ?? 0), env('CORRELATION', f.correlation), ...destinations(f.externalTargets)];
    case 'network-loss':
      return [...common, env('NETWORK_PACKET_LOSS_PERCENTAGE', f.percent), env('CORRELATION', f.correlation), ...destinations(f.externalTargets)];
    case 'network-partition': {
      const policy = { to: 'egress', from: 'ingress', both: 'all' }[f.direction];
      return [env('TOTAL_CHAOS_DURATION', e.duration.toSeconds()), env('POLICY_TYPES', policy), ...destinations(f.externalTargets)];
    }
    case 'pod-kill':
      // One kill: the interval between kills is the whole duration; the probes keep watching until it ends.
      return [...common, env('CHAOS_INTERVAL', e.duration.toSeconds()), env('FORCE', f.gracePeriod.toMilliseconds() === 0 ? 'true' : 'false')];
    case 'cpu-stress':
      return [...common, env('CPU_CORES', f.workers), env('CPU_LOAD', f.load)];
    case 'memory-stress':
      return [...common, env('NUMBER_OF_WORKERS', f.workers), env('MEMORY_CONSUMPTION', f.megabytesPerWorker)];
    case 'http-abort':
      return [...common, env('TARGET_SERVICE_PORT', f.port), env('RESET_TIMEOUT', 0)];
    case 'http-delay':
      return [...common, env('TARGET_SERVICE_PORT', f.port), env('LATENCY', f.delay.toMilliseconds())];
    default:
      throw new Error(`no Litmus experiment for ${f.kind}`);
  }
}

/**
 * The ChaosEngine of an experiment. It is applied with `engineState: stop`: armed, not running. The
 * trigger CronJob sets it `active` at each scheduled start; chaos-operator runs the experiment and sets it
 * back to `stop` when the run completes (or a probe with `stopOnFailure` stops it).
 *
 * Probes, all `promProbe`s against `prometheusUrl`:
 * - `steady-…` (SOT) for each hypothesis condition and `guard-…` (SOT) for each abort condition: a failure
 *   before injection ends the run before the fault goes in;
 * - `abort-…` (Continuous, `stopOnFailure`) for each abort condition: a failure stops the engine, which
 *   recovers the fault;
 * - `observe-…` (Continuous) for each hypothesis condition: a failure disproves the hypothesis (the
 *   ChaosResult's verdict), without stopping the run.
 *
 * A probe whose query returns no row or several rows fails (litmus-go refuses anything but one row), so
 * missing data stops the run here too.
 *
 * @see https://docs.litmuschaos.io/docs/concepts/probes
 */
export function litmusEngine(e: ChaosExperimentDefinition, prometheusUrl: string): KubernetesManifest {
  const experiment = LITMUS_EXPERIMENTS[e.fault.kind]!;
  const props = {
    probeTimeout: `${e.checks.timeout.toSeconds()}s`,
    interval: `${e.checks.interval.toSeconds()}s`,
    attempt: e.checks.failureThreshold,
  };
  const probe = (prefix: string, c: ChaosConditionDefinition, mode: 'SOT' | 'Continuous', stopOnFailure: boolean) => ({
    name: `${prefix}-${c.name}`,
    type: 'promProbe',
    mode,
    'promProbe/inputs': { endpoint: prometheusUrl, query: litmusQuery(c.query), comparator: { criteria: c.comparator, value: String(c.threshold) } },
    runProperties: { ...props, ...(mode === 'Continuous' ? { probePollingInterval: `${e.checks.interval.toSeconds()}s` } : {}), ...(stopOnFailure ? { stopOnFailure: true } : {}) },
  });
  return {
    apiVersion: LITMUS_API,
    kind: 'ChaosEngine',
    metadata: e.metadata,
    spec: {
      engineState: 'stop',
      appinfo: { appns: e.target.namespace, applabel: appLabel(e.target.selector), appkind: e.target.workloadKind },
      chaosServiceAccount: runnerName(e),
      jobCleanUpPolicy: 'delete',
      experiments: [
        {
          name: experiment,
          spec: {
            components: { env: faultEnv(e) },
            probe: [
              ...e.hypothesis.map((c) => probe('steady', c, 'SOT', false)),
              ...e.abortUnless.map((c) => probe('guard', c, 'SOT', false)),
              ...e.abortUnless.map((c) => probe('abort', c, 'Continuous', true)),
              ...e.hypothesis.map((c) => probe('observe', c, 'Continuous', false)),
            ],
          },
        },
      ],
    },
  };
}

export function runnerName(e: ChaosExperimentDefinition): string {
  return `${e.metadata.name}-runner`;
}

export function triggerName(e: ChaosExperimentDefinition): string {
  return `${e.metadata.name}-trigger`;
}

/** The merge patch the trigger applies to start a run. */
export const START_PATCH = '{"spec":{"engineState":"active"}}';

/**
 * The CronJob that starts each run by setting the ChaosEngine `active` (Litmus 3 has no scheduler of its
 * own outside ChaosCenter). `concurrencyPolicy: Forbid`; runs that miss their start by more than 5 minutes
 * are skipped; the schedule is read in UTC (`timeZone`). The kill switch suspends it.
 */
export function litmusTrigger(e: ChaosExperimentDefinition, image: string): KubernetesManifest {
  const labels = e.metadata.labels ?? {};
  return {
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: e.metadata,
    spec: {
      schedule: e.schedule.expression,
      timeZone: 'Etc/UTC',
      suspend: e.paused !== undefined,
      concurrencyPolicy: 'Forbid',
      startingDeadlineSeconds: 300,
      successfulJobsHistoryLimit: 3,
      failedJobsHistoryLimit: 3,
      jobTemplate: {
        spec: {
          backoffLimit: 0,
          activeDeadlineSeconds: 120,
          ttlSecondsAfterFinished: 86400,
          template: {
            metadata: { labels: { ...labels } },
            spec: {
              serviceAccountName: triggerName(e),
              restartPolicy: 'Never',
              securityContext: { runAsNonRoot: true, runAsUser: 65534, runAsGroup: 65534, seccompProfile: { type: 'RuntimeDefault' } },
              containers: [
                {
                  name: 'start-run',
                  image,
                  args: ['patch', 'chaosengines.litmuschaos.io', e.metadata.name, '--namespace', e.target.namespace, '--type', 'merge', '--patch', START_PATCH, '--cache-dir', '/tmp/kube'],
                  securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } },
                  resources: { requests: { cpu: '10m', memory: '32Mi' }, limits: { memory: '64Mi' } },
                  volumeMounts: [{ name: 'tmp', mountPath: '/tmp' }],
                },
              ],
              volumes: [{ name: 'tmp', emptyDir: {} }],
            },
          },
        },
      },
    },
  };
}


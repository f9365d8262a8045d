import { CronExpressionParser } from 'cron-parser';
import { Duration, requirePositiveDuration } from '../common/duration';
import type { SpecPath } from '../common/errors';
import { MANAGED_BY_LABELS } from '../common/manifest';
import { isDnsLabel } from '../common/names';
import { toYaml } from '../common/yaml';
import { Severity, requireSeverity } from '../alerting/severity';
import { DR_COMPONENT_LABELS } from './backup-manifests';
import { BackupCadence, cadenceFromCron, cadenceFromInterval } from './backup-policy';
import { DR_METADATA } from './metadata';
import type { DataStoreDefinition } from './data-store';

/**
 * The restore drill: a CronJob that restores the latest backup of each Kubernetes-backed store into a scratch
 * namespace and fails unless the restore completes, so kube-state-metrics' `kube_cronjob_status_last_successful_time`
 * is the time of the last good drill. A full region failover is a game day people run; the runbook schedules it.
 */
export interface RestoreDrillProps {
  /**
   * When the drill runs: a five-field cron (UTC), e.g. "0 6 15 1,4,7,10 *" for quarterly.
   * @default - none; give schedule or every
   */
  readonly schedule?: string;
  /**
   * When the drill runs, as an interval (the cron is derived: 1d, 7d, or an interval that divides a day).
   * @default - none
   */
  readonly every?: Duration;
  /** Image of the drill's container: it runs `/bin/sh` and `kubectl` (pin it to a digest you trust). */
  readonly image: string;
  /**
   * Namespace the backups are restored into; the plan creates it. Never a namespace anything else lives in.
   * @default "<plan>-dr-drill"
   */
  readonly scratchNamespace?: string;
  /**
   * How long a drill may run before it counts as failed (the Job's activeDeadlineSeconds).
   * @default Duration.hours(2)
   */
  readonly timeout?: Duration;
  /**
   * The stores to restore.
   * @default - every store backed up by Velero or CloudNativePG
   */
  readonly stores?: readonly string[];
  /**
   * Date (YYYY-MM-DD) of the last full failover game day; the runbook prints it and the next date the schedule gives.
   * @default - none
   */
  readonly lastFullFailover?: string;
  /**
   * Severity of the drill-overdue alerts.
   * @default Severity.SEV3
   */
  readonly severity?: Severity;
}

/** One RBAC grant of the drill's ServiceAccount, in one namespace. */
export interface DrillGrant {
  /** Namespace of the Role. */
  readonly namespace: string;
  /** Why the drill needs it. */
  readonly why: string;
  /** Policy rules, sorted. */
  readonly rules: ReadonlyArray<{ readonly apiGroups: readonly string[]; readonly resources: readonly string[]; readonly verbs: readonly string[] }>;
}

/** The drill's container, as both doors build it. */
export interface DrillContainer {
  /** Container name. */
  readonly name: string;
  /** Image. */
  readonly image: string;
  /** Command. */
  readonly command: readonly string[];
  /** Arguments (the script). */
  readonly args: readonly string[];
  /** Environment. */
  readonly env: Readonly<Record<string, string>>;
  /** Where the writable scratch volume is mounted (the root file system is read-only). */
  readonly tmpMountPath: string;
  /** Requests and limits. */
  readonly resources: { readonly cpuRequestMillis: number; readonly cpuLimitMillis: number; readonly memoryRequestMebibytes: number; readonly memoryLimitMebibytes: number };
  /** User and group id (non-root). */
  readonly runAsUser: number;
}

/** A checked drill. */
export interface RestoreDrillDefinition {
  /** Cadence. */
  readonly cadence: BackupCadence;
  /** The five fields of its cron, for engines that take them apart. */
  readonly cronFields: { readonly minute: string; readonly hour: string; readonly day: string; readonly month: string; readonly weekDay: string };
  /** Image. */
  readonly image: string;
  /** Scratch namespace. */
  readonly scratchNamespace: string;
  /** Timeout. */
  readonly timeout: Duration;
  /** Stores restored. */
  readonly stores: readonly DataStoreDefinition[];
  /** Last full failover game day. */
  readonly lastFullFailover?: string;
  /** Next game day after the last one, by the schedule. */
  readonly nextFullFailover?: string;
  /** Severity of its alerts. */
  readonly severity: Severity;
  /** Name of the CronJob, the ServiceAccount, the Roles and the RoleBindings. */
  readonly name: string;
  /** The grants. */
  readonly grants: readonly DrillGrant[];
  /** The container. */
  readonly container: DrillContainer;
  /** Labels of every drill object. */
  readonly labels: Readonly<Record<string, string>>;
  /** Annotations of the CronJob: the drill interval, for reviews that see only the manifests. */
  readonly cronJobAnnotations: Readonly<Record<string, string>>;
  /** How the CronJob runs its Jobs. */
  readonly jobs: DrillJobPolicy;
}

/** How the drill's CronJob runs its Jobs, as both doors set it. */
export interface DrillJobPolicy {
  /** Time zone of the schedule. */
  readonly timeZone: string;
  /** A run that could not start within this long of its time counts as missed (the overdue alert notices). */
  readonly startingDeadline: Duration;
  /** Finished Jobs kept, each of successes and failures, to read their logs. */
  readonly historyLimit: number;
  /** Retries of a failed run: none, a failed drill is a finding to look at, not something to retry until it passes. */
  readonly backoffLimit: number;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Checks the drill against the plan's stores. */
export function defineRestoreDrill(at: SpecPath, props: RestoreDrillProps, plan: { readonly name: string; readonly stores: readonly DataStoreDefinition[] }): RestoreDrillDefinition {
  if (props === null || typeof props !== 'object') return at.fail(undefined, props, 'is not a drill', 'Give { schedule, image }.');
  if (props.schedule !== undefined && props.every !== undefined) {
    at.fail('schedule', props.schedule, `is given together with every (${String(props.every)})`, 'Give the drill schedule once.');
  }
  if (props.schedule === undefined && props.every === undefined) {
    at.fail('schedule', undefined, 'is missing', 'Say when the drill runs: a cron such as "0 6 15 1,4,7,10 *" (quarterly) or every: Duration.days(7).');
  }
  const cadence = props.schedule !== undefined ? cadenceFromCron(at, 'schedule', props.schedule) : cadenceFromInterval(at, 'every', props.every);
  const fields = cadence.cron.split(/\s+/);
  if (fields.length !== 5) {
    at.fail(cadence.field, cadence.cron, 'is not five cron fields', 'Write the drill schedule as five cron fields (minute hour day-of-month month day-of-week), e.g. "0 6 15 1,4,7,10 *".');
  }
  const [minute, hour, day, month, weekDay] = fields;
  if (typeof props.image !== 'string' || !/^[a-z0-9][a-z0-9._/:@-]*$/.test(props.image) || props.image.length > 512) {
    at.fail('image', props.image, 'is not a container image reference', 'Give an image with /bin/sh and kubectl, e.g. "registry.example.com/tools/kubectl:1.35@sha256:...".');
  }
  const scratchNamespace = props.scratchNamespace ?? `${plan.name}-dr-drill`;
  if (!isDnsLabel(scratchNamespace)) {
    at.fail('scratchNamespace', scratchNamespace, 'is not a valid namespace', 'Use lowercase letters, digits and "-", at most 63 characters.');
  }
  const production = new Set(plan.stores.flatMap((s) => [...(s.volumes?.namespaces ?? []), ...(s.postgres ? [s.postgres.namespace] : []), ...(s.volumes ? [s.volumes.veleroNamespace] : [])]));
  if (production.has(scratchNamespace)) {
    at.fail('scratchNamespace', scratchNamespace, 'is a namespace the plan backs up or Velero runs in', 'Restore into a namespace of its own: the drill clears it before every run.');
  }
  const timeout = props.timeout === undefined ? Duration.hours(2) : requirePositiveDuration(at, 'timeout', props.timeout);
  const restorable = plan.stores.filter((s) => s.volumes || s.postgres);
  const names = props.stores === undefined ? restorable.map((s) => s.name) : [...props.stores];
  const stores = names.map((n, i) => {
    const store = plan.stores.find((s) => s.name === n);
    if (!store) return at.fail(`stores[${i}]`, n, 'is not a store of the plan', `Name one of ${plan.stores.map((s) => s.name).join(', ')}.`);
    if (!store.volumes && !store.postgres) return at.fail(`stores[${i}]`, n, 'has no Kubernetes backup to restore', 'The drill restores Velero and CloudNativePG backups; AWS Backup restores are part of the failover game day.');
    if (store.postgres && !store.postgres.recovery) {
      return at.fail(`stores[${i}]`, n, 'has no recovery source for the drill', 'Give postgres.recovery: { objectStore, storageSize } (a Barman Cloud ObjectStore in the scratch namespace reading this cluster\'s backups).');
    }
    return store;
  });
  if (stores.length === 0) at.fail('stores', names, 'is empty', 'The drill needs at least one store backed up by Velero or CloudNativePG.');
  stores.forEach((s, i) => {
    // Velero labels what it restores with the Restore's name, which must fit a label value (63 characters).
    if (s.volumes && `${plan.name}-${s.name}-`.length + RUN_STAMP_LENGTH > 63) {
      at.fail(`stores[${i}]`, s.name, 'makes the drill\'s Restore names longer than 63 characters', 'Give the plan or the store a shorter name.');
    }
  });
  let nextFullFailover: string | undefined;
  if (props.lastFullFailover !== undefined) {
    if (typeof props.lastFullFailover !== 'string' || !DATE.test(props.lastFullFailover) || Number.isNaN(Date.parse(`${props.lastFullFailover}T00:00:00Z`))) {
      at.fail('lastFullFailover', props.lastFullFailover, 'is not a date', 'Give the date as YYYY-MM-DD, e.g. "2025-01-15".');
    }
    const next = CronExpressionParser.parse(cadence.cron, { currentDate: new Date(`${props.lastFullFailover}T23:59:59Z`), tz: 'UTC' }).next();
    nextFullFailover = next.toISOString()?.slice(0, 10);
  }
  const severity = props.severity === undefined ? Severity.SEV3 : requireSeverity(at, 'severity', props.severity);
  const name = `${plan.name}-restore-drill`;
  if (!isDnsLabel(name)) at.fail('name', plan.name, 'makes a drill name longer than 63 characters', 'Give the plan a shorter name.');
  const labels = { ...DR_COMPONENT_LABELS, ...MANAGED_BY_LABELS, 'app.kubernetes.io/name': 'restore-drill', 'app.kubernetes.io/part-of': plan.name, [DR_METADATA.drill]: plan.name };
  const cronJobAnnotations = { [DR_METADATA.drillInterval]: (cadence.every ?? cadence.maxGap).toPrometheus() };
  const grants = drillGrants(scratchNamespace, stores);
  const container: DrillContainer = {
    name: 'restore-drill',
    image: props.image,
    command: ['/bin/sh', '-c'],
    args: [drillScript(plan.name, scratchNamespace, stores)],
    env: { HOME: '/tmp', KUBECACHEDIR: '/tmp/kube-cache' },
    tmpMountPath: '/tmp',
    resources: { cpuRequestMillis: 50, cpuLimitMillis: 500, memoryRequestMebibytes: 64, memoryLimitMebibytes: 256 },
    runAsUser: 65534,
  };
  const jobs: DrillJobPolicy = { timeZone: 'Etc/UTC', startingDeadline: Duration.hours(1), historyLimit: 3, backoffLimit: 0 };
  return { jobs, cadence, cronFields: { minute, hour, day, month, weekDay }, image: props.image, scratchNamespace, timeout, stores, lastFullFailover: props.lastFullFailover, nextFullFailover, severity, name, grants, container, labels, cronJobAnnotations };
}

/** Least privilege: what the script runs, nothing more. */
function drillGrants(scratch: string, stores: readonly DataStoreDefinition[]): DrillGrant[] {
  const scratchRules: Array<DrillGrant['rules'][number]> = [{ apiGroups: [''], resources: ['persistentvolumeclaims'], verbs: ['delete', 'list'] }];
  if (stores.some((s) => s.postgres)) scratchRules.push({ apiGroups: ['postgresql.cnpg.io'], resources: ['clusters'], verbs: ['create', 'delete', 'get'] });
  const grants: DrillGrant[] = [{ namespace: scratch, why: 'clear the scratch namespace, count the restored volume claims, recover PostgreSQL clusters', rules: scratchRules }];
  const veleroNamespaces = [...new Set(stores.flatMap((s) => (s.volumes ? [s.volumes.veleroNamespace] : [])))].sort();
  for (const ns of veleroNamespaces) {
    grants.push({ namespace: ns, why: 'create Velero Restores and read their progress', rules: [{ apiGroups: ['velero.io'], resources: ['restores'], verbs: ['create', 'get'] }] });
  }
  return grants;
}

/** Velero Restore of a store's newest backup into the scratch namespace: its volume claims and volumes only. */
export function drillRestore(plan: string, scratch: string, store: DataStoreDefinition, runToken: string): object {
  const v = store.volumes!;
  return {
    apiVersion: 'velero.io/v1',
    kind: 'Restore',
    metadata: { name: `${plan}-${store.name}-${runToken}`, namespace: v.veleroNamespace, labels: { ...MANAGED_BY_LABELS, 'app.kubernetes.io/name': 'restore-drill' } },
    spec: {
      scheduleName: `${plan}-${store.name}`,
      includedNamespaces: [...v.namespaces],
      // Only the data: restored workloads would start in the scratch namespace and act on production dependencies.
      includedResources: ['persistentvolumeclaims', 'persistentvolumes'],
      namespaceMapping: Object.fromEntries(v.namespaces.map((ns) => [ns, scratch])),
      restorePVs: true,
    },
  };
}

/** A CloudNativePG Cluster recovered in the scratch namespace from the store's object store. */
export function drillRecoveryCluster(plan: string, scratch: string, store: DataStoreDefinition): object {
  const p = store.postgres!;
  return {
    apiVersion: 'postgresql.cnpg.io/v1',
    kind: 'Cluster',
    metadata: { name: `${p.cluster}-drill`, namespace: scratch, labels: { ...MANAGED_BY_LABELS, 'app.kubernetes.io/name': 'restore-drill', 'app.kubernetes.io/part-of': plan } },
    spec: {
      instances: 1,
      storage: { size: p.recovery!.storageSize },
      bootstrap: { recovery: { source: 'origin' } },
      externalClusters: [
        {
          name: 'origin',
          plugin: { name: p.pluginName ?? 'barman-cloud.cloudnative-pg.io', parameters: { barmanObjectName: p.recovery!.objectStore, serverName: p.cluster } },
        },
      ],
    },
  };
}

const RUN = 'drillrunz';
/** Length of the `date -u +%Y%m%d%H%M%S` stamp that makes each Restore's name unique. */
const RUN_STAMP_LENGTH = 14;

/**
 * The drill as a POSIX shell script. Every name in it was checked as a Kubernetes name, so the heredocs can
 * expand `${run}` without any user text being read as shell. Velero restores run first and count only the
 * volume claims their own Restore brought back; CloudNativePG recoveries follow.
 */
function drillScript(plan: string, scratch: string, stores: readonly DataStoreDefinition[]): string {
  const lines = [
    'set -eu',
    'run="$(date -u +%Y%m%d%H%M%S)"',
    '# wait_for RESOURCE NAMESPACE JSONPATH DONE FAILED...: poll until the field reads DONE (passed) or one of FAILED.',
    'wait_for() {',
    '  resource="$1"; namespace="$2"; path="$3"; done="$4"; shift 4',
    '  while :; do',
    '    value="$(kubectl get "$resource" --namespace "$namespace" --output "jsonpath=$path" 2>/dev/null || true)"',
    '    if [ "$value" = "$done" ]; then return 0; fi',
    '    for failed in "$@"; do',
    '      if [ "$value" = "$failed" ]; then echo "$resource ended $value" >&2; return 1; fi',
    '    done',
    '    sleep 15',
    '  done',
    '}',
    `echo "Clearing ${scratch}"`,
  ];
  for (const store of stores) {
    if (store.postgres) lines.push(`kubectl delete clusters.postgresql.cnpg.io ${store.postgres.cluster}-drill --namespace ${scratch} --ignore-not-found --wait=false`);
  }
  lines.push(
    `kubectl delete persistentvolumeclaims --all --namespace ${scratch} --wait=false`,
    `until [ -z "$(kubectl get persistentvolumeclaims --namespace ${scratch} --output name)" ]; do sleep 5; done`,
  );
  for (const store of stores.filter((s) => s.volumes)) {
    const restore = drillRestore(plan, scratch, store, RUN) as { metadata: { name: string; namespace: string } };
    const name = restore.metadata.name.replace(RUN, '${run}');
    lines.push(
      `echo "Restoring the newest backup of store ${store.name} (Velero schedule ${plan}-${store.name})"`,
      'kubectl create --filename - <<EOF',
      toYaml(restore).trimEnd().replaceAll(RUN, '${run}'),
      'EOF',
      `wait_for restores.velero.io/${name} ${restore.metadata.namespace} '{.status.phase}' Completed Failed PartiallyFailed FailedValidation`,
      `restored="$(kubectl get persistentvolumeclaims --namespace ${scratch} --selector velero.io/restore-name=${name} --output name | wc -l)"`,
      `if [ "$restored" -eq 0 ]; then echo "store ${store.name}: the restore completed but brought back no volume claims" >&2; exit 1; fi`,
      `echo "store ${store.name}: $restored volume claims restored"`,
    );
  }
  for (const store of stores.filter((s) => s.postgres)) {
    const cluster = `${store.postgres!.cluster}-drill`;
    lines.push(
      `echo "Recovering store ${store.name} (CloudNativePG cluster ${store.postgres!.cluster}) from its object store"`,
      'kubectl create --filename - <<EOF',
      toYaml(drillRecoveryCluster(plan, scratch, store)).trimEnd(),
      'EOF',
      `wait_for clusters.postgresql.cnpg.io/${cluster} ${scratch} '{.status.conditions[?(@.type=="Ready")].status}' True`,
      `echo "store ${store.name}: the recovered cluster is ready"`,
      `kubectl delete clusters.postgresql.cnpg.io ${cluster} --namespace ${scratch} --wait=false`,
    );
  }
  lines.push(`kubectl delete persistentvolumeclaims --all --namespace ${scratch} --wait=false`, 'echo "Restore drill passed"');
  return `${lines.join('\n')}\n`;
}

/** The drill's Kubernetes objects as plain manifests (the Pulumi door registers these; the cdk8s door builds the same with cdk8s-plus). */
export interface RestoreDrillManifests {
  /** The scratch Namespace. */
  readonly namespace: object;
  /** The ServiceAccount, in the scratch namespace. */
  readonly serviceAccount: object;
  /** One Role per grant. */
  readonly roles: readonly object[];
  /** One RoleBinding per grant. */
  readonly roleBindings: readonly object[];
  /** The CronJob, in the scratch namespace. */
  readonly cronJob: object;
}

/** Renders the drill's objects. */
export function restoreDrillManifests(d: RestoreDrillDefinition): RestoreDrillManifests {
  const meta = (namespace?: string) => ({ name: d.name, ...(namespace ? { namespace } : {}), labels: d.labels });
  const c = d.container;
  return {
    namespace: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: d.scratchNamespace, labels: d.labels } },
    serviceAccount: { apiVersion: 'v1', kind: 'ServiceAccount', metadata: meta(d.scratchNamespace), automountServiceAccountToken: true },
    roles: d.grants.map((g) => ({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: meta(g.namespace), rules: g.rules })),
    roleBindings: d.grants.map((g) => ({
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: meta(g.namespace),
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: d.name },
      subjects: [{ kind: 'ServiceAccount', name: d.name, namespace: d.scratchNamespace }],
    })),
    cronJob: {
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      metadata: { ...meta(d.scratchNamespace), annotations: d.cronJobAnnotations },
      spec: {
        schedule: d.cadence.cron,
        timeZone: d.jobs.timeZone,
        concurrencyPolicy: 'Forbid',
        startingDeadlineSeconds: d.jobs.startingDeadline.toSeconds(),
        successfulJobsHistoryLimit: d.jobs.historyLimit,
        failedJobsHistoryLimit: d.jobs.historyLimit,
        jobTemplate: {
          spec: {
            backoffLimit: d.jobs.backoffLimit,
            activeDeadlineSeconds: d.timeout.toSeconds(),
            template: {
              metadata: { labels: d.labels },
              spec: {
                serviceAccountName: d.name,
                restartPolicy: 'Never',
                securityContext: { runAsNonRoot: true, runAsUser: c.runAsUser, runAsGroup: c.runAsUser, seccompProfile: { type: 'RuntimeDefault' } },
                containers: [
                  {
                    name: c.name,
                    image: c.image,
                    command: [...c.command],
                    args: [...c.args],
                    env: Object.entries(c.env).map(([name, value]) => ({ name, value })),
                    resources: {
                      requests: { cpu: `${c.resources.cpuRequestMillis}m`, memory: `${c.resources.memoryRequestMebibytes}Mi` },
                      limits: { cpu: `${c.resources.cpuLimitMillis}m`, memory: `${c.resources.memoryLimitMebibytes}Mi` },
                    },
                    securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } },
                    volumeMounts: [{ name: 'tmp', mountPath: c.tmpMountPath }],
                  },
                ],
                volumes: [{ name: 'tmp', emptyDir: {} }],
              },
            },
          },
        },
      },
    },
  };
}

import type { Duration } from '../common/duration';
import { KubernetesManifest, MANAGED_BY_LABELS } from '../common/manifest';
import type { DataStoreDefinition } from './data-store';
import { DR_METADATA } from './metadata';

/** The label every Kubernetes object of a disaster-recovery plan carries, so they can be told apart. */
export const DR_COMPONENT_LABELS: Readonly<Record<string, string>> = { 'app.kubernetes.io/component': 'disaster-recovery' };

/** Labels of every backup object of a plan. */
function labels(plan: string, store: string): Record<string, string> {
  return { ...DR_COMPONENT_LABELS, ...MANAGED_BY_LABELS, 'app.kubernetes.io/part-of': plan, [DR_METADATA.plan]: plan, 'sre-constructs.dev/dr-store': store };
}

/** What a review of the manifests alone needs to know of a backup schedule: the RPO it serves and whether WAL archiving fills the gaps. */
function annotations(store: DataStoreDefinition): Record<string, string> {
  return { [DR_METADATA.backupPolicy]: store.policy.continuous ? 'continuous' : 'scheduled', [DR_METADATA.rpo]: store.rpo.toPrometheus() };
}

/** Go's duration syntax, which Velero's `ttl` reads (it has no days): 90 days is "2160h0m0s". */
export function goDuration(d: Duration): string {
  const total = Math.round(d.toSeconds());
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  return `${h}h${m}m${total % 60}s`;
}

/** Name of a store's Velero Schedule (also the `schedule` label of Velero's metrics). */
export function veleroScheduleName(plan: string, store: string): string {
  return `${plan}-${store}`;
}

/**
 * The Velero `Schedule` of a store: cron from the policy, `ttl` from the retention, its namespaces and selector,
 * snapshots or file-system backup, and hooks.
 *
 * @see https://velero.io/docs/main/api-types/schedule/
 */
export function veleroSchedule(plan: string, store: DataStoreDefinition): KubernetesManifest {
  const v = store.volumes!;
  const pre = v.hooks.filter((h) => h.phase === 'pre');
  const post = v.hooks.filter((h) => h.phase === 'post');
  const exec = (h: (typeof v.hooks)[number]) => ({
    exec: { ...(h.container ? { container: h.container } : {}), command: [...h.command], onError: h.onError, timeout: goDuration(h.timeout) },
  });
  return {
    apiVersion: 'velero.io/v1',
    kind: 'Schedule',
    metadata: { name: veleroScheduleName(plan, store.name), namespace: v.veleroNamespace, labels: labels(plan, store.name), annotations: annotations(store) },
    spec: {
      schedule: v.cadence.cron,
      useOwnerReferencesInBackup: false,
      template: {
        includedNamespaces: [...v.namespaces],
        ...(v.selector ? { labelSelector: { matchLabels: { ...v.selector } } } : {}),
        ttl: goDuration(store.policy.retention),
        ...(v.storageLocation ? { storageLocation: v.storageLocation } : {}),
        ...(v.fileSystemBackup ? { defaultVolumesToFsBackup: true, snapshotVolumes: false } : { snapshotVolumes: true }),
        ...(v.hooks.length > 0
          ? {
              hooks: {
                resources: [
                  {
                    name: `${store.name}-hooks`,
                    includedNamespaces: [...v.namespaces],
                    ...(v.selector ? { labelSelector: { matchLabels: { ...v.selector } } } : {}),
                    ...(pre.length ? { pre: pre.map(exec) } : {}),
                    ...(post.length ? { post: post.map(exec) } : {}),
                  },
                ],
              },
            }
          : {}),
        metadata: { labels: labels(plan, store.name) },
      },
    },
  };
}

/**
 * The CloudNativePG `ScheduledBackup` of a store: base backups on CloudNativePG's six-field cron. A continuous
 * policy is met by the cluster's WAL archiving, which this object does not configure (the Cluster does).
 *
 * @see https://cloudnative-pg.io/documentation/current/backup/#scheduled-backups
 */
export function cnpgScheduledBackup(plan: string, store: DataStoreDefinition): KubernetesManifest {
  const p = store.postgres!;
  return {
    apiVersion: 'postgresql.cnpg.io/v1',
    kind: 'ScheduledBackup',
    metadata: { name: `${p.cluster}-${store.name}`, namespace: p.namespace, labels: labels(plan, store.name), annotations: annotations(store) },
    spec: {
      cluster: { name: p.cluster },
      schedule: p.scheduledBackupCron,
      method: p.method,
      ...(p.pluginName ? { pluginConfiguration: { name: p.pluginName } } : {}),
      ...(p.target ? { target: p.target } : {}),
      // The first base backup right away: until one exists there is nothing to recover from.
      immediate: true,
      backupOwnerReference: 'self',
    },
  };
}

import { Duration, compareDurations, requirePositiveDuration } from '../common/duration';
import type { SpecPath } from '../common/errors';
import { isDnsLabel, isDnsSubdomain, isKubernetesLabelKey, isKubernetesLabelValue, requireDnsLabel } from '../common/names';
import { requireCron } from '../common/cron';
import { BackupCadence, BackupPolicyDefinition, BackupPolicyProps, cadenceFromInterval, defineBackupPolicy } from './backup-policy';
import { BARMAN_PLUGIN_BASE_BACKUP_METRICS, BaseBackupMetrics, CNPG_BASE_BACKUP_METRICS } from './metrics';

/** An objective looser than the plan's, accepted for a stated reason (which the DR runbook prints). */
export interface RpoOverrideProps {
  /** The recovery point objective that applies instead of the plan's. */
  readonly objective: Duration;
  /** Why this much data loss is accepted, and by whom: reviewers and the runbook read it. */
  readonly reason: string;
}

/** How CloudNativePG takes base backups. */
export type PostgresBackupMethod = 'plugin' | 'barmanObjectStore' | 'volumeSnapshot';

/** A PostgreSQL cluster run by CloudNativePG: base backups by `ScheduledBackup`, changes by WAL archiving. */
export interface PostgresBackupProps {
  /** Name of the CloudNativePG `Cluster`. */
  readonly cluster: string;
  /** Namespace of the `Cluster`. */
  readonly namespace: string;
  /**
   * Backup method of the `ScheduledBackup`.
   * @default "plugin" (the Barman Cloud plugin; in-core Barman Cloud is deprecated since CloudNativePG 1.26)
   * @see https://cloudnative-pg.io/documentation/current/backup/
   */
  readonly method?: PostgresBackupMethod;
  /**
   * Plugin that takes the backups, for method `plugin`.
   * @default "barman-cloud.cloudnative-pg.io"
   */
  readonly pluginName?: string;
  /**
   * For a continuous policy: how often a base backup is taken (recovery replays WAL from the newest one, so
   * this bounds recovery time, not data loss). A periodic policy takes its base backups at its own cadence.
   * @default Duration.days(1)
   */
  readonly baseBackupEvery?: Duration;
  /**
   * For a continuous policy: base backups on this six-field cron (seconds first), instead of baseBackupEvery.
   * @default - from baseBackupEvery
   */
  readonly baseBackupSchedule?: string;
  /**
   * PostgreSQL `archive_timeout` of the cluster: with writes going on, a WAL segment is archived at least this
   * often, so it bounds the data a continuous policy can lose. CloudNativePG sets 5 minutes unless overridden.
   * @default Duration.minutes(5)
   * @see https://cloudnative-pg.io/documentation/current/wal_archiving/
   */
  readonly walArchiveTimeout?: Duration;
  /**
   * Which instance takes base backups.
   * @default - the cluster's `.spec.backup.target`
   */
  readonly target?: 'primary' | 'prefer-standby';
  /**
   * What the restore drill recovers from: a Barman Cloud `ObjectStore` in the drill's scratch namespace that
   * reads this cluster's backups, and the storage to give the recovered instance. Required when the drill
   * covers this store.
   * @default - none
   */
  readonly recovery?: PostgresRecoveryProps;
}

/** How the restore drill recovers a CloudNativePG cluster. */
export interface PostgresRecoveryProps {
  /** Name of a Barman Cloud `ObjectStore` (barmancloud.cnpg.io/v1) in the scratch namespace pointing at this cluster's backups. */
  readonly objectStore: string;
  /** Storage size of the recovered instance, as a Kubernetes quantity ("20Gi"). */
  readonly storageSize: string;
}

/** A hook Velero runs in the pods of a backup, e.g. to flush or freeze a file system. */
export interface VolumeBackupHookProps {
  /** Hook name (DNS label). */
  readonly name: string;
  /** Before (`pre`) or after (`post`) the pod's volumes are backed up. */
  readonly phase: 'pre' | 'post';
  /** Command and arguments, run with exec (no shell unless you call one). */
  readonly command: readonly string[];
  /**
   * Container to run it in.
   * @default - the pod's first container
   */
  readonly container?: string;
  /**
   * How long Velero waits for it.
   * @default Duration.seconds(30)
   */
  readonly timeout?: Duration;
  /**
   * What Velero does when it fails.
   * @default "Fail"
   */
  readonly onError?: 'Continue' | 'Fail';
}

/** Volumes and the Kubernetes objects around them, backed up by a Velero `Schedule`. */
export interface VolumeBackupProps {
  /** Namespaces to back up. */
  readonly namespaces: readonly string[];
  /**
   * Only objects with these labels (and the volumes of matching pods).
   * @default - everything in the namespaces
   */
  readonly selector?: Readonly<Record<string, string>>;
  /**
   * Copy volume data with Velero's file-system backup (Kopia) into the backup storage location instead of
   * taking volume snapshots.
   * @default false
   */
  readonly fileSystemBackup?: boolean;
  /**
   * BackupStorageLocation to write to.
   * @default - Velero's default location
   */
  readonly storageLocation?: string;
  /**
   * Hooks run in the pods of the backup.
   * @default - none
   */
  readonly hooks?: readonly VolumeBackupHookProps[];
  /**
   * Namespace Velero runs in (Schedules and Restores live there).
   * @default "velero"
   */
  readonly veleroNamespace?: string;
}

/** Resources AWS Backup protects, chosen by tag (Pulumi door). */
export interface AwsBackupSelectionProps {
  /** Resources carrying all of these tags are backed up. */
  readonly tags: Readonly<Record<string, string>>;
  /**
   * The selection includes S3 buckets: the backup role also gets AWS's managed S3 backup policy.
   * @default false
   */
  readonly includesS3?: boolean;
  /**
   * How long after its scheduled time a backup may still start. AWS Backup needs at least an hour, and a late
   * start counts against the RPO.
   * @default Duration.hours(1)
   * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/creating-a-backup-plan.html
   */
  readonly startWindow?: Duration;
}

/** Something whose data the plan protects: a database, file storage, a bucket. */
export interface DataStoreProps {
  /** Name (DNS label), unique in the plan: `database`, `file-storage`. */
  readonly name: string;
  /**
   * What the store holds, in words (the runbook prints it).
   * @default - none
   */
  readonly description?: string;
  /** Its backup policy. */
  readonly backup: BackupPolicyProps;
  /**
   * This store's own RPO, looser than the plan's, with the reason it is accepted.
   * @default - the plan's RPO
   */
  readonly rpo?: RpoOverrideProps;
  /**
   * A CloudNativePG cluster.
   * @default - none
   */
  readonly postgres?: PostgresBackupProps;
  /**
   * Volumes and objects backed up by Velero.
   * @default - none
   */
  readonly volumes?: VolumeBackupProps;
  /**
   * Resources AWS Backup protects (Pulumi door): backup plan rule, tag selection, copies to the secondary region.
   * @default - none
   */
  readonly aws?: AwsBackupSelectionProps;
}

/** A checked CloudNativePG mechanism. */
export interface PostgresBackupDefinition {
  /** Cluster name. */
  readonly cluster: string;
  /** Cluster namespace. */
  readonly namespace: string;
  /** Backup method. */
  readonly method: PostgresBackupMethod;
  /** Plugin name, for method `plugin`. */
  readonly pluginName?: string;
  /** Base-backup cadence. */
  readonly baseBackups: BackupCadence;
  /** Six-field cron of the ScheduledBackup. */
  readonly scheduledBackupCron: string;
  /** WAL archive timeout, for a continuous policy. */
  readonly walArchiveTimeout?: Duration;
  /** Backup target. */
  readonly target?: 'primary' | 'prefer-standby';
  /** Drill recovery source. */
  readonly recovery?: PostgresRecoveryProps;
  /** The base-backup series of this method. */
  readonly metrics: BaseBackupMetrics;
}

/** A checked Velero hook. */
export interface VolumeBackupHookDefinition {
  /** Name. */
  readonly name: string;
  /** Phase. */
  readonly phase: 'pre' | 'post';
  /** Command. */
  readonly command: readonly string[];
  /** Container. */
  readonly container?: string;
  /** Timeout. */
  readonly timeout: Duration;
  /** On error. */
  readonly onError: 'Continue' | 'Fail';
}

/** A checked Velero mechanism. */
export interface VolumeBackupDefinition {
  /** Namespaces, sorted. */
  readonly namespaces: readonly string[];
  /** Label selector. */
  readonly selector?: Readonly<Record<string, string>>;
  /** File-system backup instead of snapshots. */
  readonly fileSystemBackup: boolean;
  /** Storage location. */
  readonly storageLocation?: string;
  /** Hooks. */
  readonly hooks: readonly VolumeBackupHookDefinition[];
  /** Velero's namespace. */
  readonly veleroNamespace: string;
  /** Cadence (the policy's). */
  readonly cadence: BackupCadence;
}

/** A checked AWS Backup mechanism. */
export interface AwsBackupSelectionDefinition {
  /** Selection tags, sorted. */
  readonly tags: Readonly<Record<string, string>>;
  /** Whether S3 buckets are selected. */
  readonly includesS3: boolean;
  /** Start window. */
  readonly startWindow: Duration;
  /** Cadence of snapshots (and of copies). */
  readonly cadence: BackupCadence;
  /** The cadence as an AWS schedule expression, `cron(0 0/4 ? * * *)`. */
  readonly scheduleExpression: string;
}

/** A checked data store. */
export interface DataStoreDefinition {
  /** Name. */
  readonly name: string;
  /** Description. */
  readonly description?: string;
  /** Backup policy. */
  readonly policy: BackupPolicyDefinition;
  /** The RPO that applies to this store. */
  readonly rpo: Duration;
  /** Why the store has its own RPO, when it has. */
  readonly rpoReason?: string;
  /** CloudNativePG mechanism. */
  readonly postgres?: PostgresBackupDefinition;
  /** Velero mechanism. */
  readonly volumes?: VolumeBackupDefinition;
  /** AWS Backup mechanism. */
  readonly aws?: AwsBackupSelectionDefinition;
  /** Each mechanism's worst-case data loss, in words and, where it has a bound of its own, as a duration (for the runbook). */
  readonly worstCase: ReadonlyArray<{ readonly mechanism: string; readonly loss?: Duration; readonly how: string }>;
  /** The worst gap between two copies in the secondary region (AWS copy actions), when copied. */
  readonly copyGap?: Duration;
}

const QUANTITY = /^[0-9]+(\.[0-9]+)?(Ki|Mi|Gi|Ti|Pi|Ei|k|M|G|T|P|E)?$/;
const DEFAULT_PLUGIN = 'barman-cloud.cloudnative-pg.io';
/** AWS Backup's minimum start window, and its shortest backup frequency. */
const AWS_MIN_START_WINDOW = Duration.hours(1);
/** AWS Backup keeps continuous backups at most 35 days. */
const AWS_CONTINUOUS_MAX_RETENTION = Duration.days(35);

/** The plan facts a store is checked against. */
export interface PlanContext {
  /** Plan name, for messages. */
  readonly name: string;
  /** The plan's RPO. */
  readonly rpo: Duration;
}

/** Checks a data store: its policy, its mechanisms, and that each mechanism meets the store's RPO. */
export function defineDataStore(at: SpecPath, props: DataStoreProps, plan: PlanContext): DataStoreDefinition {
  if (props === null || typeof props !== 'object') {
    return at.fail(undefined, props, 'is not a data store', 'Give { name, backup, postgres | volumes | aws }.');
  }
  const name = requireDnsLabel(at, 'name', props.name);
  if (props.description !== undefined && typeof props.description !== 'string') {
    at.fail('description', props.description, 'is not a string', 'Describe what the store holds in words.');
  }
  const policy = defineBackupPolicy(at.at('backup'), props.backup);
  let rpo = plan.rpo;
  let rpoReason: string | undefined;
  if (props.rpo !== undefined) {
    rpo = requirePositiveDuration(at.at('rpo'), 'objective', props.rpo?.objective);
    rpoReason = requireReason(at.at('rpo'), props.rpo.reason);
  }
  const rpoText = rpoReason ? `the RPO of store ${name} (${rpo.toPrometheus()})` : `the RPO of plan ${plan.name} (${rpo.toPrometheus()})`;
  if (compareDurations(policy.retention, rpo) < 0) {
    at.fail('backup.retention', policy.retention.toPrometheus(), `is shorter than ${rpoText}`, 'Keep backups at least as long as the RPO, or there are times with no backup at all to recover from.');
  }
  if (props.postgres !== undefined && props.volumes !== undefined) {
    at.fail('volumes', props.volumes, 'is given together with postgres', 'Declare one Kubernetes mechanism per store: a separate store for the volumes.');
  }
  if (props.postgres === undefined && props.volumes === undefined && props.aws === undefined) {
    at.fail(undefined, name, 'has no backup mechanism', 'Give postgres (CloudNativePG), volumes (Velero) or aws (AWS Backup).');
  }

  const worstCase: Array<{ mechanism: string; loss?: Duration; how: string }> = [];
  const meets = (field: string, written: string, loss: Duration, how: string, advice: string) => {
    if (compareDurations(loss, rpo) > 0) {
      at.fail(field, written, `is longer than ${rpoText}: ${how}, so a disaster at the wrong moment loses up to ${loss.toHumanString()} of data`, advice);
    }
  };
  const relax = (loss: Duration) => `or give the store its own RPO with the reason it is accepted: rpo: { objective: Duration.hours(${formatHours(loss)}), reason: '...' }`;

  let postgres: PostgresBackupDefinition | undefined;
  if (props.postgres !== undefined) {
    postgres = definePostgres(at.at('postgres'), props.postgres, policy);
    if (policy.continuous) {
      const timeout = postgres.walArchiveTimeout!;
      meets('postgres.walArchiveTimeout', timeout.toPrometheus(), timeout, 'WAL is archived at least this often while writes go on', `Lower archive_timeout on the cluster to at most ${rpo.toHumanString()}.`);
      worstCase.push({ mechanism: 'CloudNativePG WAL archiving', loss: timeout, how: `changes are archived at least every ${timeout.toHumanString()} (archive_timeout)` });
    } else {
      const c = postgres.baseBackups;
      meets(`backup.${c.field}`, cadenceValue(c), c.maxGap, `CloudNativePG base backups run up to ${c.maxGap.toHumanString()} apart and nothing is archived in between`, `Back up at least every ${rpo.toHumanString()}, set continuous: true (WAL archiving), ${relax(c.maxGap)}.`);
      worstCase.push({ mechanism: 'CloudNativePG base backups', loss: c.maxGap, how: `a base backup at least every ${c.maxGap.toHumanString()}` });
    }
  }

  let volumes: VolumeBackupDefinition | undefined;
  if (props.volumes !== undefined) {
    if (policy.continuous) {
      at.fail('backup.continuous', true, 'cannot be met by Velero, which backs up periodically', 'Give the store a cadence (every or schedule) instead; continuous backup is CloudNativePG WAL archiving or AWS Backup continuous backup.');
    }
    const cadence = policy.cadence!;
    meets(`backup.${cadence.field}`, cadenceValue(cadence), cadence.maxGap, cadence.field === 'every' ? `Velero backs the store up every ${cadence.maxGap.toHumanString()}` : `Velero's schedule leaves up to ${cadence.maxGap.toHumanString()} between backups`, `Back up at least every ${rpo.toHumanString()} (every: Duration.hours(${formatHours(rpo)})), ${relax(cadence.maxGap)}.`);
    volumes = defineVolumes(at.at('volumes'), props.volumes, cadence);
    worstCase.push({ mechanism: 'Velero', loss: cadence.maxGap, how: `a backup at least every ${cadence.maxGap.toHumanString()}` });
  }

  let aws: AwsBackupSelectionDefinition | undefined;
  let copyGap: Duration | undefined;
  if (props.aws !== undefined) {
    aws = defineAws(at.at('aws'), props.aws, policy);
    const lateBy = aws.startWindow;
    const periodic = Duration.millis(aws.cadence.maxGap.toMilliseconds() + lateBy.toMilliseconds());
    if (policy.continuous) {
      if (compareDurations(policy.retention, AWS_CONTINUOUS_MAX_RETENTION) > 0) {
        at.fail('backup.retention', policy.retention.toPrometheus(), `is longer than AWS Backup keeps continuous backups (${AWS_CONTINUOUS_MAX_RETENTION.toPrometheus()}), so the stated retention would not hold`, 'Keep continuous backups at most 35 days, or make the store periodic.');
      }
      worstCase.push({ mechanism: 'AWS Backup continuous backup', how: 'point-in-time recovery within the retention' });
    } else {
      meets(`backup.${aws.cadence.field}`, cadenceValue(aws.cadence), periodic, `AWS Backup runs up to ${aws.cadence.maxGap.toHumanString()} apart and a run may start up to ${lateBy.toHumanString()} late (aws.startWindow)`, `Back up often enough that the interval plus the start window fits the RPO, ${relax(periodic)}.`);
      worstCase.push({ mechanism: 'AWS Backup', loss: periodic, how: `every ${aws.cadence.maxGap.toHumanString()}, starting up to ${lateBy.toHumanString()} late` });
    }
    if (policy.copyToSecondaryRegion) copyGap = periodic;
  }
  if (policy.copyToSecondaryRegion && !aws) {
    at.fail('backup.copyToSecondaryRegion', true, 'has nothing to make the copies', 'Cross-region copies are made by AWS Backup copy actions: give the store an aws selection.');
  }
  return { name, description: props.description, policy, rpo, rpoReason, postgres, volumes, aws, worstCase, copyGap };
}

function definePostgres(at: SpecPath, p: PostgresBackupProps, policy: BackupPolicyDefinition): PostgresBackupDefinition {
  if (p === null || typeof p !== 'object') return at.fail(undefined, p, 'is not a CloudNativePG cluster', 'Give { cluster, namespace }.');
  if (typeof p.cluster !== 'string' || !isDnsLabel(p.cluster)) {
    at.fail('cluster', p.cluster, 'is not a valid Kubernetes name', 'Give the name of the CloudNativePG Cluster: lowercase letters, digits and "-", at most 63 characters.');
  }
  if (typeof p.namespace !== 'string' || !isDnsLabel(p.namespace)) {
    at.fail('namespace', p.namespace, 'is not a valid namespace', 'Use lowercase letters, digits and "-", at most 63 characters.');
  }
  const method = p.method ?? 'plugin';
  if (!['plugin', 'barmanObjectStore', 'volumeSnapshot'].includes(method)) {
    at.fail('method', method, 'is not a CloudNativePG backup method', 'Give "plugin", "barmanObjectStore" or "volumeSnapshot".');
  }
  const pluginName = method === 'plugin' ? p.pluginName ?? DEFAULT_PLUGIN : undefined;
  if (p.pluginName !== undefined && method !== 'plugin') {
    at.fail('pluginName', p.pluginName, `is given with method ${JSON.stringify(method)}`, 'A plugin name applies to method "plugin" only.');
  }
  if (pluginName !== undefined && !isDnsSubdomain(pluginName)) {
    at.fail('pluginName', pluginName, 'is not a plugin name', 'Give the plugin name, e.g. "barman-cloud.cloudnative-pg.io".');
  }
  let baseBackups: BackupCadence;
  if (policy.continuous) {
    if (p.baseBackupEvery !== undefined && p.baseBackupSchedule !== undefined) {
      at.fail('baseBackupSchedule', p.baseBackupSchedule, 'is given together with baseBackupEvery', 'Give the base-backup cadence once.');
    }
    baseBackups =
      p.baseBackupSchedule !== undefined
        ? sixFieldCadence(at, 'baseBackupSchedule', p.baseBackupSchedule)
        : cadenceFromInterval(at, 'baseBackupEvery', p.baseBackupEvery ?? Duration.days(1));
  } else {
    if (p.baseBackupEvery !== undefined || p.baseBackupSchedule !== undefined) {
      at.fail(p.baseBackupEvery !== undefined ? 'baseBackupEvery' : 'baseBackupSchedule', p.baseBackupEvery ?? p.baseBackupSchedule, 'is given for a periodic policy', 'A periodic policy takes its base backups at its own cadence (backup.every or backup.schedule).');
    }
    baseBackups = policy.cadence!;
  }
  const scheduledBackupCron = baseBackups.field === 'baseBackupSchedule' ? baseBackups.cron : toSixFields(at, baseBackups);
  const walArchiveTimeout = policy.continuous ? requirePositiveDuration(at, 'walArchiveTimeout', p.walArchiveTimeout ?? Duration.minutes(5)) : undefined;
  if (p.target !== undefined && p.target !== 'primary' && p.target !== 'prefer-standby') {
    at.fail('target', p.target, 'is not a backup target', 'Give "primary" or "prefer-standby".');
  }
  let recovery: PostgresRecoveryProps | undefined;
  if (p.recovery !== undefined) {
    const rat = at.at('recovery');
    if (typeof p.recovery.objectStore !== 'string' || !isDnsSubdomain(p.recovery.objectStore)) {
      rat.fail('objectStore', p.recovery.objectStore, 'is not a valid Kubernetes name', 'Give the name of the Barman Cloud ObjectStore in the scratch namespace.');
    }
    if (typeof p.recovery.storageSize !== 'string' || !QUANTITY.test(p.recovery.storageSize)) {
      rat.fail('storageSize', p.recovery.storageSize, 'is not a Kubernetes quantity', 'Give a size such as "20Gi".');
    }
    recovery = { objectStore: p.recovery.objectStore, storageSize: p.recovery.storageSize };
  }
  const metrics = method === 'plugin' ? BARMAN_PLUGIN_BASE_BACKUP_METRICS : CNPG_BASE_BACKUP_METRICS;
  return { cluster: p.cluster, namespace: p.namespace, method, pluginName, baseBackups, scheduledBackupCron, walArchiveTimeout, target: p.target, recovery, metrics };
}

/** CloudNativePG reads six fields, seconds first: a five-field cadence runs at second 0. */
function toSixFields(at: SpecPath, cadence: BackupCadence): string {
  if (cadence.cron.startsWith('@')) {
    return at.fail(undefined, cadence.cron, 'cannot be used for a CloudNativePG ScheduledBackup', 'CloudNativePG reads six cron fields, seconds first: write the schedule as five cron fields (or as an interval).');
  }
  return `0 ${cadence.cron}`;
}

function sixFieldCadence(at: SpecPath, field: string, value: unknown): BackupCadence {
  const parsed = requireCron(at, field, value, 'seconds');
  return { cron: parsed.expression, maxGap: parsed.maxGap, minGap: parsed.minGap, written: `${field} (${JSON.stringify(parsed.expression)})`, field };
}

/** A cadence as the user wrote it: the interval, or the cron. */
export function cadenceValue(c: BackupCadence): string {
  return c.every ? c.every.toPrometheus() : c.cron;
}

function defineVolumes(at: SpecPath, v: VolumeBackupProps, cadence: BackupCadence): VolumeBackupDefinition {
  if (v === null || typeof v !== 'object') return at.fail(undefined, v, 'is not a Velero backup', 'Give { namespaces: [...] }.');
  if (!Array.isArray(v.namespaces) || v.namespaces.length === 0) {
    at.fail('namespaces', v.namespaces, 'is empty', 'Name the namespaces to back up.');
  }
  v.namespaces.forEach((ns, i) => {
    if (!isDnsLabel(ns)) at.fail(`namespaces[${i}]`, ns, 'is not a valid namespace', 'Use lowercase letters, digits and "-", at most 63 characters.');
  });
  let selector: Record<string, string> | undefined;
  if (v.selector !== undefined) {
    selector = {};
    for (const key of Object.keys(v.selector).sort()) {
      if (!isKubernetesLabelKey(key)) at.fail('selector', key, 'is not a valid label key', 'Use a Kubernetes label key such as "app.kubernetes.io/name".');
      if (!isKubernetesLabelValue(v.selector[key])) at.fail(`selector.${key}`, v.selector[key], 'is not a valid label value', 'Use at most 63 letters, digits, "-", "_" or ".".');
      selector[key] = v.selector[key];
    }
  }
  const veleroNamespace = v.veleroNamespace ?? 'velero';
  if (!isDnsLabel(veleroNamespace)) at.fail('veleroNamespace', veleroNamespace, 'is not a valid namespace', 'Give the namespace Velero runs in, e.g. "velero".');
  if (v.storageLocation !== undefined && !isDnsSubdomain(v.storageLocation)) {
    at.fail('storageLocation', v.storageLocation, 'is not a valid Kubernetes name', 'Give the name of a BackupStorageLocation.');
  }
  const seen = new Set<string>();
  const hooks = (v.hooks ?? []).map((h, i) => {
    const hat = at.at('hooks', String(i));
    const name = requireDnsLabel(hat, 'name', h?.name);
    if (seen.has(name)) hat.fail('name', name, 'is used by another hook', 'Give every hook its own name.');
    seen.add(name);
    if (h.phase !== 'pre' && h.phase !== 'post') hat.fail('phase', h.phase, 'is not a hook phase', 'Give "pre" or "post".');
    if (!Array.isArray(h.command) || h.command.length === 0 || h.command.some((c) => typeof c !== 'string')) {
      hat.fail('command', h.command, 'is not a command', 'Give the command and its arguments as strings, e.g. ["/sbin/fsfreeze", "--freeze", "/data"].');
    }
    if (h.container !== undefined && !isDnsLabel(h.container)) hat.fail('container', h.container, 'is not a container name', 'Give the name of a container of the pod.');
    if (h.onError !== undefined && h.onError !== 'Continue' && h.onError !== 'Fail') hat.fail('onError', h.onError, 'is not Continue or Fail', 'Give "Continue" or "Fail".');
    const timeout = h.timeout === undefined ? Duration.seconds(30) : requirePositiveDuration(hat, 'timeout', h.timeout);
    return { name, phase: h.phase, command: [...h.command], container: h.container, timeout, onError: h.onError ?? 'Fail' } as VolumeBackupHookDefinition;
  });
  return {
    namespaces: [...new Set(v.namespaces)].sort(),
    selector,
    fileSystemBackup: v.fileSystemBackup === true,
    storageLocation: v.storageLocation,
    hooks,
    veleroNamespace,
    cadence,
  };
}

function defineAws(at: SpecPath, a: AwsBackupSelectionProps, policy: BackupPolicyDefinition): AwsBackupSelectionDefinition {
  if (a === null || typeof a !== 'object') return at.fail(undefined, a, 'is not an AWS Backup selection', 'Give { tags: { ... } }.');
  if (a.tags === null || typeof a.tags !== 'object' || Object.keys(a.tags).length === 0) {
    at.fail('tags', a.tags, 'is empty', 'Give the tags that pick the resources to back up, e.g. { "backup-plan": "user-authentication" }.');
  }
  const tags: Record<string, string> = {};
  for (const key of Object.keys(a.tags).sort()) {
    const value = a.tags[key];
    if (!/^[\p{L}\p{Z}\p{N}_.:/=+\-@]{1,128}$/u.test(key) || key.startsWith('aws:')) at.fail('tags', key, 'is not a valid AWS tag key', 'Tag keys have 1 to 128 letters, digits, spaces and _ . : / = + - @, and do not start with "aws:".');
    if (typeof value !== 'string' || !/^[\p{L}\p{Z}\p{N}_.:/=+\-@]{0,256}$/u.test(value)) at.fail(`tags.${key}`, value, 'is not a valid AWS tag value', 'Tag values have up to 256 letters, digits, spaces and _ . : / = + - @.');
    tags[key] = value;
  }
  const startWindow = a.startWindow === undefined ? AWS_MIN_START_WINDOW : requirePositiveDuration(at, 'startWindow', a.startWindow);
  if (compareDurations(startWindow, AWS_MIN_START_WINDOW) < 0 || startWindow.toMilliseconds() % Duration.minutes(1).toMilliseconds() !== 0) {
    at.fail('startWindow', startWindow.toPrometheus(), 'is not a whole number of minutes of at least an hour', 'AWS Backup needs a start window of at least 60 minutes.');
  }
  if (!policy.cadence) {
    return at.fail(undefined, a, 'has no cadence to back up at', 'AWS Backup rules run on a schedule even for continuous backup (it sets how often snapshots and second-region copies are made): give backup.every or backup.schedule.');
  }
  const cadence = policy.cadence;
  if (compareDurations(cadence.minGap, Duration.hours(1)) < 0) {
    at.fail(`backup.${cadence.field}`, cadenceValue(cadence), 'runs more often than AWS Backup can (at most hourly)', 'Back up at most once an hour, or use continuous backup.');
  }
  if (policy.retention.toMilliseconds() % Duration.days(1).toMilliseconds() !== 0) {
    at.fail('backup.retention', policy.retention.toPrometheus(), 'is not a whole number of days', 'AWS Backup keeps recovery points for whole days: give e.g. Duration.days(30).');
  }
  return { tags, includesS3: a.includesS3 === true, startWindow, cadence, scheduleExpression: awsScheduleExpression(at.at('backup'), cadence) };
}

/**
 * An AWS schedule expression for a five-field cron: six fields (the year last), `?` for the unused day field,
 * days of the week counted from 1 (Sunday), and `0/n` steps.
 */
function awsScheduleExpression(at: SpecPath, cadence: BackupCadence): string {
  const fields = cadence.cron.split(/\s+/);
  if (cadence.cron.startsWith('@') || fields.length !== 5) {
    return at.fail(cadence.field, cadence.cron, 'cannot be written as an AWS schedule expression', 'Write the cadence as five cron fields, or as an interval.');
  }
  const step = (f: string) => (f === '*/1' ? '*' : f.replace(/^\*\//, '0/'));
  const [minute, hour, dom, month, dow] = fields;
  if (dom !== '*' && dow !== '*') {
    at.fail(cadence.field, cadence.cron, 'restricts both the day of the month and the day of the week, which AWS schedules cannot', 'Restrict one of the two day fields and leave the other "*".');
  }
  if (dow !== '*' && !/^[0-7](,[0-7])*$/.test(dow)) {
    at.fail(cadence.field, cadence.cron, 'has a day-of-week field AWS schedules read differently', 'Give days of the week as numbers (0 or 7 = Sunday), separated by commas.');
  }
  const awsDow = dow === '*' ? '?' : dow.split(',').map((d) => String((Number(d) % 7) + 1)).join(',');
  const awsDom = dow === '*' ? step(dom) : '?';
  return `cron(${step(minute)} ${step(hour)} ${awsDom} ${step(month)} ${awsDow} *)`;
}

/** Checks a stated reason: non-empty text. */
export function requireReason(at: SpecPath, value: unknown): string {
  if (typeof value !== 'string' || value.trim() === '') {
    return at.fail('reason', value, 'is empty', 'Say why this objective is accepted and by whom; the DR runbook prints it.');
  }
  return value.trim();
}

function formatHours(d: Duration): string {
  const h = d.toHours();
  return Number.isInteger(h) ? String(h) : String(Number(h.toFixed(3)));
}

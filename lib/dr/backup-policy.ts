import { CronSchedule, cronForInterval, requireCron } from '../common/cron';
import { Duration, requirePositiveDuration } from '../common/duration';
import type { SpecPath } from '../common/errors';

/**
 * How backups are encrypted at rest.
 *
 * - `aws:kms`: a KMS key. The AWS Backup vaults of the Pulumi door always use the plan's customer-managed key
 *   (rotation on); for Velero and CloudNativePG, the bucket's server-side encryption with KMS
 *   (`kmsKeyId` on the BackupStorageLocation, `encryption: aws:kms` on the Barman object store).
 * - `AES256`: S3-managed keys (SSE-S3, AES-256).
 */
export type BackupEncryption = 'aws:kms' | 'AES256';

const ENCRYPTIONS: readonly BackupEncryption[] = ['aws:kms', 'AES256'];

/**
 * How often a data store is backed up, for how long backups are kept, and how they are protected.
 *
 * A policy is continuous (every change is kept: PostgreSQL WAL archiving, AWS Backup continuous backup), or
 * periodic at a cadence given as an interval (`every`, the cron is derived) or as a cron (`schedule`, whose
 * longest gap between runs is checked against the RPO). A continuous policy may also carry a cadence: AWS
 * Backup takes its snapshots and second-region copies at that cadence.
 */
export interface BackupPolicyProps {
  /**
   * Keep every change: satisfied by CloudNativePG's continuous WAL archiving (point-in-time recovery) or by
   * AWS Backup continuous backup (RDS, Aurora, S3, SAP HANA on EC2). Velero cannot.
   * @default false
   */
  readonly continuous?: boolean;
  /**
   * Periodic backups every this long; the cron is derived (intervals that divide an hour or a day, 1d, 7d).
   * @default - none; give `every` or `schedule` unless the policy is continuous
   */
  readonly every?: Duration;
  /**
   * Periodic backups on this five-field cron (UTC); its longest gap between runs counts against the RPO.
   * @default - none
   */
  readonly schedule?: string;
  /** How long each backup is kept. */
  readonly retention: Duration;
  /**
   * How backups are encrypted at rest. Required: an unencrypted backup is refused.
   * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/encryption.html
   */
  readonly encryption: BackupEncryption;
  /**
   * Copy every backup to the plan's secondary region (AWS Backup copy actions to a vault there), so a region
   * failover can restore it. Copies keep the stated retention.
   * @default false
   */
  readonly copyToSecondaryRegion?: boolean;
}

/** A checked cadence: the five-field cron and its longest gap. */
export interface BackupCadence {
  /** Five-field cron (UTC). */
  readonly cron: string;
  /** Longest time between two runs. */
  readonly maxGap: Duration;
  /** Shortest time between two runs. */
  readonly minGap: Duration;
  /** The interval, when the cadence was given as one. */
  readonly every?: Duration;
  /** How the user wrote it, for messages: `every (6h)` or `schedule ("0 *\/6 * * *")`. */
  readonly written: string;
  /** The field it was written in. */
  readonly field: string;
}

/** A checked backup policy. */
export interface BackupPolicyDefinition {
  /** Whether every change is kept. */
  readonly continuous: boolean;
  /** The periodic cadence, when given. */
  readonly cadence?: BackupCadence;
  /** Retention. */
  readonly retention: Duration;
  /** Encryption at rest. */
  readonly encryption: BackupEncryption;
  /** Whether backups are copied to the secondary region. */
  readonly copyToSecondaryRegion: boolean;
}

/** Checks a backup policy on its own; checks against the RPO and the mechanisms come with the plan. */
export function defineBackupPolicy(at: SpecPath, props: BackupPolicyProps): BackupPolicyDefinition {
  if (props === null || typeof props !== 'object') {
    return at.fail(undefined, props, 'is not a backup policy', 'Give { every | schedule | continuous, retention, encryption }.');
  }
  if (props.continuous !== undefined && typeof props.continuous !== 'boolean') {
    at.fail('continuous', props.continuous, 'is not true or false', 'Set continuous: true for WAL archiving or AWS continuous backup.');
  }
  const continuous = props.continuous === true;
  if (props.every !== undefined && props.schedule !== undefined) {
    at.fail('schedule', props.schedule, `is given together with every (${String(props.every)})`, 'Give the cadence once: as an interval (every) or as a cron (schedule).');
  }
  const cadence = props.every !== undefined ? cadenceFromInterval(at, 'every', props.every) : props.schedule !== undefined ? cadenceFromCron(at, 'schedule', props.schedule) : undefined;
  if (!continuous && !cadence) {
    at.fail(undefined, props, 'has no cadence', 'Give every (an interval such as Duration.hours(1)), schedule (a cron), or continuous: true.');
  }
  const retention = requirePositiveDuration(at, 'retention', props.retention);
  if (props.encryption === undefined || (props.encryption as unknown) === false) {
    at.fail('encryption', props.encryption, 'leaves backups unencrypted', `Encrypt backups at rest: give one of ${ENCRYPTIONS.map((e) => JSON.stringify(e)).join(', ')}.`);
  }
  if (!ENCRYPTIONS.includes(props.encryption)) {
    at.fail('encryption', props.encryption, 'is not a known encryption', `Give one of ${ENCRYPTIONS.map((e) => JSON.stringify(e)).join(', ')} ("AES-256" is "AES256": S3-managed AES-256 keys).`);
  }
  if (props.copyToSecondaryRegion !== undefined && typeof props.copyToSecondaryRegion !== 'boolean') {
    at.fail('copyToSecondaryRegion', props.copyToSecondaryRegion, 'is not true or false', 'Set copyToSecondaryRegion: true to copy backups to the secondary region.');
  }
  return { continuous, cadence, retention, encryption: props.encryption, copyToSecondaryRegion: props.copyToSecondaryRegion === true };
}

/** A cadence from an interval: the derived cron runs exactly every `every`. */
export function cadenceFromInterval(at: SpecPath, field: string, value: unknown): BackupCadence {
  const every = requirePositiveDuration(at, field, value);
  const cron = cronForInterval(every);
  if (cron === undefined) {
    return at.fail(
      field,
      every.toPrometheus(),
      'cannot be written as a cron that runs at exactly that interval',
      'Give an interval that divides an hour or a day (15m, 30m, 1h, 2h, 3h, 4h, 6h, 8h, 12h), 1d or 7d, or write the cron yourself in schedule.',
    );
  }
  return { cron, maxGap: every, minGap: every, every, written: `${field} (${every.toPrometheus()})`, field };
}

/** A cadence from a five-field cron. */
export function cadenceFromCron(at: SpecPath, field: string, value: unknown): BackupCadence {
  const parsed: CronSchedule = requireCron(at, field, value, 'standard');
  return { cron: parsed.expression, maxGap: parsed.maxGap, minGap: parsed.minGap, written: `${field} (${JSON.stringify(parsed.expression)}, up to ${parsed.maxGap.toPrometheus()} between runs)`, field };
}

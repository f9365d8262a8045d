import { CronSchedule, parseCron } from '../../common/cron';
import { Duration } from '../../common/duration';
import { asArray, asString, at } from './json';
import { DR_METADATA } from '../../dr/metadata';
import type { ObjectRef, ReviewedObject } from './objects';

export { DR_METADATA } from '../../dr/metadata';

/** A backup schedule: a Velero `Schedule` or a CloudNativePG `ScheduledBackup`. */
export interface BackupScheduleFact {
  /** The object. */
  readonly ref: ObjectRef;
  /** Engine. */
  readonly engine: 'velero' | 'cloudnative-pg';
  /** Namespaces whose data it backs up (`all` for Velero's `*` or an empty list). */
  readonly namespaces: readonly string[] | 'all';
  /** The DR plan it belongs to. */
  readonly plan?: string;
  /** Its schedule, or why it has none. */
  readonly schedule: CronSchedule | string;
  /** The RPO it states, or why it cannot be read; undefined when it states none. */
  readonly rpo?: Duration | string;
  /** Whether it says the store is backed up continuously between scheduled runs. */
  readonly continuous: boolean;
}

/** A CronJob that restores a backup to prove it. */
export interface RestoreDrillFact {
  /** The CronJob. */
  readonly ref: ObjectRef;
  /** The DR plan it drills. */
  readonly plan: string;
  /** Its schedule, or why it has none. */
  readonly schedule: CronSchedule | string;
  /** Whether it is suspended. */
  readonly suspended: boolean;
  /** The drill interval the plan states, or why it cannot be read; undefined when it states none. */
  readonly interval?: Duration | string;
}

/**
 * Backup schedules and restore drills.
 *
 * @see https://velero.io/docs/main/api-types/schedule/
 * @see https://cloudnative-pg.io/documentation/current/backup/#scheduled-backups
 */
export function readBackups(objects: readonly ReviewedObject[]): { readonly schedules: BackupScheduleFact[]; readonly drills: RestoreDrillFact[] } {
  const schedules: BackupScheduleFact[] = [];
  const drills: RestoreDrillFact[] = [];
  for (const o of objects) {
    const schedule = asString(at(o.manifest, 'spec', 'schedule'));
    const rpoText = o.annotations[DR_METADATA.rpo];
    const common = {
      ref: o.ref,
      ...(o.labels[DR_METADATA.plan] ? { plan: o.labels[DR_METADATA.plan] } : {}),
      ...(rpoText !== undefined ? { rpo: duration(rpoText) } : {}),
      continuous: o.annotations[DR_METADATA.backupPolicy] === 'continuous',
    };
    if (o.group === 'velero.io' && o.ref.kind === 'Schedule') {
      const included = asArray(at(o.manifest, 'spec', 'template', 'includedNamespaces')).filter((n): n is string => typeof n === 'string');
      const namespaces = included.length === 0 || included.includes('*') ? ('all' as const) : included;
      schedules.push({ ...common, engine: 'velero', namespaces, schedule: schedule ? parseCron(schedule) : 'has no spec.schedule' });
    } else if (o.group === 'postgresql.cnpg.io' && o.ref.kind === 'ScheduledBackup') {
      // CloudNativePG schedules have six fields, seconds first.
      schedules.push({ ...common, engine: 'cloudnative-pg', namespaces: [o.ref.namespace ?? ''], schedule: schedule ? parseCron(schedule, 'seconds') : 'has no spec.schedule' });
    } else if (o.group === 'batch' && o.ref.kind === 'CronJob' && o.labels[DR_METADATA.drill]) {
      const intervalText = o.annotations[DR_METADATA.drillInterval];
      drills.push({
        ref: o.ref,
        plan: o.labels[DR_METADATA.drill],
        schedule: schedule ? parseCron(schedule) : 'has no spec.schedule',
        suspended: at(o.manifest, 'spec', 'suspend') === true,
        ...(intervalText !== undefined ? { interval: duration(intervalText) } : {}),
      });
    }
  }
  return { schedules, drills };
}

function duration(text: string): Duration | string {
  try {
    const d = Duration.parse(text);
    return d.toMilliseconds() > 0 ? d : `${JSON.stringify(text)} is not a positive duration`;
  } catch {
    return `${JSON.stringify(text)} is not a duration such as 1h or 90d`;
  }
}

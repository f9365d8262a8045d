/**
 * What the disaster-recovery objects say about themselves beyond their upstream fields, so a review that
 * sees only the synthesized manifests (the readiness review, `sre-constructs review`) can check them: the
 * plan they belong to, the recovery point objective a backup schedule serves, whether the store is backed
 * up continuously (the schedule then only takes base backups), and the interval of the restore drill.
 */
export const DR_METADATA = {
  /** Label on backup schedules and on the restore-drill CronJob: the DR plan they belong to. */
  plan: 'sre-constructs.dev/dr-plan',
  /** Annotation on a backup schedule: the RPO it serves, as a duration (`1h`). */
  rpo: 'sre-constructs.dev/rpo',
  /** Annotation on a backup schedule: `continuous` when WAL archiving (or similar) meets the RPO between scheduled backups. */
  backupPolicy: 'sre-constructs.dev/backup-policy',
  /** Label on a CronJob that restores a backup to prove it (its value is the plan). */
  drill: 'sre-constructs.dev/dr-drill',
  /** Annotation on the drill CronJob: how often the plan says it is drilled (`90d`). */
  drillInterval: 'sre-constructs.dev/drill-interval',
} as const;

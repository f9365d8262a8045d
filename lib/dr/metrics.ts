/**
 * The series the disaster-recovery alerts read, by the exporters that publish them. Every name was checked
 * against the upstream source: Velero `pkg/metrics/metrics.go`, CloudNativePG
 * `pkg/management/postgres/webserver/metricserver/pg_collector.go` and `config/manager/default-monitoring.yaml`,
 * the Barman Cloud plugin `internal/cnpgi/instance/metrics.go`, kube-state-metrics `internal/store/cronjob.go`.
 */
export const DrMetrics = {
  /** Velero: completion time of the newest successful backup of a schedule (`schedule` label), recomputed from the Backup objects every minute. */
  VELERO_LAST_SUCCESS: 'velero_backup_last_successful_timestamp',
  /** Velero: how the newest backup of a schedule ended, 1 completed, 0 failed or partially failed; set when a backup ends. */
  VELERO_LAST_STATUS: 'velero_backup_last_status',
  /** CloudNativePG default query `pg_stat_archiver`, primary only: seconds since WAL was last archived, -1 when never. */
  CNPG_SECONDS_SINCE_ARCHIVAL: 'cnpg_pg_stat_archiver_seconds_since_last_archival',
  /** CloudNativePG default query: epoch of the last successful WAL archival, -1 when never. */
  CNPG_LAST_ARCHIVED: 'cnpg_pg_stat_archiver_last_archived_time',
  /** CloudNativePG default query: epoch of the last failed WAL archival, -1 when never. */
  CNPG_LAST_ARCHIVE_FAILURE: 'cnpg_pg_stat_archiver_last_failed_time',
  /** CloudNativePG instance manager: WAL segments in `pg_wal/archive_status`, by `value` ("ready" = waiting to be archived). */
  CNPG_WAL_ARCHIVE_STATUS: 'cnpg_collector_pg_wal_archive_status',
} as const;

/** Base-backup series of a CloudNativePG backup method: in-core (deprecated since 1.26, still emitted) or the Barman Cloud plugin. */
export interface BaseBackupMetrics {
  /** Time of the newest available base backup; 0 until the first one completes. */
  readonly lastAvailable: string;
  /** Time of the newest failed base backup; 0 when none failed. */
  readonly lastFailed: string;
}

/** `cnpg_collector_*`: in-core Barman Cloud and volume snapshots. */
export const CNPG_BASE_BACKUP_METRICS: BaseBackupMetrics = {
  lastAvailable: 'cnpg_collector_last_available_backup_timestamp',
  lastFailed: 'cnpg_collector_last_failed_backup_timestamp',
};

/** `barman_cloud_cloudnative_pg_io_*`: the Barman Cloud plugin (`barman-cloud.cloudnative-pg.io`). */
export const BARMAN_PLUGIN_BASE_BACKUP_METRICS: BaseBackupMetrics = {
  lastAvailable: 'barman_cloud_cloudnative_pg_io_last_available_backup_timestamp',
  lastFailed: 'barman_cloud_cloudnative_pg_io_last_failed_backup_timestamp',
};

/** kube-state-metrics CronJob series (`namespace`, `cronjob` labels). */
export const CronJobMetrics = {
  /** When a Job of the CronJob last completed successfully; absent until one has. */
  LAST_SUCCESSFUL_TIME: 'kube_cronjob_status_last_successful_time',
  /** When the CronJob was created. */
  CREATED: 'kube_cronjob_created',
} as const;

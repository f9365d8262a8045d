import { Duration } from '../common/duration';
import { escapeTemplateText, quotePromQLString } from '../common/promql';
import type { Severity } from '../alerting/severity';
import { linkAnnotations, literalLabels, sortKeys } from '../monitoring/alert-rules';
import type { AlertingRule } from '../rules/rule-types';
import { veleroScheduleName } from './backup-manifests';
import { spellDuration } from './format';
import type { DataStoreDefinition } from './data-store';
import type { FailoverProcedureDefinition } from './failover-procedure';
import { CronJobMetrics, DrMetrics } from './metrics';
import type { RestoreDrillDefinition } from './restore-drill';

/** Severities of the plan's alerts (each procedure's trigger alert has its own). */
export interface DrAlertSeverities {
  /** The newest backup is older than the RPO. */
  readonly stale: Severity;
  /** The newest backup failed; the next one may still make the RPO. */
  readonly failed: Severity;
  /** Nothing reports on the backups: their state is unknown, which is never taken as healthy. */
  readonly unknown: Severity;
}

/** What the alert renderers read from the plan. */
export interface DrAlertContext {
  /** Plan name. */
  readonly plan: string;
  /** Labels on every alert. */
  readonly labels: Readonly<Record<string, string>>;
  /** Severities. */
  readonly severities: DrAlertSeverities;
  /** How long a backup may take: a stale condition must hold this long before it fires. */
  readonly staleFor: Duration;
  /** DR runbook link (anchors are appended). */
  readonly runbookUrl?: string;
  /** The plan's RTO. */
  readonly rto: Duration;
}

/** Anchor of a section of the DR runbook (GitHub's heading slugs). */
export function runbookAnchor(kind: 'store' | 'procedure' | 'drill', name?: string): string {
  return kind === 'drill' ? 'restore-drill' : `${kind}-${name}`;
}

function link(ctx: DrAlertContext, anchor: string): Record<string, string> {
  return linkAnnotations(ctx.runbookUrl ? `${ctx.runbookUrl}#${anchor}` : undefined, undefined);
}

function rule(ctx: DrAlertContext, alert: string, expr: string, forDuration: Duration, severity: Severity, labels: Record<string, string>, annotations: Record<string, string>, anchor: string): AlertingRule {
  return {
    alert,
    expr,
    for: forDuration.toPrometheus(),
    labels: literalLabels({ ...ctx.labels, plan: ctx.plan, ...labels, ...severity.alertLabels() }),
    annotations: sortKeys({ ...annotations, ...link(ctx, anchor) }),
  };
}

const seconds = (d: Duration) => String(Math.round(d.toSeconds()));

/** Freshness, failure and unknown-state alerts of one store's Kubernetes backups. */
export function storeAlerts(ctx: DrAlertContext, store: DataStoreDefinition): AlertingRule[] {
  const anchor = runbookAnchor('store', store.name);
  const rules: AlertingRule[] = [];
  const rpo = store.rpo;
  if (store.volumes) {
    const schedule = veleroScheduleName(ctx.plan, store.name);
    const sel = (metric: string) => `${metric}{schedule=${quotePromQLString(schedule)}}`;
    const labels = { store: store.name, mechanism: 'velero', schedule };
    rules.push(
      rule(ctx, 'BackupStale', `time() - max by (schedule) (${sel(DrMetrics.VELERO_LAST_SUCCESS)}) > ${seconds(rpo)}`, ctx.staleFor, ctx.severities.stale, labels, {
        summary: `The newest Velero backup of store ${store.name} (plan ${ctx.plan}) is older than its RPO of ${rpo.toHumanString()}`,
        description: `The newest successful backup of Velero schedule ${schedule} finished {{ $value | humanizeDuration }} ago; the RPO is ${rpo.toHumanString()}. A disaster now would lose more data than the plan allows. Check the schedule's recent backups (velero backup get --selector velero.io/schedule-name=${schedule}) and the Velero server's logs.`,
      }, anchor),
      rule(ctx, 'BackupFailed', `max by (schedule) (${sel(DrMetrics.VELERO_LAST_STATUS)}) == 0`, Duration.minutes(5), ctx.severities.failed, labels, {
        summary: `The newest Velero backup of store ${store.name} (plan ${ctx.plan}) failed`,
        description: `The newest backup of Velero schedule ${schedule} failed or partially failed. The RPO is not missed yet; it is if the next backup fails too. Describe the backup (velero backup describe --details) and fix the cause before the next run.`,
      }, anchor),
      rule(ctx, 'BackupStatusUnknown', `absent(${sel(DrMetrics.VELERO_LAST_SUCCESS)})`, rpo, ctx.severities.unknown, labels, {
        summary: `Nothing reports a successful Velero backup of store ${store.name} (plan ${ctx.plan})`,
        description: `${DrMetrics.VELERO_LAST_SUCCESS} has had no series for schedule ${schedule} for ${rpo.toHumanString()}: no backup of it has ever succeeded, the Schedule is missing, or Velero is not scraped. Whether the RPO holds is unknown, which is not the same as healthy.`,
      }, anchor),
    );
  }
  if (store.postgres) {
    const p = store.postgres;
    const pods = `namespace=${quotePromQLString(p.namespace)}, pod=~${quotePromQLString(`${p.cluster}-[0-9]+`)}`;
    const labels = { store: store.name, mechanism: 'cloudnative-pg', cluster: p.cluster, namespace: p.namespace };
    const baseGap = store.policy.continuous ? p.baseBackups.maxGap : rpo;
    const baseWhy = store.policy.continuous
      ? `base backups are due every ${p.baseBackups.maxGap.toHumanString()}; recovery replays WAL from the newest one, so an old one makes recovery slow and may outlive the WAL kept`
      : `the RPO is ${rpo.toHumanString()} and nothing is archived between base backups`;
    const last = `max by (namespace) (${p.metrics.lastAvailable}{${pods}})`;
    rules.push(
      rule(ctx, 'BackupStale', `time() - ${last} > ${seconds(baseGap)}`, ctx.staleFor, ctx.severities.stale, labels, {
        summary: `The newest base backup of CloudNativePG cluster ${p.namespace}/${p.cluster} (store ${store.name}, plan ${ctx.plan}) is older than ${baseGap.toHumanString()}`,
        description: `The newest available base backup is {{ $value | humanizeDuration }} old (decades: none has completed yet); ${baseWhy}. Check the ScheduledBackup and the latest Backup objects (kubectl get backups --namespace ${p.namespace}).`,
      }, anchor),
      rule(ctx, 'BackupFailed', `max by (namespace) (${p.metrics.lastFailed}{${pods}}) > ${last}`, Duration.minutes(5), ctx.severities.failed, labels, {
        summary: `The newest base backup of CloudNativePG cluster ${p.namespace}/${p.cluster} (plan ${ctx.plan}) failed`,
        description: `A base backup failed after the newest available one. Describe the failed Backup object (kubectl get backups --namespace ${p.namespace}) and fix the cause before the next run.`,
      }, anchor),
      rule(ctx, 'BackupStatusUnknown', `absent(${p.metrics.lastAvailable}{${pods}})`, rpo, ctx.severities.unknown, labels, {
        summary: `Nothing reports the base backups of CloudNativePG cluster ${p.namespace}/${p.cluster} (plan ${ctx.plan})`,
        description: `${p.metrics.lastAvailable} has had no series for the cluster's instances for ${rpo.toHumanString()}: the instances are down or not scraped (PodMonitor), or the backup method reports elsewhere. Whether backups run is unknown, which is not the same as healthy.`,
      }, anchor),
    );
    if (store.policy.continuous) {
      const wal = { ...labels, mechanism: 'wal-archive' };
      const since = `max by (namespace, pod) (${DrMetrics.CNPG_SECONDS_SINCE_ARCHIVAL}{${pods}})`;
      const ready = `max by (namespace, pod) (${DrMetrics.CNPG_WAL_ARCHIVE_STATUS}{${pods}, value="ready"})`;
      rules.push(
        // WAL waiting to be archived while the last archival is older than the RPO: changes past the RPO exist
        // only on the primary. An idle database archives nothing and has nothing waiting, so it stays quiet.
        rule(ctx, 'WalArchivingStalled', `(${since} > ${seconds(rpo)} or ${since} < 0)\nand on (namespace, pod)\n${ready} > 0`, ctx.staleFor, ctx.severities.stale, wal, {
          summary: `WAL of CloudNativePG cluster ${p.namespace}/${p.cluster} (store ${store.name}, plan ${ctx.plan}) has not been archived for longer than the RPO`,
          description: `WAL segments are waiting on {{ $labels.pod }} and the last successful archival was {{ $value | humanizeDuration }} ago (negative: never); the RPO is ${rpo.toHumanString()}. Changes since then exist only on the primary. Check the archiver (kubectl cnpg status ${p.cluster} --namespace ${p.namespace}) and the object store's credentials.`,
        }, anchor),
        rule(ctx, 'WalArchivingFailing', `max by (namespace, pod) (${DrMetrics.CNPG_LAST_ARCHIVE_FAILURE}{${pods}}) > max by (namespace, pod) (${DrMetrics.CNPG_LAST_ARCHIVED}{${pods}})`, Duration.minutes(5), ctx.severities.failed, wal, {
          summary: `WAL archiving of CloudNativePG cluster ${p.namespace}/${p.cluster} (plan ${ctx.plan}) is failing`,
          description: `The last WAL archival attempt on {{ $labels.pod }} failed after the last success. Point-in-time recovery stops at the last archived segment until it works again.`,
        }, anchor),
        rule(ctx, 'BackupStatusUnknown', `absent(${DrMetrics.CNPG_SECONDS_SINCE_ARCHIVAL}{${pods}})`, rpo, ctx.severities.unknown, wal, {
          summary: `Nothing reports WAL archiving of CloudNativePG cluster ${p.namespace}/${p.cluster} (plan ${ctx.plan})`,
          description: `${DrMetrics.CNPG_SECONDS_SINCE_ARCHIVAL} (CloudNativePG's default pg_stat_archiver query, from the primary) has had no series for ${rpo.toHumanString()}: no primary is up or scraped, or the default monitoring queries are off. Whether WAL is archived is unknown, which is not the same as healthy.`,
        }, anchor),
      );
    }
  }
  return rules;
}

/** Alerts that the restore drill has not passed within its interval, or that nothing reports on it. */
export function drillAlerts(ctx: DrAlertContext, drill: RestoreDrillDefinition): AlertingRule[] {
  const sel = (metric: string) => `${metric}{namespace=${quotePromQLString(drill.scratchNamespace)}, cronjob=${quotePromQLString(drill.name)}}`;
  const allowed = Duration.millis(drill.cadence.maxGap.toMilliseconds() + drill.timeout.toMilliseconds());
  // The namespace comes from the series (the scratch namespace) unless the plan's labels set one for routing.
  const labels = { cronjob: drill.name };
  const anchor = runbookAnchor('drill');
  return [
    rule(
      ctx,
      'RestoreDrillOverdue',
      [
        `time() - max by (namespace, cronjob) (${sel(CronJobMetrics.LAST_SUCCESSFUL_TIME)}) > ${seconds(allowed)}`,
        'or',
        `(time() - max by (namespace, cronjob) (${sel(CronJobMetrics.CREATED)}) > ${seconds(allowed)})`,
        `unless on (namespace, cronjob) ${sel(CronJobMetrics.LAST_SUCCESSFUL_TIME)}`,
      ].join('\n'),
      Duration.hours(1),
      drill.severity,
      labels,
      {
        summary: `The restore drill of plan ${ctx.plan} has not passed within its interval`,
        description: `No run of CronJob ${drill.scratchNamespace}/${drill.name} has succeeded for {{ $value | humanizeDuration }} (it runs up to ${spellDuration(drill.cadence.maxGap)} apart and may take ${spellDuration(drill.timeout)}). Until one passes, nobody knows the backups restore. Read the last Job's log and run it again (kubectl create job --from=cronjob/${drill.name} --namespace ${drill.scratchNamespace}).`,
      },
      anchor,
    ),
    rule(ctx, 'RestoreDrillStatusUnknown', `absent(${sel(CronJobMetrics.CREATED)})`, Duration.hours(1), drill.severity, labels, {
      summary: `Nothing reports on the restore drill of plan ${ctx.plan}`,
      description: `kube-state-metrics reports no CronJob ${drill.scratchNamespace}/${drill.name}: it was deleted, or kube-state-metrics is not scraped. Whether drills pass is unknown, which is not the same as healthy.`,
    }, anchor),
  ];
}

/** The alert that a procedure is due: its trigger expression held for its delay. */
export function procedureAlert(ctx: DrAlertContext, p: FailoverProcedureDefinition): AlertingRule | undefined {
  if (!p.trigger.expr) return undefined;
  const action =
    p.automation === 'automatic'
      ? 'It runs on its own: check that it did and that the service is back.'
      : p.automation === 'semi-automatic'
        ? 'Start it now with the runbook\'s first step.'
        : `Whether to fail over is for ${escapeTemplateText(p.approver!)} to decide; the runbook says how, and nothing moves until a person acts.`;
  return rule(ctx, 'FailoverTriggered', p.trigger.expr, p.trigger.after, p.severity, { procedure: p.name, kind: p.kind, automation: p.automation }, {
    summary: `Failover procedure ${p.name} of plan ${ctx.plan} is due: ${escapeTemplateText(p.trigger.description)}`,
    description: `The trigger has held for ${p.trigger.after.toHumanString()}: ${escapeTemplateText(p.trigger.description)}. ${action} Recovery takes about ${spellDuration(p.recoveryTime)} from the start of the outage, against an RTO of ${spellDuration(ctx.rto)}.`,
  }, runbookAnchor('procedure', p.name));
}

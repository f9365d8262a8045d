import { DR_METADATA } from '../model/backups';
import { CHECKLIST } from '../checklist';
import type { ReadinessFinding, ReadinessRule } from '../rule';
import { serviceSubject } from './support';

/** SRE-OPS-005: every service with SLOs is backed up, within the RPO its backups state. */
export const DR_PLAN: ReadinessRule = {
  id: 'SRE-OPS-005',
  title: 'Every service with SLOs is backed up, at least as often as its RPO',
  checklist: CHECKLIST.disasterRecovery,
  level: 'error',
  description:
    'A Velero Schedule including the service\'s namespace, or a CloudNativePG ScheduledBackup in it, covers each namespace the service runs in. ' +
    `Each backup schedule states the RPO it serves (annotation ${DR_METADATA.rpo}) and its longest gap between runs is within it, ` +
    `unless it says the store is backed up continuously between runs (annotation ${DR_METADATA.backupPolicy}: continuous, e.g. WAL archiving).`,
  check: ({ model }): ReadinessFinding[] => {
    const out: ReadinessFinding[] = [];
    for (const s of model.sloServices()) {
      const uncovered = s.namespaces.filter((ns) => !model.backupSchedules.some((b) => b.namespaces === 'all' || b.namespaces.includes(ns)));
      if (uncovered.length > 0) {
        out.push({
          object: s.ref,
          subject: serviceSubject(s.name),
          problem: `no backup schedule of the tree covers namespace ${uncovered.join(', ')}, so there is no disaster-recovery plan for its data`,
          fix: 'Add a DisasterRecoveryPlan for its stores (Velero Schedules, CloudNativePG ScheduledBackups), or acknowledge that it keeps no state.',
        });
      }
    }
    for (const b of model.backupSchedules) {
      const finding = (problem: string, fix: string) => out.push({ object: b.ref, problem, fix });
      if (typeof b.schedule === 'string') {
        finding(`its schedule ${b.schedule}`, 'Give it a valid cron schedule.');
        continue;
      }
      if (b.rpo === undefined) {
        finding(`it does not state the RPO it serves (annotation ${DR_METADATA.rpo}), so nobody can tell whether it runs often enough`, `Annotate it ${DR_METADATA.rpo}: <the plan's RPO>, e.g. "1h".`);
      } else if (typeof b.rpo === 'string') {
        finding(`its ${DR_METADATA.rpo} annotation ${b.rpo}`, 'Write the RPO as a duration such as 1h.');
      } else if (!b.continuous && b.schedule.maxGap.toMilliseconds() > b.rpo.toMilliseconds()) {
        finding(
          `its schedule (${b.schedule.expression}) leaves up to ${b.schedule.maxGap.toHumanString()} between backups, more than its RPO of ${b.rpo.toHumanString()}: a failure just before a run loses more data than the plan allows`,
          `Back up at least every ${b.rpo.toHumanString()}, or back the store up continuously and say so (${DR_METADATA.backupPolicy}: continuous).`,
        );
      }
    }
    return out;
  },
};

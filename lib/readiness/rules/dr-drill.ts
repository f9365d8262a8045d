import { Duration } from '../../common/duration';
import { DR_METADATA } from '../model/backups';
import { CHECKLIST } from '../checklist';
import type { ReadinessFinding, ReadinessRule } from '../rule';

/** SRE-QC-007: every DR plan is drilled (a restore is proven) on a schedule, at least quarterly. */
export const DR_DRILL: ReadinessRule = {
  id: 'SRE-QC-007',
  title: 'Every backup is restored in a drill, at least as often as the plan says and at least quarterly',
  checklist: CHECKLIST.drQuarterly,
  level: 'error',
  within: Duration.days(92),
  description:
    `Each backup schedule belongs to a plan (label ${DR_METADATA.plan}), and a CronJob labelled ${DR_METADATA.drill} with that plan restores it, not suspended, ` +
    `with no gap between runs longer than the plan's drill interval (annotation ${DR_METADATA.drillInterval}) nor than the rule's limit (a quarter by default).`,
  check: ({ model, within }): ReadinessFinding[] => {
    const limit = within ?? Duration.days(92);
    const out: ReadinessFinding[] = [];
    const plans = new Set<string>();
    for (const b of model.backupSchedules) {
      if (!b.plan) {
        out.push({
          object: b.ref,
          problem: `it belongs to no DR plan (label ${DR_METADATA.plan}), so no drill can be tied to it`,
          fix: `Label it ${DR_METADATA.plan}: <plan>, and its restore drill ${DR_METADATA.drill}: <plan>.`,
        });
      } else if (!plans.has(b.plan)) {
        plans.add(b.plan);
        if (!model.restoreDrills.some((d) => d.plan === b.plan)) {
          out.push({
            object: b.ref,
            subject: `plan ${b.plan}`,
            problem: 'no CronJob of the tree drills a restore of its backups, so nobody knows they can be restored',
            fix: `Add the plan's restore drill: a CronJob labelled ${DR_METADATA.drill}: ${b.plan} that restores the latest backup into a scratch namespace.`,
          });
        }
      }
    }
    for (const d of model.restoreDrills) {
      const finding = (problem: string, fix: string) => out.push({ object: d.ref, subject: `plan ${d.plan}`, problem, fix });
      if (typeof d.schedule === 'string') {
        finding(`its schedule ${d.schedule}`, 'Give it a valid cron schedule.');
        continue;
      }
      if (d.suspended) finding('it is suspended, so the drill never runs', 'Resume it (spec.suspend: false), or acknowledge why drills are paused.');
      if (typeof d.interval === 'string') finding(`its ${DR_METADATA.drillInterval} annotation ${d.interval}`, 'Write the interval as a duration such as 90d.');
      const allowed = d.interval instanceof Duration && d.interval.toMilliseconds() < limit.toMilliseconds() ? d.interval : limit;
      if (d.schedule.maxGap.toMilliseconds() > allowed.toMilliseconds()) {
        finding(
          `its schedule (${d.schedule.expression}) leaves up to ${d.schedule.maxGap.toHumanString()} between drills, more than ${allowed === limit ? `the ${limit.toHumanString()} allowed` : `the plan's interval of ${allowed.toHumanString()}`}`,
          `Drill at least every ${allowed.toHumanString()}.`,
        );
      }
    }
    return out;
  },
};

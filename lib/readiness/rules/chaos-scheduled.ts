import { Duration } from '../../common/duration';
import { CHECKLIST } from '../checklist';
import type { ReadinessFinding, ReadinessRule } from '../rule';
import { serviceSubject } from './support';

/** SRE-QC-006: every service with SLOs has a chaos experiment that runs regularly and aborts when it hurts. */
export const CHAOS_SCHEDULED: ReadinessRule = {
  id: 'SRE-QC-006',
  title: 'Every service with SLOs has a chaos experiment that runs regularly and can abort',
  checklist: CHECKLIST.chaos,
  level: 'error',
  within: Duration.days(31),
  description:
    'A Chaos Mesh Schedule, or a Litmus ChaosEngine with the CronJob that starts it, is for the service (its sre-constructs.dev/service label, or the app.kubernetes.io/name it targets). ' +
    'It is not paused, no gap between its runs is longer than the limit (a month by default), and a check stops the fault while it is in ' +
    '(a Continuous status check that aborts the workflow, a probe with stopOnFailure).',
  check: ({ model, within }): ReadinessFinding[] => {
    const limit = within ?? Duration.days(31);
    const out: ReadinessFinding[] = [];
    for (const s of model.sloServices()) {
      const experiments = model.chaos.filter((c) => c.service === s.name);
      if (experiments.length === 0) {
        out.push({
          object: s.ref,
          subject: serviceSubject(s.name),
          problem: 'no chaos experiment is scheduled for it, so its failure modes are found in production',
          fix: 'Add a ChaosSchedule for it (start with a pod kill in staging, weekly), or acknowledge why not yet.',
        });
        continue;
      }
      for (const c of experiments) {
        const finding = (problem: string, fix: string) => out.push({ object: c.ref, subject: serviceSubject(s.name), problem, fix });
        if (typeof c.schedule === 'string') finding(`it ${c.schedule}`, 'Give it a schedule.');
        else if (c.schedule.maxGap.toMilliseconds() > limit.toMilliseconds()) {
          finding(`its schedule (${c.schedule.expression}) leaves up to ${c.schedule.maxGap.toHumanString()} between runs, more than the ${limit.toHumanString()} allowed`, `Run it at least every ${limit.toHumanString()}.`);
        }
        if (c.paused) finding(`it is paused: ${c.paused}`, 'Resume it once the reason is gone, or acknowledge the pause with its reason.');
        if (!c.abortsDuringRun) {
          finding(
            'nothing stops the fault while it is in: no Continuous status check aborts the workflow, no probe stops on failure',
            'Give it abort conditions (ChaosSchedule abortUnless), checked while the fault is in.',
          );
        }
      }
    }
    return out;
  },
};

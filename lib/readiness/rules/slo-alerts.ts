import { readsBudget } from '../model/prometheus';
import { CHECKLIST } from '../checklist';
import type { ReadinessFinding, ReadinessRule } from '../rule';
import { sloSubject } from './support';

/** SRE-OBS-005: every SLO has a paging alert and a ticket alert on its error budget. */
export const SLO_ALERTS: ReadinessRule = {
  id: 'SRE-OBS-005',
  title: 'Every SLO has a paging alert and a ticket alert on its error budget',
  checklist: CHECKLIST.alertsWithRunbooks,
  level: 'error',
  description:
    'An alert belongs to an SLO when it carries its service and slo labels and reads one of its budget series (error ratio, burn rate, budget left). ' +
    'At least one pages (sev SEV1 or SEV2, or without sev, severity critical) for a fast burn, and at least one does not (a ticket) for a slow one.',
  check: ({ model }) =>
    model.slos.flatMap((s): ReadinessFinding[] => {
      const own = model.alerts.filter((a) => a.knownLabels.service === s.service && a.knownLabels.slo === s.slo && readsBudget(a.expr));
      const where = { object: s.object, subject: sloSubject(s.service, s.slo) };
      const out: ReadinessFinding[] = [];
      if (!own.some((a) => a.paging)) {
        out.push({
          ...where,
          problem: own.length === 0 ? 'no alert watches its error budget' : 'no alert on its error budget pages anyone, so a fast burn waits for office hours',
          fix: 'Give it a paging burn-rate tier (BurnRateTiers.sreWorkbook() has two), or acknowledge why it should never page.',
        });
      }
      if (!own.some((a) => !a.paging)) {
        out.push({
          ...where,
          problem: own.length === 0 ? 'no alert opens a ticket on a slow burn either' : 'no alert on its error budget opens a ticket, so a slow burn that never pages goes unseen',
          fix: 'Give it a ticket tier (page: false), e.g. 10% of the budget in 3 days.',
        });
      }
      return out;
    }),
};

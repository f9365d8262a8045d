import { SloMetrics } from '../../slo/metrics';
import { CHECKLIST } from '../checklist';
import type { ReadinessFinding, ReadinessRule } from '../rule';
import { sloSubject } from './support';

/** SRE-REL-002: every SLO records how much of its error budget is left. */
export const BUDGET_TRACKED: ReadinessRule = {
  id: 'SRE-REL-002',
  title: 'Every SLO tracks its error budget',
  checklist: CHECKLIST.errorBudgetTracking,
  level: 'error',
  description: `Every SLO records ${SloMetrics.ERROR_BUDGET_REMAINING} (the share of the period's budget left) for its service and slo: what dashboards, gates and chaos guards read.`,
  check: ({ model }) =>
    model.slos
      .filter((s) => !s.recordsBudget)
      .map(
        (s): ReadinessFinding => ({
          object: s.object,
          subject: sloSubject(s.service, s.slo),
          problem: `it does not record ${SloMetrics.ERROR_BUDGET_REMAINING}, so nobody can see how much of its budget is left`,
          fix: 'Record the SLO with an SloService, which records the budget left with the rest.',
        }),
      ),
};

import { CHECKLIST } from '../checklist';
import { SERVICE_LABEL } from '../model/workloads';
import type { ReadinessFinding, ReadinessRule } from '../rule';
import { serviceSubject } from './support';

/** SRE-QC-002: every service with SLOs has its error budget enforced by a deploy gate. */
export const BUDGET_ENFORCED: ReadinessRule = {
  id: 'SRE-QC-002',
  title: 'Every service with SLOs has its error budget enforced at deploy time',
  checklist: CHECKLIST.budgetsEnforced,
  level: 'error',
  description:
    'An Argo Rollouts AnalysisTemplate (or ClusterAnalysisTemplate) or a Flagger MetricTemplate reads the service\'s budget series (error ratio, burn rate, budget left), ' +
    'directly or through series recorded from them (an ErrorBudgetPolicy\'s verdict), ' +
    `with a literal service matcher, or carries its ${SERVICE_LABEL} label: a release stops when the budget is spent.`,
  check: ({ model }) =>
    model
      .sloServices()
      .filter((s) => !model.budgetGates.some((g) => g.services.includes(s.name)))
      .map(
        (s): ReadinessFinding => ({
          object: s.ref,
          subject: serviceSubject(s.name),
          problem: 'no deploy gate reads its error budget, so releases go on when the budget is spent',
          fix: 'Attach an ErrorBudgetPolicy to its SloService (an AnalysisTemplate or MetricTemplate that fails a canary when the budget is gone), or acknowledge how the budget is enforced.',
        }),
      ),
};

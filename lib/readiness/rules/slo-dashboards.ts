import { dashboardShowsSlo } from '../model/dashboards';
import { CHECKLIST } from '../checklist';
import type { ReadinessFinding, ReadinessRule } from '../rule';
import { sloSubject } from './support';

/** SRE-OBS-004: every SLO is shown on a dashboard of the tree. */
export const SLO_DASHBOARDS: ReadinessRule = {
  id: 'SRE-OBS-004',
  title: 'Every SLO is shown on a dashboard',
  checklist: CHECKLIST.dashboards,
  level: 'error',
  description:
    'A Grafana dashboard of the tree (in a ConfigMap for the sidecar, or a GrafanaDashboard) has a query on one of the SLO\'s budget series (error ratio, burn rate, budget left) ' +
    'selecting its service, and its SLO or all of the service\'s; a matcher on a dashboard variable counts.',
  check: ({ model }) =>
    model.slos
      .filter((s) => !model.dashboards.some((d) => dashboardShowsSlo(d, s.service, s.slo)))
      .map(
        (s): ReadinessFinding => ({
          object: s.object,
          subject: sloSubject(s.service, s.slo),
          problem: model.dashboards.length === 0 ? 'the tree has no dashboard at all' : 'no dashboard of the tree shows its error budget or burn rate',
          fix: 'Add an SloDashboard for the service (it shows every SLO, its budget and its burn rates).',
        }),
      ),
};

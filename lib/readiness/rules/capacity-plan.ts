import { CHECKLIST } from '../checklist';
import type { ReadinessFinding, ReadinessRule } from '../rule';
import { serviceSubject } from './support';

const FORECAST = /\bpredict_linear\s*\(/;

/** SRE-CAP-002: every service with SLOs has a capacity plan that warns before it runs out. */
export const CAPACITY_PLAN: ReadinessRule = {
  id: 'SRE-CAP-002',
  title: 'Every service with SLOs has a capacity plan that warns before a resource runs out',
  checklist: CHECKLIST.capacityPlanning,
  level: 'error',
  description:
    'A capacity plan shows in the rules as forecast alerts: an alert carrying the service\'s service label whose expression extrapolates a trend with predict_linear ' +
    '("at the trend of the last days, this runs out within the horizon, margin included"), as a CapacityPlan emits.',
  check: ({ model }) =>
    model
      .sloServices()
      .filter((s) => !model.alerts.some((a) => a.knownLabels.service === s.name && FORECAST.test(a.expr)))
      .map(
        (s): ReadinessFinding => ({
          object: s.ref,
          subject: serviceSubject(s.name),
          problem: 'no forecast alert (predict_linear) watches its resources, so it runs out of capacity without warning',
          fix: 'Add a CapacityPlan for its CPU, memory, volumes and connections, or acknowledge where capacity is planned.',
        }),
      ),
};

import { CHECKLIST } from '../checklist';
import type { ReadinessFinding, ReadinessRule } from '../rule';
import { serviceSubject } from './support';

/** SRE-QC-001: every service of the tree has SLOs. */
export const SERVICES_HAVE_SLOS: ReadinessRule = {
  id: 'SRE-QC-001',
  title: 'Every service has SLOs',
  checklist: CHECKLIST.criticalServicesHaveSlos,
  level: 'error',
  description:
    'Every service the tree runs or monitors (a workload, RED recordings, a chaos experiment) records at least one SLO (slo:objective:ratio with its service label). ' +
    'A service that is not critical can be acknowledged, with the reason.',
  check: ({ model }) =>
    model.services
      .filter((s) => s.slos.length === 0)
      .map(
        (s): ReadinessFinding => ({
          object: s.ref,
          subject: serviceSubject(s.name),
          problem: 'it has no SLO, so nobody knows how reliable it is meant to be or when to stop shipping',
          fix: `Declare an SloService for ${s.name} (availability and latency SLOs at the least).`,
        }),
      ),
};

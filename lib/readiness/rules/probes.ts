import { CHECKLIST } from '../checklist';
import type { ReadinessFinding, ReadinessRule } from '../rule';

/** SRE-ARC-006: every container of a workload has a readiness and a liveness probe. */
export const PROBES: ReadinessRule = {
  id: 'SRE-ARC-006',
  title: 'Every container has a readiness probe and a liveness probe',
  checklist: CHECKLIST.gracefulDegradation,
  level: 'error',
  description:
    'Readiness takes a pod that cannot serve out of its Service instead of sending it requests; liveness restarts a pod that is stuck. ' +
    'Every container of every Deployment and StatefulSet has both (init containers run to completion and have neither).',
  check: ({ model }) =>
    model.workloads.workloads.flatMap((w) =>
      w.containers
        .filter((c) => !c.init && (!c.readiness || !c.liveness))
        .map((c): ReadinessFinding => {
          const missing = [!c.readiness ? 'readiness' : undefined, !c.liveness ? 'liveness' : undefined].filter((m): m is string => !!m);
          return {
            object: w.ref,
            subject: `container ${c.name}`,
            problem: `it has no ${missing.join(' and no ')} probe`,
            fix: 'Add a readinessProbe (fails while the container cannot serve) and a livenessProbe (fails only when it is stuck, with a longer threshold than readiness).',
          };
        }),
    ),
};

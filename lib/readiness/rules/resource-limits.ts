import { CHECKLIST } from '../checklist';
import type { ReadinessFinding, ReadinessRule } from '../rule';
import { joinAnd } from './support';

/** SRE-CAP-004: every container requests CPU and memory and limits its memory. */
export const RESOURCE_LIMITS: ReadinessRule = {
  id: 'SRE-CAP-004',
  title: 'Every container requests CPU and memory and has a memory limit',
  checklist: CHECKLIST.resourceLimits,
  level: 'error',
  description:
    'Requests let the scheduler place the pod and the autoscaler measure it; a memory limit stops one leaking container from starving its node. ' +
    'A CPU limit is not required: it throttles a container even when the node has CPU to spare (set one where a tenant must be capped).',
  check: ({ model }) =>
    model.workloads.workloads.flatMap((w) =>
      w.containers.flatMap((c): ReadinessFinding[] => {
        const missing = [
          c.requests.cpu ? undefined : 'CPU request',
          c.requests.memory ? undefined : 'memory request',
          c.limits.memory ? undefined : 'memory limit',
        ].filter((m): m is string => !!m);
        return missing.length === 0
          ? []
          : [
              {
                object: w.ref,
                subject: `${c.init ? 'init container' : 'container'} ${c.name}`,
                problem: `it has no ${joinAnd(missing)}`,
                fix: 'Set resources.requests.cpu and resources.requests.memory from what it uses under load, and resources.limits.memory (equal to the request for a predictable pod).',
              },
            ];
      }),
    ),
};

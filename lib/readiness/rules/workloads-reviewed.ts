import { CHECKLIST } from '../checklist';
import type { ReadinessFinding, ReadinessRule } from '../rule';
import { serviceSubject } from './support';

/** SRE-ARC-003: every service with SLOs has its workloads in the reviewed tree. */
export const WORKLOADS_REVIEWED: ReadinessRule = {
  id: 'SRE-ARC-003',
  title: 'Every service with SLOs has its workloads in the reviewed tree',
  checklist: CHECKLIST.singlePointsOfFailure,
  level: 'error',
  description:
    'A service is tied to its Deployments and StatefulSets by their sre-constructs.dev/service label, else app.kubernetes.io/name (on the object, then on its pods), else their name. ' +
    'Without a workload in the tree, its replicas, disruption budget, probes, limits, network policy and tracing cannot be reviewed: that is a gap, not a pass.',
  check: ({ model }) =>
    model.sloServices().flatMap((s): ReadinessFinding[] =>
      s.workloads.length > 0
        ? []
        : [
            {
              object: s.ref,
              subject: serviceSubject(s.name),
              problem: 'it has SLOs but no Deployment or StatefulSet of it is in the tree, so its replicas, disruption budget, probes, limits, network policy and tracing cannot be reviewed',
              fix: `Declare its workload in the same tree, labelled sre-constructs.dev/service: ${s.name} (or app.kubernetes.io/name), or acknowledge where the workload is reviewed.`,
            },
          ],
    ),
};

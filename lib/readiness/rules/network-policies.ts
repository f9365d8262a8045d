import { ingressPoliciesFor } from '../model/workloads';
import { CHECKLIST } from '../checklist';
import type { ReadinessFinding, ReadinessRule } from '../rule';

/** SRE-SEC-003: every workload's ingress is restricted by a NetworkPolicy. */
export const NETWORK_POLICIES: ReadinessRule = {
  id: 'SRE-SEC-003',
  title: 'Every workload is behind a NetworkPolicy that restricts who may connect',
  checklist: CHECKLIST.networkPolicies,
  level: 'error',
  description:
    'A NetworkPolicy in the workload\'s namespace selects its pods for ingress (policyTypes with Ingress, or none given), and no policy selecting them lets every source in (an empty ingress rule). ' +
    'Policies add up, so one allow-all rule opens the pods whatever the others say.',
  check: ({ model }) =>
    model.workloads.workloads.flatMap((w): ReadinessFinding[] => {
      const policies = ingressPoliciesFor(w, model.workloads.networkPolicies);
      if (policies.length === 0) {
        return [
          {
            object: w.ref,
            problem: 'no NetworkPolicy selects its pods, so anything in the cluster can connect to them',
            fix: 'Add a NetworkPolicy selecting its pods that allows ingress only from the callers and from Prometheus on the metrics port.',
          },
        ];
      }
      return policies
        .filter((p) => p.allowsAllIngress)
        .map((p) => ({
          object: p.ref,
          subject: `for ${w.ref.kind} ${w.ref.name}`,
          problem: 'it has an empty ingress rule, which lets every source in on every port',
          fix: 'Name the sources (podSelector, namespaceSelector) and ports in each ingress rule.',
        }));
    }),
};

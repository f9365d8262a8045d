import { SINGLE_REPLICA_REASON } from '../model/workloads';
import { CHECKLIST } from '../checklist';
import type { ReadinessFinding, ReadinessRule } from '../rule';

/** SRE-ARC-004: every workload runs more than one replica, or says why not. */
export const REPLICAS: ReadinessRule = {
  id: 'SRE-ARC-004',
  title: 'Every workload runs more than one replica, or states why it cannot',
  checklist: CHECKLIST.singlePointsOfFailure,
  level: 'error',
  description:
    `A Deployment or StatefulSet with one replica (Kubernetes' default when spec.replicas is unset) is a single point of failure: a node drain or a crash takes the service down. ` +
    `A HorizontalPodAutoscaler with minReplicas of 2 or more counts; so does a reason in the ${SINGLE_REPLICA_REASON} annotation.`,
  check: ({ model }) =>
    model.workloads.workloads.flatMap((w): ReadinessFinding[] => {
      const hpa = model.workloads.autoscalers.find((a) => a.namespace === w.namespace && a.target.kind === w.ref.kind && a.target.name === w.ref.name);
      const replicas = hpa ? hpa.minReplicas : w.replicas;
      if (replicas > 1 || (w.annotations[SINGLE_REPLICA_REASON] ?? '').trim() !== '') return [];
      const why = hpa
        ? `its HorizontalPodAutoscaler ${hpa.ref.name} lets it scale down to ${replicas} replica`
        : `it runs ${replicas} replica${w.replicasDefaulted ? ' (spec.replicas is unset, and 1 is the default)' : ''}`;
      return [
        {
          object: w.ref,
          problem: `${why}, a single point of failure`,
          fix: `Run at least 2 replicas (3 across zones for a critical service), or say why it cannot in the annotation ${SINGLE_REPLICA_REASON}.`,
        },
      ];
    }),
};

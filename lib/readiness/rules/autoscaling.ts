import { CHECKLIST } from '../checklist';
import type { ReadinessFinding, ReadinessRule } from '../rule';

/** SRE-CAP-003: every workload is scaled by a HorizontalPodAutoscaler. */
export const AUTOSCALING: ReadinessRule = {
  id: 'SRE-CAP-003',
  title: 'Every workload scales with its load',
  checklist: CHECKLIST.autoScaling,
  level: 'warning',
  description: 'A HorizontalPodAutoscaler in the workload\'s namespace targets it (scaleTargetRef kind and name), with maxReplicas above minReplicas.',
  check: ({ model }) =>
    model.workloads.workloads.flatMap((w): ReadinessFinding[] => {
      const hpa = model.workloads.autoscalers.find((a) => a.namespace === w.namespace && a.target.kind === w.ref.kind && a.target.name === w.ref.name);
      if (!hpa) {
        return [
          {
            object: w.ref,
            problem: 'no HorizontalPodAutoscaler targets it, so it cannot follow its load',
            fix: 'Add a HorizontalPodAutoscaler (autoscaling/v2) for it, or acknowledge why its size is fixed.',
          },
        ];
      }
      if (hpa.maxReplicas !== undefined && hpa.maxReplicas <= hpa.minReplicas) {
        return [
          {
            object: hpa.ref,
            subject: `for ${w.ref.kind} ${w.ref.name}`,
            problem: `maxReplicas (${hpa.maxReplicas}) is not above minReplicas (${hpa.minReplicas}), so it never scales`,
            fix: 'Give it room to scale: maxReplicas above minReplicas.',
          },
        ];
      }
      return [];
    }),
};

import { budgetsFor } from '../model/workloads';
import { CHECKLIST } from '../checklist';
import type { ReadinessFinding, ReadinessRule } from '../rule';

/** SRE-ARC-005: every workload has one PodDisruptionBudget that allows a voluntary disruption. */
export const DISRUPTION_BUDGET: ReadinessRule = {
  id: 'SRE-ARC-005',
  title: 'Every workload has a PodDisruptionBudget that still lets a node drain',
  checklist: CHECKLIST.singlePointsOfFailure,
  level: 'error',
  description:
    'Exactly one PodDisruptionBudget in the workload\'s namespace selects its pods, so a node drain or an upgrade cannot take all of them at once; ' +
    'and it allows at least one disruption (minAvailable below the replicas, maxUnavailable above 0), or drains hang until someone deletes it.',
  check: ({ model }) =>
    model.workloads.workloads.flatMap((w): ReadinessFinding[] => {
      const budgets = budgetsFor(w, model.workloads.disruptionBudgets);
      if (budgets.length === 0) {
        return [
          {
            object: w.ref,
            problem: 'no PodDisruptionBudget selects its pods, so a node drain or a cluster upgrade may evict all of them at once',
            fix: 'Add a PodDisruptionBudget (policy/v1) in its namespace selecting its pod labels, with maxUnavailable: 1.',
          },
        ];
      }
      if (budgets.length > 1) {
        return [
          {
            object: w.ref,
            problem: `${budgets.length} PodDisruptionBudgets select its pods (${budgets.map((b) => b.ref.name).join(', ')}), and the eviction API refuses to evict a pod covered by more than one`,
            fix: 'Keep one PodDisruptionBudget per workload.',
          },
        ];
      }
      const b = budgets[0];
      const hpa = model.workloads.autoscalers.find((a) => a.namespace === w.namespace && a.target.kind === w.ref.kind && a.target.name === w.ref.name);
      const replicas = hpa ? hpa.minReplicas : w.replicas;
      const blocks = blocksDrains(b.minAvailable, b.maxUnavailable, replicas);
      return blocks
        ? [
            {
              object: b.ref,
              subject: `for ${w.ref.kind} ${w.ref.name}`,
              problem: `${blocks} with ${replicas} replica${replicas === 1 ? '' : 's'}, so no pod may ever be evicted and node drains hang`,
              fix: 'Allow one disruption: maxUnavailable: 1 (or minAvailable below the replica count).',
            },
          ]
        : [];
    }),
};

function blocksDrains(minAvailable: string | number | undefined, maxUnavailable: string | number | undefined, replicas: number): string | undefined {
  const percent = (v: string) => (/^\d+%$/.test(v) ? Number(v.slice(0, -1)) : undefined);
  if (maxUnavailable !== undefined) {
    const zero = maxUnavailable === 0 || maxUnavailable === '0' || (typeof maxUnavailable === 'string' && percent(maxUnavailable) !== undefined && Math.floor((percent(maxUnavailable)! * replicas) / 100) === 0);
    return zero ? `maxUnavailable is ${maxUnavailable}` : undefined;
  }
  if (minAvailable === undefined) return undefined;
  const needed = typeof minAvailable === 'number' ? minAvailable : percent(minAvailable) !== undefined ? Math.ceil((percent(minAvailable)! * replicas) / 100) : Number(minAvailable);
  return Number.isFinite(needed) && needed >= replicas ? `minAvailable is ${minAvailable}` : undefined;
}

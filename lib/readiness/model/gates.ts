import { metricNamesIn, selectorsIn } from '../../common/promql';
import { asString, at, objectsOf } from './json';
import type { ObjectRef, ReviewedObject } from './objects';
import { RecordingFact, isBudgetSeries } from './prometheus';
import { SERVICE_LABEL } from './workloads';

/** A deploy gate that reads an SLO's error budget. */
export interface BudgetGateFact {
  /** The AnalysisTemplate, ClusterAnalysisTemplate or MetricTemplate. */
  readonly ref: ObjectRef;
  /** Services it gates: its `sre-constructs.dev/service` label, and the services its budget queries name literally. */
  readonly services: readonly string[];
}

/**
 * Argo Rollouts analysis templates and Flagger metric templates whose Prometheus queries read an SLO's
 * budget series (error ratio, burn rate or budget left), directly or through series the tree records from
 * them (an ErrorBudgetPolicy's verdict): what enforces an error-budget policy at deploy time.
 *
 * @see https://argo-rollouts.readthedocs.io/en/stable/analysis/prometheus/
 * @see https://docs.flagger.app/usage/metrics
 */
export function readBudgetGates(objects: readonly ReviewedObject[], recordings: readonly RecordingFact[]): BudgetGateFact[] {
  const fromBudget = derivedFromBudget(recordings);
  const out: BudgetGateFact[] = [];
  for (const o of objects) {
    let queries: string[] = [];
    if (o.group === 'argoproj.io' && (o.ref.kind === 'AnalysisTemplate' || o.ref.kind === 'ClusterAnalysisTemplate')) {
      queries = objectsOf(at(o.manifest, 'spec', 'metrics')).flatMap((m) => {
        const q = asString(at(m, 'provider', 'prometheus', 'query'));
        return q ? [q] : [];
      });
    } else if (o.group === 'flagger.app' && o.ref.kind === 'MetricTemplate') {
      const q = asString(at(o.manifest, 'spec', 'query'));
      queries = q ? [q] : [];
    }
    const budgetSelectors = queries.flatMap((q) => selectorsIn(q)).filter((s) => s.metric && fromBudget(s.metric));
    if (budgetSelectors.length === 0) continue;
    const named = budgetSelectors.flatMap((s) => s.matchers.filter((m) => m.name === 'service' && m.op === '=').map((m) => m.value));
    const services = [...new Set([...(o.labels[SERVICE_LABEL] ? [o.labels[SERVICE_LABEL]] : []), ...named])].sort();
    out.push({ ref: o.ref, services });
  }
  return out;
}

/** Whether a series is an SLO's budget series, or recorded (through any number of rules) from one. */
function derivedFromBudget(recordings: readonly RecordingFact[]): (metric: string) => boolean {
  const known = new Map<string, boolean>();
  const reads = (metric: string, seen: ReadonlySet<string>): boolean => {
    if (isBudgetSeries(metric)) return true;
    if (known.has(metric)) return known.get(metric)!;
    if (seen.has(metric)) return false;
    const next = new Set([...seen, metric]);
    const result = recordings.some((r) => r.record === metric && metricNamesIn(r.expr).some((m) => reads(m, next)));
    known.set(metric, result);
    return result;
  };
  return (metric) => reads(metric, new Set());
}

import { Duration } from '../common/duration';
import { labelSelector } from '../common/promql';
import type { RecordingRule, RuleGroup } from '../rules/rule-types';
import { SloMetrics } from './metrics';
import type { SloDefinition } from './slo-service';

const FIVE_MINUTES = Duration.minutes(5);

/**
 * The recording rules of one SLO, in two groups:
 *
 * - `<service>/<slo>/sli`: for every window, bad and all events per second and their ratio. Rules run in
 *   order, so each ratio reads the two series recorded just before it.
 * - `<service>/<slo>/budget`: the error ratio over the period, objective, budget, burn rates and budget
 *   remaining.
 *
 * The period ratio adds up the 5-minute event rates recorded by the first group, so it never re-reads
 * raw series over 30 days and stays a ratio of sums: a busy hour weighs more than a quiet one, unlike a
 * mean of 5-minute ratios. Where there is no traffic, the ratio is 0, never NaN.
 */
export function renderSloRecordingGroups(slo: SloDefinition, interval?: string): RuleGroup[] {
  const rule = (record: string, expr: string): RecordingRule => ({ record, expr, labels: slo.labels });
  const sel = (metric: string) => labelSelector(metric, slo.selector);
  const every = interval ? { interval } : {};

  const sliRules: RecordingRule[] = slo.windows.flatMap((w) => {
    if (!slo.sli.eventBased) return [rule(SloMetrics.errorRatio(w), slo.sli.ratio(w))];
    return [
      rule(SloMetrics.errors(w), slo.sli.errors(w)),
      rule(SloMetrics.total(w), slo.sli.total(w)),
      rule(SloMetrics.errorRatio(w), zeroSafeRatio(sel(SloMetrics.errors(w)), sel(SloMetrics.total(w)))),
    ];
  });

  const range = slo.period.toPrometheus();
  const periodRatio = slo.sli.eventBased
    ? zeroSafeRatio(`sum_over_time(${sel(SloMetrics.errors(FIVE_MINUTES))}[${range}])`, `sum_over_time(${sel(SloMetrics.total(FIVE_MINUTES))}[${range}])`)
    : `avg_over_time(${sel(SloMetrics.errorRatio(FIVE_MINUTES))}[${range}])`;
  const budget = slo.errorBudget;
  const budgetRules: RecordingRule[] = [
    rule(SloMetrics.errorRatio(slo.period), periodRatio),
    rule(SloMetrics.OBJECTIVE, `vector(${slo.objective.ratio})`),
    rule(SloMetrics.ERROR_BUDGET, `vector(${budget})`),
    rule(SloMetrics.PERIOD_DAYS, `vector(${slo.period.toDays()})`),
    rule(SloMetrics.CURRENT_BURN_RATE, `${sel(SloMetrics.errorRatio(FIVE_MINUTES))} / ${budget}`),
    rule(SloMetrics.PERIOD_BURN_RATE, `${sel(SloMetrics.errorRatio(slo.period))} / ${budget}`),
    rule(SloMetrics.ERROR_BUDGET_REMAINING, `1 - ${sel(SloMetrics.PERIOD_BURN_RATE)}`),
  ];
  return [
    { name: `${slo.service}/${slo.name}/sli`, ...every, rules: sliRules },
    { name: `${slo.service}/${slo.name}/budget`, ...every, rules: budgetRules },
  ];
}

/** errors / total where there is traffic, 0 where there is none (0/0 would be NaN), nothing where total is missing. */
export function zeroSafeRatio(errors: string, total: string): string {
  return `${errors}\n/\n(${total} > 0)\nor\n${total} == 0`;
}

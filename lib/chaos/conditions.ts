import { Duration, compareDurations, requirePositiveDuration } from '../common/duration';
import type { SpecPath } from '../common/errors';
import { isDnsLabel, requireDnsLabel } from '../common/names';
import { hasWindowPlaceholder, labelSelector, renderSelector, requirePromQL, requireSelector, withMatchers } from '../common/promql';
import type { DeployFreeze } from '../policy/error-budget-policy';
import type { HistogramUnit } from '../slo/sli';
import { SloMetrics } from '../slo/metrics';
import { tidy } from '../slo/objective';
import type { SloDefinition, SloServiceDefinition } from '../slo/slo-service';
import { findNoDataDefault, resultShape } from './single-series';

/** How a condition compares its signal with its threshold. */
export type ChaosComparator = '<' | '<=' | '>' | '>=';

/** What a condition's numbers mean, for the experiment card. */
export type ChaosConditionUnit = 'ratio' | 'seconds' | 'milliseconds' | 'count' | 'number';

/** An upper bound: give exactly one. */
export interface UpperBound {
  /**
   * The condition holds while the signal is strictly below this.
   * @default - give this or atMost
   */
  readonly below?: number;
  /**
   * The condition holds while the signal is at most this.
   * @default - give this or below
   */
  readonly atMost?: number;
}

/** A lower bound: give exactly one. */
export interface LowerBound {
  /**
   * The condition holds while the signal is strictly above this.
   * @default - give this or atLeast
   */
  readonly above?: number;
  /**
   * The condition holds while the signal is at least this.
   * @default - give this or above
   */
  readonly atLeast?: number;
}

/** A bound in either direction: give exactly one of the four. */
export interface Bound extends UpperBound, LowerBound {}

/** Shared by every condition. */
export interface ChaosConditionBaseProps {
  /**
   * Name, unique among the experiment's conditions of one role: lowercase letters, digits and '-'. It names
   * the Chaos Mesh status check and the Litmus probe.
   * @default - derived from what the condition reads (`availability-error-ratio`)
   */
  readonly name?: string;
}

/** A condition written in PromQL. */
export interface PromQLConditionProps extends ChaosConditionBaseProps, Bound {
  /** Name of the condition (hand-written conditions have no name to derive). */
  readonly name: string;
  /**
   * PromQL returning exactly one series: an aggregation without `by` (`sum(...)`, `max(...)`), a
   * `histogram_quantile` over an aggregation `by (le)`, or arithmetic between such parts. Several series,
   * or none, make the condition fail.
   */
  readonly query: string;
  /**
   * What the query measures, in words, for the experiment card.
   * @default - the query
   */
  readonly description?: string;
  /**
   * What the numbers mean, for the card.
   * @default "number"
   */
  readonly unit?: ChaosConditionUnit;
}

/** The error ratio an SLO records, over one of its recorded windows. */
export interface SloErrorRatioConditionProps extends ChaosConditionBaseProps, UpperBound {
  /**
   * One of the windows the SLO records (`SloDefinition.windows`).
   * @default Duration.minutes(5)
   */
  readonly window?: Duration;
}

/** A latency SLO's own promise ("p99 within 500 ms"), read from what the SLO records. */
export interface SloLatencyConditionProps extends ChaosConditionBaseProps {
  /**
   * One of the windows the SLO records.
   * @default Duration.minutes(5)
   */
  readonly window?: Duration;
}

/** One burn-rate tier of an SLO. */
export interface BurnRateAlertConditionProps extends ChaosConditionBaseProps {
  /**
   * The tier (its key in the SLO's tiers).
   * @default - the tier with the highest burn-rate factor (the fastest)
   */
  readonly tier?: string;
}

/** The share of an SLO's error budget left over its period. */
export interface ErrorBudgetConditionProps extends ChaosConditionBaseProps, LowerBound {}

/** A quantile of a classic histogram, computed from its buckets. */
export interface HistogramQuantileConditionProps extends ChaosConditionBaseProps {
  /** The histogram's bucket series or base name, as a selector (`http_request_duration_seconds_bucket{service="x"}`); no `le` matcher. */
  readonly histogram: string;
  /** The quantile, strictly between 0 and 1 (0.99 for p99). */
  readonly quantile: number;
  /** The condition holds while the quantile is strictly below this. Give this or `atMost`. */
  readonly below?: Duration;
  /** The condition holds while the quantile is at most this. Give this or `below`. */
  readonly atMost?: Duration;
  /**
   * Rate window over the buckets.
   * @default Duration.minutes(5)
   */
  readonly window?: Duration;
  /**
   * Unit the histogram observes in.
   * @default "seconds"
   */
  readonly unit?: HistogramUnit;
}

/**
 * Anything that says whether a service's deploys are frozen: an `ErrorBudgetPolicyDefinition`, or the
 * `ErrorBudgetPolicy` construct or component of either door (through its `definition`).
 */
export type BudgetFreezeSource = { readonly freeze: DeployFreeze } | { readonly definition: { readonly freeze: DeployFreeze } };

/** The freeze of a {@link BudgetFreezeSource}, or undefined when it is none. */
export function freezeOf(source: BudgetFreezeSource): DeployFreeze | undefined {
  if (source === null || typeof source !== 'object') return undefined;
  const holder = 'definition' in source ? source.definition : source;
  const freeze = holder !== null && typeof holder === 'object' ? (holder as { freeze?: unknown }).freeze : undefined;
  const f = freeze as DeployFreeze | undefined;
  return f && typeof f === 'object' && typeof f.service === 'string' && typeof f.metric === 'string' && f.selector !== null && typeof f.selector === 'object' ? f : undefined;
}

/** A condition as declared, before it is checked against the service's SLOs. Build one with {@link ChaosCondition}. */
export type ChaosConditionSpec =
  | ({ readonly kind: 'promql' } & PromQLConditionProps)
  | ({ readonly kind: 'slo-error-ratio'; readonly slo: string } & SloErrorRatioConditionProps)
  | ({ readonly kind: 'slo-latency'; readonly slo: string } & SloLatencyConditionProps)
  | ({ readonly kind: 'burn-rate-alert'; readonly slo: string } & BurnRateAlertConditionProps)
  | ({ readonly kind: 'error-budget'; readonly slo: string } & ErrorBudgetConditionProps)
  | ({ readonly kind: 'histogram-quantile' } & HistogramQuantileConditionProps)
  | ({ readonly kind: 'budget-policy'; readonly policy: BudgetFreezeSource } & ChaosConditionBaseProps);

/**
 * Conditions an experiment checks: each is a statement that holds while things are fine ("the error ratio
 * of the availability SLO stays below 5%"). A condition holds only when its query returns exactly one
 * series and the comparison is true: no data, NaN (no traffic) or several series make it fail, so a
 * missing metric stops an experiment instead of letting it run blind.
 *
 * Conditions derived from an SLO read the series the SloService records (`SloMetrics`), with the SLO's
 * own `service` and `slo` labels, so the chaos abort and the SLO agree by construction.
 *
 * @example
 * ChaosCondition.sloErrorRatio('availability', { atMost: 0.05 });   // abort unless the 5m error ratio is at most 5%
 * ChaosCondition.sloLatency('latency-p99');                         // p99 within the SLO's threshold
 * ChaosCondition.burnRateAlertNotFiring('availability');            // the fast burn-rate page is quiet
 * ChaosCondition.errorBudgetRemaining('availability', { above: 0.25 }); // the budget guard
 */
export abstract class ChaosCondition {
  /** A hand-written PromQL condition. */
  public static promql(props: PromQLConditionProps): ChaosConditionSpec {
    return { kind: 'promql', ...props };
  }

  /**
   * "The error ratio of SLO `slo` over the last 5 minutes stays below Y". Reads
   * `slo:sli_error:ratio_rate<window>` and holds only while the SLO sees traffic
   * (`slo:sli_total:rate<window>` above 0): with no requests the SLO records a ratio of 0, which would
   * otherwise read as healthy while nothing reaches the service.
   */
  public static sloErrorRatio(slo: string, props: SloErrorRatioConditionProps): ChaosConditionSpec {
    return { kind: 'slo-error-ratio', slo, ...props };
  }

  /**
   * "The latency SLO's percentile stays within its threshold": for an SLO of "p99 within 500 ms", p99 stays
   * below 500 ms. A latency SLO does not record a p99; it records the share of requests slower than its
   * threshold. p99 < 500 ms is the same statement as "fewer than 1% of requests are slower than 500 ms", so
   * this holds while that recorded share stays below the SLO's error budget (1 − objective). For another
   * threshold than the SLO's, use {@link ChaosCondition.histogramQuantile}.
   */
  public static sloLatency(slo: string, props: SloLatencyConditionProps = {}): ChaosConditionSpec {
    return { kind: 'slo-latency', slo, ...props };
  }

  /**
   * "The burn-rate alert of SLO `slo` is not firing", for one tier (the fastest by default). Holds while no
   * `ALERTS{alertstate="firing"}` series of that tier exists and the SLO's long-window ratio is recorded
   * (so rules that were never loaded read as no data, not as a quiet alert).
   */
  public static burnRateAlertNotFiring(slo: string, props: BurnRateAlertConditionProps = {}): ChaosConditionSpec {
    return { kind: 'burn-rate-alert', slo, ...props };
  }

  /**
   * The budget guard: the share of SLO `slo`'s error budget left over its period
   * (`slo:period_error_budget_remaining:ratio`) stays above a threshold. Put it among an experiment's
   * abort conditions: it is checked before injecting and all along.
   */
  public static errorBudgetRemaining(slo: string, props: ErrorBudgetConditionProps): ChaosConditionSpec {
    return { kind: 'error-budget', slo, ...props };
  }

  /**
   * "The service's error-budget policy does not freeze deploys". Reads the verdict the policy records
   * (`service:budget_policy_frozen:bool`, see `BudgetPolicyMetrics.SERVICE_FROZEN`): it holds while the verdict
   * is 0, and fails while it is 1 (budget at or below the freeze line, or a freeze declared in code) and while
   * it is absent (a counted SLO has no budget data, or the policy's rules are not loaded): an unknown verdict
   * counts as frozen, never as healthy. Put it among an experiment's abort conditions (the schedule's
   * `pauseWhenFrozen` does that for every experiment): a frozen service gets no new run, and a freeze during a
   * run aborts it.
   */
  public static budgetPolicyNotFrozen(policy: BudgetFreezeSource, props: ChaosConditionBaseProps = {}): ChaosConditionSpec {
    return { kind: 'budget-policy', policy, ...props };
  }

  /** A quantile of a classic histogram (`histogram_quantile` over `sum by (le) (rate(...))`) below a duration. */
  public static histogramQuantile(props: HistogramQuantileConditionProps): ChaosConditionSpec {
    return { kind: 'histogram-quantile', ...props };
  }
}

/** A checked condition, rendered. */
export interface ChaosConditionDefinition {
  /** Name (DNS label). */
  readonly name: string;
  /** What is measured, in words. */
  readonly description: string;
  /** PromQL returning the one series the condition compares. */
  readonly query: string;
  /** Comparison that must be true for the condition to hold. */
  readonly comparator: ChaosComparator;
  /** Threshold, in the query's own unit. */
  readonly threshold: number;
  /** What the numbers mean. */
  readonly unit: ChaosConditionUnit;
  /** The SLO it derives from, when it does. */
  readonly slo?: string;
  /** What holding means in the SLO's own terms, when that differs from the comparison ("p99 within the latency-p99 SLO's threshold"). */
  readonly meaning?: string;
  /** `(query) <comparator> <threshold>`: one series while the condition holds, nothing when it fails or there is no data. */
  readonly holds: string;
  /** `absent(holds)`: one series (value 1) exactly when the condition fails or has no data. */
  readonly fails: string;
}

const FIVE_MINUTES = Duration.minutes(5);

/** Checks a condition and renders its PromQL, reading the service's SLOs for derived ones. */
export function defineChaosCondition(at: SpecPath, spec: ChaosConditionSpec, slos: SloServiceDefinition | undefined): ChaosConditionDefinition {
  if (spec === null || typeof spec !== 'object' || !('kind' in spec)) {
    return at.fail(undefined, spec, 'is not a chaos condition', 'Build one with ChaosCondition.sloErrorRatio(), ChaosCondition.promql() or another ChaosCondition factory.');
  }
  const parts = conditionParts(at, spec, slos);
  const name = spec.name === undefined ? parts.defaultName : requireDnsLabel(at, 'name', spec.name);
  if (!isDnsLabel(name)) {
    at.fail('name', name, 'is not a valid name', "Give the condition a name of lowercase letters, digits and '-', at most 63 characters.");
  }
  const holds = `(${parts.query}) ${parts.comparator} ${parts.threshold}`;
  return { name, ...parts, holds, fails: `absent(${holds})` };
}

/** What each kind of condition contributes; the name may be given, and `holds`/`fails` are built from the rest. */
type ConditionParts = Omit<ChaosConditionDefinition, 'name' | 'holds' | 'fails'> & { readonly defaultName: string };

function conditionParts(at: SpecPath, spec: ChaosConditionSpec, slos: SloServiceDefinition | undefined): ConditionParts {
  switch (spec.kind) {
    case 'promql':
      return promqlParts(at, spec);
    case 'histogram-quantile':
      return histogramParts(at, spec);
    case 'budget-policy':
      return budgetPolicyParts(at, spec.policy);
    case 'slo-error-ratio':
    case 'slo-latency':
    case 'burn-rate-alert':
    case 'error-budget':
      return sloParts(at, spec, requireSlo(at, spec.slo, slos));
    default:
      return at.fail('kind', (spec as { kind: unknown }).kind, 'is not a known condition kind', 'Use one of the ChaosCondition factories.');
  }
}

function requireSlo(at: SpecPath, name: unknown, slos: SloServiceDefinition | undefined): SloDefinition {
  if (!slos) {
    return at.fail('slo', name, 'names an SLO, but the schedule was given no SloService', 'Pass the service\'s SloServiceDefinition (or the SloService construct\'s definition) as `slos`.');
  }
  const found = slos.slos.find((s) => s.name === name);
  if (!found) {
    return at.fail('slo', name, `is not an SLO of ${slos.service}`, `Name one of its SLOs: ${slos.slos.map((s) => s.name).join(', ')}.`);
  }
  return found;
}

function promqlParts(at: SpecPath, spec: PromQLConditionProps): ConditionParts {
  const query = requireConditionQuery(at, 'query', spec.query);
  const { comparator, threshold } = requireBound(at, spec, ['below', 'atMost', 'above', 'atLeast']);
  const unit = spec.unit ?? 'number';
  if (!['ratio', 'seconds', 'milliseconds', 'count', 'number'].includes(unit)) {
    at.fail('unit', unit, 'is not a unit', 'Use "ratio", "seconds", "milliseconds", "count" or "number".');
  }
  if (spec.description !== undefined && (typeof spec.description !== 'string' || spec.description.trim() === '')) {
    at.fail('description', spec.description, 'is empty', 'Describe what the query measures, or leave it out.');
  }
  return { defaultName: '', description: spec.description ?? query, query, comparator, threshold, unit };
}

/** Checks a hand-written condition query: PromQL, one series, and no default that hides missing data. */
function requireConditionQuery(at: SpecPath, field: string, value: unknown): string {
  const query = requirePromQL(at, field, value);
  if (hasWindowPlaceholder(query)) {
    at.fail(field, query, 'has a {{.window}} placeholder', 'Write the window into the query; conditions are evaluated as written.');
  }
  const masked = findNoDataDefault(query);
  if (masked) {
    at.fail(field, query, `turns missing data into a value (${masked})`, 'Leave the `or vector(...)` out: a condition must fail when its data is missing.');
  }
  const shape = resultShape(query);
  if (shape === 'scalar') {
    at.fail(field, query, 'returns a scalar, not a series', 'Return an instant vector of one series, e.g. sum(rate(http_requests_total{code=~"5.."}[5m])) / sum(rate(http_requests_total[5m])).');
  }
  if (shape === 'range') {
    at.fail(field, query, 'returns a range vector', 'Wrap the range in a function such as rate(...) and aggregate it: sum(rate(x[5m])).');
  }
  if (shape !== 'single') {
    at.fail(field, query, 'may return several series', 'Aggregate it to one series: wrap it in sum(), max() or another aggregation without `by` (histogram_quantile over an aggregation by (le) is one series too).');
  }
  return query;
}

function requireBound(at: SpecPath, spec: Bound, allowed: ReadonlyArray<keyof Bound>): { comparator: ChaosComparator; threshold: number } {
  const comparators: Record<keyof Bound, ChaosComparator> = { below: '<', atMost: '<=', above: '>', atLeast: '>=' };
  const given = allowed.filter((k) => spec[k] !== undefined);
  const others = (Object.keys(comparators) as Array<keyof Bound>).filter((k) => !allowed.includes(k) && spec[k] !== undefined);
  if (others.length > 0) {
    at.fail(others[0], spec[others[0]], 'is not a bound this condition takes', `Give exactly one of ${allowed.join(', ')}.`);
  }
  if (given.length !== 1) {
    at.fail(given[1] ?? allowed[0], given.length === 0 ? undefined : spec[given[1]], given.length === 0 ? 'is not set' : `is set together with ${given[0]}`, `Give exactly one of ${allowed.join(', ')}.`);
  }
  const key = given[0];
  const value = spec[key];
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    at.fail(key, value, 'is not a finite number', 'Give the threshold as a number, e.g. 0.05 for 5%.');
  }
  return { comparator: comparators[key], threshold: tidy(value as number) };
}

function requireRatioBound(at: SpecPath, spec: UpperBound): { comparator: ChaosComparator; threshold: number } {
  const bound = requireBound(at, spec, ['below', 'atMost']);
  if (bound.threshold <= 0 || bound.threshold > 1) {
    at.fail(spec.below !== undefined ? 'below' : 'atMost', bound.threshold, 'is not a ratio above 0 and at most 1', 'Give the error ratio as a ratio: 0.05 for 5%, 0.001 for 0.1%.');
  }
  return bound;
}

function recordedWindow(at: SpecPath, slo: SloDefinition, window: unknown): Duration {
  const w = window === undefined ? FIVE_MINUTES : requirePositiveDuration(at, 'window', window);
  const recorded = [...slo.windows, slo.period];
  if (!recorded.some((r) => r.equals(w))) {
    at.fail('window', w.toPrometheus(), `is not a window the ${slo.name} SLO records`, `Use one of ${recorded.map((r) => r.toPrometheus()).join(', ')}, or record it with the SloService's extraWindows.`);
  }
  return w;
}

/** The recorded ratio, holding only while the SLO sees events (event-based SLIs record 0, not NaN, at zero traffic). */
function ratioWithTraffic(slo: SloDefinition, window: Duration): string {
  const ratio = labelSelector(SloMetrics.errorRatio(window), slo.selector);
  if (!slo.eventBased) return ratio;
  return `${ratio} and on () (${labelSelector(SloMetrics.total(window), slo.selector)} > 0)`;
}

function sloParts(at: SpecPath, spec: ChaosConditionSpec & { slo: string }, slo: SloDefinition): ConditionParts {
  switch (spec.kind) {
    case 'slo-error-ratio': {
      const window = recordedWindow(at, slo, spec.window);
      const bound = requireRatioBound(at, spec);
      return {
        defaultName: `${slo.name}-error-ratio`,
        description: `error ratio of the ${slo.name} SLO over ${window.toPrometheus()}`,
        query: ratioWithTraffic(slo, window),
        ...bound,
        unit: 'ratio',
        slo: slo.name,
      };
    }
    case 'slo-latency': {
      if (slo.sli.kind !== 'latency' && slo.sli.kind !== 'native-latency') {
        at.fail('slo', slo.name, `is not a latency SLO (its SLI is of kind ${slo.sli.kind})`, 'Name an SLO built with Sli.latency(), Sli.nativeLatency() or Slo.latencyPercentile().');
      }
      const window = recordedWindow(at, slo, spec.window);
      return {
        defaultName: `${slo.name}-slow-requests`,
        description: `share of the ${slo.name} SLO's requests slower than its threshold over ${window.toPrometheus()}`,
        meaning: `p${tidy(slo.objective.percent)} within the ${slo.name} SLO's threshold (it counts ${slo.sli.description})`,
        query: ratioWithTraffic(slo, window),
        comparator: '<',
        threshold: slo.errorBudget,
        unit: 'ratio',
        slo: slo.name,
      };
    }
    case 'burn-rate-alert': {
      const alerting = slo.alerting;
      if (!alerting || alerting.tiers.length === 0) {
        return at.fail('slo', slo.name, 'has no burn-rate alerts of its own', 'Name an SLO whose SloService alerts on it, or write the condition with ChaosCondition.promql().');
      }
      const tier = spec.tier === undefined ? [...alerting.tiers].sort((a, b) => b.factor - a.factor)[0] : alerting.tiers.find((t) => t.key === spec.tier);
      if (!tier) {
        return at.fail('tier', spec.tier, `is not a burn-rate tier of the ${slo.name} SLO`, `Use one of ${alerting.tiers.map((t) => t.key).join(', ')}.`);
      }
      const firing = labelSelector('ALERTS', {
        alertname: alerting.alertName,
        alertstate: 'firing',
        ...slo.selector,
        long: tier.longWindow.toPrometheus(),
        short: tier.shortWindow.toPrometheus(),
      });
      const evaluated = labelSelector(SloMetrics.errorRatio(tier.longWindow), slo.selector);
      return {
        defaultName: `${slo.name}-${tier.key}-burn`,
        description: `firing ${alerting.alertName} alerts of the ${slo.name} SLO's ${tier.key} tier (${tier.factor}x over ${tier.longWindow.toPrometheus()} and ${tier.shortWindow.toPrometheus()})`,
        // 0 while the SLO's rules are evaluated and the alert is quiet; nothing when the rules are not loaded.
        query: `count(${firing}) or on () (0 * ${evaluated})`,
        comparator: '<',
        threshold: 1,
        unit: 'count',
        slo: slo.name,
      };
    }
    case 'error-budget': {
      const bound = requireBound(at, spec, ['above', 'atLeast']);
      if (bound.threshold >= 1) {
        at.fail(spec.above !== undefined ? 'above' : 'atLeast', bound.threshold, 'can never hold: at most the whole budget (1) is left', 'Give the share of the budget that must be left as a ratio below 1, e.g. 0.25 for a quarter.');
      }
      return {
        defaultName: `${slo.name}-error-budget`,
        description: `share of the ${slo.name} SLO's ${slo.period.toPrometheus()} error budget left`,
        query: labelSelector(SloMetrics.ERROR_BUDGET_REMAINING, slo.selector),
        ...bound,
        unit: 'ratio',
        slo: slo.name,
      };
    }
    default:
      return at.fail('kind', spec.kind, 'is not an SLO condition', 'Use one of the ChaosCondition factories.');
  }
}

function budgetPolicyParts(at: SpecPath, source: BudgetFreezeSource): ConditionParts {
  const freeze = freezeOf(source);
  if (!freeze) {
    return at.fail('policy', source, 'is not an error-budget policy', 'Pass an ErrorBudgetPolicyDefinition, or the ErrorBudgetPolicy construct (its definition is read).');
  }
  return {
    defaultName: 'budget-policy-not-frozen',
    description: `deploy freeze of ${freeze.service}'s error-budget policy (1 frozen, 0 not, no data unknown)`,
    meaning: `${freeze.service}'s error-budget policy does not freeze deploys (an unknown verdict counts as frozen)`,
    // max(): one series whatever labels the recording carries; nothing while the verdict is unknown.
    query: `max(${labelSelector(freeze.metric, freeze.selector)})`,
    comparator: '<',
    threshold: 1,
    unit: 'number',
  };
}

function histogramParts(at: SpecPath, spec: HistogramQuantileConditionProps): ConditionParts {
  const selector = requireSelector(at, 'histogram', spec.histogram);
  if (!selector.metric) {
    at.fail('histogram', spec.histogram, 'has no metric name', 'Name the histogram: http_request_duration_seconds_bucket{service="checkout"}.');
  }
  if (selector.matchers.some((m) => m.name === 'le')) {
    at.fail('histogram', spec.histogram, 'matches on the "le" label', 'Leave "le" out; every bucket is needed for the quantile.');
  }
  const q = spec.quantile;
  if (typeof q !== 'number' || !Number.isFinite(q) || q <= 0 || q >= 1) {
    at.fail('quantile', q, 'is not a quantile strictly between 0 and 1', 'Give 0.99 for p99, 0.5 for the median.');
  }
  if ((spec.below === undefined) === (spec.atMost === undefined)) {
    at.fail(spec.below === undefined ? 'below' : 'atMost', spec.below === undefined ? undefined : spec.atMost, spec.below === undefined ? 'is not set (nor is atMost)' : 'is set together with below', 'Give exactly one of below and atMost, as a Duration.');
  }
  const limit = requirePositiveDuration(at, spec.below !== undefined ? 'below' : 'atMost', spec.below ?? spec.atMost);
  const unit = spec.unit ?? 'seconds';
  if (unit !== 'seconds' && unit !== 'milliseconds') at.fail('unit', unit, 'is not a histogram unit', 'Use "seconds" or "milliseconds".');
  const window = spec.window === undefined ? FIVE_MINUTES : requirePositiveDuration(at, 'window', spec.window);
  if (compareDurations(window, Duration.minutes(1)) < 0) {
    at.fail('window', window.toPrometheus(), 'is shorter than a minute', 'Rate over at least a minute (four scrapes at the usual 15s), e.g. Duration.minutes(5).');
  }
  const metric = selector.metric!.endsWith('_bucket') ? selector.metric! : `${selector.metric}_bucket`;
  const buckets = renderSelector(withMatchers(selector, [], metric));
  const quantile = tidy(q);
  return {
    defaultName: `p${tidy(quantile * 100)}-latency`.replace('.', '-'),
    description: `p${tidy(quantile * 100)} of ${metric.replace(/_bucket$/, '')} over ${window.toPrometheus()}`,
    query: `histogram_quantile(${quantile}, sum by (le) (rate(${buckets}[${window.toPrometheus()}])))`,
    comparator: spec.below !== undefined ? '<' : '<=',
    threshold: unit === 'milliseconds' ? limit.toMilliseconds() : tidy(limit.toSeconds()),
    unit,
  };
}

/** The comparison that is true exactly when `comparator` is false (for showing when an abort triggers). */
export function negate(comparator: ChaosComparator): ChaosComparator {
  return ({ '<': '>=', '<=': '>', '>': '<=', '>=': '<' } as const)[comparator];
}

/** A number in a condition's unit, as people read it: "0.1%", "500 ms", "3". */
export function formatThreshold(value: number, unit: ChaosConditionUnit): string {
  switch (unit) {
    case 'ratio':
      return percent(value);
    case 'seconds':
      return value < 1 ? `${tidy(value * 1000)} ms` : `${tidy(value)} s`;
    case 'milliseconds':
      return `${tidy(value)} ms`;
    default:
      return String(tidy(value));
  }
}

function percent(ratio: number): string {
  return `${tidy(ratio * 100)}%`;
}

/** "error ratio of the availability SLO over 5m < 5%". */
export function describeCondition(c: Pick<ChaosConditionDefinition, 'description' | 'comparator' | 'threshold' | 'unit'>, comparator: ChaosComparator = c.comparator): string {
  return `${c.description} ${comparator} ${formatThreshold(c.threshold, c.unit)}`;
}

/**
 * Checks a list of conditions of one role (`hypothesis`, `abortUnless`, verification `conditions`): each
 * condition, and names unique within the list.
 */
export function defineChaosConditions(at: SpecPath, field: string, specs: readonly ChaosConditionSpec[] | undefined, slos: SloServiceDefinition | undefined): ChaosConditionDefinition[] {
  if (!Array.isArray(specs)) {
    return at.fail(field, specs, 'is not a list of conditions', 'Give an array of ChaosCondition factories\' results.');
  }
  const seen = new Set<string>();
  return specs.map((spec, i) => {
    const c = defineChaosCondition(at.at(field, String(i)), spec, slos);
    if (seen.has(c.name)) at.fail(`${field}[${i}].name`, c.name, `is used by another condition of ${field}`, 'Give each condition its own name.');
    seen.add(c.name);
    return c;
  });
}

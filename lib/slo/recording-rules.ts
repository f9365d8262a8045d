import { BurnRateAlertingDefinition, renderBurnRateAlerts } from '../alerting/burn-rate-alerts';
import { Duration, compareDurations } from '../common/duration';
import { labelSelector } from '../common/promql';
import type { AlertingRule, RecordingRule, Rule, RuleGroup } from '../rules/rule-types';
import { SloMetrics } from './metrics';
import type { PartialResponseStrategy, RuleGroupLayout, SloDefinition, WindowSource } from './slo-service';
import type { WindowComposition, WindowTiles } from './window-composition';

/** The shortest window, the only one 'recorded' windows read from the source series. */
export const BASE_WINDOW = Duration.minutes(5);

/** Windows up to this length go in the fast group of layout 'by-speed'. */
const PAGING_WINDOWS = Duration.hours(6);

/** How an SloService lays out its groups, as rendered. */
export interface SloGroupLayout {
  /** Which rules share a group. */
  readonly layout: RuleGroupLayout;
  /** Interval of every group but the slow one (Prometheus duration); the server's when absent. */
  readonly interval?: string;
  /** Interval of the slow group (layout 'by-speed'). */
  readonly slowInterval?: string;
  /** Thanos Ruler's partial response strategy, on every group. */
  readonly partialResponseStrategy?: PartialResponseStrategy;
  /** Largest group allowed. */
  readonly maxRulesPerGroup?: number;
}

/**
 * The rules of one SLO, laid out in groups.
 *
 * Layout 'by-kind':
 * - `<service>/<slo>/sli`: for every window, bad and all events per second and their ratio. Rules run in
 *   order, so each ratio reads the two series recorded just before it, and each window added up from a
 *   shorter one reads that one's value of this very evaluation.
 * - `<service>/<slo>/budget`: the error ratio over the period, objective, budget, burn rates and budget
 *   remaining.
 * - `<service>/<slo>/alerts`: the burn-rate (and absent-data) alerts.
 *
 * Layout 'by-speed': `<service>/<slo>/fast` with the windows up to 6 hours, the windows paging tiers read
 * and those they are added up from, the current burn rate and the paging and absent-data alerts; and
 * `<service>/<slo>/slow` with the rest, at its own interval.
 *
 * Where there is no traffic, every ratio is 0, never NaN.
 */
export function renderSloRuleGroups(slo: SloDefinition, layout: SloGroupLayout): RuleGroup[] {
  if (layout.layout === 'by-kind') return [...renderSloRecordingGroups(slo, layout), ...renderSloAlertGroups(slo, layout)];
  const fast = fastWindows(slo);
  const [pageAlerts, ticketAlerts] = splitAlerts(slo);
  const windowRules = (keep: (s: WindowSource) => boolean) => slo.windowSources.filter(keep).flatMap((s) => sliRules(slo, s));
  const budget = budgetRules(slo);
  const currentBurn = budget.filter((r) => r.record === SloMetrics.CURRENT_BURN_RATE);
  const slowBudget = budget.filter((r) => r.record !== SloMetrics.CURRENT_BURN_RATE);
  return [
    group(slo, 'fast', layout.interval, layout, [...windowRules((s) => fast.has(s.window.toMilliseconds())), ...currentBurn, ...pageAlerts]),
    group(slo, 'slow', layout.slowInterval, layout, [...windowRules((s) => !fast.has(s.window.toMilliseconds())), ...periodRules(slo), ...slowBudget, ...ticketAlerts]),
  ].filter((g) => g.rules.length > 0);
}

/** The recording rules of one SLO, in the groups {@link renderSloRuleGroups} puts them in. */
export function renderSloRecordingGroups(slo: SloDefinition, layout: SloGroupLayout): RuleGroup[] {
  if (layout.layout === 'by-speed') return onlyRules(renderSloRuleGroups(slo, layout), (r) => 'record' in r);
  return [
    group(slo, 'sli', layout.interval, layout, slo.windowSources.flatMap((s) => sliRules(slo, s))),
    group(slo, 'budget', layout.interval, layout, [...periodRules(slo), ...budgetRules(slo)]),
  ];
}

/** The alerting rules of one SLO that alerts from its SloService, in the groups {@link renderSloRuleGroups} puts them in. */
export function renderSloAlertGroups(slo: SloDefinition, layout: SloGroupLayout): RuleGroup[] {
  if (!slo.alerting) return [];
  if (layout.layout === 'by-speed') return onlyRules(renderSloRuleGroups(slo, layout), (r) => 'alert' in r);
  return [renderAlertGroup(slo, slo.alerting, layout.interval, layout.partialResponseStrategy)];
}

/** The alerts group of one SLO: `<service>/<slo>/alerts`. */
export function renderAlertGroup(slo: SloDefinition, alerting: BurnRateAlertingDefinition, interval?: string, strategy?: PartialResponseStrategy): RuleGroup {
  return group(slo, 'alerts', interval, { partialResponseStrategy: strategy }, renderBurnRateAlerts(slo, alerting));
}

function group(slo: SloDefinition, suffix: string, interval: string | undefined, layout: Pick<SloGroupLayout, 'partialResponseStrategy'>, rules: readonly Rule[]): RuleGroup {
  return {
    name: `${slo.service}/${slo.name}/${suffix}`,
    ...(interval ? { interval } : {}),
    ...(layout.partialResponseStrategy ? { partial_response_strategy: layout.partialResponseStrategy } : {}),
    rules,
  };
}

function onlyRules(groups: RuleGroup[], keep: (r: Rule) => boolean): RuleGroup[] {
  return groups.map((g) => ({ ...g, rules: g.rules.filter(keep) })).filter((g) => g.rules.length > 0);
}

/**
 * Windows the fast group records: every window up to 6 hours (the longest a paging tier reads by default,
 * also for a separate BurnRateAlerts), every window a paging tier of the SLO reads, and (for added-up
 * windows) every window those are added up from, so the fast group never waits for the slow one.
 */
function fastWindows(slo: SloDefinition): Set<number> {
  const byMs = new Map(slo.windowSources.map((s) => [s.window.toMilliseconds(), s]));
  const fast = new Set<number>();
  const add = (w: Duration) => {
    const source = byMs.get(w.toMilliseconds());
    if (!source || fast.has(w.toMilliseconds())) return;
    fast.add(w.toMilliseconds());
    if (source.tiles) add(source.tiles.window);
  };
  for (const s of slo.windowSources) if (compareDurations(s.window, PAGING_WINDOWS) <= 0) add(s.window);
  for (const tier of slo.alerting?.tiers ?? []) {
    if (!tier.page) continue;
    add(tier.longWindow);
    add(tier.shortWindow);
  }
  return fast;
}

/** Paging tiers with the absent-data alert, and ticket tiers. */
function splitAlerts(slo: SloDefinition): [AlertingRule[], AlertingRule[]] {
  const a = slo.alerting;
  if (!a) return [[], []];
  return [
    renderBurnRateAlerts(slo, { ...a, tiers: a.tiers.filter((t) => t.page) }),
    renderBurnRateAlerts(slo, { ...a, tiers: a.tiers.filter((t) => !t.page), absentData: undefined }),
  ];
}

function ruleOf(slo: SloDefinition) {
  return (record: string, expr: string): RecordingRule => ({ record, expr, labels: slo.labels });
}

/** The SLI over one window: from the source series, or added up from a shorter recorded window. */
function sliRules(slo: SloDefinition, source: WindowSource): RecordingRule[] {
  const rule = ruleOf(slo);
  const sel = (metric: string) => labelSelector(metric, slo.selector);
  const w = source.window;
  if (!slo.sli.eventBased) return [rule(SloMetrics.errorRatio(w), slo.sli.ratio(w))];
  const ratio = rule(SloMetrics.errorRatio(w), zeroSafeRatio(sel(SloMetrics.errors(w)), sel(SloMetrics.total(w))));
  const composition = slo.sli.composition;
  if (source.tiles && typeof composition !== 'string') {
    return [
      rule(SloMetrics.errors(w), addTiles(sel(SloMetrics.errors(source.tiles.window)), source.tiles, composition.errors)),
      rule(SloMetrics.total(w), addTiles(sel(SloMetrics.total(source.tiles.window)), source.tiles, composition.total)),
      ratio,
    ];
  }
  if (slo.windowDerivation === 'recorded' && w.equals(BASE_WINDOW)) {
    // Longer windows add up errors and total tile by tile, so both must be there for the same tiles: bad
    // events are recorded only where all events are (errors alone would be `or vector(0)` when the source
    // is gone, and then a tile would count errors without their total).
    return [
      rule(SloMetrics.total(w), slo.sli.total(w)),
      rule(SloMetrics.errors(w), `(\n  ${indent(slo.sli.errors(w))}\n)\nand on()\n${sel(SloMetrics.total(w))}`),
      ratio,
    ];
  }
  return [rule(SloMetrics.errors(w), slo.sli.errors(w)), rule(SloMetrics.total(w), slo.sli.total(w)), ratio];
}

function indent(expr: string): string {
  return expr.split('\n').join('\n  ');
}

/**
 * A window of `n` consecutive tiles of `S`, from the series recorded over `S`: its value now, and its
 * values `S`, `2S`, … `(n-1)S` ago, which (with an evaluation interval that divides 5 minutes) are samples
 * of the same rule group and so end where the next one starts.
 *
 * - Per-second rates compose as the mean: n tiles hold n·S seconds of events, so events per second over W
 *   is the sum of the tiles' events per second divided by n. The meaning (events per second over W) stays
 *   exact, and so does the ratio of two such series.
 * - A tile that is missing (the rules were not running then: the window is young, or Prometheus was down
 *   for 5 minutes or more) counts as no events, in errors and in total alike, so the error ratio is the
 *   ratio of what was seen, never diluted towards 0. That is what `rate()` over the source does too: it
 *   divides the increase it saw by the whole range.
 * - The newest tile is never filled in: when it is missing (the source series are gone), the window is
 *   missing too, and the absent-data alert speaks.
 * - `on()` matches one series on each side whatever its labels (the rule puts the SLO's labels back), so two
 *   series of one SLO (two SloServices with the same service and SLO names) fail the evaluation loudly
 *   instead of adding up.
 */
function addTiles(tileSeries: string, tiles: WindowTiles, how: WindowComposition): string {
  // on(): one series a side, whatever its labels; two series of one SLO would fail loudly, never add up.
  const older = Array.from({ length: tiles.count - 1 }, (_, i) => {
    const ago = Duration.millis((i + 1) * tiles.window.toMilliseconds()).toPrometheus();
    return `  + on() (${tileSeries} offset ${ago} or on() vector(0))`;
  });
  const sum = ['(', `    ${tileSeries}`, ...older, ')'].join('\n');
  return how === 'mean' ? `${sum}\n/ ${tiles.count}` : sum;
}

/**
 * The error ratio over the period. Added up, like any window, from the longest recorded window that divides
 * it (30d = 10 × 3d), with its events per second recorded alongside; otherwise (raw windows, or no such
 * window) from the 5-minute series summed over the period. Either way a ratio of sums: a busy hour weighs
 * more than a quiet one, unlike a mean of 5-minute ratios.
 */
function periodRules(slo: SloDefinition): RecordingRule[] {
  const rule = ruleOf(slo);
  const sel = (metric: string) => labelSelector(metric, slo.selector);
  const p = slo.period;
  const composition = slo.sli.composition;
  if (slo.periodTiles && typeof composition !== 'string') {
    return [
      rule(SloMetrics.errors(p), addTiles(sel(SloMetrics.errors(slo.periodTiles.window)), slo.periodTiles, composition.errors)),
      rule(SloMetrics.total(p), addTiles(sel(SloMetrics.total(slo.periodTiles.window)), slo.periodTiles, composition.total)),
      rule(SloMetrics.errorRatio(p), zeroSafeRatio(sel(SloMetrics.errors(p)), sel(SloMetrics.total(p)))),
    ];
  }
  const range = p.toPrometheus();
  const ratio = slo.sli.eventBased
    ? zeroSafeRatio(`sum_over_time(${sel(SloMetrics.errors(BASE_WINDOW))}[${range}])`, `sum_over_time(${sel(SloMetrics.total(BASE_WINDOW))}[${range}])`)
    : `avg_over_time(${sel(SloMetrics.errorRatio(BASE_WINDOW))}[${range}])`;
  return [rule(SloMetrics.errorRatio(p), ratio)];
}

/** Objective, budget, period length, burn rates and budget remaining. */
function budgetRules(slo: SloDefinition): RecordingRule[] {
  const rule = ruleOf(slo);
  const sel = (metric: string) => labelSelector(metric, slo.selector);
  const budget = slo.errorBudget;
  return [
    rule(SloMetrics.OBJECTIVE, `vector(${slo.objective.ratio})`),
    rule(SloMetrics.ERROR_BUDGET, `vector(${budget})`),
    rule(SloMetrics.PERIOD_DAYS, `vector(${slo.period.toDays()})`),
    rule(SloMetrics.CURRENT_BURN_RATE, `${sel(SloMetrics.errorRatio(BASE_WINDOW))} / ${budget}`),
    rule(SloMetrics.PERIOD_BURN_RATE, `${sel(SloMetrics.errorRatio(slo.period))} / ${budget}`),
    rule(SloMetrics.ERROR_BUDGET_REMAINING, `1 - ${sel(SloMetrics.PERIOD_BURN_RATE)}`),
  ];
}

/** errors / total where there is traffic, 0 where there is none (0/0 would be NaN), nothing where total is missing. */
export function zeroSafeRatio(errors: string, total: string): string {
  return `${errors}\n/\n(${total} > 0)\nor\n${total} == 0`;
}

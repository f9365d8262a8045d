import type { InstantSample, PrometheusClient } from '../cli/prometheus-client';
import { InputError } from '../cli/io';
import { Duration, compareDurations } from '../common/duration';
import { labelSelector } from '../common/promql';
import { SloMetrics } from '../slo/metrics';
import { tidy } from '../slo/objective';
import { BudgetPolicyMetrics } from './metrics';

/** Which SLOs to read. */
export interface BudgetSelection {
  /**
   * Only this service.
   * @default - every service
   */
  readonly service?: string;
  /**
   * Only SLOs with this name.
   * @default - every SLO
   */
  readonly slo?: string;
}

/** What an error-budget policy says about one SLO. */
export interface SloPolicyState {
  /** Freeze threshold, as a share of the budget. */
  readonly freezeAt: number;
  /** Warning threshold, as a share of the budget. */
  readonly warnBelow: number;
  /** Whether the policy freezes deploys now. */
  readonly frozen: boolean;
}

/** The error budget of one SLO as Prometheus records it now. */
export interface SloBudget {
  /** Service. */
  readonly service: string;
  /** SLO name. */
  readonly slo: string;
  /** Objective, as a ratio (0.999). */
  readonly objective: number;
  /** SLO period. */
  readonly period: Duration;
  /** Share of the period's error budget left: 1 untouched, 0 spent, negative overspent. */
  readonly budgetRemaining: number;
  /** The whole budget, in minutes of total outage over the period. */
  readonly budgetMinutes: number;
  /** What is left of it, in minutes of total outage (negative once overspent). */
  readonly budgetRemainingMinutes: number;
  /** Burn rate over each window the SLO's burn-rate alerts watch, and over 1h; shortest window first. */
  readonly burnRates: ReadonlyArray<{ readonly window: Duration; readonly burnRate: number }>;
  /**
   * How long the budget left lasts at the current 1h burn rate: zero when it is spent, undefined when it
   * would outlast the period at that pace (or nothing burns). It ignores errors leaving the rolling window,
   * so it errs on the early side.
   */
  readonly exhaustsIn?: Duration;
  /** The policy's view, when an ErrorBudgetPolicy counts this SLO. */
  readonly policy?: SloPolicyState;
}

/** What {@link readSloBudgets} found: the budgets it could read, and one line for each it could not. */
export interface BudgetReport {
  /** Budgets, by service and then SLO name. */
  readonly budgets: readonly SloBudget[];
  /** One sentence per SLO whose budget is unknown: no data is never reported as a healthy budget. */
  readonly problems: readonly string[];
}

const ONE_HOUR = Duration.hours(1);

/**
 * Reads the error budgets of the selected SLOs from a running Prometheus at one instant: the SLOs from their
 * recorded series (see {@link SloMetrics}), the windows from the loaded burn-rate alerting rules (their `long`
 * label), the policy from the series an ErrorBudgetPolicy records (see {@link BudgetPolicyMetrics}).
 *
 * @throws PrometheusError when Prometheus cannot be asked, InputError when it knows no such service or SLO.
 */
export async function readSloBudgets(client: PrometheusClient, selection: BudgetSelection = {}, at: Date = new Date()): Promise<BudgetReport> {
  const matchers = {
    ...(selection.service !== undefined ? { service: selection.service } : {}),
    ...(selection.slo !== undefined ? { slo: selection.slo } : {}),
  };
  const read = async (metric: string): Promise<Map<string, number>> => byKey(await client.query(labelSelector(metric, matchers), at));
  const objectives = await read(SloMetrics.OBJECTIVE);
  if (objectives.size === 0) throw new InputError(await unknownSelection(client, selection, at));

  const [periods, budgets, remaining, freezeAt, warnBelow, frozen, rules] = await Promise.all([
    read(SloMetrics.PERIOD_DAYS),
    read(SloMetrics.ERROR_BUDGET),
    read(SloMetrics.ERROR_BUDGET_REMAINING),
    read(BudgetPolicyMetrics.FREEZE_THRESHOLD),
    read(BudgetPolicyMetrics.WARN_THRESHOLD),
    read(BudgetPolicyMetrics.FROZEN),
    client.alertingRules(),
  ]);
  const windowsByKey = new Map<string, Duration[]>();
  for (const rule of rules) {
    const { service, slo, long } = rule.labels;
    const window = parseWindow(long);
    if (service === undefined || slo === undefined || !window || !objectives.has(key(service, slo))) continue;
    windowsByKey.set(key(service, slo), [...(windowsByKey.get(key(service, slo)) ?? []), window]);
  }
  const windowOf = (k: string) => uniqueSorted([ONE_HOUR, ...(windowsByKey.get(k) ?? [])]);
  const allWindows = uniqueSorted([...objectives.keys()].flatMap(windowOf));
  const ratios = new Map(await Promise.all(allWindows.map(async (w) => [w.toPrometheus(), await read(SloMetrics.errorRatio(w))] as const)));

  const out: SloBudget[] = [];
  const problems: string[] = [];
  for (const k of [...objectives.keys()].sort()) {
    const [service, slo] = k.split('\u0000');
    const name = `${service}/${slo}`;
    const missing = (metric: string, what: string) => `${name}: no ${what} (${metric} has no value), so its budget is unknown, not healthy`;
    const days = periods.get(k);
    const budget = budgets.get(k);
    const left = remaining.get(k);
    if (days === undefined || budget === undefined) {
      problems.push(missing(days === undefined ? SloMetrics.PERIOD_DAYS : SloMetrics.ERROR_BUDGET, 'budget definition: its SloService rules are only partly loaded'));
      continue;
    }
    if (left === undefined) {
      problems.push(missing(SloMetrics.ERROR_BUDGET_REMAINING, 'error-budget data: its SLI has recorded nothing, or its source series are missing'));
      continue;
    }
    const burnRates: Array<{ window: Duration; burnRate: number }> = [];
    for (const window of windowOf(k)) {
      const ratio = ratios.get(window.toPrometheus())!.get(k);
      if (ratio === undefined) problems.push(missing(SloMetrics.errorRatio(window), `${window.toPrometheus()} error ratio`));
      else burnRates.push({ window, burnRate: ratio / budget });
    }
    if (burnRates.length !== windowOf(k).length) continue;
    const policy = policyState(k, freezeAt, warnBelow, frozen);
    if (policy === 'missing') {
      problems.push(missing(BudgetPolicyMetrics.FROZEN, 'error-budget policy verdict: its policy thresholds are recorded but not the verdict'));
      continue;
    }
    const period = Duration.days(days);
    const budgetMinutes = tidy(budget * period.toMinutes());
    const hourly = burnRates.find((b) => b.window.equals(ONE_HOUR))!.burnRate;
    out.push({
      service,
      slo,
      objective: objectives.get(k)!,
      period,
      budgetRemaining: left,
      budgetMinutes,
      budgetRemainingMinutes: left * budgetMinutes,
      burnRates,
      exhaustsIn: exhaustion(left, hourly, period),
      policy,
    });
  }
  return { budgets: out, problems };
}

/** Time until the budget left is spent at `burnRate`, when that is within one period. */
export function exhaustion(remaining: number, burnRate: number, period: Duration): Duration | undefined {
  if (remaining <= 0) return Duration.millis(0);
  if (!(burnRate > 0)) return undefined;
  const minutes = (remaining * period.toMinutes()) / burnRate;
  // Whole minutes, never rounded down to "spent" while some budget is left.
  return minutes < period.toMinutes() ? Duration.minutes(Math.max(1, Math.round(minutes))) : undefined;
}

function policyState(k: string, freezeAt: Map<string, number>, warnBelow: Map<string, number>, frozen: Map<string, number>): SloPolicyState | undefined | 'missing' {
  const threshold = freezeAt.get(k);
  if (threshold === undefined) return undefined;
  const verdict = frozen.get(k);
  if (verdict === undefined) return 'missing';
  return { freezeAt: threshold, warnBelow: warnBelow.get(k) ?? threshold, frozen: verdict === 1 };
}

async function unknownSelection(client: PrometheusClient, selection: BudgetSelection, at: Date): Promise<string> {
  const services = [...new Set((await client.query(`count by (service) (${SloMetrics.OBJECTIVE})`, at)).map((s) => s.labels.service))].sort();
  const where = `Prometheus at ${client.url}`;
  if (services.length === 0) return `${where} has no SLO series (${SloMetrics.OBJECTIVE} is empty): load an SloService's rules into it first`;
  if (selection.service !== undefined && !services.includes(selection.service)) {
    return `${where} has never heard of service ${JSON.stringify(selection.service)}: no ${SloMetrics.OBJECTIVE} series has service=${JSON.stringify(selection.service)} (it knows ${services.join(', ')})`;
  }
  const scope: Record<string, string> = selection.service !== undefined ? { service: selection.service } : {};
  const slos = [...new Set((await client.query(labelSelector(SloMetrics.OBJECTIVE, scope), at)).map((s) => s.labels.slo))].sort();
  const owner = selection.service !== undefined ? `service ${selection.service}` : 'no service';
  return `${where}: ${owner} has no SLO named ${JSON.stringify(selection.slo)} (${selection.service !== undefined ? 'it has' : 'SLOs it knows:'} ${slos.join(', ')})`;
}

/** Values by service and SLO; NaN counts as no value. */
function byKey(samples: readonly InstantSample[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const s of samples) {
    const { service, slo } = s.labels;
    if (service !== undefined && slo !== undefined && !Number.isNaN(s.value)) out.set(key(service, slo), s.value);
  }
  return out;
}

function key(service: string, slo: string): string {
  return `${service}\u0000${slo}`;
}

function parseWindow(text: string | undefined): Duration | undefined {
  if (text === undefined) return undefined;
  try {
    return Duration.parse(text);
  } catch {
    return undefined;
  }
}

function uniqueSorted(list: readonly Duration[]): Duration[] {
  const byMs = new Map(list.map((d) => [d.toMilliseconds(), d]));
  return [...byMs.values()].sort(compareDurations);
}

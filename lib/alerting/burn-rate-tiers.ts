import { Duration, compareDurations, requirePositiveDuration } from '../common/duration';
import type { SpecPath } from '../common/errors';
import { requireAnnotations, requirePrometheusLabels } from '../common/names';
import { tidy } from '../slo/objective';
import { Severity, requireSeverity } from './severity';

/**
 * One tier of multiwindow, multi-burn-rate alerting: fire when the error ratio is above
 * `factor` times the error budget over both the long and the short window.
 *
 * Give the threshold either as a `factor` (a burn rate, fixed whatever the SLO period) or as
 * `budgetPercent` (the share of the period's budget spent within the long window, which scales
 * the factor with the period: 2% over 1h is 14.4x for 30 days and 13.44x for 28 days).
 *
 * @see https://sre.google/workbook/alerting-on-slos/#6-multiwindow-multi-burn-rate-alerts
 */
export interface BurnRateTier {
  /** The window the burn rate is measured over. */
  readonly longWindow: Duration;
  /**
   * The window that must agree, so the alert clears soon after the burn stops.
   * @default - a twelfth of `longWindow` (5m for 1h), as the SRE Workbook recommends
   */
  readonly shortWindow?: Duration;
  /** Burn rate to alert at: 1 spends exactly the whole budget over the SLO period. Give this or `budgetPercent`. */
  readonly factor?: number;
  /** Percent of the period's error budget that, spent within `longWindow`, should alert. Give this or `factor`. */
  readonly budgetPercent?: number;
  /**
   * The incident severity of this tier's alert (its `sev` label). It decides whether the tier pages
   * (`sev.pages`) and its `severity` label, unless those are set too; a `page` that contradicts it is refused.
   * @default - Severity.SEV2 for paging tiers, Severity.SEV3 for ticket tiers
   */
  readonly sev?: Severity;
  /**
   * Whether the tier pages a human now (true) or opens a ticket (false). Chooses the default SEV.
   * @default - sev.pages when `sev` is set; else true for long windows up to 6 hours, false for longer ones
   */
  readonly page?: boolean;
  /**
   * Value of the alert's `severity` label (the ecosystem's scale).
   * @default - the SEV's: "critical" for SEV1 and SEV2, "warning" for SEV3, "info" for SEV4
   */
  readonly severity?: string;
  /**
   * How long the condition must hold before the alert fires.
   * @default Duration.minutes(1)
   */
  readonly for?: Duration;
  /**
   * How long the alert keeps firing once the condition stops holding, to stop a burn near the threshold
   * from flapping. Needs Prometheus 2.42 or later.
   * @default - none
   */
  readonly keepFiringFor?: Duration;
  /**
   * Extra labels for this tier's alerts.
   * @default - none
   */
  readonly labels?: Readonly<Record<string, string>>;
  /**
   * Extra annotations for this tier's alerts (Prometheus templates); they override the alerting's own.
   * @default - none
   */
  readonly annotations?: Readonly<Record<string, string>>;
}

/** Ready-made sets of burn-rate tiers. */
export abstract class BurnRateTiers {
  /**
   * The SRE Workbook's recommended tiers: page on 2% of the budget in 1 hour (5m short window) or 5% in
   * 6 hours (30m), ticket on 10% in 1 day (2h) or 10% in 3 days (6h). For a 30-day period these are
   * 14.4x, 6x, 3x and 1x.
   *
   * Spread and change them: `{ ...BurnRateTiers.sreWorkbook(), 'ticket-slow': false }`.
   *
   * @see https://sre.google/workbook/alerting-on-slos/#recommended_parameters_for_an_slo_based_a
   */
  public static sreWorkbook(): Record<string, BurnRateTier> {
    return {
      'page-fast': { longWindow: Duration.hours(1), shortWindow: Duration.minutes(5), budgetPercent: 2, page: true },
      'page-slow': { longWindow: Duration.hours(6), shortWindow: Duration.minutes(30), budgetPercent: 5, page: true },
      'ticket-fast': { longWindow: Duration.days(1), shortWindow: Duration.hours(2), budgetPercent: 10, page: false },
      'ticket-slow': { longWindow: Duration.days(3), shortWindow: Duration.hours(6), budgetPercent: 10, page: false },
    };
  }
}

/** A checked tier, with its factor worked out for one SLO. */
export interface BurnRateTierDefinition {
  /** Key in the tiers map. */
  readonly key: string;
  /** Long window. */
  readonly longWindow: Duration;
  /** Short window. */
  readonly shortWindow: Duration;
  /** Burn-rate factor for this SLO's period. */
  readonly factor: number;
  /** Percent of the period's budget spent within the long window at this factor. */
  readonly budgetPercent: number;
  /** Whether it pages. */
  readonly page: boolean;
  /** Incident severity (`sev` label). */
  readonly sev: Severity;
  /** Severity label. */
  readonly severity: string;
  /** `for` clause. */
  readonly for: Duration;
  /** `keep_firing_for` clause. */
  readonly keepFiringFor?: Duration;
  /** Extra labels. */
  readonly labels: Readonly<Record<string, string>>;
  /** Extra annotations. */
  readonly annotations: Readonly<Record<string, string>>;
}

const PAGE_LIMIT = Duration.hours(6);
const DEFAULT_FOR = Duration.minutes(1);
const TIER_KEY = /^[a-zA-Z0-9]([-a-zA-Z0-9_.]*[a-zA-Z0-9])?$/;

/** Labels a tier may not set, because the alert already carries them. */
export const RESERVED_ALERT_LABELS = ['alertname', 'service', 'slo', 'severity', 'sev', 'long', 'short'] as const;

/**
 * Checks a tiers map against one SLO (its objective's budget and its period) and works out each factor.
 * Disabled tiers (`false`) are left out.
 */
export function defineBurnRateTiers(
  at: SpecPath,
  tiers: Readonly<Record<string, BurnRateTier | false>>,
  slo: { readonly errorBudget: number; readonly period: Duration; readonly objectiveText: string },
): BurnRateTierDefinition[] {
  if (tiers === null || typeof tiers !== 'object' || Array.isArray(tiers)) {
    return at.fail('tiers', tiers, 'is not a map of tier names to tiers', "Give an object such as { ...BurnRateTiers.sreWorkbook(), 'ticket-slow': false }.");
  }
  const out: BurnRateTierDefinition[] = [];
  for (const [key, tier] of Object.entries(tiers)) {
    if (!TIER_KEY.test(key)) {
      at.fail('tiers', key, 'is not a valid tier name', 'Use letters, digits, "-", "_" and ".", e.g. "page-fast".');
    }
    if (tier === false) continue;
    out.push(defineTier(at.at('tiers', key), key, tier, slo));
  }
  const seen = new Map<string, string>();
  for (const t of out) {
    const id = `${t.longWindow.toPrometheus()}/${t.shortWindow.toPrometheus()}`;
    const other = seen.get(id);
    if (other) {
      at.fail(`tiers[${t.key}]`, id, `uses the same windows as tier '${other}', so their alerts would carry the same labels`, 'Give each tier its own pair of windows.');
    }
    seen.set(id, t.key);
  }
  return out;
}

function defineTier(
  at: SpecPath,
  key: string,
  tier: BurnRateTier,
  slo: { readonly errorBudget: number; readonly period: Duration; readonly objectiveText: string },
): BurnRateTierDefinition {
  if (tier === null || typeof tier !== 'object') {
    return at.fail(undefined, tier, 'is not a tier', 'Give { longWindow, factor or budgetPercent, ... } or false to turn the tier off.');
  }
  const longWindow = requirePositiveDuration(at, 'longWindow', tier.longWindow);
  const shortWindow =
    tier.shortWindow === undefined ? defaultShortWindow(longWindow) : requirePositiveDuration(at, 'shortWindow', tier.shortWindow);
  if (compareDurations(shortWindow, longWindow) >= 0) {
    at.fail('shortWindow', shortWindow.toPrometheus(), `is not shorter than longWindow (${longWindow.toPrometheus()})`, 'The short window must be shorter than the long one; the SRE Workbook uses a twelfth (5m for 1h).');
  }
  if (compareDurations(longWindow, slo.period) > 0) {
    at.fail('longWindow', longWindow.toPrometheus(), `is longer than the SLO period (${slo.period.toPrometheus()})`, 'Use a long window no longer than the period, or a longer period.');
  }
  if ((tier.factor === undefined) === (tier.budgetPercent === undefined)) {
    at.fail(
      tier.factor === undefined ? 'factor' : 'budgetPercent',
      tier.factor === undefined ? undefined : tier.budgetPercent,
      tier.factor === undefined ? 'is not set (nor is budgetPercent)' : 'is set together with factor',
      'Give exactly one of factor (a burn rate such as 14.4) and budgetPercent (share of the budget spent within the long window, such as 2).',
    );
  }
  const periodOverWindow = slo.period.toMilliseconds() / longWindow.toMilliseconds();
  let factor: number;
  let budgetPercent: number;
  if (tier.factor !== undefined) {
    if (typeof tier.factor !== 'number' || !Number.isFinite(tier.factor) || tier.factor <= 0) {
      at.fail('factor', tier.factor, 'is not a positive number', 'Give a burn rate greater than 0, e.g. 14.4.');
    }
    factor = tidy(tier.factor);
    budgetPercent = tidy((factor * 100) / periodOverWindow);
  } else {
    const p = tier.budgetPercent as number;
    if (typeof p !== 'number' || !Number.isFinite(p) || p <= 0 || p > 100) {
      at.fail('budgetPercent', p, 'is not a percentage above 0 and at most 100', 'Give the share of the budget in percent, e.g. 2.');
    }
    budgetPercent = tidy(p);
    factor = tidy((p / 100) * periodOverWindow);
  }
  const threshold = factor * slo.errorBudget;
  if (threshold >= 1) {
    const limit = tidy(1 / slo.errorBudget);
    at.fail(
      tier.factor !== undefined ? 'factor' : 'budgetPercent',
      tier.factor !== undefined ? tier.factor : tier.budgetPercent,
      `can never fire: a ${factor}x burn of the ${tidy(slo.errorBudget * 100)}% error budget of a ${slo.objectiveText} objective needs ${tidy(threshold * 100)}% of events to fail, and at most 100% can`,
      `Keep factor × error budget below 1 (a factor below ${limit} for this objective), or turn the tier off with '${key}': false.`,
    );
  }
  // The SRE Workbook pages on its 6-hour tier; the default keeps that (a paging tier is SEV2, whatever its
  // window), and a ticket tier is SEV3. A team that wants the 6-hour tier as a ticket says page: false.
  const explicitSev = tier.sev === undefined ? undefined : requireSeverity(at, 'sev', tier.sev);
  if (explicitSev && tier.page !== undefined && tier.page !== explicitSev.pages) {
    at.fail('page', tier.page, `contradicts sev (${explicitSev.name} ${explicitSev.pages ? 'pages' : 'does not page'})`, `Leave page out (the SEV decides), or choose a SEV that ${tier.page ? 'pages: SEV1 or SEV2' : 'does not page: SEV3 or SEV4'}.`);
  }
  const page = explicitSev?.pages ?? tier.page ?? compareDurations(longWindow, PAGE_LIMIT) <= 0;
  const sev = explicitSev ?? (page ? Severity.SEV2 : Severity.SEV3);
  const severity = tier.severity ?? sev.ecosystemSeverity;
  if (typeof severity !== 'string' || severity === '') {
    at.fail('severity', severity, 'is empty', 'Give a severity label value such as "critical".');
  }
  const forDuration = tier.for === undefined ? DEFAULT_FOR : requireNonNegativeDuration(at, 'for', tier.for);
  const keepFiringFor = tier.keepFiringFor === undefined ? undefined : requirePositiveDuration(at, 'keepFiringFor', tier.keepFiringFor);
  const labels = requirePrometheusLabels(at, 'labels', tier.labels, RESERVED_ALERT_LABELS);
  const annotations = requireAnnotations(at, 'annotations', tier.annotations);
  return { key, longWindow, shortWindow, factor, budgetPercent, page, sev, severity, for: forDuration, keepFiringFor, labels, annotations };
}

/** A twelfth of the long window, rounded down to whole seconds (the SRE Workbook's ratio). */
function defaultShortWindow(longWindow: Duration): Duration {
  return Duration.seconds(Math.max(1, Math.floor(longWindow.toSeconds() / 12)));
}

function requireNonNegativeDuration(at: SpecPath, field: string, value: unknown): Duration {
  if (value instanceof Duration && value.toMilliseconds() === 0) return value;
  return requirePositiveDuration(at, field, value);
}

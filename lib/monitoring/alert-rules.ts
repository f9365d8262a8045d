import { Duration, requirePositiveDuration } from '../common/duration';
import type { SpecPath } from '../common/errors';
import { escapeTemplateText } from '../common/promql';
import { optionalUrl, requireAlertName } from '../alerting/burn-rate-alerts';

/** What every alert of the monitoring packs lets you set. */
export interface AlertRuleProps {
  /**
   * Alert name.
   * @default - named on each alert
   */
  readonly alertName?: string;
  /**
   * Value of the `severity` label.
   * @default - set on each alert
   */
  readonly severity?: string;
  /**
   * How long the condition must hold before the alert fires. Every alert has one (the seed's "avoid" list):
   * a blip never notifies anyone.
   * @default - set on each alert
   */
  readonly for?: Duration;
  /**
   * Runbook link, as the `runbook_url` annotation.
   * @default - the pack's runbookUrl, else none
   */
  readonly runbookUrl?: string;
}

/** Checked common settings of one alert. */
export interface AlertRuleDefinition {
  /** Alert name. */
  readonly alertName: string;
  /** Severity label value. */
  readonly severity: string;
  /** `for` clause. */
  readonly for: Duration;
  /** Runbook link. */
  readonly runbookUrl?: string;
}

/** Checks the common alert settings, filling in this alert's defaults. */
export function defineAlertRule(
  at: SpecPath,
  props: AlertRuleProps,
  defaults: { readonly alertName: string; readonly severity: string; readonly for: Duration; readonly runbookUrl?: string },
): AlertRuleDefinition {
  if (props === null || typeof props !== 'object') {
    return at.fail(undefined, props, 'is not an alert configuration', 'Give an object such as { for: Duration.minutes(5) }, or false to turn the alert off.');
  }
  const alertName = requireAlertName(at, 'alertName', props.alertName ?? defaults.alertName);
  const severity = props.severity ?? defaults.severity;
  if (typeof severity !== 'string' || severity === '') {
    at.fail('severity', severity, 'is empty', 'Give a severity label value such as "critical" or "warning".');
  }
  const forDuration = props.for === undefined ? defaults.for : requirePositiveDuration(at, 'for', props.for);
  const runbookUrl = optionalUrl(at, 'runbookUrl', props.runbookUrl ?? defaults.runbookUrl);
  return { alertName, severity, for: forDuration, runbookUrl };
}

/** Checks a number strictly between two bounds (or up to `max` when `maxInclusive`). */
export function requireNumberIn(at: SpecPath, field: string, value: unknown, min: number, max: number, expected: string, maxInclusive = false): number {
  const ok = typeof value === 'number' && Number.isFinite(value) && value > min && (maxInclusive ? value <= max : value < max);
  if (!ok) {
    return at.fail(field, value, `is not a number above ${min} and ${maxInclusive ? 'at most' : 'below'} ${max}`, expected);
  }
  return value as number;
}

/** Alerting-rule labels are Go templates; user values must read literally. Keys sorted for stable output. */
export function literalLabels(labels: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of Object.keys(labels).sort()) out[key] = escapeTemplateText(labels[key]);
  return out;
}

/** `runbook_url` and `dashboard_url` annotations; the links are literal text, never templates. */
export function linkAnnotations(runbookUrl: string | undefined, dashboardUrl: string | undefined): Record<string, string> {
  return {
    ...(runbookUrl ? { runbook_url: escapeTemplateText(runbookUrl) } : {}),
    ...(dashboardUrl ? { dashboard_url: escapeTemplateText(dashboardUrl) } : {}),
  };
}

/** A copy with keys in order. */
export function sortKeys<T>(map: Readonly<Record<string, T>>): Record<string, T> {
  const out: Record<string, T> = {};
  for (const key of Object.keys(map).sort()) out[key] = map[key];
  return out;
}

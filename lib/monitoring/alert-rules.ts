import { Duration, requirePositiveDuration } from '../common/duration';
import type { SpecPath } from '../common/errors';
import { escapeTemplateText } from '../common/promql';
import { optionalUrl, requireAlertName } from '../alerting/burn-rate-alerts';
import {
  RunbookLinkDefinition,
  RunbookLinkLevel,
  alertPageName,
  defineRunbookLink,
  optionalAcknowledgement,
  optionalRunbookBaseUrl,
  runbookPage,
} from '../alerting/runbook-links';
import { Severity, requireSeverity } from '../alerting/severity';

/** What every alert of the monitoring packs lets you set. */
export interface AlertRuleProps {
  /**
   * Alert name.
   * @default - named on each alert
   */
  readonly alertName?: string;
  /**
   * Incident severity (`sev` label); it decides the `severity` label unless that is set too.
   * @default - set on each alert; when only `severity` is given, the SEV it implies (critical: SEV2, warning: SEV3, info: SEV4)
   */
  readonly sev?: Severity;
  /**
   * Value of the `severity` label (the ecosystem's scale).
   * @default - the SEV's: "critical" for SEV1 and SEV2, "warning" for SEV3, "info" for SEV4
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
   * @default - the pack's runbookUrl, else a link under the pack's runbookBaseUrl, else none
   */
  readonly runbookUrl?: string;
  /**
   * Why this alert needs no runbook. A paging alert without a runbook is an error at synth unless this
   * gives the reason.
   * @default - not acknowledged
   */
  readonly acknowledgeNoRunbook?: string;
}

/** Checked common settings of one alert. */
export interface AlertRuleDefinition {
  /** Alert name. */
  readonly alertName: string;
  /** Incident severity (`sev` label). */
  readonly sev: Severity;
  /** Severity label value. */
  readonly severity: string;
  /** `for` clause. */
  readonly for: Duration;
  /** Runbook link, when there is one. */
  readonly runbookUrl?: string;
  /** The runbook link with where it came from. */
  readonly runbook: RunbookLinkDefinition;
}

/** Runbook settings of a pack of alerts: the level below each alert's own. */
export interface PackRunbookProps {
  /**
   * Runbook link of every alert.
   * @default - none
   */
  readonly runbookUrl?: string;
  /**
   * Base URL: each alert links `<base>/<scope>/<alert-name>.md`.
   * @default - none
   */
  readonly runbookBaseUrl?: string;
  /**
   * Why none of the alerts needs a runbook.
   * @default - not acknowledged
   */
  readonly acknowledgeNoRunbook?: string;
}

/** Checks a pack's runbook settings once, for every alert of the pack to fall back on. */
export function definePackRunbook(at: SpecPath, props: PackRunbookProps, scope: string): { readonly level: RunbookLinkLevel; readonly scope: string } {
  return {
    scope,
    level: {
      at,
      url: optionalUrl(at, 'runbookUrl', props.runbookUrl),
      baseUrl: optionalRunbookBaseUrl(at, 'runbookBaseUrl', props.runbookBaseUrl),
      acknowledged: optionalAcknowledgement(at, 'acknowledgeNoRunbook', props.acknowledgeNoRunbook),
    },
  };
}

/**
 * Checks the common alert settings, filling in this alert's defaults: its name, its SEV, its `for` and its
 * pack's runbook settings (see {@link definePackRunbook}).
 */
export function defineAlertRule(
  at: SpecPath,
  props: AlertRuleProps,
  defaults: { readonly alertName: string; readonly sev: Severity; readonly for: Duration; readonly pack: ReturnType<typeof definePackRunbook> },
): AlertRuleDefinition {
  if (props === null || typeof props !== 'object') {
    return at.fail(undefined, props, 'is not an alert configuration', 'Give an object such as { for: Duration.minutes(5) }, or false to turn the alert off.');
  }
  const alertName = requireAlertName(at, 'alertName', props.alertName ?? defaults.alertName);
  if (props.severity !== undefined && (typeof props.severity !== 'string' || props.severity === '')) {
    at.fail('severity', props.severity, 'is empty', 'Give a severity label value such as "critical" or "warning".');
  }
  const sev =
    props.sev !== undefined
      ? requireSeverity(at, 'sev', props.sev)
      : (props.severity !== undefined ? Severity.fromEcosystem(props.severity) : undefined) ?? defaults.sev;
  const severity = props.severity ?? sev.ecosystemSeverity;
  const forDuration = props.for === undefined ? defaults.for : requirePositiveDuration(at, 'for', props.for);
  const runbook = defineRunbookLink(runbookPage(defaults.pack.scope, alertPageName(alertName)), [
    { at, url: optionalUrl(at, 'runbookUrl', props.runbookUrl), acknowledged: optionalAcknowledgement(at, 'acknowledgeNoRunbook', props.acknowledgeNoRunbook) },
    defaults.pack.level,
  ]);
  return { alertName, sev, severity, for: forDuration, runbookUrl: runbook.url, runbook };
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

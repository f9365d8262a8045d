import { parseHttpUrl } from '../common/urls';
import { Duration, requirePositiveDuration } from '../common/duration';
import type { SpecPath } from '../common/errors';
import { isPrometheusMetricName, requireAnnotations, requirePrometheusLabels } from '../common/names';
import { escapeTemplateText, labelSelector } from '../common/promql';
import type { AlertingRule } from '../rules/rule-types';
import { SloMetrics } from '../slo/metrics';
import { tidy } from '../slo/objective';
import { BurnRateTier, BurnRateTierDefinition, BurnRateTiers, RESERVED_ALERT_LABELS, defineBurnRateTiers } from './burn-rate-tiers';
import { RunbookLinkDefinition, defineRunbookLink, optionalAcknowledgement, optionalRunbookBaseUrl } from './runbook-links';
import { Severity, requireSeverity } from './severity';

/**
 * How an SLO alerts on its error budget: multiwindow, multi-burn-rate tiers plus the alerts' names,
 * labels and links.
 */
export interface BurnRateAlertingProps {
  /**
   * The tiers, keyed by name. `false` turns a tier off, which reads well when spreading the defaults:
   * `{ ...BurnRateTiers.sreWorkbook(), 'ticket-slow': false }`.
   * @default BurnRateTiers.sreWorkbook()
   */
  readonly tiers?: Readonly<Record<string, BurnRateTier | false>>;
  /**
   * Alert name of every tier's alert. Tiers are told apart by the `severity`, `long` and `short` labels.
   * @default "SloErrorBudgetBurn"
   */
  readonly alertName?: string;
  /**
   * Labels added to every alert (routing keys, team). Values are written literally, never templated.
   * @default - none
   */
  readonly labels?: Readonly<Record<string, string>>;
  /**
   * Annotations added to every alert; they override the generated ones and are Prometheus templates.
   * @default - none
   */
  readonly annotations?: Readonly<Record<string, string>>;
  /**
   * Runbook link of every SLO's alerts, as the `runbook_url` annotation. An SLO's own `runbookUrl` wins.
   * Give this, `runbookBaseUrl` or `acknowledgeNoRunbook`.
   * @default - none
   */
  readonly runbookUrl?: string;
  /**
   * Base URL of the runbooks: each SLO's alerts link `<base>/<service>/slo-<slo>.md`, the burn-rate runbook a
   * `Runbooks` collection generates for it (publish `dist/runbooks/` there). An SLO's own `runbookUrl` wins.
   * @default - none
   * @see RunbookLinkDefinition
   */
  readonly runbookBaseUrl?: string;
  /**
   * Why these alerts need no runbook. A paging alert without a runbook is an error at synth unless this
   * gives the reason.
   * @default - not acknowledged
   */
  readonly acknowledgeNoRunbook?: string;
  /**
   * Dashboard link, as the `dashboard_url` annotation. An SLO's own `dashboardUrl` wins.
   * @default - none
   */
  readonly dashboardUrl?: string;
  /**
   * Also alert when the SLI has no data at all (the source series are missing, e.g. after a relabelling
   * change or a typo). `true` takes the defaults of {@link AbsentDataAlertProps}.
   * @default false
   */
  readonly absentDataAlert?: boolean | AbsentDataAlertProps;
}

/** The alert raised when an SLI has no data. */
export interface AbsentDataAlertProps {
  /**
   * Alert name.
   * @default "SloDataMissing"
   */
  readonly alertName?: string;
  /**
   * How long the data must be missing.
   * @default Duration.minutes(15)
   */
  readonly for?: Duration;
  /**
   * Incident severity (`sev` label). Missing data means the SLO is blind, not that it is met: a ticket to
   * answer within the hour. It never silences a burn-rate alert more severe than itself.
   * @default Severity.SEV3
   */
  readonly sev?: Severity;
  /**
   * Severity label.
   * @default - the SEV's ("warning" for SEV3)
   */
  readonly severity?: string;
}

/** Checked alerting settings for one SLO. */
export interface BurnRateAlertingDefinition {
  /** Alert name of the burn-rate alerts. */
  readonly alertName: string;
  /** Tiers, in the order given. */
  readonly tiers: readonly BurnRateTierDefinition[];
  /** Labels for every alert. */
  readonly labels: Readonly<Record<string, string>>;
  /** Annotations for every alert (templates). */
  readonly annotations: Readonly<Record<string, string>>;
  /** Runbook link (the `runbook_url` of every alert), when there is one. */
  readonly runbookUrl?: string;
  /** The runbook link with where it came from. */
  readonly runbook: RunbookLinkDefinition;
  /** Dashboard link. */
  readonly dashboardUrl?: string;
  /** The absent-data alert, when on. */
  readonly absentData?: { readonly alertName: string; readonly for: Duration; readonly sev: Severity; readonly severity: string };
}

/** What alerting needs to know about the SLO it guards. */
export interface AlertedSlo {
  /** Service name. */
  readonly service: string;
  /** SLO name. */
  readonly name: string;
  /** Objective, as text ("99.95%"). */
  readonly objectiveText: string;
  /** Error budget ratio. */
  readonly errorBudget: number;
  /** SLO period. */
  readonly period: Duration;
  /** Labels that pick this SLO's recorded series (`service` and `slo`). */
  readonly selector: Readonly<Record<string, string>>;
  /** All labels on this SLO's recorded series. */
  readonly labels: Readonly<Record<string, string>>;
  /** Whether the SLI counts events (decides which series the absent-data alert watches). */
  readonly eventBased: boolean;
}

/**
 * Checks alerting props for one SLO. `linkDefaults` carries the SLO's own runbook and dashboard links and the
 * page of its generated runbook under a base URL.
 */
export function defineBurnRateAlerting(
  at: SpecPath,
  props: BurnRateAlertingProps,
  slo: Pick<AlertedSlo, 'errorBudget' | 'period' | 'objectiveText'>,
  linkDefaults: { readonly runbookUrl?: string; readonly dashboardUrl?: string; readonly runbookPage: string; readonly sloAt?: SpecPath },
): BurnRateAlertingDefinition {
  if (props === null || typeof props !== 'object') {
    return at.fail(undefined, props, 'is not an alerting configuration', 'Give { tiers, ... } or false to turn burn-rate alerts off.');
  }
  const tiers = defineBurnRateTiers(at, props.tiers ?? BurnRateTiers.sreWorkbook(), slo);
  const alertName = requireAlertName(at, 'alertName', props.alertName ?? 'SloErrorBudgetBurn');
  const labels = requirePrometheusLabels(at, 'labels', props.labels, RESERVED_ALERT_LABELS);
  const annotations = requireAnnotations(at, 'annotations', props.annotations);
  const runbook = defineRunbookLink(linkDefaults.runbookPage, [
    { at: linkDefaults.sloAt ?? at, url: linkDefaults.runbookUrl },
    {
      at,
      url: optionalUrl(at, 'runbookUrl', props.runbookUrl),
      baseUrl: optionalRunbookBaseUrl(at, 'runbookBaseUrl', props.runbookBaseUrl),
      acknowledged: optionalAcknowledgement(at, 'acknowledgeNoRunbook', props.acknowledgeNoRunbook),
    },
  ]);
  const dashboardUrl = optionalUrl(at, 'dashboardUrl', linkDefaults.dashboardUrl ?? props.dashboardUrl);
  let absentData: BurnRateAlertingDefinition['absentData'];
  if (props.absentDataAlert) {
    const a: AbsentDataAlertProps = props.absentDataAlert === true ? {} : props.absentDataAlert;
    const aat = at.at('absentDataAlert');
    const sev = a.sev === undefined ? Severity.SEV3 : requireSeverity(aat, 'sev', a.sev);
    absentData = {
      alertName: requireAlertName(aat, 'alertName', a.alertName ?? 'SloDataMissing'),
      for: a.for === undefined ? Duration.minutes(15) : requirePositiveDuration(aat, 'for', a.for),
      sev,
      severity: requireNonEmpty(aat, 'severity', a.severity ?? sev.ecosystemSeverity),
    };
  }
  return { alertName, tiers, labels, annotations, runbookUrl: runbook.url, runbook, dashboardUrl, absentData };
}

/** Checks an alert name: what Prometheus accepts as `alert:` ([a-zA-Z_][a-zA-Z0-9_]*). */
export function requireAlertName(at: SpecPath, field: string, name: unknown): string {
  if (typeof name !== 'string' || !isPrometheusMetricName(name) || name.includes(':')) {
    return at.fail(field, name, 'is not a valid alert name', 'Alert names match [a-zA-Z_][a-zA-Z0-9_]*, e.g. "SloErrorBudgetBurn".');
  }
  return name;
}

function requireNonEmpty(at: SpecPath, field: string, value: unknown): string {
  if (typeof value !== 'string' || value === '') return at.fail(field, value, 'is empty', 'Give a non-empty label value.');
  return value;
}

/** Checks an optional link: an absolute http(s) URL. */
export function optionalUrl(at: SpecPath, field: string, value: unknown): string | undefined {
  if (value === undefined) return undefined;
  const url = parseHttpUrl(value);
  if (!url) {
    return at.fail(field, value, 'is not an absolute http(s) URL', 'Give a link such as "https://runbooks.example.com/checkout/availability".');
  }
  return value as string;
}

/** Renders the burn-rate (and absent-data) alerting rules of one SLO. */
export function renderBurnRateAlerts(slo: AlertedSlo, alerting: BurnRateAlertingDefinition): AlertingRule[] {
  const rules: AlertingRule[] = alerting.tiers.map((tier) => renderTier(slo, alerting, tier));
  if (alerting.absentData) rules.push(renderAbsentData(slo, alerting));
  return rules;
}

function renderTier(slo: AlertedSlo, alerting: BurnRateAlertingDefinition, tier: BurnRateTierDefinition): AlertingRule {
  const budget = tidy(slo.errorBudget);
  const ratio = (w: Duration) => labelSelector(SloMetrics.errorRatio(w), slo.selector);
  // The value is the long window's burn rate (the description shows it); the thresholds compare error
  // ratios with factor x budget, as the SRE Workbook and Sloth write them.
  const threshold = `${tier.factor} * ${budget}`;
  const expr = [
    `${ratio(tier.longWindow)} / ${budget}`,
    'and',
    `${ratio(tier.longWindow)} > ${threshold}`,
    'and',
    `${ratio(tier.shortWindow)} > ${threshold}`,
  ].join('\n');
  const long = tier.longWindow.toPrometheus();
  const short = tier.shortWindow.toPrometheus();
  // service and slo come with the expression's series too; naming them here keeps the rules of several
  // SLOs apart for promtool's duplicate-rule lint.
  const labels = literalLabels({
    ...alerting.labels,
    ...tier.labels,
    ...slo.selector,
    severity: tier.severity,
    sev: tier.sev.name,
    long,
    short,
  });
  const lasts = humanDays(slo.period.toDays() / tier.factor);
  const annotations: Record<string, string> = {
    summary: `${slo.service} ${slo.name}: error budget burning faster than ${tier.factor}x over ${long}`,
    description:
      `The ${slo.name} SLO of ${slo.service} (${slo.objectiveText} over ${slo.period.toPrometheus()}) is spending its error budget ` +
      `{{ $value | humanize }} times as fast as it can sustain over ${theLast(tier.longWindow)}, and faster than ${tier.factor}x over ${theLast(tier.shortWindow)} too. ` +
      `At ${tier.factor}x, ${tier.budgetPercent}% of the ${slo.period.toDays()}-day budget goes every ${unitOrCount(tier.longWindow)} and all of it within ${lasts}.`,
    ...links(alerting),
    ...alerting.annotations,
    ...tier.annotations,
  };
  return {
    alert: alerting.alertName,
    expr,
    for: tier.for.toPrometheus(),
    ...(tier.keepFiringFor ? { keep_firing_for: tier.keepFiringFor.toPrometheus() } : {}),
    labels,
    annotations: sortKeys(annotations),
  };
}

function renderAbsentData(slo: AlertedSlo, alerting: BurnRateAlertingDefinition): AlertingRule {
  const absent = alerting.absentData!;
  const five = Duration.minutes(5);
  const watched = slo.eventBased ? SloMetrics.total(five) : SloMetrics.errorRatio(five);
  return {
    alert: absent.alertName,
    expr: `absent(${labelSelector(watched, slo.selector)})`,
    for: absent.for.toPrometheus(),
    labels: literalLabels({ ...slo.labels, ...alerting.labels, severity: absent.severity, sev: absent.sev.name }),
    annotations: sortKeys({
      summary: `${slo.service} ${slo.name}: no SLI data`,
      description:
        `The ${slo.name} SLO of ${slo.service} has had no SLI data for ${absent.for.toHumanString()}: its source series are missing, ` +
        'so its burn-rate alerts cannot fire. Check the scrape targets and the metric names in the SLI.',
      ...links(alerting),
      ...alerting.annotations,
    }),
  };
}

function links(alerting: BurnRateAlertingDefinition): Record<string, string> {
  return {
    ...(alerting.runbookUrl ? { runbook_url: escapeTemplateText(alerting.runbookUrl) } : {}),
    ...(alerting.dashboardUrl ? { dashboard_url: escapeTemplateText(alerting.dashboardUrl) } : {}),
  };
}

/** Alerting-rule labels are Go templates; user values must read literally. Keys sorted for stable output. */
function literalLabels(labels: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of Object.keys(labels).sort()) out[key] = escapeTemplateText(labels[key]);
  return out;
}

function sortKeys(map: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of Object.keys(map).sort()) out[key] = map[key];
  return out;
}

/** "the last hour", "the last 6 hours". */
function theLast(d: Duration): string {
  return `the last ${unitOrCount(d)}`;
}

/** "hour" for one hour, else "6 hours". */
function unitOrCount(d: Duration): string {
  const text = d.toHumanString();
  return text.startsWith('1 ') ? text.slice(2) : text;
}

function humanDays(days: number): string {
  if (days >= 1) return `${tidy(Number(days.toFixed(1)))} day${days === 1 ? '' : 's'}`;
  const hours = days * 24;
  if (hours >= 1) return `${tidy(Number(hours.toFixed(1)))} hour${hours === 1 ? '' : 's'}`;
  return `${tidy(Number((hours * 60).toFixed(0)))} minutes`;
}

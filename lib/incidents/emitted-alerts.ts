import { BurnRateAlertsDefinition } from '../alerting/burn-rate-alerts-definition';
import type { BurnRateAlertingDefinition } from '../alerting/burn-rate-alerts';
import type { RunbookLinkDefinition } from '../alerting/runbook-links';
import { Severity } from '../alerting/severity';
import { resultLabel } from '../common/series-labels';
import type { AlertRuleDefinition } from '../monitoring/alert-rules';
import { ResourceAlertsDefinition } from '../monitoring/resource-alerts';
import { ServiceMonitoringDefinition } from '../monitoring/service-monitoring';
import { RuleSet } from '../rules/rule-set';
import type { AlertingRule } from '../rules/rule-types';
import type { SloDefinition } from '../slo/slo-service';
import { SloServiceDefinition } from '../slo/slo-service';

/**
 * Something that emits alerts. An SloService, a separate BurnRateAlerts, a ServiceMonitoring and a ResourceAlerts
 * pack are read with what their models know (the SLO each alert guards, runbook links built from a base URL,
 * acknowledgements, the namespaces a pack watches). Any other `RuleSet` (a ChaosSchedule, an ErrorBudgetPolicy, a
 * CapacityPlan, an Autoscaling, a LogPolicy, or a rule set of your own) is read from the alerting rules it
 * renders: see {@link emittedAlerts}.
 */
export type AlertSource = SloServiceDefinition | BurnRateAlertsDefinition | ServiceMonitoringDefinition | ResourceAlertsDefinition | RuleSet;

/** An alert source, or a construct or component that holds one as its `definition` (SloService, ServiceMonitoring... of either door). */
export type AlertSourceLike = AlertSource | { readonly definition: AlertSource };

/** The source itself. */
export function toAlertSource(source: AlertSourceLike): AlertSource {
  return source !== null && typeof source === 'object' && 'definition' in source ? source.definition : source;
}

/** What an alert is, for routing and runbooks: `rule` for an alert read from the rules a RuleSet renders. */
export type EmittedAlertKind = 'burn-rate' | 'absent-data' | 'red' | 'resource' | 'rule';

/** One alert rule a source emits, as routing and runbooks see it. */
export interface EmittedAlert {
  /** Alert name. */
  readonly alertName: string;
  /** What kind of alert it is. */
  readonly kind: EmittedAlertKind;
  /** Incident severity. */
  readonly sev: Severity;
  /** Labels the alert is known to carry: the rule's own and those of the recorded series it reads. */
  readonly labels: Readonly<Record<string, string>>;
  /**
   * Namespaces its `namespace` label comes from, for alerts on pod series (`any`: whatever namespace, or none,
   * the series carry).
   * @default - the alert has no namespace from its series
   */
  readonly seriesNamespaces?: readonly string[] | 'any';
  /** Its runbook link. */
  readonly runbook: RunbookLinkDefinition;
  /** Where it is defined (the source's construct path), for messages. */
  readonly origin: string;
  /**
   * The SLO it guards, for burn-rate and absent-data alerts.
   * @default - none: not an SLO alert
   */
  readonly slo?: SloDefinition;
}

/**
 * Every alert a source emits.
 *
 * An SloService, BurnRateAlerts, ServiceMonitoring or ResourceAlerts is read from its model. Any other RuleSet is
 * read from the alerting rules it renders, one alert per rule:
 *
 * - its SEV from the `sev` label, else from the ecosystem `severity` (critical SEV2, warning SEV3, info SEV4),
 *   else SEV3: the routing tree's root (the ticket receiver) is where an alert without `sev` ends;
 * - its labels from the rule's literal labels (templated values are left out);
 * - its `namespace` from the rule's labels, else from the expression ({@link resultLabel}: a selector that
 *   fixes it and nothing that drops it), else "any";
 * - its runbook from the `runbook_url` annotation, trusted as written.
 */
export function emittedAlerts(like: AlertSourceLike): EmittedAlert[] {
  const source = toAlertSource(like);
  if (source instanceof SloServiceDefinition) {
    return source.slos.flatMap((slo) => (slo.alerting ? sloAlerts(slo, slo.alerting, source.path) : []));
  }
  if (source instanceof BurnRateAlertsDefinition) {
    return source.alerts.flatMap(({ slo, alerting }) => sloAlerts(slo, alerting, source.service.path));
  }
  if (source instanceof ServiceMonitoringDefinition) {
    const rules: Array<AlertRuleDefinition | undefined> = [source.errorRateAlert, source.latencyAlert];
    return rules.filter((a): a is AlertRuleDefinition => a !== undefined).map((a) => ruleAlert(a, 'red', source.labels, source.path));
  }
  if (source instanceof ResourceAlertsDefinition) {
    const seriesNamespaces = source.namespaces ?? 'any';
    const path = source.path;
    const rules: Array<AlertRuleDefinition | undefined> = [source.oomKilled, source.cpuThrottling];
    const alerts = rules.filter((a): a is AlertRuleDefinition => a !== undefined).map((a) => ruleAlert(a, 'resource', source.labels, path));
    const cert = source.certificateExpiry;
    const certs = cert
      ? [cert.criticalSev, cert.warningSev].map((sev) => ruleAlert({ ...cert, sev, severity: sev.ecosystemSeverity }, 'resource', source.labels, path))
      : [];
    return [...alerts, ...certs].map((a) => ({ ...a, seriesNamespaces }));
  }
  if (source instanceof RuleSet) {
    const origin = originOf(source);
    return source
      .ruleGroups()
      .flatMap((g) => g.rules)
      .filter((r): r is AlertingRule => 'alert' in r)
      .map((r) => renderedAlert(r, origin));
  }
  throw new Error(`not an alert source: ${String(source)}`);
}

/** Where a rule set is defined: its construct path when it has one, else its PrometheusRule's name. */
function originOf(source: RuleSet): string {
  const path = (source as { path?: unknown }).path;
  return typeof path === 'string' && path !== '' ? path : source.metadata.name;
}

function renderedAlert(rule: AlertingRule, origin: string): EmittedAlert {
  const labels = Object.fromEntries(Object.entries(rule.labels ?? {}).filter(([, v]) => !v.includes('{{')));
  const sev = Severity.of(labels.sev ?? '') ?? Severity.fromEcosystem(labels.severity ?? '') ?? Severity.SEV3;
  const url = rule.annotations?.runbook_url;
  const fromSeries = labels.namespace === undefined ? resultLabel(rule.expr, 'namespace') : undefined;
  const seriesNamespaces = fromSeries?.kind === 'fixed' ? fromSeries.values : fromSeries?.kind === 'unknown' ? 'any' : undefined;
  return {
    alertName: rule.alert,
    kind: 'rule',
    sev,
    labels,
    ...(seriesNamespaces ? { seriesNamespaces } : {}),
    runbook: url && !url.includes('{{') ? { url } : {},
    origin,
  };
}

function sloAlerts(slo: SloDefinition, alerting: BurnRateAlertingDefinition, origin: string): EmittedAlert[] {
  const base = { runbook: alerting.runbook, origin, slo };
  const tiers: EmittedAlert[] = alerting.tiers.map((tier) => ({
    ...base,
    alertName: alerting.alertName,
    kind: 'burn-rate',
    sev: tier.sev,
    labels: { ...slo.labels, ...alerting.labels, ...tier.labels, severity: tier.severity, sev: tier.sev.name, long: tier.longWindow.toPrometheus(), short: tier.shortWindow.toPrometheus() },
  }));
  const absent = alerting.absentData;
  if (!absent) return tiers;
  return [
    ...tiers,
    { ...base, alertName: absent.alertName, kind: 'absent-data', sev: absent.sev, labels: { ...slo.labels, ...alerting.labels, severity: absent.severity, sev: absent.sev.name } },
  ];
}

function ruleAlert(a: AlertRuleDefinition, kind: EmittedAlertKind, labels: Readonly<Record<string, string>>, origin: string): EmittedAlert {
  return { alertName: a.alertName, kind, sev: a.sev, labels: { ...labels, severity: a.severity, sev: a.sev.name }, runbook: a.runbook, origin };
}

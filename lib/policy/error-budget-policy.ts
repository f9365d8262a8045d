import { optionalUrl, requireAlertName } from '../alerting/burn-rate-alerts';
import { Severity, requireSeverity } from '../alerting/severity';
import { Duration, compareDurations, requirePositiveDuration } from '../common/duration';
import { SpecPath } from '../common/errors';
import { KubernetesManifest, ManifestMetadata, ManifestMetadataProps, defineMetadata } from '../common/manifest';
import { isDnsLabel, requirePrometheusLabels } from '../common/names';
import { labelSelector } from '../common/promql';
import { RuleSet } from '../rules/rule-set';
import type { RuleGroup } from '../rules/rule-types';
import { tidy } from '../slo/objective';
import type { SloDefinition, SloServiceDefinition } from '../slo/slo-service';
import { AnalysisTemplateArgs, renderAnalysisTemplate } from './argo-rollouts';
import { DeployGatesDefinition, DeployGatesProps, NO_EXEMPTION, defineDeployGates } from './deploy-gates';
import { FlaggerCanaryMetric, flaggerCanaryMetrics, renderMetricTemplates } from './flagger';
import { BudgetPolicyMetrics } from './metrics';
import { renderPolicyAlertGroup, renderPolicyRecordingGroup } from './policy-rules';

/** One of the policy's two alerts. */
export interface ErrorBudgetAlertProps {
  /**
   * Alert name.
   * @default - "ErrorBudgetExhausted" or "ErrorBudgetLow"
   */
  readonly alertName?: string;
  /**
   * Incident severity: sets the `sev` and `severity` labels.
   * @default - Severity.SEV3 (a ticket, no page) when exhausted, Severity.SEV4 when low
   */
  readonly severity?: Severity;
  /**
   * How long the condition must hold before the alert fires.
   * @default - Duration.minutes(5) when exhausted, Duration.minutes(30) when low
   */
  readonly for?: Duration;
  /**
   * Runbook link (`runbook_url`).
   * @default - the policy's runbookUrl
   */
  readonly runbookUrl?: string;
}

/**
 * What a service does when its error budget runs low or out: when deploys freeze, when to warn, how fast a
 * canary may burn, and which changes may ship anyway.
 *
 * @see https://sre.google/workbook/error-budget-policy/
 */
export interface ErrorBudgetPolicyProps {
  /**
   * Names of the SLOs the policy counts; any one of them at or below the freeze threshold freezes deploys.
   * @default - every SLO of the service
   */
  readonly slos?: readonly string[];
  /**
   * Deploys freeze once this share of an SLO's error budget (in percent, 0 to 100) or less is left.
   * 0 freezes when the budget is spent.
   * @default 0
   */
  readonly freezeAtPercent?: number;
  /**
   * The policy warns (ErrorBudgetLow) once less than this share of an SLO's error budget (in percent,
   * above `freezeAtPercent`, at most 100) is left.
   * @default 25
   */
  readonly warnBelowPercent?: number;
  /**
   * The highest burn rate a canary may cause: a canary fails while any counted SLO burns its budget faster
   * over `canaryWindow`. At least 1 (a burn rate of 1 spends exactly the budget over the period). The
   * default is the SRE Workbook's slower paging factor: never promote a canary while the service burns fast
   * enough to page.
   * @default 6
   * @see https://sre.google/workbook/alerting-on-slos/#6-multiwindow-multi-burn-rate-alerts
   */
  readonly canaryMaxBurnRate?: number;
  /**
   * The window the canary burn rate is measured over; every counted SLO must record it (see
   * `SloServiceProps.extraWindows`).
   * @default Duration.minutes(5)
   */
  readonly canaryWindow?: Duration;
  /**
   * Changes that may ship while deploys are frozen, each with the reason it is exempt, keyed by a name
   * (lowercase letters, digits and '-') that a Rollout or Canary passes to the gate. An exempt change
   * still has to keep its canary under `canaryMaxBurnRate`.
   * @default - none
   * @example { 'security-fix': 'Fixes for known vulnerabilities ship within 24 hours (security policy).' }
   */
  readonly exemptions?: Readonly<Record<string, string>>;
  /**
   * The alert raised while deploys are frozen; `false` turns it off.
   * @default - ErrorBudgetExhausted, SEV3, for 5 minutes
   */
  readonly exhaustedAlert?: ErrorBudgetAlertProps | false;
  /**
   * The warning raised while the budget is below `warnBelowPercent` but above the freeze; `false` turns it off.
   * @default - ErrorBudgetLow, SEV4, for 30 minutes
   */
  readonly lowAlert?: ErrorBudgetAlertProps | false;
  /**
   * Runbook link of both alerts.
   * @default - the SLO's runbook link (its own, else its alerting's)
   */
  readonly runbookUrl?: string;
  /**
   * Dashboard link of both alerts (`dashboard_url`).
   * @default - the SLO's dashboard link (its own, else its alerting's)
   */
  readonly dashboardUrl?: string;
  /**
   * Labels added to both alerts (routing keys; `namespace` for an AlertmanagerConfig under the operator's
   * `OnNamespace` matcher, since the budget series carry none).
   * @default - none
   */
  readonly labels?: Readonly<Record<string, string>>;
  /**
   * A freeze declared in code, whatever the budget says: after a SEV1 until its postmortem actions land, or over
   * a holiday. While it is set the recorded verdict says frozen (the freeze line is the whole budget), so the
   * deploy gates, `sre-constructs budget --gate` and the chaos schedules that pause on this policy all stop;
   * exempt changes still ship. The budget alerts still speak of the budget only. Remove it to lift the freeze.
   * @default - frozen only when the budget is at or below freezeAtPercent
   */
  readonly frozen?: DeclaredFreeze;
  /**
   * Argo Rollouts and Flagger templates that gate deploys on the policy.
   * @default - none
   */
  readonly deployGates?: DeployGatesProps;
  /**
   * Metadata of the PrometheusRule carrying the policy's series and alerts.
   * @default - named "<service>-error-budget-policy"
   */
  readonly metadata?: ManifestMetadataProps;
}

/** A freeze declared in code, and why. */
export interface DeclaredFreeze {
  /** Why deploys are frozen, in one line ("Holiday freeze until 2 January", "SEV1 of 12 May: postmortem actions first"). */
  readonly reason: string;
}

/** A change the policy lets through a freeze, and why. */
export interface BudgetExemption {
  /** Name a Rollout or Canary passes to the gate. */
  readonly name: string;
  /** Why such changes may ship while the budget is spent. */
  readonly reason: string;
}

/** A checked alert of the policy. */
export interface ErrorBudgetAlertDefinition {
  /** Alert name. */
  readonly alertName: string;
  /** Severity. */
  readonly severity: Severity;
  /** `for` clause. */
  readonly for: Duration;
  /** Runbook link, when any. */
  readonly runbookUrl?: string;
}

/**
 * Whether a service's deploys are frozen by its error-budget policy, as PromQL that other concerns can put in
 * their own conditions (a chaos schedule pauses while `condition` returns a series).
 */
export interface DeployFreeze {
  /** The service. */
  readonly service: string;
  /** The service-wide frozen series (1 frozen, 0 not, absent while unknown). */
  readonly metric: string;
  /** Labels that select the service's frozen series. */
  readonly selector: Readonly<Record<string, string>>;
  /** PromQL returning one series (value 1) while the policy freezes the service's deploys, and nothing otherwise. */
  readonly condition: string;
  /** PromQL returning one series while nobody can tell (a counted SLO has no budget data, and none is frozen). */
  readonly unknownCondition: string;
  /**
   * The freeze declared in code, when there is one: the service is frozen whatever the budget says, and
   * readers that render static objects (a chaos schedule) can pause at once.
   * @default - none: frozen only by the budget
   */
  readonly declared?: DeclaredFreeze;
}

/** A deploy-gate manifest and its stable id. */
export interface DeployGateObject {
  /** "analysis-template", "cluster-analysis-template", "metric-template" or "burn-rate-metric-template". */
  readonly id: string;
  /** The manifest. */
  readonly manifest: KubernetesManifest;
}

const RESERVED_EXEMPTION_NAMES = [NO_EXEMPTION];
const RESERVED_ALERT_LABELS = ['alertname', 'severity', 'sev', 'service', 'slo'] as const;

/**
 * A checked error-budget policy for one SloService: the series that record its thresholds and verdict, its
 * alerts, and the deploy gates that read them.
 *
 * The policy's verdict is recorded by Prometheus (`slo:budget_policy_frozen:bool` and friends, see
 * {@link BudgetPolicyMetrics}), so gates, the `budget` command and chaos schedules all read one answer.
 *
 * @example
 * const slos = SloServiceDefinition.create({ service: 'checkout', slos: [...] });
 * const policy = ErrorBudgetPolicyDefinition.create(slos, { warnBelowPercent: 25, exemptions: { rollback: 'Restores a known good version.' } });
 */
export class ErrorBudgetPolicyDefinition extends RuleSet {
  /** Checks the props against the service. Throws a SpecError naming `path`, the field and the value at the first problem. */
  public static create(service: SloServiceDefinition, props: ErrorBudgetPolicyProps = {}, path?: string): ErrorBudgetPolicyDefinition {
    return new ErrorBudgetPolicyDefinition(service, props, path ?? `${service.path}-error-budget-policy`);
  }

  /** The service the policy governs. */
  public readonly service: SloServiceDefinition;
  /** The SLOs it counts, in the service's order. */
  public readonly slos: readonly SloDefinition[];
  /** Freeze threshold, as a share of the budget (0 to 1). */
  public readonly freezeAt: number;
  /** Warning threshold, as a share of the budget (0 to 1). */
  public readonly warnBelow: number;
  /** Canary burn-rate ceiling. */
  public readonly canaryMaxBurnRate: number;
  /** Window of the canary burn rate. */
  public readonly canaryWindow: Duration;
  /** Exemptions, sorted by name. */
  public readonly exemptions: readonly BudgetExemption[];
  /** The alert while frozen, when on. */
  public readonly exhaustedAlert?: ErrorBudgetAlertDefinition;
  /** The warning while low, when on. */
  public readonly lowAlert?: ErrorBudgetAlertDefinition;
  /** Dashboard link of the alerts, when set on the policy. */
  public readonly dashboardUrl?: string;
  /** Labels added to the alerts. */
  public readonly labels: Readonly<Record<string, string>>;
  /** The freeze declared in code, when there is one. */
  public readonly declaredFreeze?: DeclaredFreeze;
  /** Deploy gates, when asked for. */
  public readonly deployGates?: DeployGatesDefinition;
  /** Metadata of the PrometheusRule. */
  public readonly metadata: ManifestMetadata;

  /** Construct path, named in messages (routing and runbook checks name the alerts' origin by it). */
  public readonly path: string;

  private constructor(service: SloServiceDefinition, props: ErrorBudgetPolicyProps, path: string) {
    super();
    const at = new SpecPath(path);
    this.path = path;
    if (props === null || typeof props !== 'object') {
      at.fail(undefined, props, 'is not an error-budget policy', 'Give an object such as { freezeAtPercent: 0, warnBelowPercent: 25 }.');
    }
    this.service = service;
    this.slos = countedSlos(at, service, props.slos);
    this.freezeAt = percentToRatio(at, 'freezeAtPercent', props.freezeAtPercent ?? 0);
    this.warnBelow = percentToRatio(at, 'warnBelowPercent', props.warnBelowPercent ?? 25);
    if (this.warnBelow <= this.freezeAt) {
      at.fail(
        'warnBelowPercent',
        props.warnBelowPercent ?? 25,
        `is not above freezeAtPercent (${tidy(this.freezeAt * 100)})`,
        'Warn before the freeze: give a warning threshold above the freeze threshold (or turn the warning off with lowAlert: false).',
      );
    }
    this.canaryMaxBurnRate = requireBurnRateCeiling(at, props.canaryMaxBurnRate ?? 6);
    this.canaryWindow = props.canaryWindow === undefined ? Duration.minutes(5) : requirePositiveDuration(at, 'canaryWindow', props.canaryWindow);
    for (const slo of this.slos) requireRecordedWindow(at, service, slo, this.canaryWindow);
    this.exemptions = defineExemptions(at, props.exemptions);
    const runbookUrl = optionalUrl(at, 'runbookUrl', props.runbookUrl);
    this.dashboardUrl = optionalUrl(at, 'dashboardUrl', props.dashboardUrl);
    this.exhaustedAlert = defineAlert(at.at('exhaustedAlert'), props.exhaustedAlert, { alertName: 'ErrorBudgetExhausted', severity: Severity.SEV3, for: Duration.minutes(5), runbookUrl });
    this.lowAlert = defineAlert(at.at('lowAlert'), props.lowAlert, { alertName: 'ErrorBudgetLow', severity: Severity.SEV4, for: Duration.minutes(30), runbookUrl });
    if (this.exhaustedAlert && this.lowAlert && this.exhaustedAlert.alertName === this.lowAlert.alertName) {
      at.fail('lowAlert.alertName', this.lowAlert.alertName, 'is also the name of the exhausted alert', 'Give the two alerts different names, so routing and silences can tell them apart.');
    }
    this.labels = requirePrometheusLabels(at, 'labels', props.labels, RESERVED_ALERT_LABELS);
    this.declaredFreeze = props.frozen === undefined ? undefined : requireDeclaredFreeze(at, props.frozen);
    this.deployGates = props.deployGates === undefined ? undefined : defineDeployGates(at.at('deployGates'), props.deployGates, service.service);
    this.metadata = defineMetadata(at, props.metadata, `${service.service}-error-budget-policy`);
  }

  /**
   * The share of the budget left at or below which the recorded verdict says frozen: `freezeAt`, or the whole
   * budget (1) while a freeze is declared in code, so that every reader of the verdict stops.
   */
  public get freezeLine(): number {
    return this.declaredFreeze ? 1 : this.freezeAt;
  }

  /** Labels that select the service-wide series of the policy. */
  public get serviceSelector(): Readonly<Record<string, string>> {
    return { service: this.service.service };
  }

  /** The policy's recorded series, then its alerts. */
  public ruleGroups(): RuleGroup[] {
    const groups = [renderPolicyRecordingGroup(this)];
    const alerts = renderPolicyAlertGroup(this);
    return alerts.rules.length > 0 ? [...groups, alerts] : groups;
  }

  /** Whether the policy freezes the service's deploys, as PromQL for other concerns (chaos schedules pause on it). */
  public get freeze(): DeployFreeze {
    const frozen = labelSelector(BudgetPolicyMetrics.SERVICE_FROZEN, this.serviceSelector);
    return {
      service: this.service.service,
      metric: BudgetPolicyMetrics.SERVICE_FROZEN,
      selector: this.serviceSelector,
      condition: `${frozen} == 1`,
      unknownCondition: `absent(${frozen})`,
      ...(this.declaredFreeze ? { declared: this.declaredFreeze } : {}),
    };
  }

  /** The Argo Rollouts AnalysisTemplate (or ClusterAnalysisTemplate), when the deploy gates include one. */
  public analysisTemplate(): KubernetesManifest | undefined {
    const gates = this.deployGates;
    return gates?.argoRollouts ? renderAnalysisTemplate(this, gates, gates.argoRollouts) : undefined;
  }

  /** The Flagger MetricTemplates (freeze, then canary burn rate), when the deploy gates include them. */
  public metricTemplates(): KubernetesManifest[] {
    return this.deployGates?.flagger ? renderMetricTemplates(this, this.deployGates) : [];
  }

  /** Every deploy-gate manifest: the AnalysisTemplate, then the MetricTemplates. */
  public gateManifests(): KubernetesManifest[] {
    return this.gateObjects().map((g) => g.manifest);
  }

  /** Every deploy-gate manifest with an id that stays the same whatever its name (for construct ids and resource names). */
  public gateObjects(): DeployGateObject[] {
    const analysis = this.analysisTemplate();
    const [freeze, burnRate] = this.metricTemplates();
    return [
      ...(analysis ? [{ id: analysis.kind === 'AnalysisTemplate' ? 'analysis-template' : 'cluster-analysis-template', manifest: analysis }] : []),
      ...(freeze ? [{ id: 'metric-template', manifest: freeze }, { id: 'burn-rate-metric-template', manifest: burnRate }] : []),
    ];
  }

  /**
   * The entries a Flagger Canary lists under `spec.analysis.metrics` to use the MetricTemplates, with the
   * thresholds of this policy. Empty when the gates include no Flagger templates.
   */
  public flaggerCanaryMetrics(): FlaggerCanaryMetric[] {
    return this.deployGates?.flagger ? flaggerCanaryMetrics(this, this.deployGates) : [];
  }

  /** The args a Rollout passes to the AnalysisTemplate to ship an exempt change (`budget-exemption`). */
  public analysisArgs(exemption?: string): AnalysisTemplateArgs {
    if (exemption !== undefined && !this.exemptions.some((e) => e.name === exemption)) {
      throw new Error(`${this.metadata.name}: ${JSON.stringify(exemption)} is not an exemption of this policy; it has ${this.exemptions.map((e) => e.name).join(', ') || 'none'}`);
    }
    return [{ name: 'budget-exemption', value: exemption ?? NO_EXEMPTION }];
  }
}

function countedSlos(at: SpecPath, service: SloServiceDefinition, names: readonly string[] | undefined): SloDefinition[] {
  const known = service.slos.map((s) => s.name);
  if (names === undefined) return [...service.slos];
  if (!Array.isArray(names) || names.length === 0) {
    return at.fail('slos', names, 'is empty', `Name at least one SLO of ${service.service} (${known.join(', ')}), or leave slos out to count them all.`);
  }
  const seen = new Set<string>();
  for (const name of names) {
    if (!known.includes(name)) {
      at.fail('slos', name, `is not an SLO of service ${service.service}`, `Choose from ${known.join(', ')}.`);
    }
    if (seen.has(name)) at.fail('slos', name, 'is named twice', 'Name each SLO once.');
    seen.add(name);
  }
  return service.slos.filter((s) => seen.has(s.name));
}

function requireDeclaredFreeze(at: SpecPath, value: unknown): DeclaredFreeze {
  const reason = (value as DeclaredFreeze | null)?.reason;
  if (value === null || typeof value !== 'object' || typeof reason !== 'string' || reason.trim() === '' || /[\u0000-\u001f]/.test(reason)) {
    return at.fail('frozen', value, 'has no one-line reason', 'Say why deploys are frozen: { reason: "Holiday freeze until 2 January" }.');
  }
  return { reason: reason.trim() };
}

function percentToRatio(at: SpecPath, field: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > 100) {
    return at.fail(field, value, 'is not a percentage from 0 to 100', 'Give the share of the error budget left, in percent: 0 is a spent budget, 100 an untouched one.');
  }
  return tidy(value / 100);
}

function requireBurnRateCeiling(at: SpecPath, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 1) {
    return at.fail(
      'canaryMaxBurnRate',
      value,
      'is not a burn rate of at least 1',
      'A burn rate of 1 spends exactly the whole budget over the period, so a lower ceiling would stop the canaries of a service that keeps its promise; give 1 or more, e.g. 6.',
    );
  }
  return tidy(value);
}

function requireRecordedWindow(at: SpecPath, service: SloServiceDefinition, slo: SloDefinition, window: Duration): void {
  if (window.equals(slo.period) || slo.windows.some((w) => w.equals(window))) return;
  at.fail(
    'canaryWindow',
    window.toPrometheus(),
    `is not a window SloService ${service.path} records for SLO ${slo.name}`,
    `Use one of ${[...slo.windows, slo.period].sort(compareDurations).map((w) => w.toPrometheus()).join(', ')}, or add it to the SloService's extraWindows.`,
  );
}

function defineExemptions(at: SpecPath, exemptions: Readonly<Record<string, string>> | undefined): BudgetExemption[] {
  if (exemptions === undefined) return [];
  if (exemptions === null || typeof exemptions !== 'object' || Array.isArray(exemptions)) {
    return at.fail('exemptions', exemptions, 'is not a map of exemption names to reasons', "Give an object such as { 'security-fix': 'Fixes for known vulnerabilities ship within 24 hours.' }.");
  }
  return Object.keys(exemptions)
    .sort()
    .map((name) => {
      if (!isDnsLabel(name) || RESERVED_EXEMPTION_NAMES.includes(name)) {
        at.fail('exemptions', name, RESERVED_EXEMPTION_NAMES.includes(name) ? 'is the value that means "no exemption"' : 'is not a valid exemption name', 'Use lowercase letters, digits and "-", e.g. "security-fix" or "rollback".');
      }
      const reason = exemptions[name];
      if (typeof reason !== 'string' || reason.trim() === '' || /[\u0000-\u001f]/.test(reason)) {
        at.fail(`exemptions[${name}]`, reason, 'is not a one-line reason', 'Write down, in one line, why such changes may ship while the budget is spent.');
      }
      return { name, reason: reason.trim() };
    });
}

function defineAlert(
  at: SpecPath,
  props: ErrorBudgetAlertProps | false | undefined,
  defaults: { readonly alertName: string; readonly severity: Severity; readonly for: Duration; readonly runbookUrl?: string },
): ErrorBudgetAlertDefinition | undefined {
  if (props === false) return undefined;
  const p = props ?? {};
  if (p === null || typeof p !== 'object') {
    return at.fail(undefined, p, 'is not an alert configuration', 'Give an object such as { for: Duration.minutes(5) }, or false to turn the alert off.');
  }
  return {
    alertName: requireAlertName(at, 'alertName', p.alertName ?? defaults.alertName),
    severity: p.severity === undefined ? defaults.severity : requireSeverity(at, 'severity', p.severity),
    for: p.for === undefined ? defaults.for : requirePositiveDuration(at, 'for', p.for),
    runbookUrl: optionalUrl(at, 'runbookUrl', p.runbookUrl ?? defaults.runbookUrl),
  };
}

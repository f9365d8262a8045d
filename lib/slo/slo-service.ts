import {
  AlertedSlo,
  BurnRateAlertingDefinition,
  BurnRateAlertingProps,
  defineBurnRateAlerting,
  optionalUrl,
  renderBurnRateAlerts,
} from '../alerting/burn-rate-alerts';
import { sloRunbookPage } from '../alerting/runbook-links';
import { Duration, compareDurations, requirePositiveDuration } from '../common/duration';
import { SpecPath } from '../common/errors';
import { ManifestMetadata, ManifestMetadataProps, defineMetadata } from '../common/manifest';
import { requireDnsLabel, requirePrometheusLabels } from '../common/names';
import { RuleSet } from '../rules/rule-set';
import type { RuleGroup } from '../rules/rule-types';
import { Objective, requireObjective, tidy } from './objective';
import { renderSloRecordingGroups } from './recording-rules';
import { CompiledSli, SliSpec, compileSli } from './sli';

/** One service level objective. */
export interface SloProps {
  /** Name, unique within the service: lowercase letters, digits and '-' (`availability`, `latency-p99`). */
  readonly name: string;
  /**
   * What the SLO promises, in words.
   * @default - none
   */
  readonly description?: string;
  /** What is measured. */
  readonly sli: SliSpec;
  /** The share of good events promised, e.g. `Objective.percent(99.95)`. */
  readonly objective: Objective;
  /**
   * Rolling window the objective is measured over (the SLO period): a whole number of days.
   * @default - the service's window (30 days unless set)
   */
  readonly window?: Duration;
  /**
   * Burn-rate alerting for this SLO; replaces the service's. `false` turns it off.
   * @default - the service's alerting
   */
  readonly alerting?: BurnRateAlertingProps | false;
  /**
   * Extra labels on this SLO's recorded series and alerts.
   * @default - none
   */
  readonly labels?: Readonly<Record<string, string>>;
  /**
   * Runbook link for this SLO's alerts (`runbook_url`).
   * @default - the alerting's runbookUrl
   */
  readonly runbookUrl?: string;
  /**
   * Dashboard link for this SLO's alerts (`dashboard_url`).
   * @default - the alerting's dashboardUrl
   */
  readonly dashboardUrl?: string;
}

/** A service and its SLOs. */
export interface SloServiceProps {
  /** Service name: lowercase letters, digits and '-'. It becomes the `service` label. */
  readonly service: string;
  /** The SLOs. Names must be unique. */
  readonly slos: readonly SloProps[];
  /**
   * Labels on every recorded series and alert of the service (owner, tier, ...).
   * @default - none
   */
  readonly labels?: Readonly<Record<string, string>>;
  /**
   * Default rolling window of the SLOs: a whole number of days.
   * @default Duration.days(30)
   */
  readonly window?: Duration;
  /**
   * Burn-rate alerting for every SLO that does not set its own. `false` turns alerts off (for instance
   * to manage them with a separate BurnRateAlerts).
   * @default - the SRE Workbook's tiers, see BurnRateTiers.sreWorkbook()
   */
  readonly alerting?: BurnRateAlertingProps | false;
  /**
   * More windows to record the error ratio over, beyond 5m, 30m, 1h, 2h, 6h, 1d, 3d and the alert windows
   * (for a separate BurnRateAlerts with windows of its own).
   * @default - none
   */
  readonly extraWindows?: readonly Duration[];
  /**
   * Evaluation interval of the rule groups.
   * @default - the Prometheus server's global evaluation interval
   */
  readonly evaluationInterval?: Duration;
  /**
   * Metadata of the PrometheusRule.
   * @default - named "<service>-slos"
   */
  readonly metadata?: ManifestMetadataProps;
}

/** The error budget of an SLO, as numbers. */
export interface ErrorBudget {
  /** Share of events allowed to fail (0.0005 for 99.95%). */
  readonly ratio: number;
  /** Minutes of total outage the budget allows per window (21.6 for 99.95% over 30 days). */
  readonly minutes: number;
}

/** A checked SLO with everything derived from it. */
export interface SloDefinition extends AlertedSlo {
  /** Description, when given. */
  readonly description?: string;
  /** Objective. */
  readonly objective: Objective;
  /** Error budget as numbers. */
  readonly budget: ErrorBudget;
  /** The compiled SLI. */
  readonly sli: CompiledSli;
  /** Windows the error ratio is recorded over (ascending), all shorter than the period, which is recorded apart. */
  readonly windows: readonly Duration[];
  /** Burn-rate alerting from the SloService itself; undefined when off. */
  readonly alerting?: BurnRateAlertingDefinition;
  /** Runbook link. */
  readonly runbookUrl?: string;
  /** Dashboard link. */
  readonly dashboardUrl?: string;
}

/** Windows every SLO records, so dashboards and gates can rely on them (those not shorter than the period are skipped). */
export const STANDARD_WINDOWS: readonly Duration[] = ['5m', '30m', '1h', '2h', '6h', '1d', '3d'].map((w) => Duration.parse(w));

/** Labels the library puts on recorded series itself. */
export const RESERVED_SLO_LABELS = ['service', 'slo', 'severity', 'sev', 'long', 'short', 'alertname'] as const;

/**
 * A checked SloService: its SLOs with error budgets and windows worked out, and its rules.
 *
 * The cdk8s and Pulumi `SloService` constructs build one of these and emit what it renders; use it
 * directly for a plain Prometheus rule file without any engine.
 *
 * @example
 * const svc = SloServiceDefinition.create({ service: 'checkout', slos: [...] });
 * writeFileSync('checkout.rules.yaml', toYaml(svc.ruleFile()));
 */
export class SloServiceDefinition extends RuleSet {
  /**
   * Checks the props and works out every SLO. Throws a {@link SpecError} naming `path`, the field and the
   * value at the first problem.
   *
   * @param path the construct path to name in errors
   * @default path - the service name
   */
  public static create(props: SloServiceProps, path?: string): SloServiceDefinition {
    return new SloServiceDefinition(props, path ?? String(props?.service ?? 'SloService'));
  }

  /** Service name. */
  public readonly service: string;
  /** Service-wide labels. */
  public readonly labels: Readonly<Record<string, string>>;
  /** The SLOs, in the order given. */
  public readonly slos: readonly SloDefinition[];
  /** Metadata of the PrometheusRule. */
  public readonly metadata: ManifestMetadata;
  /** Evaluation interval of the rule groups, when set. */
  public readonly evaluationInterval?: Duration;
  /** Construct path, for errors raised later (e.g. by a separate BurnRateAlerts). */
  public readonly path: string;

  private constructor(props: SloServiceProps, path: string) {
    super();
    const at = new SpecPath(path);
    if (props === null || typeof props !== 'object') {
      at.fail(undefined, props, 'is not an SloService spec', 'Give { service, slos: [...] }.');
    }
    this.path = path;
    this.service = requireDnsLabel(at, 'service', props.service);
    this.labels = requirePrometheusLabels(at, 'labels', props.labels, RESERVED_SLO_LABELS);
    const defaultWindow = props.window === undefined ? Duration.days(30) : requirePeriod(at, 'window', props.window);
    const extraWindows = (props.extraWindows ?? []).map((w, i) => requirePositiveDuration(at, `extraWindows[${i}]`, w));
    this.evaluationInterval =
      props.evaluationInterval === undefined ? undefined : requirePositiveDuration(at, 'evaluationInterval', props.evaluationInterval);
    this.metadata = defineMetadata(at, props.metadata, `${this.service}-slos`);

    if (!Array.isArray(props.slos) || props.slos.length === 0) {
      at.fail('slos', props.slos, 'is empty', 'Give at least one SLO.');
    }
    const seen = new Set<string>();
    this.slos = props.slos.map((slo, i) => {
      const name = requireDnsLabel(at.at('slos', String(i)), 'name', slo?.name);
      if (seen.has(name)) {
        at.fail(`slos[${name}].name`, name, 'is used by another SLO of this service', 'Give every SLO of a service its own name.');
      }
      seen.add(name);
      return this.defineSlo(at.at('slos', name), slo, defaultWindow, props.alerting, extraWindows);
    });
  }

  private defineSlo(
    at: SpecPath,
    props: SloProps,
    defaultWindow: Duration,
    serviceAlerting: BurnRateAlertingProps | false | undefined,
    extraWindows: readonly Duration[],
  ): SloDefinition {
    const objective = requireObjective(at, 'objective', props.objective);
    const period = props.window === undefined ? defaultWindow : requirePeriod(at, 'window', props.window);
    const sli = compileSli(at.at('sli'), props.sli);
    if (props.description !== undefined && typeof props.description !== 'string') {
      at.fail('description', props.description, 'is not a string', 'Describe the SLO in words.');
    }
    const selector = { service: this.service, slo: props.name };
    const labels = sortKeys({ ...this.labels, ...requirePrometheusLabels(at, 'labels', props.labels, RESERVED_SLO_LABELS), ...selector });
    const runbookUrl = optionalUrl(at, 'runbookUrl', props.runbookUrl);
    const dashboardUrl = optionalUrl(at, 'dashboardUrl', props.dashboardUrl);
    const alertingProps = props.alerting !== undefined ? props.alerting : serviceAlerting ?? {};
    // Service-wide alerting is written once but checked against each SLO's budget and period.
    const alertingAt = props.alerting !== undefined ? at.at('alerting') : new SpecPath(at.path, 'alerting', `for ${at.field()}`);
    const sloFacts = { errorBudget: objective.errorBudget, period, objectiveText: objective.toString() };
    const links = { runbookUrl, dashboardUrl, runbookPage: sloRunbookPage(this.service, props.name), sloAt: at };
    const alerting = alertingProps === false ? undefined : defineBurnRateAlerting(alertingAt, alertingProps, sloFacts, links);

    // A window as long as the period is the period series itself (a ratio of sums), recorded once.
    const windows = uniqueDurations([
      ...STANDARD_WINDOWS,
      ...(alerting?.tiers.flatMap((t) => [t.longWindow, t.shortWindow]) ?? []),
      ...extraWindows,
    ]).filter((w) => compareDurations(w, period) < 0);
    return {
      service: this.service,
      name: props.name,
      description: props.description,
      objective,
      objectiveText: objective.toString(),
      errorBudget: objective.errorBudget,
      budget: { ratio: objective.errorBudget, minutes: tidy(objective.errorBudget * period.toMinutes()) },
      period,
      sli,
      eventBased: sli.eventBased,
      selector,
      labels,
      windows,
      alerting,
      runbookUrl,
      dashboardUrl,
    };
  }

  /** The SLO called `name`. Throws when there is none. */
  public slo(name: string): SloDefinition {
    const found = this.slos.find((s) => s.name === name);
    if (!found) {
      throw new Error(`${this.path}: no SLO named ${JSON.stringify(name)}; this service has ${this.slos.map((s) => s.name).join(', ')}`);
    }
    return found;
  }

  /** Recording-rule groups: per SLO, the SLI over every window, then the period and budget series. */
  public recordingRuleGroups(): RuleGroup[] {
    return this.slos.flatMap((slo) => renderSloRecordingGroups(slo, this.interval()));
  }

  /** Alerting-rule groups of the SLOs that alert from the service itself (one group per SLO). */
  public alertingRuleGroups(): RuleGroup[] {
    return this.slos.flatMap((slo) => (slo.alerting ? [alertGroup(slo, slo.alerting, this.interval())] : []));
  }

  /** Every group: recordings first, then alerts. */
  public ruleGroups(): RuleGroup[] {
    return [...this.recordingRuleGroups(), ...this.alertingRuleGroups()];
  }

  private interval(): string | undefined {
    return this.evaluationInterval?.toPrometheus();
  }
}

/** The alert group of one SLO. Shared by SloService and a separate BurnRateAlerts. */
export function alertGroup(slo: SloDefinition, alerting: BurnRateAlertingDefinition, interval: string | undefined): RuleGroup {
  return {
    name: `${slo.service}/${slo.name}/alerts`,
    ...(interval ? { interval } : {}),
    rules: renderBurnRateAlerts(slo, alerting),
  };
}

function requirePeriod(at: SpecPath, field: string, value: unknown): Duration {
  const d = requirePositiveDuration(at, field, value);
  if (d.toMilliseconds() % Duration.days(1).toMilliseconds() !== 0) {
    return at.fail(field, d.toPrometheus(), 'is not a whole number of days', 'Give a rolling window such as Duration.days(30), Duration.days(28) or Duration.days(7).');
  }
  return d;
}

function uniqueDurations(list: Duration[]): Duration[] {
  const byMs = new Map<number, Duration>();
  for (const d of list) byMs.set(d.toMilliseconds(), d);
  return [...byMs.values()].sort(compareDurations);
}

function sortKeys(map: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of Object.keys(map).sort()) out[key] = map[key];
  return out;
}

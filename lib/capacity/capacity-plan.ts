import { Duration, requirePositiveDuration } from '../common/duration';
import { SpecPath } from '../common/errors';
import { ManifestMetadata, ManifestMetadataProps, defineMetadata } from '../common/manifest';
import { isDnsLabel, requireDnsLabel, requirePrometheusLabels } from '../common/names';
import { escapeTemplateText, labelSelector, requireRegex } from '../common/promql';
import { optionalUrl, requireAlertName } from '../alerting/burn-rate-alerts';
import { Severity, requireSeverity } from '../alerting/severity';
import { linkAnnotations, literalLabels, sortKeys } from '../monitoring/alert-rules';
import { RuleSet } from '../rules/rule-set';
import type { AlertingRule, RecordingRule, RuleGroup } from '../rules/rule-types';
import { CapacityMetrics as M } from './capacity-metrics';
import { CapacityResourceDefinition, CapacityResourceSpec, defineCapacityResource } from './capacity-resource';
import { Headroom, requireHeadroom } from './headroom';

/** What every capacity alert lets you set. */
export interface CapacityAlertProps {
  /**
   * Alert name.
   * @default - "CapacityRunwayShort" or "CapacityHeadroomExhausted"
   */
  readonly alertName?: string;
  /**
   * Severity: the alert's `sev` and `severity` labels. Capacity trends are worked on in office hours, so
   * the default opens a ticket; give SEV2 to page.
   * @default Severity.SEV3
   */
  readonly sev?: Severity;
  /**
   * How long the condition must hold before the alert fires.
   * @default Duration.hours(1)
   */
  readonly for?: Duration;
}

/** The `predict_linear` alert: "at the trend of the last N days this runs out within M days, margin included". */
export interface RunwayAlertProps extends CapacityAlertProps {
  /**
   * How far ahead to look (M): the alert fires when the trend, margin included, reaches capacity within it.
   * @default Duration.days(30)
   */
  readonly runway?: Duration;
  /**
   * How much history the trend is fitted on (N). The alert waits until a resource has half of it, so a
   * fresh series (a new deployment, a new claim) cannot extrapolate a few minutes of data a month ahead.
   * @default Duration.days(7)
   */
  readonly trendWindow?: Duration;
}

/** A service's capacity: what it uses, what it can hold, the margin it keeps, and alerts before it runs out. */
export interface CapacityPlanProps {
  /** Service name (lowercase letters, digits and '-'): the `service` label of every series and alert. */
  readonly service: string;
  /** The resources to watch. */
  readonly resources: readonly CapacityResourceSpec[];
  /**
   * Namespace of the service's pods; needed by `cpu`, `memory` and `volumes`.
   * @default - none (only cluster and query-based resources)
   */
  readonly namespace?: string;
  /**
   * Regular expression (RE2, fully anchored) of the service's pod names.
   * @default - "<service>-.*", the pods of a Deployment or StatefulSet of that name
   */
  readonly pods?: string;
  /**
   * Safety margin on top of demand: demand × (1 + margin) must fit within capacity.
   * @default Headroom.percent(20)
   */
  readonly headroom?: Headroom;
  /**
   * The trend alert; `false` turns it off.
   * @default - CapacityRunwayShort, SEV3, 7-day trend, 30-day runway, for 1 hour
   */
  readonly runwayAlert?: RunwayAlertProps | false;
  /**
   * The alert for a margin already used up (utilisation × (1 + margin) above 1); `false` turns it off.
   * @default - CapacityHeadroomExhausted, SEV3, for 1 hour
   */
  readonly headroomAlert?: CapacityAlertProps | false;
  /**
   * Labels added to every alert (team, routing keys).
   * @default - none
   */
  readonly labels?: Readonly<Record<string, string>>;
  /**
   * Runbook of the alerts, as their `runbook_url`. Required while an alert is on: a capacity alert says what
   * to do (add nodes, grow the volume, raise the pool).
   * @default - none (only allowed with both alerts off)
   */
  readonly runbookUrl?: string;
  /**
   * Dashboard link of the alerts (`dashboard_url`), e.g. the capacity dashboard. Written literally.
   * @default - none
   */
  readonly dashboardUrl?: string;
  /**
   * Evaluation interval of the rule group.
   * @default - the Prometheus server's global evaluation interval
   */
  readonly evaluationInterval?: Duration;
  /**
   * Metadata of the PrometheusRule.
   * @default - named "<service>-capacity"
   */
  readonly metadata?: ManifestMetadataProps;
}

/** A checked capacity alert. */
export interface CapacityAlertDefinition {
  /** Alert name. */
  readonly alertName: string;
  /** Severity. */
  readonly sev: Severity;
  /** `for`. */
  readonly for: Duration;
}

const RESERVED_LABELS = ['alertname', 'severity', 'sev', 'service', 'resource'] as const;

/**
 * A checked capacity plan: recording rules for each resource's usage, capacity and utilisation, the
 * runway alert (`predict_linear` on the utilisation, margin included) and the headroom alert.
 *
 * The plan's {@link headroom} is what anything sizing the service reads (an autoscaler's target
 * utilisation is `headroom.usableShare`).
 */
export class CapacityPlanDefinition extends RuleSet {
  /** Checks the props. Throws a SpecError naming `path`, the field and the value at the first problem. */
  public static create(props: CapacityPlanProps, path?: string): CapacityPlanDefinition {
    return new CapacityPlanDefinition(props, path ?? `${String(props?.service ?? 'CapacityPlan')}-capacity`);
  }

  /** Service. */
  public readonly service: string;
  /** Namespace of the pods, when set. */
  public readonly namespace?: string;
  /** Pod-name regex. */
  public readonly pods: string;
  /** The plan's safety margin (resources may keep their own: see each resource's `headroom`). */
  public readonly headroom: Headroom;
  /** The resources, in the order given. */
  public readonly resources: readonly CapacityResourceDefinition[];
  /** The runway alert, when on. */
  public readonly runwayAlert?: CapacityAlertDefinition;
  /** The headroom alert, when on. */
  public readonly headroomAlert?: CapacityAlertDefinition;
  /** Labels on every alert. */
  public readonly labels: Readonly<Record<string, string>>;
  /** Runbook link. */
  public readonly runbookUrl?: string;
  /** Dashboard link. */
  public readonly dashboardUrl?: string;
  /** Evaluation interval, when set. */
  public readonly evaluationInterval?: Duration;
  /** Metadata of the PrometheusRule. */
  public readonly metadata: ManifestMetadata;

  /** Construct path, named in messages (routing and runbook checks name the alerts' origin by it). */
  public readonly path: string;

  private constructor(props: CapacityPlanProps, path: string) {
    super();
    const at = new SpecPath(path);
    this.path = path;
    if (props === null || typeof props !== 'object') {
      at.fail(undefined, props, 'is not a CapacityPlan spec', 'Give { service, resources, ... }.');
    }
    this.service = requireDnsLabel(at, 'service', props.service);
    if (props.namespace !== undefined && !isDnsLabel(props.namespace)) {
      at.fail('namespace', props.namespace, 'is not a valid namespace', 'Use lowercase letters, digits and "-", at most 63 characters.');
    }
    this.namespace = props.namespace;
    this.pods = props.pods === undefined ? `${this.service}-.*` : requireRegex(at, 'pods', props.pods);
    if (new RegExp(`^(?:${this.pods})$`).test('')) {
      at.fail('pods', this.pods, 'matches the empty string', 'Give a regular expression that matches only this service\'s pod names, e.g. "checkout-.*".');
    }
    this.headroom = props.headroom === undefined ? Headroom.DEFAULT : requireHeadroom(at, 'headroom', props.headroom);
    this.labels = requirePrometheusLabels(at, 'labels', props.labels, RESERVED_LABELS);
    this.runbookUrl = optionalUrl(at, 'runbookUrl', props.runbookUrl);
    this.dashboardUrl = optionalUrl(at, 'dashboardUrl', props.dashboardUrl);
    this.evaluationInterval = props.evaluationInterval === undefined ? undefined : requirePositiveDuration(at, 'evaluationInterval', props.evaluationInterval);

    let runway = Duration.days(30);
    let trendWindow = Duration.days(7);
    if (props.runwayAlert !== false) {
      const p = props.runwayAlert ?? {};
      const rat = at.at('runwayAlert');
      this.runwayAlert = defineCapacityAlert(rat, p, 'CapacityRunwayShort');
      if (p.runway !== undefined) runway = requirePositiveDuration(rat, 'runway', p.runway);
      if (p.trendWindow !== undefined) trendWindow = requirePositiveDuration(rat, 'trendWindow', p.trendWindow);
    }
    if (props.headroomAlert !== false) this.headroomAlert = defineCapacityAlert(at.at('headroomAlert'), props.headroomAlert ?? {}, 'CapacityHeadroomExhausted');
    if (this.runwayAlert && this.headroomAlert && this.runwayAlert.alertName === this.headroomAlert.alertName) {
      at.fail('headroomAlert.alertName', this.headroomAlert.alertName, 'is also the runway alert\'s name', 'Give the two alerts different names.');
    }
    if ((this.runwayAlert || this.headroomAlert) && this.runbookUrl === undefined) {
      at.fail('runbookUrl', undefined, 'is required while an alert is on', 'Link the runbook that says how to add capacity, e.g. "https://runbooks.example.com/checkout/capacity".');
    }

    if (!Array.isArray(props.resources) || props.resources.length === 0) {
      at.fail('resources', props.resources, 'is empty', 'Name at least one resource, e.g. [CapacityResource.cpu(), CapacityResource.memory()].');
    }
    const defaults = { namespace: this.namespace, pods: this.pods, headroom: this.headroom, runway, trendWindow };
    const seen = new Set<string>();
    this.resources = props.resources.map((spec, i) => {
      const resource = defineCapacityResource(at.at(`resources[${i}]`), spec, defaults);
      if (seen.has(resource.name)) {
        at.at(`resources[${i}]`).fail('name', resource.name, 'is already the name of another resource of this plan', 'Give each resource its own name.');
      }
      seen.add(resource.name);
      return resource;
    });
    this.metadata = defineMetadata(at, props.metadata, `${this.service}-capacity`);
  }

  /** Names of the alerts that are on. */
  public get alertNames(): readonly string[] {
    return [this.runwayAlert?.alertName, this.headroomAlert?.alertName].filter((n): n is string => n !== undefined);
  }

  /** The resource called `name`, or undefined. */
  public resource(name: string): CapacityResourceDefinition | undefined {
    return this.resources.find((r) => r.name === name);
  }

  /** A selector on one of the plan's recorded series for a resource: `capacity:utilisation:ratio{service="…", resource="…"}`. */
  public selector(metric: string, resource: CapacityResourceDefinition): string {
    return labelSelector(metric, { service: this.service, resource: resource.name });
  }

  /** The group `<service>/capacity`: recordings of every resource, then the alerts that read them. */
  public ruleGroups(): RuleGroup[] {
    const recordings = this.resources.flatMap((r) => this.recordings(r));
    const alerts = this.resources.flatMap((r) => [
      ...(this.runwayAlert ? [this.renderRunwayAlert(this.runwayAlert, r)] : []),
      ...(this.headroomAlert ? [this.renderHeadroomAlert(this.headroomAlert, r)] : []),
    ]);
    const interval = this.evaluationInterval ? { interval: this.evaluationInterval.toPrometheus() } : {};
    return [{ name: `${this.service}/capacity`, ...interval, rules: [...recordings, ...alerts] }];
  }

  private recordings(r: CapacityResourceDefinition): RecordingRule[] {
    const labels = { resource: r.name, service: this.service };
    const usage = this.selector(M.USAGE, r);
    // A constant capacity takes the labels of the usage series, so the two divide one to one.
    const total = typeof r.capacity === 'number' ? `${usage} * 0 + ${r.capacity}` : r.capacity;
    return [
      { record: M.USAGE, expr: r.usage, labels },
      { record: M.TOTAL, expr: total, labels },
      { record: M.UTILISATION, expr: `${usage}\n/\n${this.selector(M.TOTAL, r)}`, labels },
    ];
  }

  private alertLabels(a: CapacityAlertDefinition, r: CapacityResourceDefinition): Record<string, string> {
    // service and resource are on the series already; written out, they keep each rule distinct for promtool's lint.
    return literalLabels({ ...this.labels, ...a.sev.alertLabels(), service: this.service, resource: r.name });
  }

  /** "claim {{ $labels.persistentvolumeclaim }}" for the labels that tell a resource's series apart. */
  private seriesText(r: CapacityResourceDefinition): string {
    const parts = r.by.filter((l) => l !== 'namespace' || r.kind === 'database-connections' || r.kind === 'gauge').map((l) => `${l} {{ $labels.${l} }}`);
    return parts.length > 0 ? ` (${parts.join(', ')})` : '';
  }

  private marginText(r: CapacityResourceDefinition): { times: string; words: string } {
    const m = r.headroom.multiplier;
    return m === 1 ? { times: '', words: 'with no safety margin' } : { times: ` * ${m}`, words: `with the ${r.headroom} safety margin (utilisation × ${m})` };
  }

  private renderRunwayAlert(a: CapacityAlertDefinition, r: CapacityResourceDefinition): AlertingRule {
    const utilisation = this.selector(M.UTILISATION, r);
    const { times, words } = this.marginText(r);
    const half = Duration.millis(r.trendWindow.toMilliseconds() / 2);
    const expr = [
      `predict_linear(${utilisation}[${r.trendWindow.toPrometheus()}], ${r.runway.toSeconds()})${times} > 1`,
      'and',
      // The series existed half a trend window ago: a fresh one has too little history to extrapolate.
      `present_over_time(${utilisation}[1h] offset ${half.toPrometheus()})`,
      // A margin already used up is the headroom alert's to report, once.
      ...(this.headroomAlert ? ['unless', `${utilisation}${times} > 1`] : []),
    ].join('\n');
    return {
      alert: a.alertName,
      expr,
      for: a.for.toPrometheus(),
      labels: this.alertLabels(a, r),
      annotations: sortKeys({
        summary: `${this.service}: ${r.name}${this.seriesText(r)} runs out within ${r.runway.toHumanString()} at the trend of the last ${r.trendWindow.toHumanString()}`,
        description:
          `If the trend of the last ${r.trendWindow.toHumanString()} goes on, ${r.name}${this.seriesText(r)} of ${this.service} ` +
          `(${escapeTemplateText(r.description)}) reaches {{ $value | humanizePercentage }} of its capacity within ${r.runway.toHumanString()}, ${words}. ` +
          'Add capacity or cut demand before then; "sre-constructs forecast" gives a seasonal forecast and the capacity needed.',
        ...linkAnnotations(this.runbookUrl, this.dashboardUrl),
      }),
    };
  }

  private renderHeadroomAlert(a: CapacityAlertDefinition, r: CapacityResourceDefinition): AlertingRule {
    const { times, words } = this.marginText(r);
    return {
      alert: a.alertName,
      expr: `${this.selector(M.UTILISATION, r)}${times} > 1`,
      for: a.for.toPrometheus(),
      labels: this.alertLabels(a, r),
      annotations: sortKeys({
        summary: `${this.service}: ${r.name}${this.seriesText(r)} has no headroom left`,
        description:
          `${r.name}${this.seriesText(r)} of ${this.service} (${escapeTemplateText(r.description)}) has been at {{ $value | humanizePercentage }} of its capacity, ${words}, ` +
          `for ${a.for.toHumanString()}: demand no longer fits with the margin the plan keeps. Add capacity or cut demand.`,
        ...linkAnnotations(this.runbookUrl, this.dashboardUrl),
      }),
    };
  }
}

function defineCapacityAlert(at: SpecPath, props: CapacityAlertProps, defaultName: string): CapacityAlertDefinition {
  if (props === null || typeof props !== 'object') {
    return at.fail(undefined, props, 'is not an alert configuration', 'Give an object such as { sev: Severity.SEV3 }, or false to turn the alert off.');
  }
  return {
    alertName: requireAlertName(at, 'alertName', props.alertName ?? defaultName),
    sev: props.sev === undefined ? Severity.SEV3 : requireSeverity(at, 'sev', props.sev),
    for: props.for === undefined ? Duration.hours(1) : requirePositiveDuration(at, 'for', props.for),
  };
}

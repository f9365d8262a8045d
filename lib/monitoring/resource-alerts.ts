import { Duration, compareDurations, requirePositiveDuration } from '../common/duration';
import { SpecPath } from '../common/errors';
import { ManifestMetadata, ManifestMetadataProps, defineMetadata } from '../common/manifest';
import { isDnsLabel, requireDnsLabel, requirePrometheusLabels } from '../common/names';
import { LabelMatcher, quotePromQLString, renderSelector } from '../common/promql';
import { RuleSet } from '../rules/rule-set';
import type { AlertingRule, RuleGroup } from '../rules/rule-types';
import { tidy } from '../slo/objective';
import { optionalUrl } from '../alerting/burn-rate-alerts';
import { Severity, requireSeverity } from '../alerting/severity';
import { AlertRuleDefinition, AlertRuleProps, defineAlertRule, definePackRunbook, linkAnnotations, literalLabels, requireNumberIn, sortKeys } from './alert-rules';
import { KubernetesMetrics as K } from './kubernetes-metrics';

/** The OOM-kill alert. */
export interface OomKilledAlertProps extends AlertRuleProps {
  /**
   * How far back a restart counts. The alert fires once per kill and resolves about this long after it.
   * @default Duration.minutes(10)
   */
  readonly window?: Duration;
}

/** The CPU-throttling alert. */
export interface CpuThrottlingAlertProps extends AlertRuleProps {
  /**
   * Share of CFS periods throttled (0 to 1) above which the alert fires.
   * @default 0.25
   */
  readonly threshold?: number;
}

/**
 * Certificate expiry in two tiers, the near one (`critical`, 7 days) and the far one (`warning`, 30 days). The
 * alert name and `for` apply to both; each tier has its own SEV, which sets its `severity` label.
 */
export interface CertificateExpiryAlertProps extends Omit<AlertRuleProps, 'severity' | 'sev'> {
  /**
   * Fewer days left than this is the near tier (the seed's auto-remediation renews below 7 days and pages if it cannot).
   * @default Duration.days(7)
   */
  readonly critical?: Duration;
  /**
   * Fewer days left than this (and not yet in the near tier) is the far tier (the seed opens a ticket below 30 days).
   * @default Duration.days(30)
   */
  readonly warning?: Duration;
  /**
   * SEV of the near tier. A week is time enough to renew by hand within the hour, so it is a ticket, not a page.
   * @default Severity.SEV3
   */
  readonly criticalSev?: Severity;
  /**
   * SEV of the far tier: a minor issue, weeks from harm.
   * @default Severity.SEV4
   */
  readonly warningSev?: Severity;
}

/** Alerts on the resources of pods and on certificates: OOM kills, CPU throttling with context, certificate expiry. */
export interface ResourceAlertsProps {
  /** A name for the pack (DNS label); it names the rule group and the PrometheusRule. */
  readonly name: string;
  /**
   * Namespaces to watch.
   * @default - every namespace
   */
  readonly namespaces?: readonly string[];
  /**
   * Labels added to every alert (team, routing keys).
   * @default - none
   */
  readonly labels?: Readonly<Record<string, string>>;
  /**
   * OOM kills, one alert per kill; `false` turns it off.
   * @default - ContainerOOMKilled, SEV3 (warning), for 1 minute, a 10-minute window
   */
  readonly oomKilled?: OomKilledAlertProps | false;
  /**
   * CPU throttling, with the container's CPU limit and usage in the description; `false` turns it off.
   * @default - ContainerCpuThrottled, SEV3 (warning), above 25% of periods for 15 minutes
   */
  readonly cpuThrottling?: CpuThrottlingAlertProps | false;
  /**
   * cert-manager certificate expiry; `false` turns it off.
   * @default - CertificateExpiring, SEV3 (warning) below 7 days (for 10 minutes), SEV4 (info) below 30 days (for 1 hour)
   */
  readonly certificateExpiry?: CertificateExpiryAlertProps | false;
  /**
   * Runbook link of every alert that does not set its own. Give this, `runbookBaseUrl` or `acknowledgeNoRunbook`.
   * @default - none
   */
  readonly runbookUrl?: string;
  /**
   * Base URL of the runbooks: each alert links `<base>/<name>/<alert-name>.md` (`container-oom-killed.md`),
   * where a `Runbooks` collection renders the runbook written for it.
   * @default - none
   */
  readonly runbookBaseUrl?: string;
  /**
   * Why none of the alerts needs a runbook (a paging alert without one is an error at synth otherwise).
   * @default - not acknowledged
   */
  readonly acknowledgeNoRunbook?: string;
  /**
   * Dashboard link of the pod alerts (`dashboard_url`), e.g. the USE dashboard. Written literally.
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
   * @default - named "<name>-resource-alerts"
   */
  readonly metadata?: ManifestMetadataProps;
}

/** Checked OOM alert. */
export interface OomKilledAlertDefinition extends AlertRuleDefinition {
  /** Restart window. */
  readonly window: Duration;
}

/** Checked CPU-throttling alert. */
export interface CpuThrottlingAlertDefinition extends AlertRuleDefinition {
  /** Throttled share threshold. */
  readonly threshold: number;
}

/** Checked certificate alert. */
export interface CertificateExpiryAlertDefinition extends Omit<AlertRuleDefinition, 'severity' | 'sev'> {
  /** The near tier below this. */
  readonly critical: Duration;
  /** The far tier below this. */
  readonly warning: Duration;
  /** SEV of the near tier. */
  readonly criticalSev: Severity;
  /** SEV of the far tier. */
  readonly warningSev: Severity;
  /** `for` of the warning tier (the critical tier uses `for`). */
  readonly warningFor: Duration;
}

const RESERVED = ['alertname', 'severity', 'sev', 'namespace', 'pod', 'container', 'name'] as const;

/** A checked resource alert pack. */
export class ResourceAlertsDefinition extends RuleSet {
  /** Checks the props. Throws a SpecError naming `path`, the field and the value at the first problem. */
  public static create(props: ResourceAlertsProps, path?: string): ResourceAlertsDefinition {
    return new ResourceAlertsDefinition(props, path ?? String(props?.name ?? 'ResourceAlerts'));
  }

  /** Pack name. */
  public readonly name: string;
  /** Namespaces watched, when limited. */
  public readonly namespaces?: readonly string[];
  /** Labels on every alert. */
  public readonly labels: Readonly<Record<string, string>>;
  /** OOM alert, when on. */
  public readonly oomKilled?: OomKilledAlertDefinition;
  /** CPU-throttling alert, when on. */
  public readonly cpuThrottling?: CpuThrottlingAlertDefinition;
  /** Certificate alert, when on. */
  public readonly certificateExpiry?: CertificateExpiryAlertDefinition;
  /** Dashboard link of the pod alerts. */
  public readonly dashboardUrl?: string;
  /** Evaluation interval, when set. */
  public readonly evaluationInterval?: Duration;
  /** Metadata of the PrometheusRule. */
  public readonly metadata: ManifestMetadata;
  /** Construct path. */
  public readonly path: string;

  private constructor(props: ResourceAlertsProps, path: string) {
    super();
    const at = new SpecPath(path);
    this.path = path;
    if (props === null || typeof props !== 'object') {
      at.fail(undefined, props, 'is not a ResourceAlerts spec', 'Give { name, ... }.');
    }
    this.name = requireDnsLabel(at, 'name', props.name);
    if (props.namespaces !== undefined) {
      if (!Array.isArray(props.namespaces) || props.namespaces.length === 0) {
        at.fail('namespaces', props.namespaces, 'is empty', 'Leave it out to watch every namespace, or name at least one.');
      }
      props.namespaces.forEach((ns, i) => {
        if (!isDnsLabel(ns)) at.fail(`namespaces[${i}]`, ns, 'is not a valid namespace', 'Use lowercase letters, digits and "-", at most 63 characters.');
      });
      this.namespaces = [...new Set(props.namespaces)].sort();
    }
    this.labels = requirePrometheusLabels(at, 'labels', props.labels, RESERVED);
    const pack = definePackRunbook(at, props, this.name);
    this.dashboardUrl = optionalUrl(at, 'dashboardUrl', props.dashboardUrl);
    this.evaluationInterval = props.evaluationInterval === undefined ? undefined : requirePositiveDuration(at, 'evaluationInterval', props.evaluationInterval);

    if (props.oomKilled !== false) {
      const p = props.oomKilled ?? {};
      const oat = at.at('oomKilled');
      const base = defineAlertRule(oat, p, { alertName: 'ContainerOOMKilled', sev: Severity.SEV3, for: Duration.minutes(1), pack });
      const window = p.window === undefined ? Duration.minutes(10) : requirePositiveDuration(oat, 'window', p.window);
      if (compareDurations(base.for, window) >= 0) {
        oat.fail('for', base.for.toPrometheus(), `is not shorter than window (${window.toPrometheus()}), so the alert could never fire`, 'Keep for well below the window, e.g. for 1m with a 10m window.');
      }
      this.oomKilled = { ...base, window };
    }
    if (props.cpuThrottling !== false) {
      const p = props.cpuThrottling ?? {};
      const cat = at.at('cpuThrottling');
      const base = defineAlertRule(cat, p, { alertName: 'ContainerCpuThrottled', sev: Severity.SEV3, for: Duration.minutes(15), pack });
      const threshold = requireNumberIn(cat, 'threshold', p.threshold ?? 0.25, 0, 1, 'Give the share of throttled CFS periods as a ratio, e.g. 0.25.');
      this.cpuThrottling = { ...base, threshold: tidy(threshold) };
    }
    if (props.certificateExpiry !== false) {
      const p = props.certificateExpiry ?? {};
      const eat = at.at('certificateExpiry');
      const base = defineAlertRule(eat, p, { alertName: 'CertificateExpiring', sev: Severity.SEV3, for: Duration.minutes(10), pack });
      const critical = p.critical === undefined ? Duration.days(7) : requirePositiveDuration(eat, 'critical', p.critical);
      const warning = p.warning === undefined ? Duration.days(30) : requirePositiveDuration(eat, 'warning', p.warning);
      if (compareDurations(critical, warning) >= 0) {
        eat.fail('critical', critical.toPrometheus(), `is not shorter than warning (${warning.toPrometheus()})`, 'The critical tier is the nearer one: e.g. critical 7 days, warning 30 days.');
      }
      const criticalSev = p.criticalSev === undefined ? Severity.SEV3 : requireSeverity(eat, 'criticalSev', p.criticalSev);
      const warningSev = p.warningSev === undefined ? Severity.SEV4 : requireSeverity(eat, 'warningSev', p.warningSev);
      if (warningSev.isMoreSevereThan(criticalSev)) {
        eat.fail('warningSev', warningSev.name, `is more severe than criticalSev (${criticalSev.name}), though the certificate is further from expiry`, 'Give the near tier the same SEV or a more severe one.');
      }
      const { severity: _severity, sev: _sev, ...rest } = base;
      this.certificateExpiry = { ...rest, critical, warning, criticalSev, warningSev, warningFor: p.for ?? Duration.hours(1) };
    }
    this.metadata = defineMetadata(at, props.metadata, `${this.name}-resource-alerts`);
  }

  /** Names of the alerts that are on. */
  public get alertNames(): readonly string[] {
    return [this.oomKilled?.alertName, this.cpuThrottling?.alertName, this.certificateExpiry?.alertName].filter((n): n is string => n !== undefined);
  }

  /** The group `<name>/resources`. */
  public ruleGroups(): RuleGroup[] {
    const rules: AlertingRule[] = [
      ...(this.oomKilled ? [this.renderOomKilled(this.oomKilled)] : []),
      ...(this.cpuThrottling ? [this.renderCpuThrottling(this.cpuThrottling)] : []),
      ...(this.certificateExpiry ? this.renderCertificateExpiry(this.certificateExpiry) : []),
    ];
    if (rules.length === 0) return [];
    const interval = this.evaluationInterval ? { interval: this.evaluationInterval.toPrometheus() } : {};
    return [{ name: `${this.name}/resources`, ...interval, rules }];
  }

  private scoped(metric: string, matchers: LabelMatcher[] = []): string {
    const ns: LabelMatcher[] = this.namespaces ? [{ name: 'namespace', op: '=~', value: this.namespaces.join('|') }] : [];
    return renderSelector({ metric, matchers: [...matchers, ...ns] });
  }

  private renderOomKilled(a: OomKilledAlertDefinition): AlertingRule {
    const w = a.window.toPrometheus();
    // The last-terminated reason stays "OOMKilled" until the container ends another way, so on its own it
    // would fire for days. Joined with a restart in the window, it fires once per kill.
    const expr = [
      `increase(${this.scoped(K.RESTARTS)}[${w}]) > 0`,
      'and on (namespace, pod, container)',
      `${this.scoped(K.LAST_TERMINATED_REASON, [{ name: 'reason', op: '=', value: 'OOMKilled' }])} == 1`,
    ].join('\n');
    return {
      alert: a.alertName,
      expr,
      for: a.for.toPrometheus(),
      labels: literalLabels({ ...this.labels, severity: a.severity, sev: a.sev.name }),
      annotations: sortKeys({
        summary: 'Container {{ $labels.namespace }}/{{ $labels.pod }}/{{ $labels.container }} was OOM-killed',
        description:
          'Container {{ $labels.container }} of pod {{ $labels.namespace }}/{{ $labels.pod }} ran out of memory, was killed and restarted ' +
          `(within the last ${a.window.toHumanString()}). Compare its working set with its memory limit; raise the limit or find the leak.`,
        ...linkAnnotations(a.runbookUrl, this.dashboardUrl),
      }),
    };
  }

  private renderCpuThrottling(a: CpuThrottlingAlertDefinition): AlertingRule {
    const by = 'sum by (namespace, pod, container)';
    const container: LabelMatcher[] = [{ name: 'container', op: '!=', value: '' }];
    const expr = [
      `${by} (rate(${this.scoped(K.CPU_THROTTLED_PERIODS, container)}[5m]))`,
      '/',
      `${by} (rate(${this.scoped(K.CPU_PERIODS, container)}[5m]))`,
      `> ${a.threshold}`,
    ].join('\n');
    // Context, so the alert says whether the limit or the load is the problem (the seed's "avoid" list:
    // no CPU alert without context): the container's CPU limit and what it used, queried when the alert fires.
    const limit = `sum(${K.RESOURCE_LIMITS}{resource="cpu", namespace="%s", pod="%s", container="%s"})`;
    const usage = `sum(rate(${K.CPU_USAGE}{namespace="%s", pod="%s", container="%s"}[5m]))`;
    const lookup = (query: string, unit: string, missing: string) =>
      `{{ with printf ${quotePromQLString(query)} $labels.namespace $labels.pod $labels.container | query }}{{ . | first | value | humanize }} ${unit}{{ else }}${missing}{{ end }}`;
    return {
      alert: a.alertName,
      expr,
      for: a.for.toPrometheus(),
      labels: literalLabels({ ...this.labels, severity: a.severity, sev: a.sev.name }),
      annotations: sortKeys({
        summary: 'Container {{ $labels.namespace }}/{{ $labels.pod }}/{{ $labels.container }} is CPU-throttled',
        description:
          `{{ $value | humanizePercentage }} of the CPU periods of container {{ $labels.container }} in pod {{ $labels.namespace }}/{{ $labels.pod }} were throttled over the last 5 minutes ` +
          `(above ${tidy(a.threshold * 100)}% for ${a.for.toHumanString()}). ` +
          `CPU limit: ${lookup(limit, 'cores', 'none found')}; used: ${lookup(usage, 'cores', 'unknown')}. ` +
          'Usage near the limit means the limit is too low for the load; usage well below it means short bursts are being throttled.',
        ...linkAnnotations(a.runbookUrl, this.dashboardUrl),
      }),
    };
  }

  private renderCertificateExpiry(a: CertificateExpiryAlertDefinition): AlertingRule[] {
    const left = `${this.scoped(K.CERTIFICATE_EXPIRATION)} - time()`;
    const critical = a.critical.toSeconds();
    const warning = a.warning.toSeconds();
    const tier = (sev: Severity, expr: string, below: Duration, forDuration: Duration): AlertingRule => ({
      alert: a.alertName,
      expr,
      for: forDuration.toPrometheus(),
      labels: literalLabels({ ...this.labels, ...sev.alertLabels() }),
      annotations: sortKeys({
        summary: `Certificate {{ $labels.namespace }}/{{ $labels.name }} expires in less than ${below.toHumanString()}`,
        description:
          'Certificate {{ $labels.namespace }}/{{ $labels.name }} (issuer {{ $labels.issuer_name }}) expires in {{ $value | humanizeDuration }}. ' +
          'cert-manager should have renewed it by now: check the Certificate\'s conditions and its latest CertificateRequest.',
        ...linkAnnotations(a.runbookUrl, undefined),
      }),
    });
    // The tiers do not overlap: a certificate is in one of them, so it notifies once per tier.
    return [
      tier(a.criticalSev, `${left} < ${critical}`, a.critical, a.for),
      tier(a.warningSev, `${left} < ${warning}\nand\n${left} >= ${critical}`, a.warning, a.warningFor),
    ];
  }
}

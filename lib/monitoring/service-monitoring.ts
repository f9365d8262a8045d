import { Duration, requirePositiveDuration } from '../common/duration';
import { SpecPath } from '../common/errors';
import { KubernetesManifest, ManifestMetadata, ManifestMetadataProps, defineMetadata } from '../common/manifest';
import { isPortName, isPrometheusLabelName, requireDnsLabel, requireKubernetesLabels, requireNamespace, requirePrometheusLabels } from '../common/names';
import { Selector, labelSelector, renderSelector, requireRegex, requireSelector, withMatchers } from '../common/promql';
import { RuleSet } from '../rules/rule-set';
import type { AlertingRule, RecordingRule, RuleGroup } from '../rules/rule-types';
import { tidy } from '../slo/objective';
import { zeroSafeRatio } from '../slo/recording-rules';
import type { HistogramUnit } from '../slo/sli';
import { optionalUrl } from '../alerting/burn-rate-alerts';
import { Severity } from '../alerting/severity';
import { AlertRuleDefinition, AlertRuleProps, defineAlertRule, definePackRunbook, linkAnnotations, literalLabels, requireNumberIn, sortKeys } from './alert-rules';
import { RedMetrics } from './red-metrics';

/** How Prometheus finds the workload's pods: a ServiceMonitor (through a Service) or a PodMonitor. */
export type ScrapeKind = 'ServiceMonitor' | 'PodMonitor';

/**
 * Scraping of the workload by the Prometheus Operator.
 *
 * @see https://prometheus-operator.dev/docs/api-reference/api/#monitoring.coreos.com/v1.ServiceMonitor
 */
export interface ScrapeProps {
  /**
   * ServiceMonitor selects a Service and scrapes its endpoints (targets get the `service` label);
   * PodMonitor selects pods directly.
   * @default "ServiceMonitor"
   */
  readonly kind?: ScrapeKind;
  /** Labels of the Services (or pods) to scrape, as `matchLabels`. Must not be empty. */
  readonly selector: Readonly<Record<string, string>>;
  /** Name of the port that serves metrics (a Service port name, or a container port name for a PodMonitor). */
  readonly port: string;
  /**
   * HTTP path of the metrics.
   * @default "/metrics"
   */
  readonly path?: string;
  /**
   * Scrape interval. At most a quarter of the 5-minute rate window, so every rate sees four samples.
   * @default Duration.seconds(30)
   */
  readonly interval?: Duration;
  /**
   * Namespaces to look in.
   * @default - the namespace of the ServiceMonitor itself
   */
  readonly namespaces?: readonly string[];
  /**
   * Metadata of the ServiceMonitor or PodMonitor (labels your Prometheus `serviceMonitorSelector` matches).
   * @default - named "<service>"
   */
  readonly metadata?: ManifestMetadataProps;
}

/** The seed's HighErrorRate alert: too many requests failing. */
export interface ErrorRateAlertProps extends AlertRuleProps {
  /**
   * Share of failed requests (0 to 1) above which the alert fires.
   * @default 0.01
   */
  readonly threshold?: number;
  /**
   * Failed requests needed within the 5-minute window as well, so a few errors on a quiet service never
   * page (the seed's "avoid" list: no alert on single errors).
   * @default 5
   */
  readonly minFailedRequests?: number;
}

/** An alert on a latency quantile. */
export interface LatencyAlertProps extends AlertRuleProps {
  /**
   * Which recorded quantile to watch (one of `quantiles`).
   * @default 0.99
   */
  readonly quantile?: number;
  /**
   * The latency above which the alert fires.
   * @default Duration.millis(500)
   */
  readonly threshold?: Duration;
}

/** RED monitoring of one workload: scraping, recorded rate/errors/duration series, and alerts. */
export interface ServiceMonitoringProps {
  /** Workload name: lowercase letters, digits and '-'. It becomes the `service` label of the recorded series and alerts. */
  readonly service: string;
  /** The request counter, as a selector: `http_requests_total{service="checkout"}`. */
  readonly requests: string;
  /**
   * Label holding the status code.
   * @default "code"
   */
  readonly statusLabel?: string;
  /**
   * Regular expression (RE2, fully anchored) of the status codes that count as errors.
   * @default "5.."
   */
  readonly errorStatus?: string;
  /** The request-duration histogram, as a selector of its bucket series or its base name. */
  readonly histogram: string;
  /**
   * Unit the histogram observes in; recorded quantiles are always in seconds.
   * @default "seconds"
   */
  readonly histogramUnit?: HistogramUnit;
  /**
   * Latency quantiles to record, each above 0 and below 1.
   * @default [0.5, 0.9, 0.99]
   */
  readonly quantiles?: readonly number[];
  /**
   * Scraping by a ServiceMonitor or PodMonitor; `false` when something else scrapes the workload.
   * @default - no scrape object
   */
  readonly scrape?: ScrapeProps | false;
  /**
   * Labels on every recorded series and alert (team, tier).
   * @default - none
   */
  readonly labels?: Readonly<Record<string, string>>;
  /**
   * The HighErrorRate alert; `false` turns it off.
   * @default - failed requests above 1% for 5 minutes, SEV2 (pages, critical): most requests of a major feature failing
   */
  readonly errorRateAlert?: ErrorRateAlertProps | false;
  /**
   * The latency alert; `false` turns it off.
   * @default - p99 above 500 ms for 10 minutes, SEV3 (a ticket, warning): degraded performance
   */
  readonly latencyAlert?: LatencyAlertProps | false;
  /**
   * Runbook link of both alerts, unless an alert sets its own. Give this, `runbookBaseUrl` or `acknowledgeNoRunbook`.
   * @default - none
   */
  readonly runbookUrl?: string;
  /**
   * Base URL of the runbooks: each alert links `<base>/<service>/<alert-name>.md` (`high-error-rate.md`),
   * where a `Runbooks` collection renders the runbook written for it.
   * @default - none
   */
  readonly runbookBaseUrl?: string;
  /**
   * Why neither alert needs a runbook (a paging alert without one is an error at synth otherwise).
   * @default - not acknowledged
   */
  readonly acknowledgeNoRunbook?: string;
  /**
   * Dashboard link of both alerts (`dashboard_url`); see `RedDashboardDefinition.uidFor` and `grafanaDashboardUrl`.
   * @default - none
   */
  readonly dashboardUrl?: string;
  /**
   * Evaluation interval of the rule groups.
   * @default - the Prometheus server's global evaluation interval
   */
  readonly evaluationInterval?: Duration;
  /**
   * Metadata of the PrometheusRule.
   * @default - named "<service>-red"
   */
  readonly metadata?: ManifestMetadataProps;
}

/** Checked scraping. */
export interface ScrapeDefinition {
  /** ServiceMonitor or PodMonitor. */
  readonly kind: ScrapeKind;
  /** matchLabels. */
  readonly selector: Readonly<Record<string, string>>;
  /** Port name. */
  readonly port: string;
  /** Path. */
  readonly path: string;
  /** Interval. */
  readonly interval: Duration;
  /** Namespaces, when given. */
  readonly namespaces?: readonly string[];
  /** Metadata. */
  readonly metadata: ManifestMetadata;
}

/** Checked HighErrorRate alert. */
export interface ErrorRateAlertDefinition extends AlertRuleDefinition {
  /** Error ratio threshold. */
  readonly threshold: number;
  /** Failed requests needed within the window. */
  readonly minFailedRequests: number;
}

/** Checked latency alert. */
export interface LatencyAlertDefinition extends AlertRuleDefinition {
  /** Quantile watched. */
  readonly quantile: number;
  /** Threshold. */
  readonly threshold: Duration;
}

const RESERVED_RED_LABELS = ['service', 'quantile', 'le', 'severity', 'sev', 'alertname'] as const;
const DEFAULT_QUANTILES = [0.5, 0.9, 0.99];

/**
 * A checked ServiceMonitoring: scraping, the RED recording rules, HighErrorRate and the latency alert of one
 * workload. The cdk8s and Pulumi `ServiceMonitoring` constructs emit what it renders; the RED dashboard
 * reads the series it records.
 */
export class ServiceMonitoringDefinition extends RuleSet {
  /** Checks the props. Throws a SpecError naming `path`, the field and the value at the first problem. */
  public static create(props: ServiceMonitoringProps, path?: string): ServiceMonitoringDefinition {
    return new ServiceMonitoringDefinition(props, path ?? String(props?.service ?? 'ServiceMonitoring'));
  }

  /** Workload name (`service` label). */
  public readonly service: string;
  /** Labels on every recorded series and alert, `service` included. */
  public readonly labels: Readonly<Record<string, string>>;
  /** Labels that pick this workload's recorded series. */
  public readonly selector: Readonly<Record<string, string>>;
  /** Source metrics read by the recording rules (the counter and the bucket series). */
  public readonly sourceMetrics: readonly string[];
  /** Recorded quantiles, ascending. */
  public readonly quantiles: readonly number[];
  /** Status-code regular expression of failures. */
  public readonly errorStatus: string;
  /** Scraping, when on. */
  public readonly scrape?: ScrapeDefinition;
  /** HighErrorRate, when on. */
  public readonly errorRateAlert?: ErrorRateAlertDefinition;
  /** Latency alert, when on. */
  public readonly latencyAlert?: LatencyAlertDefinition;
  /** Dashboard link of the alerts. */
  public readonly dashboardUrl?: string;
  /** Evaluation interval, when set. */
  public readonly evaluationInterval?: Duration;
  /** Metadata of the PrometheusRule. */
  public readonly metadata: ManifestMetadata;
  /** Construct path. */
  public readonly path: string;

  private readonly requests: Selector;
  private readonly errors: Selector;
  private readonly buckets: Selector;
  private readonly toSeconds: number;

  private constructor(props: ServiceMonitoringProps, path: string) {
    super();
    const at = new SpecPath(path);
    if (props === null || typeof props !== 'object') {
      at.fail(undefined, props, 'is not a ServiceMonitoring spec', 'Give { service, requests, histogram, ... }.');
    }
    this.path = path;
    this.service = requireDnsLabel(at, 'service', props.service);
    this.selector = { service: this.service };
    this.labels = sortKeys({ ...requirePrometheusLabels(at, 'labels', props.labels, RESERVED_RED_LABELS), ...this.selector });

    this.requests = requireCounter(at, 'requests', props.requests);
    const statusLabel = props.statusLabel ?? 'code';
    if (!isPrometheusLabelName(statusLabel)) {
      at.fail('statusLabel', statusLabel, 'is not a valid Prometheus label name', 'Label names match [a-zA-Z_][a-zA-Z0-9_]*.');
    }
    this.errorStatus = requireRegex(at, 'errorStatus', props.errorStatus ?? '5..');
    this.errors = withMatchers(this.requests, [{ name: statusLabel, op: '=~', value: this.errorStatus }]);
    this.buckets = requireHistogram(at, 'histogram', props.histogram);
    const unit = props.histogramUnit ?? 'seconds';
    if (unit !== 'seconds' && unit !== 'milliseconds') {
      at.fail('histogramUnit', unit, 'is not a histogram unit', 'Use "seconds" or "milliseconds".');
    }
    this.toSeconds = unit === 'milliseconds' ? 1000 : 1;
    this.quantiles = requireQuantiles(at, 'quantiles', props.quantiles ?? DEFAULT_QUANTILES);
    this.sourceMetrics = [...new Set([this.requests.metric!, this.buckets.metric!])].sort();

    this.scrape = props.scrape === undefined || props.scrape === false ? undefined : defineScrape(at.at('scrape'), props.scrape, this.service);
    this.evaluationInterval = props.evaluationInterval === undefined ? undefined : requirePositiveDuration(at, 'evaluationInterval', props.evaluationInterval);
    const pack = definePackRunbook(at, props, this.service);
    this.dashboardUrl = optionalUrl(at, 'dashboardUrl', props.dashboardUrl);

    if (props.errorRateAlert !== false) {
      const p = props.errorRateAlert ?? {};
      const eat = at.at('errorRateAlert');
      const base = defineAlertRule(eat, p, { alertName: 'HighErrorRate', sev: Severity.SEV2, for: Duration.minutes(5), pack });
      const threshold = requireNumberIn(eat, 'threshold', p.threshold ?? 0.01, 0, 1, 'Give the share of failed requests as a ratio, e.g. 0.01 for 1%.');
      const minFailedRequests = p.minFailedRequests ?? 5;
      if (typeof minFailedRequests !== 'number' || !Number.isInteger(minFailedRequests) || minFailedRequests < 1) {
        eat.fail('minFailedRequests', minFailedRequests, 'is not a whole number of at least 1', 'Give how many failed requests within 5 minutes it takes to alert, e.g. 5.');
      }
      this.errorRateAlert = { ...base, threshold: tidy(threshold), minFailedRequests };
    }
    if (props.latencyAlert !== false) {
      const p = props.latencyAlert ?? {};
      const lat = at.at('latencyAlert');
      const base = defineAlertRule(lat, p, { alertName: 'HighLatency', sev: Severity.SEV3, for: Duration.minutes(10), pack });
      const quantile = p.quantile ?? 0.99;
      if (!this.quantiles.includes(quantile)) {
        lat.fail('quantile', quantile, 'is not a recorded quantile', `Choose one of ${this.quantiles.join(', ')}, or add it to quantiles.`);
      }
      const threshold = requirePositiveDuration(lat, 'threshold', p.threshold ?? Duration.millis(500));
      this.latencyAlert = { ...base, quantile, threshold };
    }
    if (this.errorRateAlert && this.latencyAlert && this.errorRateAlert.alertName === this.latencyAlert.alertName) {
      at.fail('latencyAlert.alertName', this.latencyAlert.alertName, 'is also the error-rate alert\'s name', 'Give the two alerts different names.');
    }
    this.metadata = defineMetadata(at, props.metadata, `${this.service}-red`);
  }

  /** Names of every series this monitoring records. */
  public get recordedMetrics(): readonly string[] {
    return [RedMetrics.REQUESTS, RedMetrics.ERRORS, RedMetrics.ERROR_RATIO, RedMetrics.DURATION_BUCKETS, RedMetrics.DURATION_QUANTILE];
  }

  /** Names of the alerts that are on. */
  public get alertNames(): readonly string[] {
    return [this.errorRateAlert?.alertName, this.latencyAlert?.alertName].filter((n): n is string => n !== undefined);
  }

  /** The recording group `<service>/red`: request rate, errors, their ratio, bucket rates and quantiles over 5 minutes. */
  public recordingRuleGroups(): RuleGroup[] {
    const w = RedMetrics.WINDOW.toPrometheus();
    const rule = (record: string, expr: string, extra: Record<string, string> = {}): RecordingRule => ({
      record,
      expr,
      labels: sortKeys({ ...this.labels, ...extra }),
    });
    const own = (metric: string) => labelSelector(metric, this.selector);
    const quantiles = this.quantiles.map((q) => {
      const quantile = `histogram_quantile(${q}, ${own(RedMetrics.DURATION_BUCKETS)})`;
      const inSeconds = this.toSeconds === 1 ? quantile : `${quantile} / ${this.toSeconds}`;
      // With no traffic the quantile is NaN; drop it, so quiet means no sample rather than a poisoned one.
      return rule(RedMetrics.DURATION_QUANTILE, `(${inSeconds}) >= 0`, { quantile: String(q) });
    });
    return [
      {
        name: `${this.service}/red`,
        ...this.interval(),
        rules: [
          rule(RedMetrics.REQUESTS, `sum(rate(${renderSelector(this.requests)}[${w}]))`),
          rule(RedMetrics.ERRORS, `sum(rate(${renderSelector(this.errors)}[${w}])) or vector(0)`),
          rule(RedMetrics.ERROR_RATIO, zeroSafeRatio(own(RedMetrics.ERRORS), own(RedMetrics.REQUESTS))),
          rule(RedMetrics.DURATION_BUCKETS, `sum by (le) (rate(${renderSelector(this.buckets)}[${w}]))`),
          ...quantiles,
        ],
      },
    ];
  }

  /** The alert group `<service>/red-alerts`: HighErrorRate and the latency alert, when on. */
  public alertingRuleGroups(): RuleGroup[] {
    const rules = [this.renderErrorRateAlert(), this.renderLatencyAlert()].filter((r): r is AlertingRule => r !== undefined);
    return rules.length === 0 ? [] : [{ name: `${this.service}/red-alerts`, ...this.interval(), rules }];
  }

  /** Recordings, then alerts. */
  public ruleGroups(): RuleGroup[] {
    return [...this.recordingRuleGroups(), ...this.alertingRuleGroups()];
  }

  /** The ServiceMonitor or PodMonitor, when scraping is on. */
  public scrapeManifest(): KubernetesManifest | undefined {
    const s = this.scrape;
    if (!s) return undefined;
    const endpoint = { port: s.port, path: s.path, interval: s.interval.toPrometheus() };
    const namespaceSelector = s.namespaces ? { namespaceSelector: { matchNames: [...s.namespaces] } } : {};
    return {
      apiVersion: 'monitoring.coreos.com/v1',
      kind: s.kind,
      metadata: s.metadata,
      spec: {
        selector: { matchLabels: s.selector },
        ...namespaceSelector,
        ...(s.kind === 'ServiceMonitor' ? { endpoints: [endpoint] } : { podMetricsEndpoints: [endpoint] }),
      },
    };
  }

  /** Every manifest: the scrape object (when on) and the PrometheusRule. */
  public manifests(): KubernetesManifest[] {
    const scrape = this.scrapeManifest();
    return [...(scrape ? [scrape] : []), this.prometheusRule()];
  }

  private renderErrorRateAlert(): AlertingRule | undefined {
    const a = this.errorRateAlert;
    if (!a) return undefined;
    const windowSeconds = RedMetrics.WINDOW.toSeconds();
    const percent = `${tidy(a.threshold * 100)}%`;
    return {
      alert: a.alertName,
      // The value is the error ratio (the first operand); the second keeps a handful of errors on a quiet
      // service from alerting.
      expr: [
        `${labelSelector(RedMetrics.ERROR_RATIO, this.selector)} > ${a.threshold}`,
        'and',
        `${labelSelector(RedMetrics.ERRORS, this.selector)} * ${windowSeconds} >= ${a.minFailedRequests}`,
      ].join('\n'),
      for: a.for.toPrometheus(),
      labels: literalLabels({ ...this.labels, severity: a.severity, sev: a.sev.name }),
      annotations: sortKeys({
        summary: `${this.service}: more than ${percent} of requests failing`,
        description:
          `{{ $value | humanizePercentage }} of ${this.service}'s requests failed (status matching ${JSON.stringify(this.errorStatus)}) ` +
          `over the last 5 minutes, above ${percent} for ${a.for.toHumanString()}.`,
        ...linkAnnotations(a.runbookUrl, this.dashboardUrl),
      }),
    };
  }

  private renderLatencyAlert(): AlertingRule | undefined {
    const a = this.latencyAlert;
    if (!a) return undefined;
    const seconds = tidy(a.threshold.toSeconds());
    const p = `p${tidy(a.quantile * 100)}`;
    return {
      alert: a.alertName,
      expr: `${labelSelector(RedMetrics.DURATION_QUANTILE, { ...this.selector, quantile: String(a.quantile) })} > ${seconds}`,
      for: a.for.toPrometheus(),
      labels: literalLabels({ ...this.labels, severity: a.severity, sev: a.sev.name }),
      annotations: sortKeys({
        summary: `${this.service}: ${p} latency above ${a.threshold.toHumanString()}`,
        description: `The ${p} latency of ${this.service} is {{ $value | humanizeDuration }} over the last 5 minutes, above ${a.threshold.toHumanString()} for ${a.for.toHumanString()}.`,
        ...linkAnnotations(a.runbookUrl, this.dashboardUrl),
      }),
    };
  }

  private interval(): { interval?: string } {
    return this.evaluationInterval ? { interval: this.evaluationInterval.toPrometheus() } : {};
  }
}

/** A counter selector: a metric name that is not a histogram's bucket or sum series. */
function requireCounter(at: SpecPath, field: string, text: unknown): Selector {
  const selector = requireSelector(at, field, text);
  if (!selector.metric) {
    return at.fail(field, text, 'has no metric name', 'Name the request counter: http_requests_total{service="checkout"}.');
  }
  if (/_(bucket|sum)$/.test(selector.metric)) {
    return at.fail(field, text, 'names a histogram series, not a request counter', 'Give the counter of requests, such as http_requests_total or the histogram\'s _count series.');
  }
  if (/_(seconds|bytes|ratio)$/.test(selector.metric)) {
    return at.fail(field, text, `ends in a unit, as gauges and histograms do (${selector.metric})`, 'Give a counter of requests; counters end in _total (or a histogram\'s _count).');
  }
  return selector;
}

/** A classic histogram, as its bucket series: `x_bucket{...}` or `x{...}`, without `le`. */
function requireHistogram(at: SpecPath, field: string, text: unknown): Selector {
  const selector = requireSelector(at, field, text);
  if (!selector.metric) {
    return at.fail(field, text, 'has no metric name', 'Name the histogram: http_request_duration_seconds_bucket{service="checkout"}.');
  }
  if (/_(count|sum|total)$/.test(selector.metric)) {
    return at.fail(field, text, 'names a counter or a histogram\'s _count/_sum series, not its buckets', 'Give the histogram\'s base name or its _bucket series, e.g. http_request_duration_seconds_bucket.');
  }
  if (selector.matchers.some((m) => m.name === 'le')) {
    return at.fail(field, text, 'matches on the "le" label', 'Leave "le" out; every bucket is needed for quantiles.');
  }
  const metric = selector.metric.endsWith('_bucket') ? selector.metric : `${selector.metric}_bucket`;
  return { metric, matchers: selector.matchers };
}


function requireQuantiles(at: SpecPath, field: string, value: unknown): number[] {
  if (!Array.isArray(value) || value.length === 0) {
    return at.fail(field, value, 'is empty', 'Give at least one quantile, e.g. [0.5, 0.9, 0.99].');
  }
  const out = value.map((q, i) => tidy(requireNumberIn(at, `${field}[${i}]`, q, 0, 1, 'Give a quantile above 0 and below 1, e.g. 0.99.')));
  if (new Set(out).size !== out.length) {
    return at.fail(field, value, 'repeats a quantile', 'Give each quantile once.');
  }
  return out.sort((a, b) => a - b);
}

/** Checks the labels a scrape object selects by (`at` is the scrape's place): valid and not empty. */
export function requireScrapeSelector(at: SpecPath, selector: Readonly<Record<string, string>>): Record<string, string> {
  const checked = requireKubernetesLabels(at, 'selector', selector);
  if (Object.keys(checked).length === 0) {
    at.fail('selector', selector, 'is empty, which would scrape every Service in the namespace', 'Give the labels of the workload, e.g. { "app.kubernetes.io/name": "checkout" }.');
  }
  return checked;
}

function defineScrape(at: SpecPath, props: ScrapeProps, service: string): ScrapeDefinition {
  if (props === null || typeof props !== 'object') {
    return at.fail(undefined, props, 'is not a scrape configuration', 'Give { selector, port }, or false for no scrape object.');
  }
  const kind = props.kind ?? 'ServiceMonitor';
  if (kind !== 'ServiceMonitor' && kind !== 'PodMonitor') {
    at.fail('kind', kind, 'is not a scrape kind', 'Use "ServiceMonitor" or "PodMonitor".');
  }
  const selector = requireScrapeSelector(at, props.selector);
  if (!isPortName(props.port)) {
    at.fail('port', props.port, 'is not a port name', 'Give the name of the port that serves metrics: at most 15 lowercase letters, digits and "-", with at least one letter (e.g. "http-metrics").');
  }
  const path = props.path ?? '/metrics';
  if (typeof path !== 'string' || !/^\/[^\s]*$/.test(path)) {
    at.fail('path', path, 'is not an HTTP path', 'Give a path starting with "/", e.g. "/metrics".');
  }
  const interval = props.interval === undefined ? Duration.seconds(30) : requirePositiveDuration(at, 'interval', props.interval);
  const quarter = RedMetrics.WINDOW.toMilliseconds() / 4;
  if (interval.toMilliseconds() > quarter) {
    at.fail('interval', interval.toPrometheus(), 'leaves fewer than four samples in the 5-minute rate window', `Scrape at least every ${Duration.millis(quarter).toPrometheus()}, e.g. Duration.seconds(30).`);
  }
  const namespaces = props.namespaces?.map((ns, i) => requireNamespace(at, `namespaces[${i}]`, ns));
  const metadata = defineMetadata(at, props.metadata, service);
  return { kind, selector, port: props.port, path, interval, namespaces, metadata };
}


import { Duration } from '../common/duration';
import { SpecPath } from '../common/errors';
import { KubernetesManifest, ManifestMetadata, ManifestMetadataProps, defineMetadata } from '../common/manifest';
import { isDnsLabel, requireDnsLabel, requirePrometheusLabels } from '../common/names';
import { LabelMatcher, renderSelector } from '../common/promql';
import { Severity } from '../alerting/severity';
import { optionalUrl } from '../alerting/burn-rate-alerts';
import { linkAnnotations, literalLabels, requireNumberIn, sortKeys } from '../monitoring/alert-rules';
import { RuleSet } from '../rules/rule-set';
import type { AlertingRule, RecordingRule, RuleGroup } from '../rules/rule-types';
import { tidy } from '../slo/objective';
import { AutomationAlertDefinition, AutomationAlertProps, defineAutomationAlert } from '../automation/automation-alert';
import { RetentionTiersDefinition, RetentionTiersProps, defineRetention } from './retention';

/** The alert on the share of log lines that miss a required field. */
export interface NonConformingLogsAlertProps extends AutomationAlertProps {
  /**
   * Share of a service's log lines (0 to 1) lacking a required field above which the alert fires.
   * @default 0.01
   */
  readonly threshold?: number;
  /**
   * Non-conforming lines needed within 5 minutes as well, so one odd line of a quiet service stays quiet.
   * @default 10
   */
  readonly minLines?: number;
}

/**
 * The seed's logging policy as code: JSON logs with required fields, retention tiers, and an OpenTelemetry
 * Collector that reads every container's log, tags (never drops) the lines that break the policy and counts them,
 * so a recording rule and an alert show the share of non-conforming lines per service.
 */
export interface LogPolicyProps {
  /** Name (DNS label): names the collector, the PodMonitor and the rule group. */
  readonly name: string;
  /**
   * Log format. Only JSON, the seed's choice: a line that is not a JSON object counts as missing every field.
   * @default "json"
   */
  readonly format?: 'json';
  /**
   * Fields every line must carry (top-level JSON keys).
   * @default ["timestamp", "level", "service", "trace_id", "message"] (the seed's)
   */
  readonly requiredFields?: readonly string[];
  /**
   * The field that names the service a line belongs to; lines without it are counted under their container's name.
   * @default "service"
   */
  readonly serviceField?: string;
  /** How long logs stay in each tier. */
  readonly retention: RetentionTiersProps;
  /**
   * Namespaces whose pods' logs are read.
   * @default - every namespace
   */
  readonly namespaces?: readonly string[];
  /**
   * The collector's log exporters, by component id (`otlphttp/loki`, `awscloudwatchlogs`, `awss3`), with their
   * configuration as the collector reads it. Every line goes to each of them, tagged or not.
   *
   * @see https://opentelemetry.io/docs/collector/configuration/#exporters
   */
  readonly exporters: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  /**
   * Collector image: a distribution with the filelog receiver, the transform processor and the count connector.
   * @default "otel/opentelemetry-collector-contrib:0.158.0"
   */
  readonly image?: string;
  /**
   * The alert on non-conforming lines per service; `false` turns it off.
   * @default - NonConformingLogs, SEV4, above 1% (and at least 10 lines in 5 minutes) for 15 minutes
   */
  readonly nonConformingAlert?: NonConformingLogsAlertProps | false;
  /**
   * The alert that fires when the collector's counts are missing: conformance is then unknown, not fine; `false` turns it off.
   * @default - LogPolicyMetricsAbsent, SEV4, for 15 minutes
   */
  readonly metricsAbsentAlert?: AutomationAlertProps | false;
  /**
   * Labels added to every alert.
   * @default - none
   */
  readonly labels?: Readonly<Record<string, string>>;
  /**
   * Runbook link of the alerts.
   * @default - none
   */
  readonly runbookUrl?: string;
  /**
   * Metadata of the collector (whose namespace it runs in), the PodMonitor and the PrometheusRule.
   * @default - named "<name>" (collector) and "<name>-log-policy"
   */
  readonly metadata?: Omit<ManifestMetadataProps, 'name'>;
}

/** The seed's required fields. */
export const DEFAULT_REQUIRED_FIELDS: readonly string[] = ['timestamp', 'level', 'service', 'trace_id', 'message'];

/** The counter the collector exports: one series per namespace, service and conformance (`conformant="true"|"false"`). */
export const LOG_RECORDS_METRIC = 'log_policy_records_total';

/** Names of the series the policy's recording rules write. */
export abstract class LogPolicyMetrics {
  /** Log lines per second, by namespace and service. */
  public static readonly RECORDS = 'log_policy:records:rate5m';
  /** Non-conforming log lines per second. */
  public static readonly NONCONFORMING = 'log_policy:nonconforming_records:rate5m';
  /** Share of non-conforming lines (0 to 1); no sample for a service that logged nothing. */
  public static readonly NONCONFORMING_RATIO = 'log_policy:nonconforming:ratio_rate5m';
}

/** Attributes the collector sets on every record. */
export const LOG_POLICY_ATTRIBUTES = {
  /** The required fields a record lacks (a list); absent when it conforms. */
  missing: 'log.policy.missing',
  /** "true" or "false". */
  conformant: 'log.policy.conformant',
  /** The service the record is counted under. */
  service: 'log.policy.service',
  /** The namespace of the pod that wrote it. */
  namespace: 'log.policy.namespace',
} as const;

const FIELD = /^[A-Za-z_@][A-Za-z0-9_.@-]{0,127}$/;
const EXPORTER_ID = /^[a-z][a-z0-9_]*(\/[A-Za-z0-9_.-]+)?$/;
const METRICS_PORT = 8889;
const OWN = { count: 'count/log-policy', prometheus: 'prometheus/log-policy', tag: 'transform/log-policy', labels: 'transform/log-policy-labels' };
const RESERVED = ['alertname', 'severity', 'sev', 'namespace', 'service', 'conformant'] as const;

/** A checked log policy. */
export class LogPolicyDefinition extends RuleSet {
  /** Checks the props. Throws a SpecError naming `path`, the field and the value at the first problem. */
  public static create(props: LogPolicyProps, path?: string): LogPolicyDefinition {
    return new LogPolicyDefinition(props, path ?? String(props?.name ?? 'LogPolicy'));
  }

  /** Name. */
  public readonly name: string;
  /** Required fields, in the order given. */
  public readonly requiredFields: readonly string[];
  /** The service field. */
  public readonly serviceField: string;
  /** Retention tiers. */
  public readonly retention: RetentionTiersDefinition;
  /** Namespaces read, when limited. */
  public readonly namespaces?: readonly string[];
  /** Exporters by id. */
  public readonly exporters: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  /** Collector image. */
  public readonly image: string;
  /** Non-conforming alert, when on. */
  public readonly nonConformingAlert?: AutomationAlertDefinition & { readonly threshold: number; readonly minLines: number };
  /** Metrics-absent alert, when on. */
  public readonly metricsAbsentAlert?: AutomationAlertDefinition;
  /** Alert labels. */
  public readonly labels: Readonly<Record<string, string>>;
  /** Runbook. */
  public readonly runbookUrl?: string;
  /** Metadata of the PrometheusRule. */
  public readonly metadata: ManifestMetadata;
  /** Metadata of the collector. */
  public readonly collectorMetadata: ManifestMetadata;

  /** Construct path, named in messages (routing and runbook checks name the alerts' origin by it). */
  public readonly path: string;

  private constructor(props: LogPolicyProps, path: string) {
    super();
    const at = new SpecPath(path);
    this.path = path;
    if (props === null || typeof props !== 'object') at.fail(undefined, props, 'is not a LogPolicy spec', 'Give { name, retention, exporters }.');
    this.name = requireDnsLabel(at, 'name', props.name);
    if ((props.format ?? 'json') !== 'json') at.fail('format', props.format, 'is not a supported log format', 'Use "json": the seed\'s structured logging.');
    const fields = props.requiredFields ?? DEFAULT_REQUIRED_FIELDS;
    if (!Array.isArray(fields) || fields.length === 0) at.fail('requiredFields', fields, 'is empty', 'Name at least one field, e.g. the seed\'s timestamp, level, service, trace_id, message.');
    fields.forEach((f, i) => {
      if (typeof f !== 'string' || !FIELD.test(f)) {
        at.fail(`requiredFields[${i}]`, f, 'is not a valid field name', 'Give a top-level JSON key: letters, digits, "_", ".", "-" or "@", starting with a letter, "_" or "@", at most 128 characters.');
      }
    });
    if (new Set(fields).size !== fields.length) at.fail('requiredFields', fields, 'names a field twice', 'Give each field once.');
    this.requiredFields = [...fields];
    this.serviceField = props.serviceField ?? 'service';
    if (typeof this.serviceField !== 'string' || !FIELD.test(this.serviceField)) at.fail('serviceField', this.serviceField, 'is not a valid field name', 'Give a top-level JSON key such as "service".');
    this.retention = defineRetention(at, 'retention', props.retention);
    if (props.namespaces !== undefined) {
      if (!Array.isArray(props.namespaces) || props.namespaces.length === 0) at.fail('namespaces', props.namespaces, 'is empty', 'Leave it out to read every namespace, or name at least one.');
      props.namespaces.forEach((ns, i) => {
        if (!isDnsLabel(ns)) at.fail(`namespaces[${i}]`, ns, 'is not a valid namespace', 'Use lowercase letters, digits and "-", at most 63 characters.');
      });
      this.namespaces = [...new Set(props.namespaces)].sort();
    }
    const exporters = props.exporters;
    if (exporters === null || typeof exporters !== 'object' || Object.keys(exporters).length === 0) {
      at.fail('exporters', exporters, 'names no exporter, so logs would go nowhere', 'Give at least one, e.g. { "otlphttp/loki": { endpoint: "http://loki.monitoring:3100/otlp" } }.');
    }
    for (const [id, config] of Object.entries(exporters)) {
      if (!EXPORTER_ID.test(id) || id === OWN.prometheus) at.fail(`exporters.${id}`, id, 'is not an exporter id of your own', 'Give "type" or "type/name" (e.g. "otlphttp/loki"); "prometheus/log-policy" is the policy\'s own.');
      if (config === null || typeof config !== 'object' || Array.isArray(config)) at.fail(`exporters.${id}`, config, 'is not a configuration object', 'Give the exporter\'s settings as an object ({} for none).');
    }
    this.exporters = sortKeys(exporters);
    this.image = props.image ?? 'otel/opentelemetry-collector-contrib:0.158.0';
    if (typeof this.image !== 'string' || !/^[^\s@]+(:[\w.-]+)?(@sha256:[0-9a-f]{64})?$/.test(this.image)) at.fail('image', this.image, 'is not an image reference', 'Give e.g. "otel/opentelemetry-collector-contrib:0.158.0".');
    this.labels = requirePrometheusLabels(at, 'labels', props.labels, RESERVED);
    this.runbookUrl = optionalUrl(at, 'runbookUrl', props.runbookUrl);

    const nat = at.at('nonConformingAlert');
    const nc = defineAutomationAlert(nat, props.nonConformingAlert, { alertName: 'NonConformingLogs', sev: Severity.SEV4, for: Duration.minutes(15) });
    if (nc) {
      const p = props.nonConformingAlert || {};
      const threshold = requireNumberIn(nat, 'threshold', p.threshold ?? 0.01, 0, 1, 'Give the share of non-conforming lines as a ratio, e.g. 0.01 for 1%.');
      const minLines = p.minLines ?? 10;
      if (!Number.isInteger(minLines) || minLines < 1) nat.fail('minLines', minLines, 'is not a whole number of at least 1', 'Give how many non-conforming lines within 5 minutes it takes to alert, e.g. 10.');
      this.nonConformingAlert = { ...nc, threshold: tidy(threshold), minLines };
    }
    this.metricsAbsentAlert = defineAutomationAlert(at.at('metricsAbsentAlert'), props.metricsAbsentAlert, { alertName: 'LogPolicyMetricsAbsent', sev: Severity.SEV4, for: Duration.minutes(15) });
    if (this.nonConformingAlert && this.metricsAbsentAlert?.alertName === this.nonConformingAlert.alertName) {
      at.fail('metricsAbsentAlert.alertName', this.metricsAbsentAlert.alertName, 'is also the non-conforming alert\'s name', 'Give the two alerts different names.');
    }
    this.collectorMetadata = defineMetadata(at, { ...(props.metadata ?? {}), name: this.name }, this.name);
    this.metadata = defineMetadata(at, { ...(props.metadata ?? {}), name: `${this.name}-log-policy` }, `${this.name}-log-policy`);
  }

  /**
   * The collector configuration: the filelog receiver parses container logs and their JSON, a transform processor
   * tags each record (`log.policy.missing`, `log.policy.conformant`, `log.policy.service`, `log.policy.namespace`),
   * every record goes to the exporters, and the count connector counts them into `log_policy_records_total`.
   *
   * @see https://github.com/open-telemetry/opentelemetry-collector-contrib/tree/main/receiver/filelogreceiver
   * @see https://github.com/open-telemetry/opentelemetry-collector-contrib/tree/main/processor/transformprocessor
   * @see https://github.com/open-telemetry/opentelemetry-collector-contrib/tree/main/connector/countconnector
   */
  public collectorConfig(): Record<string, unknown> {
    const A = LOG_POLICY_ATTRIBUTES;
    const attr = (key: string) => `attributes[${JSON.stringify(key)}]`;
    const tagging = [
      ...this.requiredFields.map((f) => `append(${attr(A.missing)}, ${JSON.stringify(f)}) where ${attr(f)} == nil`),
      `set(${attr(A.conformant)}, "true") where ${attr(A.missing)} == nil`,
      `set(${attr(A.conformant)}, "false") where ${attr(A.missing)} != nil`,
      `set(${attr(A.service)}, ${attr(this.serviceField)}) where ${attr(this.serviceField)} != nil`,
      `set(${attr(A.service)}, resource.attributes["k8s.container.name"]) where ${attr(A.service)} == nil`,
      `set(${attr(A.namespace)}, resource.attributes["k8s.namespace.name"])`,
    ];
    // The counts become clean Prometheus labels: namespace, service, conformant.
    const labels = [
      `set(attributes["namespace"], ${attr(A.namespace)})`,
      `set(attributes["service"], ${attr(A.service)})`,
      `set(attributes["conformant"], ${attr(A.conformant)})`,
      `delete_key(attributes, ${JSON.stringify(A.namespace)})`,
      `delete_key(attributes, ${JSON.stringify(A.service)})`,
      `delete_key(attributes, ${JSON.stringify(A.conformant)})`,
    ];
    const include = (this.namespaces ?? ['*']).map((ns) => `/var/log/pods/${ns}_*/*/*.log`);
    const ownNamespace = this.collectorMetadata.namespace ?? '*';
    return {
      receivers: {
        filelog: {
          include,
          // The collector's own logs stay out: reading them would count its own lines and loop on errors.
          exclude: [`/var/log/pods/${ownNamespace}_${this.name}-collector-*_*/otc-container/*.log`],
          start_at: 'end',
          include_file_path: true,
          operators: [
            { type: 'container', id: 'container-parser' },
            // Lines that are not JSON pass on unparsed: they are tagged as missing every field, never dropped.
            { type: 'json_parser', id: 'json-parser', parse_from: 'body', parse_to: 'attributes', on_error: 'send_quiet' },
          ],
        },
      },
      processors: {
        memory_limiter: { check_interval: '1s', limit_percentage: 80, spike_limit_percentage: 25 },
        [OWN.tag]: { error_mode: 'ignore', log_statements: [{ context: 'log', statements: tagging }] },
        batch: {},
        [OWN.labels]: { error_mode: 'ignore', metric_statements: [{ context: 'datapoint', statements: labels }] },
      },
      connectors: {
        [OWN.count]: {
          logs: {
            log_policy_records: {
              description: 'Log records read by the log policy, by namespace, service and whether they carry every required field.',
              attributes: [{ key: A.namespace }, { key: A.service }, { key: A.conformant }],
            },
          },
        },
      },
      exporters: {
        ...this.exporters,
        // Names written out explicitly, so the series are log_policy_records_total whatever the collector's default.
        [OWN.prometheus]: { endpoint: `\${env:MY_POD_IP}:${METRICS_PORT}`, translation_strategy: 'UnderscoreEscapingWithSuffixes', metric_expiration: '15m' },
      },
      service: {
        pipelines: {
          logs: { receivers: ['filelog'], processors: ['memory_limiter', OWN.tag, 'batch'], exporters: [...Object.keys(this.exporters), OWN.count] },
          'metrics/log-policy': { receivers: [OWN.count], processors: [OWN.labels], exporters: [OWN.prometheus] },
        },
      },
    };
  }

  /** The OpenTelemetryCollector (opentelemetry.io/v1beta1): a DaemonSet that reads /var/log/pods on every node. */
  public collector(): KubernetesManifest {
    return {
      apiVersion: 'opentelemetry.io/v1beta1',
      kind: 'OpenTelemetryCollector',
      metadata: this.collectorMetadata,
      spec: {
        mode: 'daemonset',
        image: this.image,
        env: [{ name: 'MY_POD_IP', valueFrom: { fieldRef: { fieldPath: 'status.podIP' } } }],
        ports: [{ name: 'log-policy', port: METRICS_PORT, protocol: 'TCP' }],
        // Container log files are readable by root only on most nodes; the mount is read-only.
        securityContext: { runAsUser: 0, runAsGroup: 0 },
        volumes: [{ name: 'varlogpods', hostPath: { path: '/var/log/pods' } }],
        volumeMounts: [{ name: 'varlogpods', mountPath: '/var/log/pods', readOnly: true }],
        config: this.collectorConfig(),
      },
    };
  }

  /** The PodMonitor that scrapes the collector's counts; `honorLabels` keeps the namespace of the pod that logged. */
  public podMonitor(): KubernetesManifest {
    return {
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'PodMonitor',
      metadata: this.metadata,
      spec: {
        selector: { matchLabels: { 'app.kubernetes.io/component': 'opentelemetry-collector', 'app.kubernetes.io/name': `${this.name}-collector` } },
        podMetricsEndpoints: [{ portNumber: METRICS_PORT, path: '/metrics', interval: '30s', honorLabels: true }],
      },
    };
  }

  /** Collector, PodMonitor and PrometheusRule. */
  public manifests(): KubernetesManifest[] {
    return [this.collector(), this.podMonitor(), this.prometheusRule()];
  }

  /** Names of the alerts that are on. */
  public get alertNames(): readonly string[] {
    return [this.nonConformingAlert?.alertName, this.metricsAbsentAlert?.alertName].filter((n): n is string => n !== undefined);
  }

  /**
   * The policy's namespaces as a matcher: `namespace="x"` for one (so the absent-data alert carries it, as the
   * operator's `OnNamespace` matcher needs), `namespace=~"x|y"` for several, none for every namespace.
   */
  private namespaceMatchers(): LabelMatcher[] {
    const ns = this.namespaces;
    if (!ns) return [];
    return [ns.length === 1 ? { name: 'namespace', op: '=', value: ns[0] } : { name: 'namespace', op: '=~', value: ns.join('|') }];
  }

  /** The recording group `<name>/log-policy` and the alert group `<name>/log-policy-alerts`. */
  public ruleGroups(): RuleGroup[] {
    const by = 'sum by (namespace, service)';
    const source = (conformant?: string) =>
      renderSelector({
        metric: LOG_RECORDS_METRIC,
        matchers: [...(conformant ? [{ name: 'conformant', op: '=' as const, value: conformant }] : []), ...this.namespaceMatchers()],
      });
    // Recorded series of this policy only (its namespaces), so several policies can share a Prometheus.
    const own = (metric: string) => renderSelector({ metric, matchers: this.namespaceMatchers() });
    const recording: RecordingRule[] = [
      { record: LogPolicyMetrics.RECORDS, expr: `${by} (rate(${source()}[5m]))` },
      { record: LogPolicyMetrics.NONCONFORMING, expr: `${by} (rate(${source('false')}[5m]))` },
      {
        record: LogPolicyMetrics.NONCONFORMING_RATIO,
        // A service with lines but no non-conforming ones scores 0; one that logged nothing has no sample.
        expr: `(\n  ${own(LogPolicyMetrics.NONCONFORMING)}\n  or\n  ${own(LogPolicyMetrics.RECORDS)} * 0\n)\n/\n(${own(LogPolicyMetrics.RECORDS)} > 0)`,
      },
    ];
    const alerts: AlertingRule[] = [];
    const a = this.nonConformingAlert;
    if (a) {
      alerts.push({
        alert: a.alertName,
        expr: `${own(LogPolicyMetrics.NONCONFORMING_RATIO)} > ${a.threshold}\nand\n${own(LogPolicyMetrics.NONCONFORMING)} * 300 >= ${a.minLines}`,
        for: a.for.toPrometheus(),
        labels: literalLabels({ ...this.labels, ...a.sev.alertLabels() }),
        annotations: sortKeys({
          summary: '{{ $labels.namespace }}/{{ $labels.service }}: {{ $value | humanizePercentage }} of log lines miss a required field',
          description:
            `{{ $value | humanizePercentage }} of the log lines of {{ $labels.service }} in {{ $labels.namespace }} over the last 5 minutes lack at least one of ${this.requiredFields.join(', ')} ` +
            `(or are not JSON), above ${tidy(a.threshold * 100)}% for ${a.for.toHumanString()}. The lines are kept and tagged: search for the attribute ${LOG_POLICY_ATTRIBUTES.missing} to see which fields are missing.`,
          ...linkAnnotations(this.runbookUrl, undefined),
        }),
      });
    }
    const m = this.metricsAbsentAlert;
    if (m) {
      alerts.push({
        alert: m.alertName,
        expr: `absent(${source()})`,
        for: m.for.toPrometheus(),
        labels: literalLabels({ ...this.labels, ...m.sev.alertLabels() }),
        annotations: sortKeys({
          summary: `No log-policy counts from the ${this.name} collector: log conformance is unknown`,
          description: `Prometheus has had no ${LOG_RECORDS_METRIC} for ${m.for.toHumanString()}: the collector is down, not scraped, or reads no logs. Until it returns, nobody knows whether logs follow the policy.`,
          ...linkAnnotations(this.runbookUrl, undefined),
        }),
      });
    }
    return [{ name: `${this.name}/log-policy`, rules: recording }, ...(alerts.length > 0 ? [{ name: `${this.name}/log-policy-alerts`, rules: alerts }] : [])];
  }
}

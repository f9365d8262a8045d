import { Duration, requirePositiveDuration } from '../common/duration';
import { SpecPath } from '../common/errors';
import { KubernetesManifest, ManifestMetadata, ManifestMetadataProps, defineMetadata } from '../common/manifest';
import { requireDnsLabel, requirePrometheusLabels } from '../common/names';
import { LabelMatcher, labelSelector, quotePromQLString, renderSelector, requireRegex } from '../common/promql';
import { Severity } from '../alerting/severity';
import { optionalUrl } from '../alerting/burn-rate-alerts';
import { linkAnnotations, literalLabels, sortKeys } from '../monitoring/alert-rules';
import { KubernetesMetrics as K } from '../monitoring/kubernetes-metrics';
import { RedMetrics } from '../monitoring/red-metrics';
import { RuleSet } from '../rules/rule-set';
import type { AlertingRule, RuleGroup } from '../rules/rule-types';
import { tidy } from '../slo/objective';
import { AutomationAlertDefinition, AutomationAlertProps, defineAutomationAlert } from './automation-alert';
import { HeadroomDefinition, HeadroomSource, defineHeadroom, floorShare } from './headroom';
import { MemoryPolicy, MemoryPolicyDefinition, RUNBOOK_ANNOTATION, defineMemoryPolicy, requireContainerName } from './memory-policy';

/** The workload that is scaled. */
export interface WorkloadRef {
  /**
   * Kind of the workload (apps/v1).
   * @default "Deployment"
   */
  readonly kind?: 'Deployment' | 'StatefulSet';
  /** Its name. */
  readonly name: string;
}

/** CPU as a scaling signal: the HPA keeps the pods' average CPU use at a share of their CPU request. */
export interface CpuScalingProps {
  /**
   * CPU use, in percent of the pod's CPU request, at which one pod is fully loaded. The HPA targets this divided
   * by (1 + headroom): 100 with 20% headroom targets 83%.
   * @default 100
   */
  readonly capacity?: number;
}

/**
 * Requests per second per pod as a scaling signal, from the RED recording `red:requests:rate5m` of a
 * ServiceMonitoring. The recording is one series per service; the prometheus-adapter serves it as the external
 * metric `red_requests_rate5m` (see {@link AutoscalingDefinition.prometheusAdapterRules}), and the HPA divides it by
 * the replicas it runs (`AverageValue`), so it reads as requests per pod.
 *
 * @see https://github.com/kubernetes-sigs/prometheus-adapter/blob/master/docs/externalmetrics.md
 */
export interface RequestsPerPodProps {
  /** The `service` of the ServiceMonitoring whose recording is read. */
  readonly service: string;
  /** Requests per second one pod serves at full load (from a load test). The HPA targets this divided by (1 + headroom). */
  readonly capacity: number;
}

/** How fast the HPA may change the replica count in one direction. */
export interface ScalingRulesProps {
  /**
   * The HPA acts on the most conservative recommendation of this window: a cooldown against flapping. At most 1 hour.
   * @default - none when scaling up, 5 minutes when scaling down (Kubernetes' defaults)
   */
  readonly stabilizationWindow?: Duration;
  /**
   * At most this percentage of the current replicas added or removed per period.
   * @default 100
   */
  readonly maxPercent?: number;
  /**
   * At most this many pods added or removed per period (the larger of the two limits applies).
   * @default - 4 when scaling up, no pod limit when scaling down (Kubernetes' defaults)
   */
  readonly maxPods?: number;
  /**
   * The period of the limits. At most 30 minutes.
   * @default Duration.seconds(15)
   */
  readonly period?: Duration;
}

/** A HorizontalPodAutoscaler (autoscaling/v2) bounded by replica limits, on CPU and requests per pod. */
export interface HorizontalScalingProps {
  /** Fewest replicas. At least 1. */
  readonly minReplicas: number;
  /** Most replicas: the ceiling of horizontal automation. */
  readonly maxReplicas: number;
  /**
   * Scale on CPU; `false` for no CPU metric (then `requestsPerPod` is needed).
   * @default - on, capacity 100% of the request
   */
  readonly cpu?: CpuScalingProps | false;
  /**
   * Scale on requests per pod from the RED recordings.
   * @default - not used
   */
  readonly requestsPerPod?: RequestsPerPodProps;
  /**
   * Headroom above the expected peak: a percentage (20), a `Headroom`, or the service's capacity plan (its
   * definition, or the CapacityPlan construct or component), whose margin the HPA then follows. "20% headroom"
   * means what it means to the capacity plan: demand × 1.2 must fit, so each metric targets its capacity × 1/1.2
   * (the margin's `usableShare`, 83.3%), rounded down; a service held at the target sits exactly at the plan's
   * headroom line.
   * @default 20
   */
  readonly headroom?: HeadroomSource;
  /**
   * Scale-up limits.
   * @default - Kubernetes' defaults, written out: no stabilization, 100% or 4 pods per 15 seconds
   */
  readonly scaleUp?: ScalingRulesProps;
  /**
   * Scale-down limits: the stabilization window is the cooldown that keeps capacity after a peak.
   * @default - Kubernetes' defaults, written out: 5 minutes of stabilization, 100% per 15 seconds
   */
  readonly scaleDown?: ScalingRulesProps;
  /**
   * The alert that fires when the HPA has run at maxReplicas for a long time: automation can no longer add
   * capacity; `false` turns it off.
   * @default - HpaPinnedAtMaxReplicas, SEV3, for 30 minutes
   */
  readonly pinnedAtMaxAlert?: AutomationAlertProps | false;
  /**
   * The alert that fires when kube-state-metrics reports nothing about the HPA: the pinned alert is then blind, so
   * the state is unknown rather than fine; `false` turns it off.
   * @default - HpaMetricsAbsent, SEV4, for 15 minutes
   */
  readonly metricsAbsentAlert?: AutomationAlertProps | false;
}

/** Self-healing and scaling of one workload, from the signals the library already records. */
export interface AutoscalingProps {
  /** The workload. */
  readonly workload: WorkloadRef;
  /** Namespace of the workload: the HPA and VPA go there, and the alerts select it. */
  readonly namespace: string;
  /**
   * Regular expression of the workload's pod names, for the OOM alerts.
   * @default "<workload name>-.*"
   */
  readonly pods?: string;
  /**
   * Container the memory policy applies to.
   * @default "*" (every container)
   */
  readonly container?: string;
  /**
   * Horizontal scaling; `false` for none (memory policy only).
   * @default - none
   */
  readonly horizontal?: HorizontalScalingProps | false;
  /**
   * What to do about memory: `MemoryPolicy.recommend()`, `MemoryPolicy.raiseOnOom({ factor, ceiling })` or
   * `MemoryPolicy.restartAndTicket()`. One VerticalPodAutoscaler at most per workload, so one policy.
   * @default - none
   */
  readonly memory?: MemoryPolicy;
  /**
   * Labels added to every alert (team, routing keys).
   * @default - none
   */
  readonly labels?: Readonly<Record<string, string>>;
  /**
   * Runbook of the automation: on its alerts, and on the VPA (annotation `sre-constructs.dev/runbook-url`).
   * @default - none
   */
  readonly runbookUrl?: string;
  /**
   * Evaluation interval of the alert group.
   * @default - the Prometheus server's global evaluation interval
   */
  readonly evaluationInterval?: Duration;
  /**
   * Metadata of the HPA and VPA (named after the workload) and the PrometheusRule ("<workload>-automation").
   * @default - named after the workload, in `namespace`
   */
  readonly metadata?: Omit<ManifestMetadataProps, 'namespace' | 'name'>;
}

/** Checked scaling rules, as the HPA reads them. */
export interface ScalingRulesDefinition {
  /** Policies. */
  readonly policies: ReadonlyArray<{ readonly type: 'Percent' | 'Pods'; readonly value: number; readonly periodSeconds: number }>;
  /** Which policy wins. */
  readonly selectPolicy: 'Max';
  /** Stabilization window. */
  readonly stabilizationWindowSeconds: number;
}

/** A checked horizontal scaling. */
export interface HorizontalScalingDefinition {
  /** Fewest replicas. */
  readonly minReplicas: number;
  /** Most replicas. */
  readonly maxReplicas: number;
  /** Headroom applied. */
  readonly headroom: HeadroomDefinition;
  /** CPU target in percent of the request, when CPU is a metric. */
  readonly cpuTargetUtilization?: number;
  /** Requests-per-pod target and the service read, when used. */
  readonly requestsPerPod?: { readonly service: string; readonly target: number; readonly capacity: number };
  /** Scale-up rules. */
  readonly scaleUp: ScalingRulesDefinition;
  /** Scale-down rules. */
  readonly scaleDown: ScalingRulesDefinition;
  /** The pinned-at-max alert, when on. */
  readonly pinnedAtMaxAlert?: AutomationAlertDefinition;
  /** The metrics-absent alert, when on. */
  readonly metricsAbsentAlert?: AutomationAlertDefinition;
}

/** The external metric the prometheus-adapter serves from `red:requests:rate5m`. */
export const REQUESTS_EXTERNAL_METRIC = 'red_requests_rate5m';

const RESERVED = ['alertname', 'severity', 'sev', 'namespace', 'pod', 'container', 'horizontalpodautoscaler', 'remediation'] as const;

/**
 * A checked Autoscaling: the HorizontalPodAutoscaler, the VerticalPodAutoscaler of the memory policy, and the alerts
 * that make the automation visible (pinned at max replicas, repeated OOM kills, a known leak's ticket, metrics absent).
 */
export class AutoscalingDefinition extends RuleSet {
  /** Checks the props. Throws a SpecError naming `path`, the field and the value at the first problem. */
  public static create(props: AutoscalingProps, path?: string): AutoscalingDefinition {
    return new AutoscalingDefinition(props, path ?? String(props?.workload?.name ?? 'Autoscaling'));
  }

  /** The workload, kind filled in. */
  public readonly workload: { readonly kind: 'Deployment' | 'StatefulSet'; readonly name: string };
  /** Namespace. */
  public readonly namespace: string;
  /** Pod-name regular expression. */
  public readonly pods: string;
  /** Container of the memory policy. */
  public readonly container: string;
  /** Horizontal scaling, when on. */
  public readonly horizontal?: HorizontalScalingDefinition;
  /** Memory policy, when set. */
  public readonly memory?: MemoryPolicyDefinition;
  /** Alert labels. */
  public readonly labels: Readonly<Record<string, string>>;
  /** Runbook link. */
  public readonly runbookUrl?: string;
  /** Evaluation interval, when set. */
  public readonly evaluationInterval?: Duration;
  /** Metadata of the PrometheusRule. */
  public readonly metadata: ManifestMetadata;
  /** Metadata of the HPA and VPA. */
  public readonly workloadMetadata: ManifestMetadata;

  /** Construct path, named in messages (routing and runbook checks name the alerts' origin by it). */
  public readonly path: string;

  private constructor(props: AutoscalingProps, path: string) {
    super();
    const at = new SpecPath(path);
    this.path = path;
    if (props === null || typeof props !== 'object') at.fail(undefined, props, 'is not an Autoscaling spec', 'Give { workload, namespace, horizontal, memory }.');
    const w = props.workload;
    if (w === null || typeof w !== 'object') at.fail('workload', w, 'is not a workload', 'Give { kind: "Deployment", name: "checkout" }.');
    const kind = w.kind ?? 'Deployment';
    if (kind !== 'Deployment' && kind !== 'StatefulSet') at.fail('workload.kind', kind, 'is not a scalable kind', 'Use "Deployment" or "StatefulSet".');
    this.workload = { kind, name: requireDnsLabel(at, 'workload.name', w.name) };
    this.namespace = requireDnsLabel(at, 'namespace', props.namespace);
    this.pods = requireRegex(at, 'pods', props.pods ?? `${this.workload.name}-.*`);
    if (new RegExp(`^(?:${this.pods})$`).test('')) at.fail('pods', this.pods, 'matches the empty string, so it would select every pod', `Give the workload's pod names, e.g. "${this.workload.name}-.*".`);
    this.container = requireContainerName(at, 'container', props.container ?? '*');
    this.labels = requirePrometheusLabels(at, 'labels', props.labels, RESERVED);
    this.runbookUrl = optionalUrl(at, 'runbookUrl', props.runbookUrl);
    this.evaluationInterval = props.evaluationInterval === undefined ? undefined : requirePositiveDuration(at, 'evaluationInterval', props.evaluationInterval);
    if (props.horizontal !== undefined && props.horizontal !== false) this.horizontal = defineHorizontal(at.at('horizontal'), props.horizontal);
    if (props.memory !== undefined) this.memory = defineMemoryPolicy(at.at('memory'), props.memory, this.runbookUrl);
    if (!this.horizontal && !this.memory) at.fail('horizontal', props.horizontal, 'is off and no memory policy is set, so there is nothing to automate', 'Give horizontal scaling, a memory policy, or both.');
    const meta = { ...(props.metadata ?? {}), namespace: this.namespace };
    this.workloadMetadata = defineMetadata(at, { ...meta, name: this.workload.name }, this.workload.name);
    this.metadata = defineMetadata(at, { ...meta, name: `${this.workload.name}-automation` }, `${this.workload.name}-automation`);
  }

  /** Names of the alerts this automation emits. */
  public get alertNames(): readonly string[] {
    return this.alertingRules().map((r) => r.alert);
  }

  /** The HorizontalPodAutoscaler (autoscaling/v2), when horizontal scaling is on. */
  public horizontalPodAutoscaler(): KubernetesManifest | undefined {
    const h = this.horizontal;
    if (!h) return undefined;
    const metrics: object[] = [];
    if (h.cpuTargetUtilization !== undefined) {
      metrics.push({ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: h.cpuTargetUtilization } } });
    }
    if (h.requestsPerPod) {
      metrics.push({
        type: 'External',
        external: {
          metric: { name: REQUESTS_EXTERNAL_METRIC, selector: { matchLabels: { service: h.requestsPerPod.service } } },
          target: { type: 'AverageValue', averageValue: h.requestsPerPod.target },
        },
      });
    }
    return {
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      metadata: this.workloadMetadata,
      spec: {
        maxReplicas: h.maxReplicas,
        minReplicas: h.minReplicas,
        scaleTargetRef: { apiVersion: 'apps/v1', name: this.workload.name, kind: this.workload.kind },
        metrics,
        behavior: { scaleUp: h.scaleUp, scaleDown: h.scaleDown },
      },
    };
  }

  /** The VerticalPodAutoscaler (autoscaling.k8s.io/v1) of the memory policy; none for a known leak. */
  public verticalPodAutoscaler(): KubernetesManifest | undefined {
    const m = this.memory;
    if (!m || m.kind === 'restartAndTicket') return undefined;
    const targetRef = { apiVersion: 'apps/v1', kind: this.workload.kind, name: this.workload.name };
    if (m.kind === 'recommend') {
      const bounds = { ...(m.minAllowed ? { minAllowed: { memory: m.minAllowed } } : {}), ...(m.maxAllowed ? { maxAllowed: { memory: m.maxAllowed } } : {}) };
      return {
        apiVersion: 'autoscaling.k8s.io/v1',
        kind: 'VerticalPodAutoscaler',
        metadata: this.vpaMetadata(this.runbookUrl),
        spec: {
          targetRef,
          updatePolicy: { updateMode: 'Off' },
          resourcePolicy: { containerPolicies: [{ containerName: this.container, controlledResources: ['memory'], ...bounds }] },
        },
      };
    }
    return {
      apiVersion: 'autoscaling.k8s.io/v1',
      kind: 'VerticalPodAutoscaler',
      metadata: this.vpaMetadata(m.runbookUrl),
      spec: {
        targetRef,
        updatePolicy: {
          updateMode: 'Recreate',
          // Evict only to give more memory: this policy raises after OOM kills and never shrinks a pod.
          evictionRequirements: [{ resources: ['memory'], changeRequirement: 'TargetHigherThanRequests' }],
          ...(m.minReplicas !== undefined ? { minReplicas: m.minReplicas } : {}),
        },
        resourcePolicy: {
          containerPolicies: [
            {
              containerName: this.container,
              controlledResources: ['memory'],
              controlledValues: 'RequestsAndLimits',
              maxAllowed: { memory: m.ceiling },
              oomBumpUpRatio: String(m.factor),
            },
          ],
        },
      },
    };
  }

  /** Every Kubernetes object: HPA, VPA and the PrometheusRule of the alerts, those that are on. */
  public manifests(): KubernetesManifest[] {
    const rule = this.alertingRules().length > 0 ? [this.prometheusRule()] : [];
    return [this.horizontalPodAutoscaler(), this.verticalPodAutoscaler(), ...rule].filter((m): m is KubernetesManifest => m !== undefined);
  }

  /** The group `<workload>/automation` with the alerts that watch the automation. */
  public ruleGroups(): RuleGroup[] {
    const rules = this.alertingRules();
    if (rules.length === 0) return [];
    const interval = this.evaluationInterval ? { interval: this.evaluationInterval.toPrometheus() } : {};
    return [{ name: `${this.workload.name}/automation`, ...interval, rules }];
  }

  /**
   * The prometheus-adapter rule that serves `red:requests:rate5m` as the external metric `red_requests_rate5m`
   * (the Helm chart's `rules.external`, or `externalRules` of its config file); empty when requests per pod are not used.
   * The recording has no namespace label, so the rule is not namespaced: keep `service` names unique per Prometheus.
   *
   * @see https://github.com/kubernetes-sigs/prometheus-adapter/blob/master/docs/externalmetrics.md
   */
  public prometheusAdapterRules(): { externalRules: object[] } {
    if (!this.horizontal?.requestsPerPod) return { externalRules: [] };
    return {
      externalRules: [
        {
          seriesQuery: `${RedMetrics.REQUESTS}{service!=""}`,
          resources: { namespaced: false },
          name: { matches: `^${RedMetrics.REQUESTS}$`, as: REQUESTS_EXTERNAL_METRIC },
          metricsQuery: 'sum by (service) (<<.Series>>{<<.LabelMatchers>>})',
        },
      ],
    };
  }

  /**
   * For a known leak: an Alertmanager inhibit rule that silences the general OOM alert (`oomAlertName`, the resource
   * pack's ContainerOOMKilled) for a container whose kill already opens a ticket, so a known leak never pages.
   */
  public alertmanagerInhibitRules(oomAlertName = 'ContainerOOMKilled'): object[] {
    const m = this.memory;
    if (m?.kind !== 'restartAndTicket') return [];
    return [
      {
        source_matchers: [`alertname=${quotePromQLString(m.alert.alertName)}`, `namespace=${quotePromQLString(this.namespace)}`],
        target_matchers: [`alertname=${quotePromQLString(oomAlertName)}`],
        equal: ['namespace', 'pod', 'container'],
      },
    ];
  }

  private vpaMetadata(runbookUrl: string | undefined): ManifestMetadata {
    if (!runbookUrl) return this.workloadMetadata;
    return { ...this.workloadMetadata, annotations: sortKeys({ ...(this.workloadMetadata.annotations ?? {}), [RUNBOOK_ANNOTATION]: runbookUrl }) };
  }

  private alertingRules(): AlertingRule[] {
    const rules: AlertingRule[] = [];
    const h = this.horizontal;
    if (h?.pinnedAtMaxAlert) rules.push(this.renderPinnedAtMax(h.pinnedAtMaxAlert, h.maxReplicas));
    if (h?.metricsAbsentAlert) rules.push(this.renderMetricsAbsent(h.metricsAbsentAlert));
    const m = this.memory;
    if (m?.kind === 'raiseOnOom' && m.repeatedKills) rules.push(this.renderRepeatedKills(m.repeatedKills, m.factor, m.ceiling, m.runbookUrl));
    if (m?.kind === 'restartAndTicket') rules.push(this.renderLeakTicket(m.alert, m.ticketLabels, m.runbookUrl));
    return rules;
  }

  private hpaSelector(metric: string): string {
    return labelSelector(metric, { namespace: this.namespace, horizontalpodautoscaler: this.workload.name });
  }

  private podSelector(metric: string, extra: LabelMatcher[] = []): string {
    const container: LabelMatcher[] = this.container === '*' ? [] : [{ name: 'container', op: '=', value: this.container }];
    return renderSelector({ metric, matchers: [{ name: 'namespace', op: '=', value: this.namespace }, { name: 'pod', op: '=~', value: this.pods }, ...container, ...extra] });
  }

  private alertLabels(a: AutomationAlertDefinition, extra: Record<string, string> = {}): Record<string, string> {
    return literalLabels({ ...this.labels, ...extra, ...a.sev.alertLabels() });
  }

  private renderPinnedAtMax(a: AutomationAlertDefinition, maxReplicas: number): AlertingRule {
    const by = 'max by (namespace, horizontalpodautoscaler)';
    const hpa = `${this.namespace}/${this.workload.name}`;
    return {
      alert: a.alertName,
      // Both sides per HPA, so two kube-state-metrics replicas never make a many-to-many match.
      expr: `${by} (${this.hpaSelector(K.HPA_CURRENT_REPLICAS)})\n>=\n${by} (${this.hpaSelector(K.HPA_MAX_REPLICAS)})`,
      for: a.for.toPrometheus(),
      labels: this.alertLabels(a),
      annotations: sortKeys({
        summary: `HPA ${hpa} has run at its maximum of ${maxReplicas} replicas for ${a.for.toHumanString()}`,
        description:
          `The HorizontalPodAutoscaler of ${hpa} has been at maxReplicas (${maxReplicas}) for ${a.for.toHumanString()}: automation cannot add capacity, ` +
          'so more load now means saturation. Check what drives the load (traffic, a slow dependency, a regression), then raise maxReplicas within the capacity plan or shed load.',
        ...linkAnnotations(this.runbookUrl, undefined),
      }),
    };
  }

  private renderMetricsAbsent(a: AutomationAlertDefinition): AlertingRule {
    const hpa = `${this.namespace}/${this.workload.name}`;
    return {
      alert: a.alertName,
      expr: `absent(${this.hpaSelector(K.HPA_MAX_REPLICAS)})`,
      for: a.for.toPrometheus(),
      labels: this.alertLabels(a),
      annotations: sortKeys({
        summary: `No kube-state-metrics data for HPA ${hpa}: whether it is pinned at its maximum is unknown`,
        description:
          `kube-state-metrics has reported nothing about the HorizontalPodAutoscaler ${hpa} for ${a.for.toHumanString()}, so the alert on automation that keeps acting is blind. ` +
          'Check that the HPA exists and that kube-state-metrics is scraped.',
        ...linkAnnotations(this.runbookUrl, undefined),
      }),
    };
  }

  private renderRepeatedKills(a: AutomationAlertDefinition & { kills: number; window: Duration }, factor: number, ceiling: string, runbookUrl: string | undefined): AlertingRule {
    const w = a.window.toPrometheus();
    const restarts = this.podSelector(K.RESTARTS);
    // max - min of the restart counter counts restarts exactly (no extrapolation); pods the VPA replaced still
    // count through their samples in the window, so the OOM reason is looked up over the window too.
    const expr = [
      'sum by (namespace, container) (',
      `  (max_over_time(${restarts}[${w}]) - min_over_time(${restarts}[${w}]))`,
      '  and on (namespace, pod, container)',
      `  max_over_time(${this.podSelector(K.LAST_TERMINATED_REASON, [{ name: 'reason', op: '=', value: 'OOMKilled' }])}[${w}]) == 1`,
      `) >= ${a.kills}`,
    ].join('\n');
    return {
      alert: a.alertName,
      expr,
      for: a.for.toPrometheus(),
      labels: this.alertLabels(a, { remediation: 'raise-memory' }),
      annotations: sortKeys({
        summary: `${this.workload.name}: container {{ $labels.container }} was OOM-killed {{ $value }} times in ${a.window.toHumanString()} despite memory raises`,
        description:
          `The VPA raises the memory of ${this.namespace}/${this.workload.name} by ${factor}x after each OOM kill, up to ${ceiling}, yet container {{ $labels.container }} ` +
          `was killed {{ $value }} times within ${a.window.toHumanString()}. Either the ceiling is too low for the load, or this is a leak: ` +
          'compare the working set with the limit over the last days, then raise the ceiling or mark the workload as a known leak.',
        ...linkAnnotations(runbookUrl, undefined),
      }),
    };
  }

  private renderLeakTicket(a: AutomationAlertDefinition, ticketLabels: Readonly<Record<string, string>>, runbookUrl: string | undefined): AlertingRule {
    const expr = [
      `increase(${this.podSelector(K.RESTARTS)}[10m]) > 0`,
      'and on (namespace, pod, container)',
      `${this.podSelector(K.LAST_TERMINATED_REASON, [{ name: 'reason', op: '=', value: 'OOMKilled' }])} == 1`,
    ].join('\n');
    return {
      alert: a.alertName,
      expr,
      for: a.for.toPrometheus(),
      labels: this.alertLabels(a, { ...ticketLabels, remediation: 'restart-and-ticket' }),
      annotations: sortKeys({
        summary: 'Memory leak in {{ $labels.namespace }}/{{ $labels.pod }}: container {{ $labels.container }} was OOM-killed and restarted',
        description:
          `${this.workload.name} is marked as a known memory leak: its memory is not raised. The kubelet restarted container {{ $labels.container }} of pod ` +
          '{{ $labels.pod }} after an OOM kill; this alert opens a ticket for the owner to fix the leak.',
        ...linkAnnotations(runbookUrl, undefined),
      }),
    };
  }
}

function defineHorizontal(at: SpecPath, p: HorizontalScalingProps): HorizontalScalingDefinition {
  if (p === null || typeof p !== 'object') at.fail(undefined, p, 'is not a horizontal scaling spec', 'Give { minReplicas, maxReplicas, cpu, requestsPerPod }, or false.');
  const replicas = (field: string, v: unknown) => {
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) at.fail(field, v, 'is not a whole number of at least 1', 'Give a replica count such as 2.');
    return v as number;
  };
  const minReplicas = replicas('minReplicas', p.minReplicas);
  const maxReplicas = replicas('maxReplicas', p.maxReplicas);
  if (minReplicas > maxReplicas) at.fail('minReplicas', minReplicas, `is above maxReplicas (${maxReplicas})`, 'Give a minimum at or below the maximum, e.g. minReplicas 3, maxReplicas 20.');
  const headroom = defineHeadroom(at, 'headroom', p.headroom);
  let cpuTargetUtilization: number | undefined;
  if (p.cpu !== false) {
    const capacity = (p.cpu ?? {}).capacity ?? 100;
    if (typeof capacity !== 'number' || !Number.isFinite(capacity) || capacity <= 0 || capacity > 100) {
      at.fail('cpu.capacity', capacity, 'is not a percentage above 0 and at most 100', 'Give the CPU use, in percent of the pod\'s CPU request, at which one pod is fully loaded, e.g. 100.');
    }
    cpuTargetUtilization = floorShare(capacity, headroom.targetShare);
    if (cpuTargetUtilization < 1) at.fail('cpu.capacity', capacity, `leaves a target below 1% after ${headroom.source}`, 'Give a larger capacity or a smaller headroom.');
  }
  let requestsPerPod: HorizontalScalingDefinition['requestsPerPod'];
  if (p.requestsPerPod !== undefined) {
    const rat = at.at('requestsPerPod');
    const service = requireDnsLabel(rat, 'service', p.requestsPerPod.service);
    const capacity = p.requestsPerPod.capacity;
    if (typeof capacity !== 'number' || !Number.isFinite(capacity) || capacity <= 0) {
      rat.fail('capacity', capacity, 'is not a positive number', 'Give the requests per second one pod serves at full load, e.g. 50.');
    }
    // Milli-units: what a Kubernetes quantity keeps; rounded down so the headroom is never eaten by rounding.
    const target = floorShare(capacity, headroom.targetShare, 3);
    if (target <= 0) rat.fail('capacity', capacity, `leaves no target after ${headroom.source}`, 'Give a capacity of at least 0.01 requests per second.');
    requestsPerPod = { service, capacity: tidy(capacity), target };
  }
  if (cpuTargetUtilization === undefined && !requestsPerPod) {
    at.fail('cpu', p.cpu, 'is off and requestsPerPod is not set, so the HPA has no metric', 'Keep CPU, add requestsPerPod, or both.');
  }
  const pinnedAtMaxAlert = defineAutomationAlert(at.at('pinnedAtMaxAlert'), p.pinnedAtMaxAlert, { alertName: 'HpaPinnedAtMaxReplicas', sev: Severity.SEV3, for: Duration.minutes(30) });
  const metricsAbsentAlert = defineAutomationAlert(at.at('metricsAbsentAlert'), p.metricsAbsentAlert, { alertName: 'HpaMetricsAbsent', sev: Severity.SEV4, for: Duration.minutes(15) });
  if (pinnedAtMaxAlert && metricsAbsentAlert && pinnedAtMaxAlert.alertName === metricsAbsentAlert.alertName) {
    at.fail('metricsAbsentAlert.alertName', metricsAbsentAlert.alertName, 'is also the pinned-at-max alert\'s name', 'Give the two alerts different names.');
  }
  return {
    minReplicas,
    maxReplicas,
    headroom,
    cpuTargetUtilization,
    requestsPerPod,
    scaleUp: defineScalingRules(at.at('scaleUp'), p.scaleUp, { stabilization: Duration.seconds(0), maxPods: 4 }),
    scaleDown: defineScalingRules(at.at('scaleDown'), p.scaleDown, { stabilization: Duration.minutes(5) }),
    pinnedAtMaxAlert,
    metricsAbsentAlert,
  };
}

function defineScalingRules(at: SpecPath, p: ScalingRulesProps | undefined, defaults: { stabilization: Duration; maxPods?: number }): ScalingRulesDefinition {
  const r = p ?? {};
  const window = r.stabilizationWindow ?? defaults.stabilization;
  if (!(window instanceof Duration) || window.toMilliseconds() < 0 || window.toMilliseconds() % 1000 !== 0 || window.toSeconds() > 3600) {
    at.fail('stabilizationWindow', window, 'is not whole seconds from 0 to 1 hour', 'Kubernetes accepts 0 to 3600 seconds, e.g. Duration.minutes(5).');
  }
  const period = r.period ?? Duration.seconds(15);
  if (!(period instanceof Duration) || period.toMilliseconds() % 1000 !== 0 || period.toSeconds() < 1 || period.toSeconds() > 1800) {
    at.fail('period', period, 'is not whole seconds from 1 second to 30 minutes', 'Kubernetes accepts periods of 1 to 1800 seconds, e.g. Duration.seconds(15).');
  }
  const count = (field: string, v: unknown) => {
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) at.fail(field, v, 'is not a whole number of at least 1', 'Give a positive whole number.');
    return v as number;
  };
  const maxPercent = count('maxPercent', r.maxPercent ?? 100);
  const maxPods = r.maxPods ?? defaults.maxPods;
  const periodSeconds = period.toSeconds();
  const policies: ScalingRulesDefinition['policies'] = [
    { type: 'Percent', value: maxPercent, periodSeconds },
    ...(maxPods === undefined ? [] : [{ type: 'Pods' as const, value: count('maxPods', maxPods), periodSeconds }]),
  ];
  return { policies, selectPolicy: 'Max', stabilizationWindowSeconds: window.toSeconds() };
}

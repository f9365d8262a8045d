import { SpecPath } from '../common/errors';
import { KubernetesManifest, ManifestMetadata, ManifestMetadataProps, defineMetadata } from '../common/manifest';
import { requireDnsLabel, requireKubernetesLabels } from '../common/names';
import { RuleSet } from '../rules/rule-set';
import type { RuleGroup } from '../rules/rule-types';
import type { SloServiceDefinition } from '../slo/slo-service';
import { chaosAlertGroup } from './chaos-alerts';
import { chaosMeshSchedule } from './chaos-mesh';
import { BudgetFreezeSource, ChaosCondition, ChaosConditionDefinition, defineChaosCondition, freezeOf } from './conditions';
import { experimentCard } from './experiment-card';
import { ChaosEngineKind, ChaosExperimentDefinition, ChaosExperimentProps, defineExperiment } from './experiment';
import { litmusEngine, litmusTrigger, requireLitmusSupport } from './litmus';
import { LitmusIdentity, RoleBindingManifest, RoleManifest, ServiceAccountManifest, litmusIdentities, litmusIdentityManifests } from './litmus-rbac';
import { describeWeekMinute, weekMinutes } from './run-window';
import { ChaosPause, requirePause } from './safety';
import { ChaosAlertsDefinition, ChaosAlertsProps, defineChaosAlerts } from './verification';

/** Litmus-only settings. */
export interface LitmusOptions {
  /**
   * Image of the CronJob that starts each run (it runs `kubectl patch chaosengine`; its entrypoint must be kubectl).
   * @default "registry.k8s.io/kubectl:v1.35.0"
   */
  readonly kubectlImage?: string;
}

/** A service's chaos experiments. */
export interface ChaosScheduleProps {
  /** The service under test (DNS label). With `slos`, it must be the SloService's service. */
  readonly service: string;
  /** Which engine runs the experiments. */
  readonly engine: ChaosEngineKind;
  /**
   * Prometheus base URL the engine queries (`http://prometheus-operated.monitoring.svc:9090`). It must be
   * reachable without credentials from the Chaos Mesh controller manager or the Litmus experiment pods.
   */
  readonly prometheusUrl: string;
  /** The experiments. */
  readonly experiments: readonly ChaosExperimentProps[];
  /**
   * The service's SLOs, for conditions derived from them.
   * @default - hand-written conditions only
   */
  readonly slos?: SloServiceDefinition;
  /**
   * The kill switch of every experiment of the service: Chaos Mesh Schedules get the pause annotation,
   * Litmus CronJobs are suspended (their engines stay stopped), and no alerts are generated. An
   * error-budget policy can set it (see `pauseWhenFrozen`).
   * @default - not paused
   */
  readonly paused?: ChaosPause;
  /**
   * The service's error-budget policy: while it freezes deploys, chaos stops.
   *
   * - At run time, every experiment gets the abort condition {@link ChaosCondition.budgetPolicyNotFrozen}:
   *   both engines check it before injecting (a frozen or unknown verdict means no new run) and all along (a
   *   freeze during a run aborts it and recovers the fault).
   * - At apply time, a freeze declared in the policy's code (`frozen: { reason }`) pauses every experiment, as
   *   `paused` would, with the policy's reason (an explicit `paused` keeps its own).
   * @default - chaos does not read the budget policy
   */
  readonly pauseWhenFrozen?: BudgetFreezeSource;
  /**
   * The abort and verification alerts.
   * @default - SEV3, no extra labels, verification alerts fire for an hour
   */
  readonly alerts?: ChaosAlertsProps;
  /**
   * Kubernetes labels on every generated object.
   * @default - none
   */
  readonly labels?: Readonly<Record<string, string>>;
  /**
   * Metadata of the PrometheusRule carrying the alerts.
   * @default - named "<service>-chaos"
   */
  readonly prometheusRule?: ManifestMetadataProps;
  /**
   * Litmus-only settings.
   * @default - see LitmusOptions
   */
  readonly litmus?: LitmusOptions;
}

/** Any object a ChaosSchedule renders. */
export type ChaosManifest = KubernetesManifest | ServiceAccountManifest | RoleManifest | RoleBindingManifest;

const PROMETHEUS_URL = /^https?:\/\/[A-Za-z0-9.-]+(:\d{1,5})?(\/[A-Za-z0-9._~/-]*)?$/;
const DEFAULT_KUBECTL_IMAGE = 'registry.k8s.io/kubectl:v1.35.0';
const IMAGE_REF = /^[a-z0-9]+([._-][a-z0-9]+)*(:\d+)?(\/[a-z0-9]+([._-][a-z0-9]+)*)*(:\w[\w.-]{0,127})?(@sha256:[a-f0-9]{64})?$/;

/**
 * A service's chaos experiments, checked: scheduled faults whose steady-state hypothesis and abort
 * conditions are PromQL (hand-written or derived from the service's SLOs), rendered for Chaos Mesh (a
 * Schedule of a Workflow whose status checks gate and abort the run) or LitmusChaos (a ChaosEngine with
 * Prometheus probes, its runner's least-privilege RBAC, and a CronJob that starts each run), plus abort
 * and verification alerts and an experiment card.
 *
 * Safety is checked here, before anything is emitted: production needs a reasoned opt-in, every
 * experiment has an abort condition, durations are bounded, 100% of pods needs an opt-in, an empty label
 * selector is refused, names fit the engine, and conditions on the same signal are ordered (steady state,
 * then expected degradation, then abort).
 *
 * @example
 * const chaos = ChaosScheduleDefinition.create({
 *   service: 'payment-service', engine: 'chaos-mesh', prometheusUrl: 'http://prometheus-operated.monitoring.svc:9090', slos,
 *   experiments: [{ name: 'network-latency', fault: ChaosFault.networkLatency({ latency: Duration.millis(200) }), ... }],
 * });
 * writeFileSync('payment-service.chaos.md', chaos.card());
 */
export class ChaosScheduleDefinition extends RuleSet {
  /**
   * Checks the props. Throws a {@link SpecError} naming `path`, the field and the value at the first problem.
   * @param path the construct path to name in errors
   * @default path - the service name
   */
  public static create(props: ChaosScheduleProps, path?: string): ChaosScheduleDefinition {
    return new ChaosScheduleDefinition(props, path ?? String(props?.service ?? 'ChaosSchedule'));
  }

  /** Service name. */
  public readonly service: string;
  /** Engine. */
  public readonly engine: ChaosEngineKind;
  /** Prometheus base URL, without a trailing slash. */
  public readonly prometheusUrl: string;
  /** The service-wide kill switch, when on. */
  public readonly paused?: ChaosPause;
  /** Alert settings. */
  public readonly alerts: ChaosAlertsDefinition;
  /** The experiments, in the order given. */
  public readonly experiments: readonly ChaosExperimentDefinition[];
  /** Metadata of the PrometheusRule. */
  public readonly metadata: ManifestMetadata;
  /** Image of the Litmus trigger CronJobs. */
  public readonly kubectlImage: string;

  /** Construct path, named in messages (routing and runbook checks name the alerts' origin by it). */
  public readonly path: string;

  private constructor(props: ChaosScheduleProps, path: string) {
    super();
    const at = new SpecPath(path);
    this.path = path;
    if (props === null || typeof props !== 'object') at.fail(undefined, props, 'is not a ChaosSchedule spec', 'Give { service, engine, prometheusUrl, experiments }.');
    this.service = requireDnsLabel(at, 'service', props.service);
    if (props.slos !== undefined && props.slos.service !== this.service) {
      at.fail('slos', props.slos.service, `are the SLOs of another service than ${this.service}`, `Pass the SloService of ${this.service}.`);
    }
    if (props.engine !== 'chaos-mesh' && props.engine !== 'litmus') at.fail('engine', props.engine, 'is not a chaos engine', 'Use "chaos-mesh" or "litmus".');
    this.engine = props.engine;
    if (typeof props.prometheusUrl !== 'string' || !PROMETHEUS_URL.test(props.prometheusUrl)) {
      at.fail(
        'prometheusUrl',
        props.prometheusUrl,
        'is not a plain http(s) base URL',
        'Give scheme, host, optional port and path, without credentials, query or spaces: "http://prometheus-operated.monitoring.svc:9090".',
      );
    }
    this.prometheusUrl = props.prometheusUrl.replace(/\/+$/, '');
    const freezeAbort = props.pauseWhenFrozen === undefined ? [] : [this.freezeCondition(at, props.pauseWhenFrozen)];
    const declared = props.pauseWhenFrozen === undefined ? undefined : freezeOf(props.pauseWhenFrozen)?.declared;
    this.paused =
      props.paused !== undefined
        ? requirePause(at, 'paused', props.paused)
        : declared
          ? { reason: `deploys are frozen by the error-budget policy of ${this.service}: ${declared.reason}` }
          : undefined;
    this.alerts = defineChaosAlerts(at.at('alerts'), props.alerts);
    const labels = requireKubernetesLabels(at, 'labels', props.labels);
    this.kubectlImage = props.litmus?.kubectlImage ?? DEFAULT_KUBECTL_IMAGE;
    if (!IMAGE_REF.test(this.kubectlImage)) at.fail('litmus.kubectlImage', this.kubectlImage, 'is not an image reference', 'Give e.g. "registry.k8s.io/kubectl:v1.35.0".');
    if (!Array.isArray(props.experiments) || props.experiments.length === 0) at.fail('experiments', props.experiments, 'is empty', 'Give at least one experiment.');
    const context = {
      service: this.service,
      engine: this.engine,
      slos: props.slos,
      labels,
      paused: this.paused,
      freezeAbort,
      alerts: this.alerts,
      supports: this.engine === 'litmus' ? requireLitmusSupport : () => undefined,
    };
    const seen = new Set<string>();
    this.experiments = props.experiments.map((e, i) => {
      const name = requireDnsLabel(at.at('experiments', String(i)), 'name', e?.name);
      if (seen.has(name)) at.fail(`experiments[${name}].name`, name, 'is used by another experiment of this schedule', 'Give every experiment its own name.');
      seen.add(name);
      return defineExperiment(at.at('experiments', name), e, context);
    });
    checkOverlaps(at, this.experiments);
    this.metadata = defineMetadata(at, { ...props.prometheusRule, labels: { ...labels, ...props.prometheusRule?.labels } }, `${this.service}-chaos`);
  }

  /** The abort condition of `pauseWhenFrozen`, checked: the policy must be this service's. */
  private freezeCondition(at: SpecPath, source: BudgetFreezeSource): ChaosConditionDefinition {
    const freeze = freezeOf(source);
    if (freeze && freeze.service !== this.service) {
      at.fail('pauseWhenFrozen', freeze.service, `is the error-budget policy of another service than ${this.service}`, `Pass the ErrorBudgetPolicy of ${this.service}.`);
    }
    return defineChaosCondition(at.at('pauseWhenFrozen'), ChaosCondition.budgetPolicyNotFrozen(source), undefined);
  }

  /** Alert groups, one per experiment that is not paused: its abort alerts (during runs) and verification alerts (after runs). */
  public ruleGroups(): RuleGroup[] {
    return this.experiments.filter((e) => !e.paused).map((e) => chaosAlertGroup(e));
  }

  /** True when some experiment is not paused, so there are alerts to emit. */
  public get hasAlerts(): boolean {
    return this.experiments.some((e) => !e.paused);
  }

  /** Chaos Mesh Schedules, one per experiment (none for Litmus). */
  public chaosMeshSchedules(): KubernetesManifest[] {
    return this.engine === 'chaos-mesh' ? this.experiments.map((e) => chaosMeshSchedule(e, this.prometheusUrl)) : [];
  }

  /** Litmus ChaosEngines, one per experiment (none for Chaos Mesh). */
  public litmusEngines(): KubernetesManifest[] {
    return this.engine === 'litmus' ? this.experiments.map((e) => litmusEngine(e, this.prometheusUrl)) : [];
  }

  /** Litmus CronJobs that start each run (none for Chaos Mesh). */
  public litmusTriggers(): KubernetesManifest[] {
    return this.engine === 'litmus' ? this.experiments.map((e) => litmusTrigger(e, this.kubectlImage)) : [];
  }

  /** The identities Litmus needs per experiment, the runner's and the trigger's, as data for RBAC builders (none for Chaos Mesh). */
  public identities(): LitmusIdentity[] {
    return this.engine === 'litmus' ? this.experiments.flatMap((e) => litmusIdentities(e)) : [];
  }

  /** The ServiceAccounts, Roles and RoleBindings of {@link identities}, as manifests. */
  public rbacManifests(): Array<ServiceAccountManifest | RoleManifest | RoleBindingManifest> {
    return this.identities().flatMap((i) => litmusIdentityManifests(i));
  }

  /** The engine's objects without the RBAC: Schedules, or ChaosEngines and their CronJobs. */
  public engineManifests(): KubernetesManifest[] {
    return [...this.chaosMeshSchedules(), ...this.litmusEngines(), ...this.litmusTriggers()];
  }

  /** Every object: the engine's, the RBAC, and the PrometheusRule when there are alerts. */
  public manifests(): ChaosManifest[] {
    return [...this.engineManifests(), ...this.rbacManifests(), ...(this.hasAlerts ? [this.prometheusRule()] : [])];
  }

  /** The experiment card (Markdown): hypothesis, blast radius, abort conditions, schedule, and how to stop each experiment by hand. */
  public card(): string {
    return experimentCard(this);
  }
}

/**
 * Two experiments on one namespace whose runs overlap inject faults on top of each other: neither
 * result can be read, and the blast radius is more than either card says.
 */
function checkOverlaps(at: SpecPath, experiments: readonly ChaosExperimentDefinition[]): void {
  const busy = experiments.map((e) => weekMinutes(e.runs, e.slot));
  experiments.forEach((b, j) => {
    for (let i = 0; i < j; i++) {
      const a = experiments[i];
      if (a.target.namespace !== b.target.namespace) continue;
      const shared = [...busy[j]].filter((m) => busy[i].has(m)).sort((x, y) => x - y);
      if (shared.length > 0) {
        at.fail(
          `experiments[${b.name}].schedule`,
          b.schedule.expression,
          `lets runs overlap with experiments[${a.name}] in namespace ${b.target.namespace} (both may be under way ${describeWeekMinute(shared[0])} UTC), so their faults would stack and neither result could be read`,
          'Move one of them to another time.',
        );
      }
    }
  });
}

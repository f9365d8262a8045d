import { optionalUrl, requireAlertName } from '../alerting/burn-rate-alerts';
import { Severity, SeverityName } from '../alerting/severity';
import { Duration, compareDurations, requirePositiveDuration } from '../common/duration';
import { SpecPath } from '../common/errors';
import { KubernetesManifest, ManifestMetadata, ManifestMetadataProps, defineMetadata } from '../common/manifest';
import { isDnsLabel, isPrometheusLabelName, requireDnsLabel } from '../common/names';
import { OPERATOR_SECRETS_DIR } from './credential';
import { AlertSourceLike, EmittedAlert, emittedAlerts } from './emitted-alerts';
import { ReceiverDefinition, ReceiverSpec } from './receiver';
import { watchdogPrometheusRule, watchdogRuleFile } from './watchdog-rule';
import type { RuleFile } from '../rules/rule-types';

/** How long Alertmanager waits, batches and repeats on one route. */
export interface RouteTiming {
  /** Wait before the first notification of a new group, to batch alerts that fire together. */
  readonly groupWait: Duration;
  /** Wait before notifying about alerts added to (or resolved in) a group already notified. */
  readonly groupInterval: Duration;
  /** Wait before repeating a notification that is still firing. */
  readonly repeatInterval: Duration;
}

/** Very short timings for a test against a real Alertmanager. */
export interface TestTimingProps extends RouteTiming {
  /**
   * Escalation delay used instead of `escalation.after`.
   * @default - escalation.after
   */
  readonly escalateAfter?: Duration;
}

/** Escalation of an unacknowledged page to the senior rotation. */
export interface EscalationProps {
  /**
   * How long a SEV2 page may stay with the on-call before the senior rotation is called. At least the SEV2
   * response time (15 minutes): escalating before the on-call is due defeats the rotation.
   * @default Duration.minutes(30)
   */
  readonly after?: Duration;
  /**
   * Receiver of the senior rotation.
   * @default - the routing's senior receiver
   */
  readonly to?: string;
}

/**
 * The dead-man's switch: an always-firing alert sent to a service that raises the alarm when it stops arriving.
 *
 * In an AlertmanagerConfig under the operator's `OnNamespace` matcher, this route sees only a Watchdog labelled
 * with the config's namespace; kube-prometheus-stack's own Watchdog (in its monitoring namespace, without a
 * `namespace` label) is routed by the Alertmanager's main configuration instead.
 */
export interface WatchdogRouteProps {
  /** Receiver of the dead-man's-switch service (Dead Man's Snitch, healthchecks.io, PagerDuty heartbeat...). */
  readonly receiver: string;
  /**
   * Name of the always-firing alert (kube-prometheus ships it as `Watchdog`, `expr: vector(1)`).
   * @default "Watchdog"
   */
  readonly alertName?: string;
  /**
   * How often it is sent; the switch must expect a check-in at least this often.
   * @default Duration.minutes(1)
   */
  readonly interval?: Duration;
  /**
   * Runbook of the Watchdog rule this routing writes next to an AlertmanagerConfig (what to check when the
   * switch raises the alarm: Prometheus, its rules, the Alertmanager, this route).
   * @default - the rule carries no runbook link (the readiness review warns)
   */
  readonly runbookUrl?: string;
}

/** A route for part of the alerts (a service, a team) with receivers of its own, placed before the defaults. */
export interface ServiceRouteProps {
  /** Labels an alert must carry (equality), e.g. `{ service: 'payments' }`. Not `sev`, which the tree routes on below. */
  readonly matchers: Readonly<Record<string, string>>;
  /**
   * Receiver of its SEV1 and SEV2 alerts.
   * @default - the routing's paging receiver
   */
  readonly paging?: string;
  /**
   * Receiver of its SEV3 and SEV4 alerts, and of those without a SEV.
   * @default - the routing's ticket receiver
   */
  readonly tickets?: string;
  /**
   * Receiver of the senior rotation, notified at once of a SEV1.
   * @default - the routing's senior receiver
   */
  readonly senior?: string;
}

/** Which inhibitions to render. Each silences a lesser alert while a greater one about the same thing fires. */
export interface InhibitionProps {
  /**
   * A paging alert (SEV1/SEV2) of an SLO silences the ticket alerts (SEV3/SEV4) of the same SLO.
   * @default true
   */
  readonly pageSilencesTicketsOfSameSlo?: boolean;
  /**
   * A SEV1 or SEV2 of a service silences that service's SEV3 and SEV4 alerts.
   * @default true
   */
  readonly severeSilencesLesserOfService?: boolean;
  /**
   * An absent-data alert silences the burn-rate alerts that read the same SLO's series, when they are no
   * more severe than it: a burn rate over stale windows is not news, but a page is never turned into a
   * ticket because the data vanished (a crashed service often loses its metrics with it).
   * @default true
   */
  readonly absentDataSilencesBurnRate?: boolean;
}

/**
 * How the Prometheus Operator scopes an AlertmanagerConfig (`Alertmanager.spec.alertmanagerConfigMatcherStrategy`):
 * `OnNamespace` (the operator's default) adds `namespace="<namespace of the AlertmanagerConfig>"` to its
 * top route and to both sides of its inhibit rules, so only alerts carrying that label reach it; `None` adds
 * nothing. (`OnNamespaceExceptForAlertmanagerNamespace` behaves as `None` for a config in the Alertmanager's
 * own namespace and as `OnNamespace` elsewhere: say which applies.)
 *
 * @see https://prometheus-operator.dev/docs/api-reference/api/#monitoring.coreos.com/v1.AlertmanagerConfigMatcherStrategy
 */
export type OperatorMatcherStrategy = 'OnNamespace' | 'None';

/** Incident routing for Alertmanager: receivers, a route tree on `sev` and `service`, inhibitions. */
export interface IncidentRoutingProps {
  /** Name (DNS label): names the AlertmanagerConfig. */
  readonly name: string;
  /** Receivers, each with a unique name. Build them with the `Receiver` factories. */
  readonly receivers: readonly ReceiverSpec[];
  /** Receiver of the paging class: SEV1 and SEV2. */
  readonly paging: string;
  /** Receiver of the ticket class: SEV3, SEV4, and alerts without a SEV. */
  readonly tickets: string;
  /** Receiver of the senior rotation: every SEV1 at once, and the escalation of unacknowledged SEV2s. */
  readonly senior: string;
  /**
   * Escalation of SEV2 pages to the senior rotation (SEV1 reaches it at once). A PagerDuty or Opsgenie paging
   * receiver escalates by its own policy (see `OnCall`); for the others Alertmanager escalates with a route
   * that waits `after` before notifying the senior rotation of what is still firing (Alertmanager has no
   * acknowledgements: "still firing" is the closest it knows). `false` turns the route off.
   * @default - after 30 minutes, to the senior receiver
   */
  readonly escalation?: EscalationProps | false;
  /** The Watchdog route, or `false` with no dead-man's switch (then nobody learns that alerting itself is down). */
  readonly watchdog: WatchdogRouteProps | false;
  /**
   * Routes with receivers of their own (per service, per team), tried in order before the defaults.
   * @default - none
   */
  readonly routes?: readonly ServiceRouteProps[];
  /**
   * Labels that make one notification of alerts that fire together.
   * @default ["alertname", "namespace", "service", "slo"]
   */
  readonly groupBy?: readonly string[];
  /**
   * Which inhibitions to render.
   * @default - all three
   */
  readonly inhibitions?: InhibitionProps;
  /**
   * The alert sources whose alerts this routing serves: SloService, BurnRateAlerts, ServiceMonitoring,
   * ResourceAlerts, and any other rule set (ChaosSchedule, ErrorBudgetPolicy, CapacityPlan, Autoscaling,
   * LogPolicy...), each as its definition or its construct. They name the burn-rate and absent-data alerts the
   * inhibitions match, and let the operator's namespace matcher be checked against their labels (for a rule
   * set, the literal `namespace` label of each alert, else the one its expression keeps from a selector).
   * @default - none: the library's default alert names
   */
  readonly sources?: readonly AlertSourceLike[];
  /**
   * The matcher strategy of the Alertmanager the AlertmanagerConfig is for. With `OnNamespace`, every source's
   * alerts must carry `namespace="<namespace of the AlertmanagerConfig>"` (SLO and RED alerts get it from a
   * `namespace` entry in their labels, or from Prometheus' `enforcedNamespaceLabel`); otherwise they never
   * reach the config, which is an error at synth.
   * @default "OnNamespace"
   */
  readonly operatorMatcherStrategy?: OperatorMatcherStrategy;
  /**
   * Where a plain Alertmanager finds Secrets as files (`<secretsDir>/<secret>/<key>`).
   * @default "/etc/alertmanager/secrets" (where the operator mounts `Alertmanager.spec.secrets`)
   */
  readonly secretsDir?: string;
  /**
   * Replaces every route's derived timings with these, for a test against a real Alertmanager. Never set it
   * in production: the derived timings are what the response times promise.
   * @default - derived from each SEV's response time
   */
  readonly testTimings?: TestTimingProps;
  /**
   * Metadata of the AlertmanagerConfig (labels its Alertmanager's `alertmanagerConfigSelector` matches).
   * @default - named after `name`
   */
  readonly metadata?: ManifestMetadataProps;
}

/** A label matcher. */
export interface RouteMatcher {
  /** Label name. */
  readonly name: string;
  /** Operator. */
  readonly op: '=' | '=~';
  /** Value or regular expression. */
  readonly value: string;
}

/** A checked route of the tree. */
export interface RouteDefinition {
  /** Receiver. */
  readonly receiver: string;
  /** Matchers (all must hold). */
  readonly matchers: readonly RouteMatcher[];
  /** Whether later siblings are tried after this one matched. */
  readonly continue: boolean;
  /**
   * Timings, when this route sets its own.
   * @default - its parent's
   */
  readonly timing?: RouteTiming;
  /** Child routes. */
  readonly routes: readonly RouteDefinition[];
}

/** A checked inhibit rule. */
export interface InhibitRuleDefinition {
  /** Why it exists. */
  readonly reason: string;
  /** Matchers of the alert that silences. */
  readonly source: readonly RouteMatcher[];
  /** Matchers of the alerts silenced. */
  readonly target: readonly RouteMatcher[];
  /** Labels both must share. */
  readonly equal: readonly string[];
}

const DEFAULT_GROUP_BY = ['alertname', 'namespace', 'service', 'slo'];
const PAGING = Severity.all().filter((s) => s.pages);
const TICKETS = Severity.all().filter((s) => !s.pages);

/**
 * The timings of a SEV's routes, from its response time `r`: `group_wait` r/10 (batching never eats more than
 * a tenth of it), `group_interval` r/2 (an alert joining a notified group is still announced with half of `r`
 * to go), `repeat_interval` 12r (an unresolved SEV1 is re-announced hourly, a SEV4 every two days).
 */
export function sevTiming(sev: Severity): RouteTiming {
  const r = sev.responseTime.toMilliseconds();
  return { groupWait: Duration.millis(r / 10), groupInterval: Duration.millis(r / 2), repeatInterval: Duration.millis(r * 12) };
}

/**
 * Checked incident routing: the route tree on `sev` and `service`, receivers with credentials by reference,
 * inhibitions; rendered as a plain `alertmanager.yml` ({@link alertmanagerYaml}) and as an
 * `AlertmanagerConfig` for the Prometheus Operator ({@link alertmanagerConfig}).
 *
 * The tree: the Watchdog first; then each of `routes` with its own receivers; then per SEV: SEV1 to the senior
 * rotation and the paging receiver at once, SEV2 to the paging receiver (and, where the receiver cannot
 * escalate itself, to the senior rotation once still firing after the escalation delay), SEV3 and SEV4 to the
 * ticket receiver. Alerts without a SEV land on the ticket receiver: never dropped, never waking anyone.
 */
export class IncidentRoutingDefinition {
  /** Checks the props. Throws a SpecError naming `path`, the field and the value at the first problem. */
  public static create(props: IncidentRoutingProps, path?: string): IncidentRoutingDefinition {
    return new IncidentRoutingDefinition(props, path ?? String(props?.name ?? 'IncidentRouting'));
  }

  /** Name. */
  public readonly name: string;
  /** Receivers, in the order given. */
  public readonly receivers: readonly ReceiverDefinition[];
  /** The route tree. */
  public readonly route: RouteDefinition;
  /** Inhibit rules. */
  public readonly inhibitRules: readonly InhibitRuleDefinition[];
  /** Labels grouped by. */
  public readonly groupBy: readonly string[];
  /** The operator's matcher strategy assumed. */
  public readonly operatorMatcherStrategy: OperatorMatcherStrategy;
  /** The alerts of the sources. */
  public readonly sourceAlerts: readonly EmittedAlert[];
  /** Metadata of the AlertmanagerConfig. */
  public readonly metadata: ManifestMetadata;
  /** Construct path. */
  public readonly path: string;
  /** The Watchdog alert the dead-man's-switch route takes, and its runbook, when there is one. */
  public readonly watchdog?: { readonly alertName: string; readonly runbookUrl?: string };

  private readonly secretsDir: string;

  private constructor(props: IncidentRoutingProps, path: string) {
    const at = new SpecPath(path);
    if (props === null || typeof props !== 'object') {
      at.fail(undefined, props, 'is not an IncidentRouting spec', 'Give { name, receivers, paging, tickets, senior, watchdog, ... }.');
    }
    this.path = path;
    this.name = requireDnsLabel(at, 'name', props.name);
    this.receivers = defineReceivers(at, props.receivers);
    const known = new Map(this.receivers.map((r) => [r.name, r]));
    const receiver = (where: SpecPath, field: string, name: unknown): ReceiverDefinition => {
      const found = typeof name === 'string' ? known.get(name) : undefined;
      if (!found) {
        return where.fail(field, name, 'is not a receiver of this routing', `Choose one of ${[...known.keys()].join(', ')}, or add it to receivers.`);
      }
      return found;
    };
    const defaults = {
      paging: receiver(at, 'paging', props.paging),
      tickets: receiver(at, 'tickets', props.tickets),
      senior: receiver(at, 'senior', props.senior),
    };
    this.groupBy = requireLabelNames(at, 'groupBy', props.groupBy ?? DEFAULT_GROUP_BY);
    this.operatorMatcherStrategy = props.operatorMatcherStrategy ?? 'OnNamespace';
    if (this.operatorMatcherStrategy !== 'OnNamespace' && this.operatorMatcherStrategy !== 'None') {
      at.fail('operatorMatcherStrategy', this.operatorMatcherStrategy, 'is not a matcher strategy', 'Use "OnNamespace" (the operator\'s default) or "None".');
    }
    this.secretsDir = props.secretsDir ?? OPERATOR_SECRETS_DIR;
    if (typeof this.secretsDir !== 'string' || !/^\/[^\s"'\\]*[^/\s"'\\]$/.test(this.secretsDir)) {
      at.fail('secretsDir', this.secretsDir, 'is not an absolute folder', 'Give the folder Secrets are mounted under, e.g. "/etc/alertmanager/secrets".');
    }
    const testTimings = props.testTimings === undefined ? undefined : defineTestTimings(at.at('testTimings'), props.testTimings);
    const timing = (sev: Severity): RouteTiming => testTimings ?? sevTiming(sev);

    const escalation = props.escalation === false ? undefined : defineEscalation(at.at('escalation'), props.escalation ?? {}, receiver, defaults.senior);
    const sevRoutes = (where: SpecPath, r: { paging: ReceiverDefinition; tickets: ReceiverDefinition; senior: ReceiverDefinition }): RouteDefinition[] => {
      if (r.senior.name === r.paging.name) {
        where.fail('senior', r.senior.name, 'is also the paging receiver, so a SEV1 would not reach anyone more', 'Give the senior rotation a receiver of its own.');
      }
      const sev = (s: Severity): RouteMatcher[] => [{ name: 'sev', op: '=', value: s.name }];
      const leaf = (s: Severity, to: ReceiverDefinition, cont = false): RouteDefinition => ({ receiver: to.name, matchers: sev(s), continue: cont, timing: timing(s), routes: [] });
      const escalationRoute: RouteDefinition[] =
        escalation && !r.paging.escalatesItself
          ? [
              {
                receiver: escalation.to?.name ?? r.senior.name,
                matchers: sev(Severity.SEV2),
                continue: true,
                timing: { ...timing(Severity.SEV2), groupWait: testTimings?.escalateAfter ?? escalation.after },
                routes: [],
              },
            ]
          : [];
      return [
        leaf(Severity.SEV1, r.senior, true),
        leaf(Severity.SEV1, r.paging),
        ...escalationRoute,
        leaf(Severity.SEV2, r.paging),
        leaf(Severity.SEV3, r.tickets),
        leaf(Severity.SEV4, r.tickets),
      ];
    };

    const watchdog = props.watchdog === false ? undefined : defineWatchdog(at.at('watchdog'), props.watchdog, receiver, testTimings);
    this.watchdog = watchdog && { alertName: watchdog.alertName, runbookUrl: watchdog.runbookUrl };
    const custom = defineRoutes(at, props.routes ?? [], watchdog?.alertName).map(({ where, route, matchers }) => {
      const receivers = {
        paging: route.paging === undefined ? defaults.paging : receiver(where, 'paging', route.paging),
        tickets: route.tickets === undefined ? defaults.tickets : receiver(where, 'tickets', route.tickets),
        senior: route.senior === undefined ? defaults.senior : receiver(where, 'senior', route.senior),
      };
      return { receiver: receivers.tickets.name, matchers, continue: false, routes: sevRoutes(where, receivers) } satisfies RouteDefinition;
    });
    this.route = {
      receiver: defaults.tickets.name,
      matchers: [],
      continue: false,
      timing: timing(Severity.SEV3),
      routes: [...(watchdog ? [watchdog.route] : []), ...custom, ...sevRoutes(at, defaults)],
    };

    this.sourceAlerts = (props.sources ?? []).flatMap((s) => emittedAlerts(s));
    this.inhibitRules = defineInhibitions(at.at('inhibitions'), props.inhibitions ?? {}, this.sourceAlerts);
    this.metadata = defineMetadata(at, props.metadata, this.name);
  }

  /**
   * A plain Alertmanager configuration (`alertmanager.yml`), for Alertmanager without the operator.
   * Credentials are files: Secrets as mounted under `secretsDir`.
   *
   * @see https://prometheus.io/docs/alerting/0.25/configuration/
   */
  public alertmanagerYaml(): Record<string, unknown> {
    return {
      route: withGroupBy(plainRoute(this.route), 'group_by', this.groupBy),
      inhibit_rules: this.inhibitRules.map((r) => ({
        source_matchers: r.source.map(matcherText),
        target_matchers: r.target.map(matcherText),
        equal: [...r.equal],
      })),
      receivers: this.receivers.map((r) => r.plain(this.secretsDir)),
    };
  }

  /**
   * The `AlertmanagerConfig` (monitoring.coreos.com/v1alpha1) for the Prometheus Operator. Credentials are
   * SecretKeySelectors (the Secrets must be in the AlertmanagerConfig's namespace); a file credential is an error.
   *
   * The operator nests this route under its own root with `continue: true` (alerts also reach the main
   * configuration's routes) and, under `OnNamespace`, adds the namespace matcher to the route and inhibit rules.
   *
   * @see https://prometheus-operator.dev/docs/api-reference/api/#monitoring.coreos.com/v1alpha1.AlertmanagerConfig
   */
  public alertmanagerConfig(): KubernetesManifest {
    return {
      apiVersion: 'monitoring.coreos.com/v1alpha1',
      kind: 'AlertmanagerConfig',
      metadata: this.metadata,
      spec: {
        route: withGroupBy(operatorRoute(this.route), 'groupBy', this.groupBy),
        inhibitRules: this.inhibitRules.map((r) => ({
          sourceMatch: r.source.map(operatorMatcher),
          targetMatch: r.target.map(operatorMatcher),
          equal: [...r.equal],
        })),
        receivers: this.receivers.map((r) => r.operator(this.path)),
      },
    };
  }

  /**
   * The Watchdog rule the dead-man's-switch route needs, as a PrometheusRule next to the AlertmanagerConfig: its
   * alert carries `namespace` (the config's), so it passes the operator's `OnNamespace` matcher, which keeps
   * kube-prometheus-stack's own Watchdog out. Undefined without a Watchdog route, or with the `None` strategy
   * (the stack's Watchdog then reaches the route), or when the namespace is not known (give `metadata.namespace`).
   */
  public watchdogPrometheusRule(namespace?: string): KubernetesManifest | undefined {
    const ns = namespace ?? this.metadata.namespace;
    if (this.watchdog === undefined || this.operatorMatcherStrategy === 'None' || ns === undefined) return undefined;
    return watchdogPrometheusRule({ ...this.metadata, namespace: ns }, this.name, this.watchdog, ns);
  }

  /**
   * The Watchdog rule as a plain rule file, for a Prometheus whose rules include no Watchdog (kube-prometheus
   * ships one; a hand-run Prometheus does not). Undefined without a Watchdog route.
   */
  public watchdogRuleFile(): RuleFile | undefined {
    return this.watchdog === undefined ? undefined : watchdogRuleFile(this.name, this.watchdog, undefined);
  }

  /**
   * Why alerts of the sources would not reach the AlertmanagerConfig in `namespace` under the operator's
   * `OnNamespace` matcher (empty when all of them would, or with the `None` strategy).
   */
  public namespaceMatcherProblems(namespace: string | undefined): string[] {
    if (this.operatorMatcherStrategy === 'None' || this.sourceAlerts.length === 0) return [];
    if (namespace === undefined) {
      return [`${this.path}: the AlertmanagerConfig has no namespace, and with operatorMatcherStrategy "OnNamespace" the operator matches only alerts labelled with the namespace it is applied to. Set metadata.namespace (or the chart's namespace).`];
    }
    const problems = new Set<string>();
    for (const alert of this.sourceAlerts) {
      const fromSeries = alert.seriesNamespaces;
      const label = alert.labels.namespace;
      const reaches = label === namespace || (fromSeries !== undefined && fromSeries !== 'any' && fromSeries.length === 1 && fromSeries[0] === namespace);
      if (reaches) continue;
      const any = alert.kind === 'rule' ? 'may carry any namespace label, or none, from the series it reads' : 'watches every namespace';
      const has = label !== undefined ? `carries namespace="${label}"` : fromSeries === 'any' ? any : fromSeries ? `watches namespaces ${fromSeries.join(', ')}` : 'carries no namespace label';
      problems.add(
        `${this.path}: alert ${alert.alertName} of ${alert.origin} ${has}, so the operator's OnNamespace matcher (namespace="${namespace}") keeps it from this AlertmanagerConfig. ` +
          `Add namespace: "${namespace}" to its labels (or limit a resource pack to namespaces: ["${namespace}"]), run Prometheus with enforcedNamespaceLabel, or set the Alertmanager's alertmanagerConfigMatcherStrategy to None and operatorMatcherStrategy: "None" here.`,
      );
    }
    return [...problems];
  }
}

function defineReceivers(at: SpecPath, receivers: unknown): ReceiverDefinition[] {
  if (!Array.isArray(receivers) || receivers.length === 0) {
    return at.fail('receivers', receivers, 'is empty', "Give at least the paging, ticket and senior receivers, e.g. [Receiver.pagerDuty('identity-pager', {...}), ...].");
  }
  const seen = new Set<string>();
  return receivers.map((spec: ReceiverSpec, i) => {
    const name = typeof spec?.name === 'string' ? spec.name : String(i);
    const definition = ReceiverDefinition.create(spec, at.path, at.at('receivers', name).field());
    if (seen.has(definition.name)) {
      at.fail(`receivers[${i}].name`, definition.name, 'is the name of another receiver', 'Give every receiver its own name: routes name receivers, so two with one name would be ambiguous.');
    }
    seen.add(definition.name);
    return definition;
  });
}

function requireLabelNames(at: SpecPath, field: string, names: unknown): string[] {
  if (!Array.isArray(names) || names.length === 0) {
    return at.fail(field, names, 'is empty', 'Give the labels that make one notification, e.g. ["alertname", "service"].');
  }
  names.forEach((n, i) => {
    if (!isPrometheusLabelName(n)) at.fail(`${field}[${i}]`, n, 'is not a label name', 'Label names match [a-zA-Z_][a-zA-Z0-9_]*.');
  });
  return [...new Set(names as string[])];
}

function defineTestTimings(at: SpecPath, t: TestTimingProps): RouteTiming & { readonly escalateAfter?: Duration } {
  if (t === null || typeof t !== 'object') return at.fail(undefined, t, 'is not a timing', 'Give { groupWait, groupInterval, repeatInterval }.');
  const groupWait = requirePositiveDuration(at, 'groupWait', t.groupWait);
  const groupInterval = requirePositiveDuration(at, 'groupInterval', t.groupInterval);
  const repeatInterval = requirePositiveDuration(at, 'repeatInterval', t.repeatInterval);
  const escalateAfter = t.escalateAfter === undefined ? undefined : requirePositiveDuration(at, 'escalateAfter', t.escalateAfter);
  return { groupWait, groupInterval, repeatInterval, escalateAfter };
}

function defineEscalation(
  at: SpecPath,
  e: EscalationProps,
  receiver: (where: SpecPath, field: string, name: unknown) => ReceiverDefinition,
  senior: ReceiverDefinition,
): { readonly after: Duration; readonly to?: ReceiverDefinition } {
  if (e === null || typeof e !== 'object') return at.fail(undefined, e, 'is not an escalation', 'Give { after, to }, or false.');
  const after = e.after === undefined ? Duration.minutes(30) : requirePositiveDuration(at, 'after', e.after);
  requireNotBeforeResponse(at, 'after', after, Severity.SEV2);
  const to = e.to === undefined ? undefined : receiver(at, 'to', e.to);
  return { after, to: to && to.name !== senior.name ? to : undefined };
}

/** An escalation shorter than the response time calls the next level before the first is even due. */
export function requireNotBeforeResponse(at: SpecPath, field: string, after: Duration, sev: Severity): void {
  if (compareDurations(after, sev.responseTime) < 0) {
    at.fail(
      field,
      after.toPrometheus(),
      `is shorter than the ${sev.name} response time (${sev.responseTime.toHumanString()}), so the next level would be called before the first is due`,
      `Escalate no sooner than the response time: after ${sev.responseTime.toHumanString()} or more.`,
    );
  }
}

function defineWatchdog(
  at: SpecPath,
  w: WatchdogRouteProps,
  receiver: (where: SpecPath, field: string, name: unknown) => ReceiverDefinition,
  testTimings: RouteTiming | undefined,
): { readonly alertName: string; readonly runbookUrl?: string; readonly route: RouteDefinition } {
  if (w === null || typeof w !== 'object') {
    return at.fail(undefined, w, 'is not a Watchdog route', "Give { receiver: 'deadmans-switch' }, or false with no dead-man's switch.");
  }
  const to = receiver(at, 'receiver', w.receiver);
  const alertName = requireAlertName(at, 'alertName', w.alertName ?? 'Watchdog');
  const runbookUrl = optionalUrl(at, 'runbookUrl', w.runbookUrl);
  const interval = w.interval === undefined ? Duration.minutes(1) : requirePositiveDuration(at, 'interval', w.interval);
  const timing = testTimings ?? { groupWait: Duration.seconds(0), groupInterval: interval, repeatInterval: interval };
  return { alertName, runbookUrl, route: { receiver: to.name, matchers: [{ name: 'alertname', op: '=', value: alertName }], continue: false, timing, routes: [] } };
}

function defineRoutes(
  at: SpecPath,
  routes: readonly ServiceRouteProps[],
  watchdogAlert: string | undefined,
): Array<{ where: SpecPath; route: ServiceRouteProps; matchers: RouteMatcher[] }> {
  if (!Array.isArray(routes)) return at.fail('routes', routes, 'is not a list', 'Give a list of { matchers, paging?, tickets?, senior? }.');
  const out: Array<{ where: SpecPath; route: ServiceRouteProps; matchers: RouteMatcher[] }> = [];
  routes.forEach((route, i) => {
    const where = at.at('routes', String(i));
    if (route === null || typeof route !== 'object' || route.matchers === null || typeof route.matchers !== 'object') {
      where.fail('matchers', route?.matchers, 'is not a map of labels', "Give the labels to match, e.g. { service: 'payments' }.");
    }
    const entries = Object.entries(route.matchers as Record<string, string>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    if (entries.length === 0) {
      where.fail('matchers', route.matchers, 'matches every alert, so the default routes after it could never match', "Give at least one label, e.g. { service: 'payments' }.");
    }
    for (const [name, value] of entries) {
      if (!isPrometheusLabelName(name)) where.fail(`matchers.${name}`, name, 'is not a label name', 'Label names match [a-zA-Z_][a-zA-Z0-9_]*.');
      if (name === 'sev') {
        where.fail('matchers.sev', value, 'is what the tree routes on below every route, so a route on it would split the SEV classes', 'Match on the service or team, and name this route\'s paging and ticket receivers instead.');
      }
      if (typeof value !== 'string' || value === '' || /[\u0000-\u001f]/.test(value)) {
        where.fail(`matchers.${name}`, value, 'is not a label value', 'Give a non-empty value without control characters.');
      }
      if (name === 'service' && !isDnsLabel(value)) {
        where.fail('matchers.service', value, 'is not a service name', 'Service labels are the DNS labels SloService and ServiceMonitoring use, e.g. "payments".');
      }
    }
    if (watchdogAlert !== undefined && route.matchers.alertname === watchdogAlert) {
      where.fail('matchers.alertname', watchdogAlert, 'is the Watchdog, whose route comes first, so this route can never match', 'Route the Watchdog with the watchdog prop.');
    }
    const matchers = entries.map(([name, value]) => ({ name, op: '=' as const, value }));
    const shadowedBy = out.findIndex((earlier) => earlier.matchers.every((m) => route.matchers[m.name] === m.value));
    if (shadowedBy >= 0) {
      where.fail(
        'matchers',
        route.matchers,
        `can never match: routes[${shadowedBy}] (${out[shadowedBy].matchers.map(matcherText).join(', ')}) comes first and takes every alert this one would`,
        'Put the more specific route first, or merge the two.',
      );
    }
    out.push({ where, route, matchers });
  });
  return out;
}

function defineInhibitions(at: SpecPath, props: InhibitionProps, sources: readonly EmittedAlert[]): InhibitRuleDefinition[] {
  if (props === null || typeof props !== 'object') return at.fail(undefined, props, 'is not a map of inhibitions', 'Give { pageSilencesTicketsOfSameSlo?, severeSilencesLesserOfService?, absentDataSilencesBurnRate? }.');
  for (const [key, value] of Object.entries(props)) {
    if (!['pageSilencesTicketsOfSameSlo', 'severeSilencesLesserOfService', 'absentDataSilencesBurnRate'].includes(key)) {
      at.fail(key, value, 'is not an inhibition', 'Use pageSilencesTicketsOfSameSlo, severeSilencesLesserOfService or absentDataSilencesBurnRate.');
    }
    if (typeof value !== 'boolean') at.fail(key, value, 'is not a boolean', 'Give true or false.');
  }
  const sevs = (list: readonly Severity[]): RouteMatcher => ({ name: 'sev', op: '=~', value: list.map((s) => s.name).join('|') });
  const present = (name: string): RouteMatcher => ({ name, op: '=~', value: '.+' });
  const rules: InhibitRuleDefinition[] = [];
  if (props.pageSilencesTicketsOfSameSlo ?? true) {
    rules.push({
      reason: 'A page about an SLO says everything its tickets would.',
      source: [sevs(PAGING), present('slo')],
      target: [sevs(TICKETS), present('slo')],
      equal: ['service', 'slo'],
    });
  }
  if (props.severeSilencesLesserOfService ?? true) {
    rules.push({
      reason: 'While a service has a SEV1 or SEV2, its SEV3 and SEV4 alerts are symptoms of it.',
      source: [sevs(PAGING), present('service')],
      target: [sevs(TICKETS), present('service')],
      equal: ['service'],
    });
  }
  if (props.absentDataSilencesBurnRate ?? true) {
    const known = sources.length > 0;
    const burnNames = known ? unique(sources.filter((a) => a.kind === 'burn-rate').map((a) => a.alertName)) : ['SloErrorBudgetBurn'];
    const absent = known
      ? sources.filter((a) => a.kind === 'absent-data').map((a) => ({ name: a.alertName, sev: a.sev }))
      : [{ name: 'SloDataMissing', sev: Severity.SEV3 }];
    const bySev = new Map<SeverityName, { sev: Severity; names: string[] }>();
    for (const a of absent) {
      const entry = bySev.get(a.sev.name) ?? { sev: a.sev, names: [] };
      entry.names.push(a.name);
      bySev.set(a.sev.name, entry);
    }
    for (const { sev, names } of [...bySev.values()].sort((a, b) => a.sev.level - b.sev.level)) {
      if (burnNames.length === 0) break;
      rules.push({
        reason: `With no data, a burn rate over stale windows is not news; a page is never silenced by a ${sev.name} about missing data.`,
        source: [{ name: 'alertname', op: '=~', value: unique(names).join('|') }, present('slo')],
        target: [{ name: 'alertname', op: '=~', value: burnNames.join('|') }, sevs(Severity.all().filter((s) => !s.isMoreSevereThan(sev))), present('slo')],
        equal: ['service', 'slo'],
      });
    }
  }
  return rules;
}

/** The root route with its grouping right after the receiver, where a reader looks for it. */
function withGroupBy(route: Record<string, unknown>, key: string, groupBy: readonly string[]): Record<string, unknown> {
  const { receiver, ...rest } = route;
  return { receiver, [key]: [...groupBy], ...rest };
}

function unique(list: readonly string[]): string[] {
  return [...new Set(list)].sort();
}

/** `name="value"`, as Alertmanager's matcher syntax writes it. */
export function matcherText(m: RouteMatcher): string {
  return `${m.name}${m.op}${JSON.stringify(m.value)}`;
}

function operatorMatcher(m: RouteMatcher): Record<string, string> {
  return { name: m.name, value: m.value, matchType: m.op };
}

function plainRoute(r: RouteDefinition): Record<string, unknown> {
  return {
    receiver: r.receiver,
    ...(r.matchers.length ? { matchers: r.matchers.map(matcherText) } : {}),
    ...(r.continue ? { continue: true } : {}),
    ...(r.timing
      ? { group_wait: r.timing.groupWait.toPrometheus(), group_interval: r.timing.groupInterval.toPrometheus(), repeat_interval: r.timing.repeatInterval.toPrometheus() }
      : {}),
    ...(r.routes.length ? { routes: r.routes.map(plainRoute) } : {}),
  };
}

function operatorRoute(r: RouteDefinition): Record<string, unknown> {
  return {
    receiver: r.receiver,
    ...(r.matchers.length ? { matchers: r.matchers.map(operatorMatcher) } : {}),
    ...(r.continue ? { continue: true } : {}),
    ...(r.timing
      ? { groupWait: r.timing.groupWait.toPrometheus(), groupInterval: r.timing.groupInterval.toPrometheus(), repeatInterval: r.timing.repeatInterval.toPrometheus() }
      : {}),
    ...(r.routes.length ? { routes: r.routes.map(operatorRoute) } : {}),
  };
}

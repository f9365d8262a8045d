import { Duration } from '../common/duration';
import type { SpecPath } from '../common/errors';
import { isDnsLabel, isPrometheusLabelName } from '../common/names';
import { parseMemoryQuantity, requireMemoryQuantity } from '../common/quantity';
import { Severity } from '../alerting/severity';
import { optionalUrl } from '../alerting/burn-rate-alerts';
import { tidy } from '../slo/objective';
import { AutomationAlertDefinition, AutomationAlertProps, defineAutomationAlert } from './automation-alert';

/** Memory right-sizing by a VerticalPodAutoscaler that only recommends (`updateMode: "Off"`). */
export interface MemoryRecommendationProps {
  /**
   * The smallest memory request the VPA may recommend.
   * @default - no minimum
   */
  readonly minAllowed?: string;
  /**
   * The largest memory request the VPA may recommend.
   * @default - no maximum
   */
  readonly maxAllowed?: string;
}

/** The seed's remediation for OOM kills of a workload with no known leak: raise its memory, within a ceiling. */
export interface RaiseOnOomProps {
  /**
   * How much the memory recommendation grows after an OOM kill: the VPA recommender bumps the memory the
   * container used when it was killed by this ratio (`oomBumpUpRatio`). Above 1.
   */
  readonly factor: number;
  /** The most memory the VPA may ever give a container (`maxAllowed.memory`): automation stops here. */
  readonly ceiling: string;
  /**
   * Fewest replicas that must stay up for the VPA updater to evict a pod to apply the raise (`updatePolicy.minReplicas`).
   * @default - the updater's --min-replicas flag (2)
   */
  readonly minReplicas?: number;
  /**
   * The alert that fires when raises keep happening: the container was OOM-killed again and again despite them
   * (the ceiling is too low, or it is a leak after all); `false` turns it off.
   * @default - RepeatedOomKills, SEV3, 3 kills within 6 hours
   */
  readonly repeatedKillsAlert?: RepeatedOomKillsAlertProps | false;
  /**
   * Runbook of this remediation: on the VPA (annotation `sre-constructs.dev/runbook-url`) and the alert.
   * @default - the Autoscaling's runbookUrl
   */
  readonly runbookUrl?: string;
}

/** The repeated-OOM alert. */
export interface RepeatedOomKillsAlertProps extends AutomationAlertProps {
  /**
   * OOM kills of the workload's containers within `window` that make raises "repeated".
   * @default 3
   */
  readonly kills?: number;
  /**
   * How far back kills count.
   * @default Duration.hours(6)
   */
  readonly window?: Duration;
}

/** The seed's remediation for a workload marked as a known leak: no raise; the kubelet restarts it and a ticket is opened. */
export interface RestartAndTicketProps {
  /**
   * Labels that route the alert to the ticket queue instead of a page (e.g. `{ ticket_priority: "P2", ticket_assignee: "service-owner" }`, the seed's ticket).
   * @default { ticket_priority: "P2" }
   */
  readonly ticketLabels?: Readonly<Record<string, string>>;
  /**
   * The alert that opens the ticket, once per kill.
   * @default - KnownMemoryLeakOomKilled, SEV4, for 1 minute
   */
  readonly alert?: AutomationAlertProps;
  /**
   * Runbook of this remediation.
   * @default - the Autoscaling's runbookUrl
   */
  readonly runbookUrl?: string;
}

/** What to do about a workload's memory: recommend sizes, raise on OOM kills within a ceiling, or restart and ticket a known leak. */
export class MemoryPolicy {
  /** A VerticalPodAutoscaler that recommends memory requests and changes nothing (`updateMode: "Off"`). */
  public static recommend(props: MemoryRecommendationProps = {}): MemoryPolicy {
    return new MemoryPolicy('recommend', props);
  }

  /**
   * After an OOM kill, raise the memory (request and limit together) by `factor`, never above `ceiling`, through a
   * VerticalPodAutoscaler that evicts pods only to raise memory. An alert fires when kills keep coming anyway.
   *
   * Needs VPA 1.5 or later with the `PerVPAConfig` feature gate on the recommender and admission controller
   * (`oomBumpUpRatio` is per VPA); without it the admission controller rejects the object, so the policy is
   * never silently ignored.
   *
   * @see https://github.com/kubernetes/autoscaler/tree/master/vertical-pod-autoscaler/enhancements/8026-per-vpa-component-configuration
   */
  public static raiseOnOom(props: RaiseOnOomProps): MemoryPolicy {
    return new MemoryPolicy('raiseOnOom', props);
  }

  /**
   * A known leak: memory is not raised. The kubelet restarts the OOM-killed container (restartPolicy Always) and an
   * alert labelled for the ticket queue opens a ticket for the owner, once per kill.
   */
  public static restartAndTicket(props: RestartAndTicketProps = {}): MemoryPolicy {
    return new MemoryPolicy('restartAndTicket', props);
  }

  private constructor(
    /** Which remediation. */
    public readonly kind: 'recommend' | 'raiseOnOom' | 'restartAndTicket',
    /** Its props, as given. */
    public readonly props: MemoryRecommendationProps | RaiseOnOomProps | RestartAndTicketProps,
  ) {}
}

/** A checked memory policy. */
export type MemoryPolicyDefinition =
  | { readonly kind: 'recommend'; readonly minAllowed?: string; readonly maxAllowed?: string }
  | {
      readonly kind: 'raiseOnOom';
      readonly factor: number;
      readonly ceiling: string;
      readonly minReplicas?: number;
      readonly repeatedKills?: AutomationAlertDefinition & { readonly kills: number; readonly window: Duration };
      readonly runbookUrl?: string;
    }
  | { readonly kind: 'restartAndTicket'; readonly ticketLabels: Readonly<Record<string, string>>; readonly alert: AutomationAlertDefinition; readonly runbookUrl?: string };

/** Checks a memory policy. */
export function defineMemoryPolicy(at: SpecPath, policy: unknown, runbookUrl: string | undefined): MemoryPolicyDefinition {
  if (!(policy instanceof MemoryPolicy)) {
    return at.fail(undefined, policy, 'is not a memory policy', 'Use MemoryPolicy.recommend(), MemoryPolicy.raiseOnOom({ factor, ceiling }) or MemoryPolicy.restartAndTicket().');
  }
  if (policy.kind === 'recommend') {
    const p = policy.props as MemoryRecommendationProps;
    const minAllowed = p.minAllowed === undefined ? undefined : requireMemoryQuantity(at, 'minAllowed', p.minAllowed);
    const maxAllowed = p.maxAllowed === undefined ? undefined : requireMemoryQuantity(at, 'maxAllowed', p.maxAllowed);
    if (minAllowed && maxAllowed && parseMemoryQuantity(minAllowed)! > parseMemoryQuantity(maxAllowed)!) {
      at.fail('minAllowed', minAllowed, `is above maxAllowed (${maxAllowed})`, 'Give a minimum at or below the maximum.');
    }
    return { kind: 'recommend', minAllowed, maxAllowed };
  }
  if (policy.kind === 'raiseOnOom') {
    const p = policy.props as RaiseOnOomProps;
    if (typeof p.factor !== 'number' || !Number.isFinite(p.factor) || p.factor <= 1) {
      at.fail('factor', p.factor, 'is not a raise: it must be above 1', 'Give the ratio memory grows by after an OOM kill, e.g. 1.5 (the seed\'s factor).');
    }
    if (p.ceiling === undefined) {
      at.fail('ceiling', p.ceiling, 'is missing, so raises would have no upper bound', 'Give the most memory automation may give a container, e.g. "2Gi".');
    }
    const ceiling = requireMemoryQuantity(at, 'ceiling', p.ceiling);
    if (p.minReplicas !== undefined && (!Number.isInteger(p.minReplicas) || p.minReplicas < 1)) {
      at.fail('minReplicas', p.minReplicas, 'is not a whole number of at least 1', 'Give how many replicas must stay up while the updater evicts one, e.g. 2.');
    }
    const aat = at.at('repeatedKillsAlert');
    const alert = defineAutomationAlert(aat, p.repeatedKillsAlert, { alertName: 'RepeatedOomKills', sev: Severity.SEV3, for: Duration.minutes(1) });
    let repeatedKills: (AutomationAlertDefinition & { kills: number; window: Duration }) | undefined;
    if (alert) {
      const a = p.repeatedKillsAlert || {};
      const kills = a.kills ?? 3;
      if (!Number.isInteger(kills) || kills < 2) aat.fail('kills', kills, 'is not a whole number of at least 2', 'Give how many kills within the window mean the raises are not helping, e.g. 3.');
      const window = a.window ?? Duration.hours(6);
      if (!(window instanceof Duration) || !window.isPositiveWholeMillis() || window.toMilliseconds() < Duration.minutes(30).toMilliseconds()) {
        aat.fail('window', window, 'is shorter than 30 minutes', 'Count kills over hours, e.g. Duration.hours(6): each raise evicts and restarts pods.');
      }
      repeatedKills = { ...alert, kills, window };
    }
    return { kind: 'raiseOnOom', factor: tidy(p.factor), ceiling, minReplicas: p.minReplicas, repeatedKills, runbookUrl: optionalUrl(at, 'runbookUrl', p.runbookUrl ?? runbookUrl) };
  }
  const p = policy.props as RestartAndTicketProps;
  const ticketLabels = p.ticketLabels ?? { ticket_priority: 'P2' };
  for (const [name, value] of Object.entries(ticketLabels)) {
    if (!isPrometheusLabelName(name) || ['alertname', 'severity', 'sev', 'namespace', 'pod', 'container', 'remediation'].includes(name)) {
      at.fail(`ticketLabels.${name}`, name, 'is not a label name the ticket routing may use', 'Use a Prometheus label name of your own, e.g. ticket_priority; alertname, severity, sev, namespace, pod, container and remediation are set here.');
    }
    if (typeof value !== 'string' || value === '') at.fail(`ticketLabels.${name}`, value, 'is empty', 'Give a label value, e.g. "P2".');
  }
  const alert = defineAutomationAlert(at.at('alert'), p.alert ?? {}, { alertName: 'KnownMemoryLeakOomKilled', sev: Severity.SEV4, for: Duration.minutes(1) })!;
  return { kind: 'restartAndTicket', ticketLabels, alert, runbookUrl: optionalUrl(at, 'runbookUrl', p.runbookUrl ?? runbookUrl) };
}

/** The annotation that links a generated object to the runbook of its remediation. */
export const RUNBOOK_ANNOTATION = 'sre-constructs.dev/runbook-url';

/** Checks a container name for a VPA container policy: a DNS label, or "*" for every container. */
export function requireContainerName(at: SpecPath, field: string, value: unknown): string {
  if (value === '*' || (typeof value === 'string' && isDnsLabel(value))) {
    return value as string;
  }
  return at.fail(field, value, 'is not a container name', 'Give the container\'s name (lowercase letters, digits and "-"), or "*" for every container of the pod.');
}

import { Duration, compareDurations, requirePositiveDuration } from '../common/duration';
import type { SpecPath } from '../common/errors';
import { requireDnsLabel } from '../common/names';
import { requirePromQL } from '../common/promql';
import { Severity, requireSeverity } from '../alerting/severity';
import type { RpoOverrideProps } from './data-store';
import { requireReason } from './data-store';
import { FailoverDnsDefinition, FailoverDnsProps, defineFailoverDns } from './failover-dns';

/**
 * Who acts when a failover is due.
 *
 * - `automatic`: the system fails over on its own once the trigger has held for its delay (CloudNativePG's
 *   failover, Route53 health-check failover). The alert tells people it happened.
 * - `semi-automatic`: the alert pages the on-call, who starts the procedure with the one command the runbook
 *   gives; the tooling does the rest.
 * - `manual-approval`: the alert pages the on-call; the named approver decides; only then does the operator act.
 *   For a region failover with DNS, Route53 cannot fail over until a person flips the approval health check.
 */
export type FailoverAutomation = 'automatic' | 'semi-automatic' | 'manual-approval';

/**
 * What a failover moves.
 *
 * - `region`: the service moves to the plan's secondary region. It restores every store it needs from the copies
 *   there, and may carry failover DNS.
 * - `local`: it stays in the region (promote a replica, reschedule, restore in place).
 */
export type FailoverKind = 'region' | 'local';

/** When a procedure is due. */
export interface FailoverTriggerProps {
  /** The condition in words: "the primary region is unavailable". */
  readonly description: string;
  /** How long the condition must hold before the procedure starts (the seed's `> 15m`). */
  readonly after: Duration;
  /**
   * PromQL that returns series while the condition holds; the plan alerts on it after `after`, so the on-call
   * is paged (or told) with a link to the procedure.
   * @default - no alert; the runbook states the trigger in words
   */
  readonly expr?: string;
}

/** A failover procedure: its trigger, who acts, how long it takes, and its steps. */
export interface FailoverProcedureProps<S = string> {
  /** Name (DNS label), unique in the plan: `database-failover`, `region-failover`. */
  readonly name: string;
  /** What it moves. */
  readonly kind: FailoverKind;
  /**
   * What the procedure does, in words.
   * @default - none
   */
  readonly description?: string;
  /** When it is due. */
  readonly trigger: FailoverTriggerProps;
  /** Who acts. */
  readonly automation: FailoverAutomation;
  /** How long the procedure takes once started, until the service is back. */
  readonly estimatedTime: Duration;
  /** The steps, in order (the runbook numbers them; commands may be given as text). */
  readonly steps: readonly string[];
  /**
   * How to verify it worked, in order.
   * @default - none
   */
  readonly verification?: readonly string[];
  /**
   * Who decides, for manual approval: a role such as "the incident commander".
   * @default - none; required for manual approval
   */
  readonly approver?: string;
  /**
   * For a region failover: the stores it restores in the secondary region, each of which needs a copy there.
   * @default - every store of the plan
   */
  readonly stores?: readonly string[];
  /**
   * For a region failover: the data loss accepted when it runs, looser than the plan's RPO (copies to the
   * secondary region arrive less often than backups in the primary), with the reason.
   * @default - each store's RPO
   */
  readonly rpo?: RpoOverrideProps;
  /**
   * For a region failover: the PRIMARY/SECONDARY record pair that moves traffic.
   * @default - none
   */
  readonly dns?: FailoverDnsProps<S>;
  /**
   * Severity of the trigger alert; for procedures that need a person, its response time counts against the RTO.
   * @default Severity.SEV3 when automatic (the alert tells, nobody must act), else Severity.SEV1 for a region failover and Severity.SEV2 otherwise
   */
  readonly severity?: Severity;
}

/** A checked procedure. */
export interface FailoverProcedureDefinition {
  /** Name. */
  readonly name: string;
  /** Kind. */
  readonly kind: FailoverKind;
  /** Description. */
  readonly description?: string;
  /** Trigger. */
  readonly trigger: { readonly description: string; readonly after: Duration; readonly expr?: string };
  /** Automation. */
  readonly automation: FailoverAutomation;
  /** Estimated time. */
  readonly estimatedTime: Duration;
  /** Steps. */
  readonly steps: readonly string[];
  /** Verification. */
  readonly verification: readonly string[];
  /** Approver, for manual approval. */
  readonly approver?: string;
  /** Stores restored (region failover). */
  readonly stores: readonly string[];
  /** Accepted data loss for a region failover, with the reason, when stated. */
  readonly rpo?: { readonly objective: Duration; readonly reason: string };
  /** Failover DNS. */
  readonly dns?: FailoverDnsDefinition;
  /** Severity of the trigger alert. */
  readonly severity: Severity;
  /** Time from the start of the outage to recovery: trigger delay, response time when a person acts, estimated time. */
  readonly timeline: ReadonlyArray<{ readonly part: string; readonly duration: Duration }>;
  /** Sum of the timeline. */
  readonly recoveryTime: Duration;
}

const AUTOMATIONS: readonly FailoverAutomation[] = ['automatic', 'semi-automatic', 'manual-approval'];

/** What a procedure is checked against. */
export interface ProcedureContext {
  /** Plan name, for messages. */
  readonly plan: string;
  /** The plan's RTO. */
  readonly rto: Duration;
  /** Store names. */
  readonly stores: readonly string[];
  /** Regions, when the plan has them. */
  readonly regions?: { readonly primary: string; readonly secondary: string };
}

/** Checks a procedure, its timeline against the RTO, and its DNS. */
export function defineFailoverProcedure(at: SpecPath, props: FailoverProcedureProps, plan: ProcedureContext): FailoverProcedureDefinition {
  if (props === null || typeof props !== 'object') return at.fail(undefined, props, 'is not a failover procedure', 'Give { name, kind, trigger, automation, estimatedTime, steps }.');
  const name = requireDnsLabel(at, 'name', props.name);
  if (props.kind !== 'region' && props.kind !== 'local') at.fail('kind', props.kind, 'is not a failover kind', 'Give "region" (to the secondary region) or "local" (within the region).');
  if (!AUTOMATIONS.includes(props.automation)) {
    at.fail('automation', props.automation, 'is not a level of automation', `Give one of ${AUTOMATIONS.map((a) => JSON.stringify(a)).join(', ')}.`);
  }
  const tat = at.at('trigger');
  const t = props.trigger;
  if (t === null || typeof t !== 'object') at.fail('trigger', t, 'is not a trigger', 'Give { description, after }.');
  requireText(tat, 'description', t.description, 'Say what condition starts the procedure, e.g. "the primary region is unavailable".');
  const after = requirePositiveDuration(tat, 'after', t.after);
  const expr = t.expr === undefined ? undefined : requirePromQL(tat, 'expr', t.expr);
  const estimatedTime = requirePositiveDuration(at, 'estimatedTime', props.estimatedTime);
  if (!Array.isArray(props.steps) || props.steps.length === 0) at.fail('steps', props.steps, 'is empty', 'List the steps of the procedure, in order.');
  props.steps.forEach((s, i) => requireText(at, `steps[${i}]`, s, 'Write each step as text.'));
  (props.verification ?? []).forEach((s, i) => requireText(at, `verification[${i}]`, s, 'Write each check as text.'));
  if (props.description !== undefined) requireText(at, 'description', props.description, 'Describe the procedure in words.');
  let approver: string | undefined;
  if (props.automation === 'manual-approval') {
    approver = requireText(at, 'approver', props.approver, 'Name who decides, e.g. "the incident commander".');
  } else if (props.approver !== undefined) {
    at.fail('approver', props.approver, `is given for a ${props.automation} procedure`, 'An approver applies to manual-approval procedures only.');
  }
  const severity =
    props.severity !== undefined ? requireSeverity(at, 'severity', props.severity) : props.automation === 'automatic' ? Severity.SEV3 : props.kind === 'region' ? Severity.SEV1 : Severity.SEV2;

  // The RTO is spent from the start of the outage: waiting for the trigger, a person answering the page, the work.
  if (compareDurations(plan.rto, after) <= 0) {
    at.fail(
      'trigger.after',
      after.toPrometheus(),
      `is not shorter than the RTO of plan ${plan.plan} (${plan.rto.toPrometheus()}): the RTO is spent before the procedure even starts`,
      'Trigger the procedure well within the RTO, or state a longer RTO.',
    );
  }
  const timeline = [
    { part: `trigger holds for ${after.toHumanString()}`, duration: after },
    ...(props.automation === 'automatic' ? [] : [{ part: `${severity.name} response time`, duration: severity.responseTime }]),
    { part: 'the procedure', duration: estimatedTime },
  ];
  const recoveryTime = Duration.millis(timeline.reduce((sum, p) => sum + p.duration.toMilliseconds(), 0));
  if (compareDurations(recoveryTime, plan.rto) > 0) {
    const parts = timeline.map((p) => `${p.duration.toPrometheus()} (${p.part})`).join(' + ');
    at.fail(
      'estimatedTime',
      estimatedTime.toPrometheus(),
      `makes the recovery take ${recoveryTime.toPrometheus()} (${parts}), longer than the RTO of plan ${plan.plan} (${plan.rto.toPrometheus()})`,
      'Shorten the procedure or its trigger delay, automate it, or state a longer RTO.',
    );
  }

  let stores: string[] = [];
  let rpo: FailoverProcedureDefinition['rpo'];
  let dns: FailoverDnsDefinition | undefined;
  if (props.kind === 'region') {
    if (!plan.regions) at.fail('kind', 'region', 'needs the plan\'s regions', 'Give the plan regions: { primary, secondary }.');
    stores = props.stores === undefined ? [...plan.stores] : [...props.stores];
    stores.forEach((s, i) => {
      if (!plan.stores.includes(s)) at.fail(`stores[${i}]`, s, 'is not a store of the plan', `Name one of ${plan.stores.join(', ')}.`);
    });
    if (props.rpo !== undefined) {
      rpo = { objective: requirePositiveDuration(at.at('rpo'), 'objective', props.rpo?.objective), reason: requireReason(at.at('rpo'), props.rpo.reason) };
    }
    if (props.dns !== undefined) {
      const failureThreshold = props.automation === 'automatic' ? automaticFailureThreshold(at, after, props.dns.healthCheck?.requestInterval ?? 30) : undefined;
      dns = defineFailoverDns(at.at('dns'), props.dns, plan.regions!, failureThreshold);
    }
  } else {
    for (const field of ['stores', 'rpo', 'dns'] as const) {
      if (props[field] !== undefined) at.fail(field, props[field], 'is given for a local procedure', `${field} applies to region failovers only.`);
    }
  }
  return {
    name,
    kind: props.kind,
    description: props.description,
    trigger: { description: t.description, after, expr },
    automation: props.automation,
    estimatedTime,
    steps: [...props.steps],
    verification: [...(props.verification ?? [])],
    approver,
    stores,
    rpo,
    dns,
    severity,
    timeline,
    recoveryTime,
  };
}

/** Route53 fails over on its own after failureThreshold × requestInterval: the trigger delay must be one of those. */
function automaticFailureThreshold(at: SpecPath, after: Duration, requestInterval: number): number {
  const threshold = after.toSeconds() / requestInterval;
  if (!Number.isInteger(threshold) || threshold < 1 || threshold > 10) {
    return at.fail(
      'trigger.after',
      after.toPrometheus(),
      `cannot be Route53's own failover delay (1 to 10 failed checks every ${requestInterval} seconds: ${requestInterval}s to ${requestInterval * 10}s)`,
      'Give an automatic region failover a delay Route53 can measure, or make it semi-automatic or manual-approval so the alert pages a person after the delay.',
    );
  }
  return threshold;
}

function requireText(at: SpecPath, field: string, value: unknown, expected: string): string {
  if (typeof value !== 'string' || value.trim() === '') return at.fail(field, value, 'is empty', expected);
  return value;
}

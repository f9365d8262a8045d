import { optionalUrl } from '../alerting/burn-rate-alerts';
import { Severity, requireSeverity } from '../alerting/severity';
import type { CronSchedule } from '../common/cron';
import { Duration, compareDurations, requirePositiveDuration } from '../common/duration';
import type { SpecPath } from '../common/errors';
import { requireDnsLabel, requirePrometheusLabels } from '../common/names';
import { renderSelector, requireSelector } from '../common/promql';
import type { SloServiceDefinition } from '../slo/slo-service';
import { VERIFICATION_GRACE } from './chaos-alerts';
import { ChaosConditionDefinition, ChaosConditionSpec, defineChaosConditions } from './conditions';

/** A circuit breaker the verification expects to open. */
export interface CircuitBreakerProps {
  /** A gauge that is 1 while the breaker is open, as a selector: `resilience4j_circuitbreaker_state{name="bank-gateway", state="open"}`. Several series (one per pod) are fine: any of them opening counts. */
  readonly openGauge: string;
  /**
   * Name of the check (DNS label).
   * @default "circuit-breaker-opened"
   */
  readonly name?: string;
}

/** What the service is expected to do while the fault is in, its graceful degradation, checked after each run. */
export interface ChaosVerificationProps {
  /**
   * Conditions that must hold throughout the run: their worst value over the run is compared with the bound.
   * @default - none
   */
  readonly conditions?: readonly ChaosConditionSpec[];
  /**
   * A circuit breaker that must open at least once during the run.
   * @default - none
   */
  readonly circuitBreaker?: CircuitBreakerProps;
  /**
   * How far back from the end of the run the verification looks. It may not be shorter than the
   * experiment's duration, or part of the experiment would go unchecked.
   * @default - the whole run: the steady-state wait plus the duration
   */
  readonly window?: Duration;
}

/** A checked verification. */
export interface ChaosVerificationDefinition {
  /** Conditions that must hold throughout the run. */
  readonly conditions: readonly ChaosConditionDefinition[];
  /** The breaker that must open, when given (its gauge as a rendered selector). */
  readonly circuitBreaker?: { readonly name: string; readonly openGauge: string };
  /** Lookback from the end of the run. */
  readonly window: Duration;
}

/** How the abort and verification alerts of a service's experiments look. */
export interface ChaosAlertsProps {
  /**
   * Severity of the alerts (labels `severity` and `sev`). A failed verification in staging is a finding for
   * the team's queue, not a page.
   * @default Severity.SEV3
   */
  readonly severity?: Severity;
  /**
   * Labels added to the alerts, e.g. a routing key for the channel that collects chaos results.
   * @default - none
   */
  readonly labels?: Readonly<Record<string, string>>;
  /**
   * Runbook link of the alerts (`runbook_url`).
   * @default - none
   */
  readonly runbookUrl?: string;
  /**
   * How long a failed verification keeps firing after a run (`keep_firing_for`).
   * @default Duration.hours(1)
   */
  readonly notifyFor?: Duration;
}

/** Checked alert settings. */
export interface ChaosAlertsDefinition {
  /** Severity. */
  readonly severity: Severity;
  /** Extra labels. */
  readonly labels: Readonly<Record<string, string>>;
  /** Runbook link. */
  readonly runbookUrl?: string;
  /** How long a failed verification fires. */
  readonly notifyFor: Duration;
}

/** Labels the chaos alerts set themselves. */
export const RESERVED_CHAOS_ALERT_LABELS = ['alertname', 'severity', 'sev', 'service', 'experiment', 'check', 'reason'] as const;

/** Checks the alert settings. */
export function defineChaosAlerts(at: SpecPath, props: ChaosAlertsProps | undefined): ChaosAlertsDefinition {
  const p = props ?? {};
  if (p === null || typeof p !== 'object') return at.fail(undefined, props, 'is not an alert configuration', 'Give { severity, labels, runbookUrl, notifyFor }.');
  return {
    severity: p.severity === undefined ? Severity.SEV3 : requireSeverity(at, 'severity', p.severity),
    labels: requirePrometheusLabels(at, 'labels', p.labels, RESERVED_CHAOS_ALERT_LABELS),
    runbookUrl: optionalUrl(at, 'runbookUrl', p.runbookUrl),
    notifyFor: p.notifyFor === undefined ? Duration.hours(1) : requirePositiveDuration(at, 'notifyFor', p.notifyFor),
  };
}

/** What {@link defineVerification} checks the verification against. */
export interface VerifiedRun {
  /** The fault's duration. */
  readonly duration: Duration;
  /** The longest a run takes. */
  readonly slot: Duration;
  /** The schedule (its shortest gap between runs). */
  readonly schedule: CronSchedule;
  /** How long the alerts fire. */
  readonly notifyFor: Duration;
}

/** Checks a verification: something to check, a window that covers the run and stays clear of the previous one. */
export function defineVerification(at: SpecPath, v: ChaosVerificationProps, slos: SloServiceDefinition | undefined, run: VerifiedRun): ChaosVerificationDefinition {
  if (v === null || typeof v !== 'object') return at.fail(undefined, v, 'is not a verification', 'Give { conditions, circuitBreaker }.');
  const conditions = v.conditions === undefined ? [] : defineChaosConditions(at, 'conditions', v.conditions, slos);
  let circuitBreaker: ChaosVerificationDefinition['circuitBreaker'];
  if (v.circuitBreaker !== undefined) {
    const cat = at.at('circuitBreaker');
    const sel = requireSelector(cat, 'openGauge', v.circuitBreaker?.openGauge);
    if (!sel.metric) cat.fail('openGauge', v.circuitBreaker.openGauge, 'has no metric name', 'Name the gauge: resilience4j_circuitbreaker_state{name="bank-gateway", state="open"}.');
    const name = requireDnsLabel(cat, 'name', v.circuitBreaker.name ?? 'circuit-breaker-opened');
    if (conditions.some((c) => c.name === name)) cat.fail('name', name, 'is used by a verification condition', 'Give the circuit-breaker check its own name.');
    circuitBreaker = { name, openGauge: renderSelector(sel) };
  }
  if (conditions.length === 0 && !circuitBreaker) {
    at.fail(undefined, v, 'checks nothing', 'Give at least one condition or a circuitBreaker, or leave verification out.');
  }
  const window = v.window === undefined ? run.slot : requirePositiveDuration(at, 'window', v.window);
  if (compareDurations(window, run.duration) < 0) {
    at.fail('window', window.toPrometheus(), `is shorter than the experiment (${run.duration.toPrometheus()}), so part of the run would go unchecked`, `Give at least ${run.duration.toPrometheus()}, or leave it out to check the whole run.`);
  }
  if (compareDurations(Duration.millis(window.toMilliseconds() + VERIFICATION_GRACE.toMilliseconds()), run.schedule.minGap) > 0) {
    at.fail('window', window.toPrometheus(), `reaches back into the previous run (runs start ${run.schedule.minGap.toPrometheus()} apart)`, 'Shorten it.');
  }
  if (compareDurations(Duration.millis(run.slot.toMilliseconds() + run.notifyFor.toMilliseconds()), run.schedule.minGap) > 0) {
    at.fail('notifyFor', run.notifyFor.toPrometheus(), `keeps the alerts of one run firing into the next (runs start ${run.schedule.minGap.toPrometheus()} apart)`, 'Shorten the schedule\'s alerts.notifyFor.');
  }
  return { conditions, circuitBreaker, window };
}

import { Duration } from '../common/duration';
import { linkAnnotations, literalLabels, sortKeys } from '../monitoring/alert-rules';
import type { AlertingRule, RuleGroup } from '../rules/rule-types';
import { escapeTemplateText } from '../common/promql';
import type { ChaosExperimentDefinition } from './experiment';
import { ChaosConditionDefinition, describeCondition, formatThreshold, negate } from './conditions';
import { describeRuns, runWindowExpr } from './run-window';

/**
 * How long after a run ends the verification may be evaluated. The verification alerts are true for this
 * long after each run (at any evaluation interval up to it), then `keep_firing_for` keeps them firing.
 */
export const VERIFICATION_GRACE = Duration.minutes(2);

/** Alert names of the chaos alerts. */
export const CHAOS_ALERTS = {
  /** An abort condition of a running experiment does not hold (or has no data): the engine is stopping the run. */
  abort: 'ChaosAbortConditionMet',
  /** A verification check failed (or had no data) over the last run. */
  verification: 'ChaosVerificationFailed',
} as const;

const SUBQUERY_STEP = '1m';

/**
 * The alert group of one experiment, `chaos/<service>/<experiment>`:
 *
 * - `ChaosAbortConditionMet`, one rule per abort condition, while a run may be under way (from the cron
 *   start through the steady-state wait and the fault's duration): the condition fails or has no data, so
 *   the engine is aborting the run.
 * - `ChaosVerificationFailed`, per verification check, once the run is over: over the run, the worst value
 *   of a condition broke its bound (`reason="breached"`), the data was missing (`reason="no-data"`), or the
 *   circuit breaker never opened. It fires for `notifyFor` (`keep_firing_for`).
 *
 * Runs are known from the clock: Prometheus compares the UTC time with the schedule's start times. It
 * cannot see whether the engine injected the fault, so a run given up at the steady-state gate or aborted
 * is verified over its slot too: read a failed verification with the engine's record of the run (the
 * Workflow's status, the ChaosResult). Paused experiments get no alerts at all.
 */
export function chaosAlertGroup(e: ChaosExperimentDefinition): RuleGroup {
  // The clock arithmetic reads as magic numbers; a PromQL comment says which times it means.
  const when = `${describeRuns(e.runs)} UTC`;
  const during = `# while a run may be under way: ${when}, for ${e.slot.toHumanString()}\n${runWindowExpr(e.runs, Duration.millis(0), e.slot)}`;
  const rules: AlertingRule[] = e.abortUnless.map((c) => abortRule(e, c, during));
  const v = e.verification;
  if (v) {
    const after = `# once a run is over: ${e.slot.toHumanString()} after ${when}, for ${VERIFICATION_GRACE.toHumanString()}\n${runWindowExpr(e.runs, e.slot, VERIFICATION_GRACE)}`;
    const range = Duration.millis(v.window.toMilliseconds() + VERIFICATION_GRACE.toMilliseconds()).toPrometheus();
    for (const c of v.conditions) rules.push(...verificationRules(e, c, range, after));
    if (v.circuitBreaker) rules.push(...circuitBreakerRules(e, v.circuitBreaker, range, after));
  }
  return { name: `chaos/${e.service}/${e.name}`, rules };
}

function labels(e: ChaosExperimentDefinition, check: string, extra: Record<string, string> = {}): Record<string, string> {
  return literalLabels({ ...e.alerts.labels, service: e.service, experiment: e.name, check, ...extra, ...e.alerts.severity.alertLabels() });
}

function links(e: ChaosExperimentDefinition): Record<string, string> {
  return linkAnnotations(e.alerts.runbookUrl, undefined);
}

/** Text from the spec (descriptions, queries) read literally where Prometheus expands templates. */
const literal = escapeTemplateText;

function abortRule(e: ChaosExperimentDefinition, c: ChaosConditionDefinition, during: string): AlertingRule {
  return {
    alert: CHAOS_ALERTS.abort,
    expr: `${c.fails}\nand on ()\n(\n${during}\n)`,
    labels: labels(e, c.name),
    annotations: sortKeys({
      summary: `Chaos experiment ${e.name} of ${e.service}: abort condition ${c.name} is met`,
      description:
        `While experiment ${e.name} of ${e.service} may be running, ${literal(describeCondition(c, negate(c.comparator)))}, or there is no data. ` +
        `The chaos engine stops the run after ${e.checks.failureThreshold} failed checks ${e.checks.interval.toHumanString()} apart; check that it did.`,
      ...links(e),
    }),
  };
}

/** The alert's value as people read it in the condition's unit. */
function valueTemplate(c: ChaosConditionDefinition): string {
  switch (c.unit) {
    case 'ratio':
      return '{{ $value | humanizePercentage }}';
    case 'seconds':
      return '{{ $value | humanizeDuration }}';
    case 'milliseconds':
      return '{{ $value | humanize }} ms';
    default:
      return '{{ $value | humanize }}';
  }
}

/** The worst value of a condition over the run: the highest for an upper bound, the lowest for a lower one. */
function worst(c: ChaosConditionDefinition, range: string): string {
  const fn = c.comparator === '<' || c.comparator === '<=' ? 'max_over_time' : 'min_over_time';
  return `${fn}((${c.query})[${range}:${SUBQUERY_STEP}])`;
}

function verificationRules(e: ChaosExperimentDefinition, c: ChaosConditionDefinition, range: string, after: string): AlertingRule[] {
  const value = worst(c, range);
  const expected = literal(describeCondition(c));
  const keep = e.alerts.notifyFor.toPrometheus();
  return [
    {
      alert: CHAOS_ALERTS.verification,
      expr: `${value} ${negate(c.comparator)} ${c.threshold}\nand on ()\n(\n${after}\n)`,
      keep_firing_for: keep,
      labels: labels(e, c.name, { reason: 'breached' }),
      annotations: sortKeys({
        summary: `Chaos experiment ${e.name} of ${e.service}: ${c.name} broke its bound during the run`,
        description:
          `Expected throughout the last run of ${e.name}: ${expected}. The worst value was ${valueTemplate(c)} (bound ${formatThreshold(c.threshold, c.unit)}). ` +
          'The service did not degrade as the experiment expects (if the run was given up or aborted, the engine\'s record of it says so); see the experiment card.',
        ...links(e),
      }),
    },
    {
      alert: CHAOS_ALERTS.verification,
      // NaN (no traffic for the whole run) is not equal to itself, so it counts as missing data.
      expr: `absent(${value} == ${value})\nand on ()\n(\n${after}\n)`,
      keep_firing_for: keep,
      labels: labels(e, c.name, { reason: 'no-data' }),
      annotations: sortKeys({
        summary: `Chaos experiment ${e.name} of ${e.service}: no data to verify ${c.name}`,
        description: `There was no data for ${literal(c.description)} during the last run of ${e.name}, so "${expected}" could not be verified. No data is not a pass.`,
        ...links(e),
      }),
    },
  ];
}

function circuitBreakerRules(e: ChaosExperimentDefinition, cb: { name: string; openGauge: string }, range: string, after: string): AlertingRule[] {
  const opened = `max(max_over_time(${cb.openGauge}[${range}]))`;
  const keep = e.alerts.notifyFor.toPrometheus();
  return [
    {
      alert: CHAOS_ALERTS.verification,
      expr: `${opened} < 1\nand on ()\n(\n${after}\n)`,
      keep_firing_for: keep,
      labels: labels(e, cb.name, { reason: 'breached' }),
      annotations: sortKeys({
        summary: `Chaos experiment ${e.name} of ${e.service}: the circuit breaker never opened`,
        description: `The experiment expects the circuit breaker (${literal(cb.openGauge)} = 1 while open) to open during the run; it stayed closed throughout the last run.`,
        ...links(e),
      }),
    },
    {
      alert: CHAOS_ALERTS.verification,
      expr: `absent(${opened})\nand on ()\n(\n${after}\n)`,
      keep_firing_for: keep,
      labels: labels(e, cb.name, { reason: 'no-data' }),
      annotations: sortKeys({
        summary: `Chaos experiment ${e.name} of ${e.service}: no data on the circuit breaker`,
        description: `${literal(cb.openGauge)} had no samples during the last run, so the circuit breaker's opening could not be verified. No data is not a pass.`,
        ...links(e),
      }),
    },
  ];
}

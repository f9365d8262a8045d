import { Duration, compareDurations, requirePositiveDuration } from '../common/duration';
import type { SpecPath } from '../common/errors';

/** How the engine polls Prometheus for the conditions. */
export interface ChaosChecksProps {
  /**
   * Time between two evaluations of a condition.
   * @default Duration.seconds(10)
   */
  readonly interval?: Duration;
  /**
   * How long one evaluation may take.
   * @default Duration.seconds(5)
   */
  readonly timeout?: Duration;
  /**
   * Consecutive failed evaluations that make a condition fail (a single slow or failed query does not abort).
   * @default 2
   */
  readonly failureThreshold?: number;
  /**
   * How long a run waits for the steady state (hypothesis and abort conditions holding) before injecting;
   * the run is given up when they do not hold within it.
   * @default Duration.minutes(2)
   */
  readonly steadyStateTimeout?: Duration;
}

/** Checked polling settings. */
export interface ChaosChecksDefinition {
  /** Between evaluations. */
  readonly interval: Duration;
  /** Per evaluation. */
  readonly timeout: Duration;
  /** Consecutive failures that fail a condition. */
  readonly failureThreshold: number;
  /** Wait for the steady state. */
  readonly steadyStateTimeout: Duration;
}

/** Checks the polling settings against the experiment's duration. */
export function defineChecks(at: SpecPath, c: ChaosChecksProps, duration: Duration): ChaosChecksDefinition {
  const seconds = (field: string, value: Duration | undefined, fallback: Duration): Duration => {
    const d = value === undefined ? fallback : requirePositiveDuration(at, field, value);
    if (d.toMilliseconds() % 1000 !== 0) at.fail(field, d.toPrometheus(), 'is not a whole number of seconds', 'The engines count these in seconds, e.g. Duration.seconds(10).');
    return d;
  };
  const interval = seconds('interval', c.interval, Duration.seconds(10));
  const timeout = seconds('timeout', c.timeout, Duration.seconds(5));
  const steadyStateTimeout = seconds('steadyStateTimeout', c.steadyStateTimeout, Duration.minutes(2));
  const failureThreshold = c.failureThreshold ?? 2;
  if (typeof failureThreshold !== 'number' || !Number.isInteger(failureThreshold) || failureThreshold < 1 || failureThreshold > 10) {
    at.fail('failureThreshold', failureThreshold, 'is not a whole number from 1 to 10', 'Give the consecutive failures that fail a condition, e.g. 2.');
  }
  if (compareDurations(timeout, interval) > 0) {
    at.fail('timeout', timeout.toPrometheus(), `is longer than the interval (${interval.toPrometheus()})`, 'Let an evaluation finish before the next one starts.');
  }
  const toAbort = Duration.millis(interval.toMilliseconds() * failureThreshold);
  if (compareDurations(toAbort, duration) >= 0) {
    at.fail('failureThreshold', failureThreshold, `with an interval of ${interval.toPrometheus()} needs ${toAbort.toPrometheus()} of failures to abort, no less than the whole experiment (${duration.toPrometheus()})`, 'Check more often or with a lower threshold, so an abort can happen while the fault is in.');
  }
  if (compareDurations(steadyStateTimeout, toAbort) < 0) {
    at.fail('steadyStateTimeout', steadyStateTimeout.toPrometheus(), `is shorter than one failed check takes (${toAbort.toPrometheus()})`, 'Give the steady-state check time to decide.');
  }
  return { interval, timeout, failureThreshold, steadyStateTimeout };
}


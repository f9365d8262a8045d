import { CHAOS_ALERTS, ChaosScheduleDefinition, RuleFile } from 'sre-constructs';
import { paymentServiceChaos } from '../../examples/payment-service';
import { InputSeries, checkRules, evaluate, firedAlerts, promtoolVersion } from '../support/promtool';
import { firingProbes, histogramBuckets, httpRequests } from '../support/traffic';
import { paymentSlos } from './fixtures';

/**
 * The abort and verification alerts of the seed's experiment under promtool's rule engine, with the SLO
 * rules they read. promtool's clock starts on Thursday 1970-01-01 00:00 UTC, so the experiment is
 * scheduled for Thursdays at 00:05: a run may be under way from minute 5 to 16 (2 minutes of steady-state
 * wait, 10 of fault), and it is verified at minutes 17 and 18.
 */
const chaos = ChaosScheduleDefinition.create({
  ...paymentServiceChaos(paymentSlos),
  experiments: paymentServiceChaos(paymentSlos).experiments.map((e) => ({ ...e, schedule: '5 0 * * 4' })),
});
const files: RuleFile[] = [paymentSlos.ruleFile(), chaos.ruleFile()];
/** Both in one file, recordings first, for promtool's alert rendering. */
const together: RuleFile = { groups: files.flatMap((f) => f.groups) };
const SERVICE = '{service="payment-service"}';
const RPS = 100;
const ABORT = `{alertname="${CHAOS_ALERTS.abort}", check="availability-error-ratio"}`;
const verification = (check: string, reason = 'breached') => `{alertname="${CHAOS_ALERTS.verification}", check="${check}", reason="${reason}"}`;

/** Latency well within 500 ms for 99.8% of requests, all within 1 s (p99 about 300 ms). */
const fast = (minutes: number, rps = RPS) => ({ minutes, rps, within: { '0.25': 0.95, '0.5': 0.998, '1': 1 } });
/** The breaker opens for three minutes of the run. */
const breakerOpensAt8 = { series: 'resilience4j_circuitbreaker_state{application="payment-service", state="open", name="bank-gateway"}', values: '0x7 1x2 0x50' };

function run(phases: Array<{ minutes: number; errorRatio: number }>, extra: InputSeries[] = [breakerOpensAt8]): InputSeries[] {
  const minutes = phases.reduce((n, p) => n + p.minutes, 0);
  return [
    ...httpRequests(SERVICE, phases.map((p) => ({ ...p, rps: RPS }))),
    ...histogramBuckets('http_request_duration_seconds', SERVICE, [fast(minutes)]),
    ...extra,
  ];
}

/** First and last minute each alert fired, up to `until`. */
function firing(series: InputSeries[], until: number, selectors: string[]): Array<{ first?: number; last?: number }> {
  const values = evaluate(files, series, selectors.flatMap((s) => firingProbes(s, until)));
  return selectors.map((_, i) => ({ first: values[2 * i], last: values[2 * i + 1] }));
}

beforeAll(() => {
  promtoolVersion();
});

test('the rule file passes promtool check rules', () => {
  expect(checkRules(chaos.ruleFile()).output).toMatch(/SUCCESS: 9 rules found/);
});

describe('ChaosAbortConditionMet', () => {
  test('a burst of errors during a run fires the abort alert within a minute', () => {
    const series = run([
      { minutes: 8, errorRatio: 0.0001 },
      { minutes: 22, errorRatio: 0.5 },
    ]);
    const [abort] = firing(series, 30, [ABORT]);
    expect(abort.first).toBe(9);
    // Only while a run may be under way: minute 16 is the last minute of the slot.
    expect(abort.last).toBe(16);
  });

  test('normal traffic during a run raises nothing', () => {
    const [anyAbort] = firing(run([{ minutes: 30, errorRatio: 0.0001 }]), 30, [`{alertname="${CHAOS_ALERTS.abort}"}`]);
    expect(anyAbort.first).toBeUndefined();
  });

  test('the same burst outside the run window raises nothing: the SLO alerts own that', () => {
    const series = run([
      { minutes: 25, errorRatio: 0.0001 },
      { minutes: 20, errorRatio: 0.5 },
    ]);
    const [abort] = firing(series, 45, [ABORT]);
    expect(abort.first).toBeUndefined();
  });

  test('missing data during a run fires the abort alert from the first minute of the run', () => {
    const [abort] = firing([breakerOpensAt8], 20, [ABORT]);
    expect(abort.first).toBe(5);
  });

  test('the alert carries severity and sev, the routing labels and the check', () => {
    const series = run([
      { minutes: 8, errorRatio: 0.0001 },
      { minutes: 10, errorRatio: 0.5 },
    ]);
    const [alert] = firedAlerts(together, series, CHAOS_ALERTS.abort, 10).filter((a) => a.labels.includes('check="availability-error-ratio"'));
    expect(alert.annotations).toContain('error ratio of the availability SLO over 5m > 5%, or there is no data');
    expect(alert.labels).toContain('severity="warning"');
    expect(alert.labels).toContain('sev="SEV3"');
    expect(alert.labels).toContain('channel="sre-chaos-results"');
    expect(alert.labels).toContain('experiment="network-latency"');
  });
});

describe('ChaosVerificationFailed', () => {
  test('a run that degrades gracefully (errors below 1%, p99 below 1 s, the breaker opens) verifies quietly', () => {
    const series = run([
      { minutes: 7, errorRatio: 0.0001 },
      { minutes: 10, errorRatio: 0.005 },
      { minutes: 30, errorRatio: 0.0001 },
    ]);
    const [any] = firing(series, 45, [`{alertname="${CHAOS_ALERTS.verification}"}`]);
    expect(any.first).toBeUndefined();
  });

  test('errors above 1% during the run fail the verification once the run is over, and it keeps firing for an hour', () => {
    const series = run([
      { minutes: 7, errorRatio: 0.0001 },
      { minutes: 10, errorRatio: 0.02 },
      { minutes: 80, errorRatio: 0.0001 },
    ]);
    const [errors, p99, breaker] = firing(series, 95, [verification('availability-error-ratio'), verification('p99-latency'), verification('circuit-breaker-opened')]);
    expect(errors.first).toBe(17);
    expect(errors.last).toBeGreaterThanOrEqual(17 + 60);
    expect(errors.last).toBeLessThanOrEqual(18 + 60);
    expect(p99.first).toBeUndefined();
    expect(breaker.first).toBeUndefined();
  });

  test('the breach alert says what was expected and the worst value seen', () => {
    const series = run([
      { minutes: 7, errorRatio: 0.0001 },
      { minutes: 10, errorRatio: 0.02 },
      { minutes: 10, errorRatio: 0.0001 },
    ]);
    const alerts = firedAlerts(together, series, CHAOS_ALERTS.verification, 17);
    expect(alerts).toHaveLength(1);
    expect(alerts[0].labels).toContain('reason="breached"');
    expect(alerts[0].annotations).toMatch(/Expected throughout the last run of network-latency: error ratio of the availability SLO over 5m < 1%\. The worst value was 2(\.\d+)?% \(bound 1%\)/);
  });

  test('a breaker that never opens fails the verification', () => {
    const stuck = { series: breakerOpensAt8.series, values: '0x60' };
    const [breaker] = firing(run([{ minutes: 30, errorRatio: 0.0001 }], [stuck]), 30, [verification('circuit-breaker-opened')]);
    expect(breaker.first).toBe(17);
  });

  test('no breaker metric at all is no pass: the verification fails with reason no-data', () => {
    const [missing, breached] = firing(run([{ minutes: 30, errorRatio: 0.0001 }], []), 30, [verification('circuit-breaker-opened', 'no-data'), verification('circuit-breaker-opened')]);
    expect(missing.first).toBe(17);
    expect(breached.first).toBeUndefined();
  });

  test('p99 above 1 s during the run fails the latency verification', () => {
    const slow = { minutes: 10, rps: RPS, within: { '0.25': 0.5, '0.5': 0.8, '1': 0.97 } };
    const series = [...httpRequests(SERVICE, [{ minutes: 40, rps: RPS, errorRatio: 0.0001 }]), ...histogramBuckets('http_request_duration_seconds', SERVICE, [fast(7), slow, fast(23)]), breakerOpensAt8];
    const [p99] = firing(series, 40, [verification('p99-latency')]);
    expect(p99.first).toBe(17);
  });
});

import { SloMetrics, SloServiceDefinition, STANDARD_WINDOWS } from 'sre-constructs';
import { userAuthentication } from '../../examples/user-authentication';
import { InputSeries, Probe, evaluate, promtoolVersion } from '../support/promtool';
import { firingProbes, histogramBuckets, httpRequests } from '../support/traffic';

/**
 * The seed example's alerts, run by promtool's own rule engine on synthetic traffic (one scrape and one
 * evaluation a minute). Minutes count from the start of the series.
 */
const rules = SloServiceDefinition.create(userAuthentication).ruleFile();
const SERVICE = '{service="user-authentication"}';
const PAGE = '{slo="availability", severity="critical"}';
const WARNING = '{slo="availability", severity="warning"}';
const RPS = 100;

/** First and last minute each alert was firing, undefined when it never fired. */
function firing(series: InputSeries[], untilMinute: number, selectors: string[]): Array<{ first?: number; last?: number }> {
  const probes = selectors.flatMap((s) => firingProbes(s, untilMinute));
  const values = evaluate(rules, series, probes);
  return selectors.map((_, i) => ({ first: values[2 * i], last: values[2 * i + 1] }));
}

beforeAll(() => {
  promtoolVersion();
});

describe('availability (99.95% over 30 days, seed policy 14.4x/1h critical, 6x/6h warning)', () => {
  test('a total outage pages within 3 minutes', () => {
    // Healthy for an hour, then every request fails from the scrape after minute 60.
    const series = httpRequests(SERVICE, [
      { minutes: 60, rps: RPS },
      { minutes: 30, rps: RPS, errorRatio: 1 },
    ]);
    const [page] = firing(series, 90, [PAGE]);
    expect(page.first).toBeGreaterThan(60);
    expect(page.first).toBeLessThanOrEqual(63);
  });

  test('15% errors for 10 minutes pages after a few minutes and clears within about 5 minutes of recovery', () => {
    const series = httpRequests(SERVICE, [
      { minutes: 60, rps: RPS },
      { minutes: 10, rps: RPS, errorRatio: 0.15 },
      { minutes: 60, rps: RPS },
    ]);
    const [page] = firing(series, 130, [PAGE]);
    // 15% is a 300x burn: the 1h window crosses 14.4x after about 3 minutes, then `for: 1m`.
    expect(page.first).toBeGreaterThanOrEqual(62);
    expect(page.first).toBeLessThanOrEqual(66);
    // Errors stop after minute 70; the 5m short window lets go about 5 minutes later.
    expect(page.last).toBeGreaterThanOrEqual(72);
    expect(page.last).toBeLessThanOrEqual(76);
  });

  test('a 1x burn for 12 hours never pages nor warns', () => {
    const series = httpRequests(SERVICE, [{ minutes: 720, rps: RPS, errorRatio: 0.0005 }]);
    const [page, warning] = firing(series, 720, [PAGE, WARNING]);
    expect(page.first).toBeUndefined();
    expect(warning.first).toBeUndefined();
  });

  test('a 6.5x burn raises the warning after about 5.5 hours and never pages', () => {
    // Six healthy hours of history, then 6.5 x 0.05% = 0.325% of requests fail from minute 360 on.
    // The 6h ratio reaches 6x after 6h x 6/6.5 = 5.54h, that is about minute 692.
    const series = httpRequests(SERVICE, [
      { minutes: 360, rps: RPS },
      { minutes: 480, rps: RPS, errorRatio: 0.00325 },
    ]);
    const [page, warning] = firing(series, 840, [PAGE, WARNING]);
    expect(page.first).toBeUndefined();
    expect(warning.first).toBeGreaterThanOrEqual(360 + 5.25 * 60);
    expect(warning.first).toBeLessThanOrEqual(360 + 5.75 * 60);
  });

  test('zero traffic raises nothing and records zeros, never NaN', () => {
    const series = httpRequests(SERVICE, [{ minutes: 180, rps: 0 }]);
    const [anyAlert] = firing(series, 180, ['{service="user-authentication"}']);
    expect(anyAlert.first).toBeUndefined();

    const sel = '{service="user-authentication", slo="availability"}';
    const [ratio5m, period, remaining, burn] = evaluate(rules, series, [
      { expr: `${SloMetrics.errorRatio(STANDARD_WINDOWS[0])}${sel}`, atMinute: 180 },
      { expr: `slo:sli_error:ratio_rate30d${sel}`, atMinute: 180 },
      { expr: `${SloMetrics.ERROR_BUDGET_REMAINING}${sel}`, atMinute: 180 },
      { expr: `${SloMetrics.CURRENT_BURN_RATE}${sel}`, atMinute: 180 },
    ]);
    expect([ratio5m, period, remaining, burn]).toEqual([0, 0, 1, 0]);
  });

  test('a quiet spell after an incident leaves the budget where the incident left it, not NaN', () => {
    const series = httpRequests(SERVICE, [
      { minutes: 60, rps: RPS, errorRatio: 0.001 },
      { minutes: 120, rps: 0 },
    ]);
    const sel = '{service="user-authentication", slo="availability"}';
    const [before, after] = evaluate(rules, series, [
      { expr: `${SloMetrics.ERROR_BUDGET_REMAINING}${sel}`, atMinute: 60 },
      { expr: `${SloMetrics.ERROR_BUDGET_REMAINING}${sel}`, atMinute: 180 },
    ]);
    // 0.1% errors is a 2x burn. With one hour of history, the period so far is all 2x: 1 - 2 = -1.
    expect(before).toBeCloseTo(-1, 3);
    expect(after).toBeCloseTo(before as number, 3);
  });

  test('no recorded series is ever NaN, through traffic, outage and silence', () => {
    const series = httpRequests(SERVICE, [
      { minutes: 30, rps: RPS },
      { minutes: 30, rps: RPS, errorRatio: 1 },
      { minutes: 60, rps: 0 },
    ]);
    const names = [...new Set(rules.groups.flatMap((g) => g.rules.flatMap((r) => ('record' in r ? [r.record] : []))))];
    const probes: Probe[] = names.flatMap((name) =>
      [45, 75, 120].map((atMinute) => ({ expr: `count(${name} != ${name})`, atMinute })),
    );
    const nanCounts = evaluate(rules, series, probes);
    const withNaN = probes.filter((_, i) => nanCounts[i] !== undefined).map((p) => `${p.expr} at ${p.atMinute}m`);
    expect(withNaN).toEqual([]);
  });

  test('the period ratio weighs every request the same: a busy good hour outweighs a quiet bad one', () => {
    // Hour 1: 100 rps, 0.1% errors. Hour 2: 1 rps, 50% errors.
    const series = httpRequests(SERVICE, [
      { minutes: 60, rps: 100, errorRatio: 0.001 },
      { minutes: 60, rps: 1, errorRatio: 0.5 },
    ]);
    const [period] = evaluate(rules, series, [
      { expr: 'slo:sli_error:ratio_rate30d{service="user-authentication", slo="availability"}', atMinute: 120 },
    ]);
    const ratioOfSums = (360 + 1800) / (360000 + 3600); // 0.59%; a mean of 5-minute ratios would say about 25%
    expect(period).toBeGreaterThan(ratioOfSums * 0.95);
    expect(period).toBeLessThan(ratioOfSums * 1.05);
  });
});

describe('latency SLOs (p99 within 500 ms, p50 within 100 ms)', () => {
  const normal = { '0.1': 0.95, '0.5': 0.999 };

  test('half the requests slower than 500 ms pages on latency-p99 within 20 minutes, not on latency-p50', () => {
    // 50% slower than 500 ms is a 50x burn of the 1% budget: the 1h window crosses 14.4x after
    // 60 x 14.4/50 = 17 minutes. 55% slower than 100 ms is only 1.1x for the p50 SLO.
    const series = histogramBuckets('http_request_duration_seconds', SERVICE, [
      { minutes: 60, rps: RPS, within: normal },
      { minutes: 30, rps: RPS, within: { '0.1': 0.45, '0.5': 0.5 } },
    ]);
    const [p99, p50] = firing(series, 90, ['{slo="latency-p99", severity="critical"}', '{slo="latency-p50"}']);
    expect(p99.first).toBeGreaterThanOrEqual(60 + 17);
    expect(p99.first).toBeLessThanOrEqual(60 + 20);
    expect(p50.first).toBeUndefined();
  });

  test('a median above 100 ms for hours raises the latency-p50 ticket', () => {
    // 95% of requests slower than 100 ms: a 1.9x burn of the 50% budget, above the 1.8x tier.
    const series = histogramBuckets('http_request_duration_seconds', SERVICE, [{ minutes: 420, rps: RPS, within: { '0.1': 0.05, '0.5': 0.999 } }]);
    const [p50] = firing(series, 420, ['{slo="latency-p50", severity="warning"}']);
    expect(p50.first).toBeDefined();
    expect(p50.first).toBeLessThanOrEqual(360);
  });
});

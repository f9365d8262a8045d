import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  Duration,
  ErrorBudgetPolicyDefinition,
  ErrorBudgetPolicyProps,
  Objective,
  PrometheusClient,
  RuleFile,
  Sli,
  SloMetrics,
  SloServiceDefinition,
  runCli,
} from 'sre-constructs';
import { processIO } from '../../lib/cli/io';
import { measurementPhase, resolveArgs } from '../support/argo-analysis';
import { flaggerCheckPasses, renderFlaggerQuery } from '../support/flagger-analysis';
import { backfillRecordingRules } from '../support/rule-history';
import { RunningServer, backfill, freePort, startPrometheus } from '../support/servers';
import { TimedPhase, TrafficTimeline, serveTimelines } from '../support/timeline';

/**
 * The `budget` command and the AnalysisTemplate against Debian's real Prometheus: seven days and an hour of
 * request history backfilled as blocks, the recorded series the rules read from the past (over a range or at
 * an offset) backfilled with `promtool tsdb create-blocks-from rules`, then the live server scraping a target
 * this test serves (the same counters, going on) and evaluating the rules every second. Every expectation is worked out by hand
 * from the traffic definitions below.
 *
 * Each service: 10 requests a second, 99.9% over 7 days, so a budget of 6,048 failed requests.
 *
 * Agreement to a tenth of a percent needs three things the scenarios respect: the period ratio is made of
 * 5-minute rates, whose windows effectively end about 2.5 minutes ago, so the error ratio now and seven days
 * ago are close in every scenario; traffic never changes at a 5-minute mark before now (see `timeline`); and
 * the first live evaluations (a second apart) weigh like the one-minute backfilled ones where the period sums
 * samples, so the test reads the budget within seconds of the server starting.
 */
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const NOW = Math.floor(Date.now() / MINUTE) * MINUTE;
const START = NOW - 7 * DAY - HOUR;
const BUDGET = 0.001;
const PERIOD = 7 * DAY;

/**
 * Phases given as [hours before now when they start, error ratio]; all run at 10 requests a second until the
 * next. Each change happens 2.5 minutes off the hour: the rules record windows in 5-minute steps (or add them
 * up from 5-minute tiles), and a live evaluation reads its older tiles from the backfilled minute grid, up to a
 * minute off its own clock, so traffic must not change right at a 5-minute mark before now.
 */
function timeline(service: string, phases: ReadonlyArray<readonly [number, number]>): TrafficTimeline {
  const starts = phases.map(([hoursAgo]) => (hoursAgo === Infinity ? START : NOW - hoursAgo * HOUR - 2.5 * MINUTE));
  const timed: TimedPhase[] = phases.map(([, errorRatio], i) => ({ from: starts[i], to: starts[i + 1] ?? Infinity, rps: 10, errorRatio }));
  return new TrafficTimeline(service, timed);
}

const traffic = {
  // A tenth of the budget spent at a steady 0.1x.
  healthy: timeline('budget-healthy', [[Infinity, 0.0001]]),
  // 0.2x, a two-hour incident two and a half days ago (2.42%), and the last three hours at 1x: about half spent.
  half: timeline('budget-half', [
    [Infinity, 0.0002],
    [60, 0.0242],
    [58, 0.0002],
    [3, 0.001],
  ]),
  // 0.5x, and a two-hour incident yesterday at 6%: a fifth overspent.
  overspent: timeline('budget-overspent', [
    [Infinity, 0.0005],
    [26, 0.06],
    [24, 0.0005],
  ]),
  // Healthy traffic, but no policy counts it.
  unpoliced: timeline('budget-unpoliced', [[Infinity, 0.0001]]),
};
/** Rules loaded, a policy, and no source series at all. */
const NO_DATA = 'budget-nodata';

const services = [...Object.values(traffic).map((t) => t.service), NO_DATA].map((service) =>
  SloServiceDefinition.create({
    service,
    window: Duration.days(7),
    slos: [{ name: 'availability', sli: Sli.availability({ requests: `http_requests_total{service="${service}"}` }), objective: Objective.percent(99.9) }],
  }),
);
const policyProps: ErrorBudgetPolicyProps = {
  exemptions: { rollback: 'Restores a version that met the SLO.' },
  deployGates: { prometheusUrl: 'http://prometheus:9090', flagger: true },
};
const policies = new Map(
  services.filter((s) => s.service !== traffic.unpoliced.service).map((s) => [s.service, ErrorBudgetPolicyDefinition.create(s, policyProps)] as const),
);
const ruleFiles: RuleFile[] = [...services.map((s) => s.ruleFile()), ...[...policies.values()].map((p) => p.ruleFile())];

/** The budget left and the burn rates at `t`, worked out from the traffic. */
function byHand(t: TrafficTimeline, at: number): { remaining: number; burn: (window: number) => number } {
  const period = t.between(at - PERIOD, at);
  const burn = (window: number) => {
    const c = t.between(at - window, at);
    return c.bad / c.total / BUDGET;
  };
  return { remaining: 1 - period.bad / period.total / BUDGET, burn };
}

let prometheus: RunningServer;
let target: { address: string; close(): Promise<void> };
let storage: string;

beforeAll(async () => {
  target = await serveTimelines(Object.values(traffic));
  storage = mkdtempSync(join(tmpdir(), 'sre-constructs-budget-tsdb-'));
  // The scrape target's own labels, so the history and the live scrapes are one series.
  const labels = { job: 'test', instance: target.address };
  const samples = Object.values(traffic).flatMap((t) => t.openMetricsSamples(START, NOW, labels));
  backfill(`# TYPE http_requests counter\n${samples.join('\n')}\n`, storage, '192h');
  await backfillRecordingRules(storage, ruleFiles, { start: new Date(START + 5 * MINUTE), end: new Date(NOW), evalInterval: '60s', maxBlockDuration: '192h' });
  prometheus = await startPrometheus({ storage, rules: ruleFiles, targets: [target.address], interval: '1s' });
  await waitForRules(PrometheusClient.create(prometheus.url), [...policies.keys()].filter((s) => s !== NO_DATA));
}, 120_000);

afterAll(async () => {
  await prometheus?.stop();
  await target?.close();
  if (storage) rmSync(storage, { recursive: true, force: true });
});

/** Runs the CLI in-process, capturing its streams. */
async function cli(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io = { ...processIO, stdout: (s: string) => (stdout += s), stderr: (s: string) => (stderr += s) };
  const code = await runCli(argv, io);
  return { code, stdout, stderr };
}

interface BudgetJson {
  service: string;
  slo: string;
  objective: number;
  period: string;
  budgetRemaining: number;
  budgetRemainingMinutes: number;
  burnRates: Record<string, number>;
  exhaustsIn: string | null;
  frozen: boolean;
}

async function budgetJson(service: string): Promise<BudgetJson> {
  const { code, stdout, stderr } = await cli('budget', '--prometheus', prometheus.url, '--service', service, '--json');
  expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
  const doc = JSON.parse(stdout) as { slos: BudgetJson[] };
  expect(doc.slos).toHaveLength(1);
  return doc.slos[0];
}

describe.each([
  ['healthy', traffic.healthy, 0.9, false],
  ['half spent', traffic.half, 0.5, false],
  ['overspent', traffic.overspent, -0.2, true],
] as const)('the %s service', (_, t, roughly, frozen) => {
  test('budget --json agrees with the budget worked out from the traffic, to a tenth of a percent', async () => {
    const doc = await budgetJson(t.service);
    const hand = byHand(t, Date.now());
    expect(Math.abs(hand.remaining - roughly)).toBeLessThan(0.02);
    expect(Math.abs(doc.budgetRemaining - hand.remaining)).toBeLessThan(0.001);
    expect(Math.abs(doc.budgetRemainingMinutes - hand.remaining * 10.08)).toBeLessThan(0.06);
    expect(doc).toMatchObject({ service: t.service, slo: 'availability', objective: 0.999, period: '7d', frozen });
    // The burn-rate alerts' long windows (the SRE Workbook's), each within 1% of the hand count.
    expect(Object.keys(doc.burnRates)).toEqual(['1h', '6h', '1d', '3d']);
    for (const [window, ms] of [['1h', HOUR], ['6h', 6 * HOUR], ['1d', DAY], ['3d', 3 * DAY]] as const) {
      expect({ window, burn: doc.burnRates[window] }).toEqual({ window, burn: expect.closeTo(hand.burn(ms), 2) });
    }
    if (hand.remaining <= 0) expect(doc.exhaustsIn).toBe('0m');
    else if (hand.remaining * PERIOD >= hand.burn(HOUR) * PERIOD) expect(doc.exhaustsIn).toBeNull();
    else expect(minutesOf(doc.exhaustsIn!)).toBeCloseTo((hand.remaining * 7 * 24 * 60) / hand.burn(HOUR), -2);
  });

  test('the AnalysisTemplate\'s error-budget query reads the same budget, and Argo Rollouts would decide as the policy says', async () => {
    const policy = policies.get(t.service)!;
    const metric = (policy.analysisTemplate()!.spec as { metrics: Array<{ successCondition: string; failureCondition: string; provider: { prometheus: { query: string } } }> }).metrics[0];
    const client = PrometheusClient.create(prometheus.url);
    const result = (await client.query(resolveArgs(metric.provider.prometheus.query, { 'budget-exemption': 'none' }))).map((s) => s.value);
    const hand = byHand(t, Date.now());
    expect(result).toHaveLength(1);
    expect(Math.abs(result[0] - hand.remaining)).toBeLessThan(0.001);
    expect(measurementPhase(metric, result)).toBe(frozen ? 'Failed' : 'Successful');
    const exempt = (await client.query(resolveArgs(metric.provider.prometheus.query, { 'budget-exemption': 'rollback' }))).map((s) => s.value);
    expect(measurementPhase(metric, exempt)).toBe('Successful');
    const flagger = (await client.query(renderFlaggerQuery((policy.metricTemplates()[0].spec as { query: string }).query, { budgetExemption: 'none' }))).map((s) => s.value);
    expect(flaggerCheckPasses(flagger, policy.flaggerCanaryMetrics()[0].thresholdRange)).toBe(!frozen);
  });

  test(`budget --gate exits ${frozen ? 3 : 0}, and the table says why`, async () => {
    const { code, stdout, stderr } = await cli('budget', '--prometheus', prometheus.url, '--service', t.service, '--gate');
    expect(code).toBe(frozen ? 3 : 0);
    expect(stderr).toMatch(frozen ? /^gate: closed: deploys are frozen by the error-budget policy of budget-overspent\/availability \(-\d+\.\d% left\)\n$/ : /^gate: open: 1 SLO under a policy, none frozen\n$/);
    const lines = stdout.split('\n');
    expect(lines[0]).toBe(`${t.service}/availability`);
    expect(stdout).toMatch(/ {2}objective +99\.9% over 7d\n/);
    const shown = Number(/budget remaining +(-?\d+\.\d)%/.exec(stdout)![1]);
    expect(Math.abs(shown - byHand(t, Date.now()).remaining * 100)).toBeLessThanOrEqual(0.15);
    expect(stdout).toMatch(frozen ? /policy +DEPLOYS FROZEN \(freezes at 0% left, warns below 25%\)/ : /policy +deploys open/);
  });
});

describe('budget errors, each one clear line with exit status 1', () => {
  test('no data is never a healthy budget: the command and the gate say so, the AnalysisTemplate is inconclusive', async () => {
    const { code, stdout, stderr } = await cli('budget', '--prometheus', prometheus.url, '--service', NO_DATA, '--gate');
    expect({ code, stdout }).toEqual({ code: 1, stdout: '' });
    expect(stderr).toBe(
      `error: ${NO_DATA}/availability: no error-budget data: its SLI has recorded nothing, or its source series are missing (${SloMetrics.ERROR_BUDGET_REMAINING} has no value), so its budget is unknown, not healthy\n`,
    );
    const all = await cli('budget', '--prometheus', prometheus.url);
    expect({ code: all.code, stdout: all.stdout, lines: all.stderr.trim().split('\n').length }).toEqual({ code: 1, stdout: '', lines: 1 });
    const metric = (policies.get(NO_DATA)!.analysisTemplate()!.spec as { metrics: Array<{ successCondition: string; failureCondition: string; provider: { prometheus: { query: string } } }> }).metrics[0];
    const result = await PrometheusClient.create(prometheus.url).query(resolveArgs(metric.provider.prometheus.query, { 'budget-exemption': 'none' }));
    expect(measurementPhase(metric, result.map((s) => s.value))).toBe('Inconclusive');
  });

  test('--gate with no policy to apply', async () => {
    const plain = await cli('budget', '--prometheus', prometheus.url, '--service', traffic.unpoliced.service);
    expect(plain.code).toBe(0);
    expect(plain.stdout).toMatch(/policy +none \(no error-budget policy counts this SLO\)/);
    const { code, stdout, stderr } = await cli('budget', '--prometheus', prometheus.url, '--service', traffic.unpoliced.service, '--gate');
    expect({ code, stdout }).toEqual({ code: 1, stdout: '' });
    expect(stderr).toMatch(/^error: --gate: no error-budget policy covers budget-unpoliced\/availability \(Prometheus at http:\/\/127\.0\.0\.1:\d+ has no slo:budget_policy_freeze_threshold:ratio series for them\), so there is nothing to gate on; add an ErrorBudgetPolicy for the service, or leave --gate out\n$/);
  });

  test('a service or SLO it has never heard of', async () => {
    const service = await cli('budget', '--prometheus', prometheus.url, '--service', 'checkout');
    expect({ code: service.code, stdout: service.stdout }).toEqual({ code: 1, stdout: '' });
    expect(service.stderr).toMatch(
      /^error: Prometheus at http:\/\/127\.0\.0\.1:\d+ has never heard of service "checkout": no slo:objective:ratio series has service="checkout" \(it knows budget-half, budget-healthy, budget-nodata, budget-overspent, budget-unpoliced\)\n$/,
    );
    const slo = await cli('budget', '--prometheus', prometheus.url, '--service', 'budget-half', '--slo', 'latency');
    expect(slo.code).toBe(1);
    expect(slo.stderr).toMatch(/^error: Prometheus at http:\/\/127\.0\.0\.1:\d+: service budget-half has no SLO named "latency" \(it has availability\)\n$/);
  });

  test('Prometheus unreachable, or too slow', async () => {
    const closed = await cli('budget', '--prometheus', `http://127.0.0.1:${await freePort()}`);
    expect(closed).toEqual({ code: 1, stdout: '', stderr: expect.stringMatching(/^error: cannot reach Prometheus at http:\/\/127\.0\.0\.1:\d+ \(ECONNREFUSED\)\n$/) });
    const silent: Server = createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      const slow = await cli('budget', '--prometheus', `http://127.0.0.1:${(silent.address() as AddressInfo).port}`, '--timeout', '300ms');
      expect(slow).toEqual({ code: 1, stdout: '', stderr: expect.stringMatching(/^error: Prometheus at http:\/\/127\.0\.0\.1:\d+ did not answer within 300 milliseconds\n$/) });
    } finally {
      silent.closeAllConnections();
      silent.close();
    }
  });
});

/** Waits until the live server has recorded every policy verdict (the rules run every second). */
async function waitForRules(client: PrometheusClient, withData: readonly string[]): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const verdicts = await client.query('service:budget_policy_frozen:bool');
    if (withData.every((s) => verdicts.some((v) => v.labels.service === s))) return;
    if (Date.now() > deadline) throw new Error(`the rules recorded no verdict for ${withData.join(', ')} within 30 s`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

function minutesOf(text: string): number {
  const m = /^(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?$/.exec(text)!;
  return Number(m[1] ?? 0) * 1440 + Number(m[2] ?? 0) * 60 + Number(m[3] ?? 0);
}

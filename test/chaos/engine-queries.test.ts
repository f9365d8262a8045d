import { execFileSync } from 'node:child_process';
import { ChaosCondition, ChaosFault, ChaosScheduleDefinition, Duration, Objective, Sli, SloServiceDefinition } from 'sre-constructs';
import { RunningServer, startPrometheus } from '../support/servers';

/**
 * The queries the engines send, sent to Debian's real Prometheus holding recorded SLO series for four
 * services: healthy, breached (20% errors), quiet (no traffic: the SLO records a ratio of 0) and silent
 * (nothing recorded at all).
 *
 * - Chaos Mesh: the status check URL exactly as the Schedule carries it must answer 200 only while the
 *   condition holds (its criteria accept 200 and nothing else).
 * - Litmus: the probe query exactly as the ChaosEngine carries it, read by a real shell the way litmus-go
 *   runs it, must return one row whose value passes the comparator only while the condition holds.
 */
type Case = 'healthy' | 'breached' | 'quiet' | 'silent';
const CASES: Record<Case, { ratio: number; total: number; remaining: number } | undefined> = {
  healthy: { ratio: 0.001, total: 50, remaining: 0.8 },
  breached: { ratio: 0.2, total: 50, remaining: 0.1 },
  quiet: { ratio: 0, total: 0, remaining: 0.9 },
  silent: undefined,
};

let prometheus: RunningServer;

beforeAll(async () => {
  const now = Math.floor(Date.now() / 1000);
  const lines: string[] = [];
  const family = (name: string, pick: (v: { ratio: number; total: number; remaining: number }) => number) => {
    lines.push(`# TYPE ${name} gauge`);
    for (const [service, v] of Object.entries(CASES)) {
      if (!v) continue;
      for (let t = now - 600; t <= now; t += 15) lines.push(`${name}{service="${service}",slo="availability"} ${pick(v)} ${t}`);
    }
  };
  family('slo:sli_error:ratio_rate5m', (v) => v.ratio);
  family('slo:sli_total:rate5m', (v) => v.total);
  family('slo:period_error_budget_remaining:ratio', (v) => v.remaining);
  prometheus = await startPrometheus({ openMetrics: `${lines.join('\n')}\n` });
});

afterAll(async () => {
  await prometheus?.stop();
});

function schedule(service: Case, engine: 'chaos-mesh' | 'litmus'): ChaosScheduleDefinition {
  const slos = SloServiceDefinition.create({
    service,
    slos: [{ name: 'availability', sli: Sli.availability({ requests: `http_requests_total{service="${service}"}` }), objective: Objective.percent(99.9) }],
  });
  return ChaosScheduleDefinition.create({
    service,
    engine,
    prometheusUrl: prometheus.url,
    slos,
    experiments: [
      {
        name: 'latency',
        fault: ChaosFault.networkLatency({ latency: Duration.millis(200) }),
        target: { namespace: 'shop', selector: { app: service }, percent: 50 },
        duration: Duration.minutes(10),
        schedule: '0 10 * * 2',
        environment: { name: 'staging', production: false },
        hypothesis: [ChaosCondition.sloErrorRatio('availability', { below: 0.01 })],
        abortUnless: [ChaosCondition.sloErrorRatio('availability', { atMost: 0.05 }), ChaosCondition.errorBudgetRemaining('availability', { above: 0.25 })],
      },
    ],
  });
}

interface StatusCheckTemplate {
  name: string;
  statusCheck?: { http: { url: string; criteria: { statusCode: string } } };
}

async function statusCodes(service: Case): Promise<Record<string, number>> {
  const [manifest] = schedule(service, 'chaos-mesh').chaosMeshSchedules();
  const templates = (manifest.spec as { workflow: { templates: StatusCheckTemplate[] } }).workflow.templates.filter((t) => t.statusCheck);
  const out: Record<string, number> = {};
  for (const t of templates) {
    expect(t.statusCheck!.http.criteria.statusCode).toBe('200');
    out[t.name] = (await fetch(t.statusCheck!.http.url)).status;
  }
  return out;
}

test('Chaos Mesh: every status check answers 200 while its condition holds', async () => {
  expect(await statusCodes('healthy')).toEqual({
    'steady-availability-error-ratio': 200,
    'guard-availability-error-ratio': 200,
    'guard-availability-error-budget': 200,
    'abort-availability-error-ratio': 200,
    'abort-availability-error-budget': 200,
    'observe-availability-error-ratio': 200,
  });
});

test('Chaos Mesh: a breach, no traffic and missing data all answer 422, which the criteria count as a failure', async () => {
  expect(await statusCodes('breached')).toEqual({
    'steady-availability-error-ratio': 422,
    'guard-availability-error-ratio': 422,
    'guard-availability-error-budget': 422,
    'abort-availability-error-ratio': 422,
    'abort-availability-error-budget': 422,
    'observe-availability-error-ratio': 422,
  });
  const quiet = await statusCodes('quiet');
  expect(quiet['abort-availability-error-ratio']).toBe(422);
  expect(quiet['guard-availability-error-budget']).toBe(200);
  expect(Object.values(await statusCodes('silent'))).toEqual([422, 422, 422, 422, 422, 422]);
});

interface Probe {
  name: string;
  'promProbe/inputs': { endpoint: string; query: string; comparator: { criteria: string; value: string } };
}

/** What litmus-go does with a promProbe: run the query through `sh -c`, demand exactly one row, compare its value. */
async function litmusVerdicts(service: Case): Promise<Record<string, boolean>> {
  const [engine] = schedule(service, 'litmus').litmusEngines();
  const probes = (engine.spec as { experiments: Array<{ spec: { probe: Probe[] } }> }).experiments[0].spec.probe;
  const out: Record<string, boolean> = {};
  for (const p of probes) {
    const inputs = p['promProbe/inputs'];
    const query = execFileSync('sh', ['-c', `printf '%s' "${inputs.query}"`], { encoding: 'utf8' });
    const response = await fetch(`${inputs.endpoint}/api/v1/query?query=${encodeURIComponent(query)}`);
    const body = (await response.json()) as { status: string; data: { result: Array<{ value: [number, string] }> } };
    expect(body.status).toBe('success');
    const rows = body.data.result;
    if (rows.length !== 1) {
      out[p.name] = false;
      continue;
    }
    const actual = Number.parseFloat(rows[0].value[1]);
    const expected = Number.parseFloat(inputs.comparator.value);
    const compare: Record<string, (a: number, b: number) => boolean> = { '<': (a, b) => a < b, '<=': (a, b) => a <= b, '>': (a, b) => a > b, '>=': (a, b) => a >= b };
    out[p.name] = compare[inputs.comparator.criteria](actual, expected);
  }
  return out;
}

test('Litmus: every probe passes while its condition holds, reading the query through a real shell', async () => {
  expect(await litmusVerdicts('healthy')).toEqual({
    'steady-availability-error-ratio': true,
    'guard-availability-error-ratio': true,
    'guard-availability-error-budget': true,
    'abort-availability-error-ratio': true,
    'abort-availability-error-budget': true,
    'observe-availability-error-ratio': true,
  });
});

test('Litmus: a breach, no traffic and missing data fail the probes', async () => {
  expect(Object.values(await litmusVerdicts('breached'))).toEqual([false, false, false, false, false, false]);
  const quiet = await litmusVerdicts('quiet');
  expect(quiet['abort-availability-error-ratio']).toBe(false);
  expect(quiet['guard-availability-error-budget']).toBe(true);
  expect(Object.values(await litmusVerdicts('silent'))).toEqual([false, false, false, false, false, false]);
});

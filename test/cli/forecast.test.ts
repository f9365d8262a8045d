import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DOMParser } from '@xmldom/xmldom';
import { runCli } from '../../lib/cli/main';
import { CliIO, processIO } from '../../lib/cli/io';
import { RunningServer, freePort, startPrometheus } from '../support/servers';
import { SyntheticSeries, synthetic } from '../support/synthetic';

/**
 * `sre-constructs forecast` against Debian's Prometheus, with 90 days of hourly history backfilled: series whose
 * trend, cycles and noise are known.
 */
const DAY = 86400;
const END = Math.floor(Date.now() / 1000 / 3600) * 3600 - 2 * 3600;
const START = END - 90 * DAY;
const CAPACITY = 2000;
const base: SyntheticSeries = { start: START, days: 90, stepSeconds: 3600, level: 1000, trendPerDay: 5, weekly: 60, monthly: 40, daily: 30, noise: 15, seed: 3 };
const SERIES: Record<string, SyntheticSeries> = {
  growing: base,
  flat: { ...base, trendPerDay: 0, seed: 4 },
  over: { ...base, level: 2500, trendPerDay: 0, seed: 5 },
  // Twenty days only: too short for a 90-day horizon.
  short: { ...base, start: END - 20 * DAY, days: 20, seed: 6 },
};

let prometheus: RunningServer;
let dir: string;

beforeAll(async () => {
  const lines = ['# TYPE capacity_demo gauge'];
  for (const [name, spec] of Object.entries(SERIES)) {
    for (const [t, v] of synthetic(spec)) lines.push(`capacity_demo{series="${name}"} ${v.toFixed(3)} ${t}`);
  }
  prometheus = await startPrometheus({ openMetrics: `${lines.join('\n')}\n`, maxBlockDuration: '2400h' });
});

afterAll(async () => {
  await prometheus?.stop();
});

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'sre-constructs-forecast-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

async function cli(argv: string[], extra: Partial<CliIO> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, { ...processIO, stderrIsTTY: false, stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), ...extra });
  return { code, stdout, stderr };
}

const forecastOf = (series: string, ...more: string[]) =>
  cli(['forecast', '--prometheus', prometheus.url, '--query', `capacity_demo{series="${series}"}`, '--capacity', String(CAPACITY), '--end', String(END), ...more]);

/** The day the true 90th percentile (noiseless series + 1.28 sd) times 1.2 first reaches capacity, counted from END. */
function knownRunway(spec: SyntheticSeries): number {
  for (let t = END; t < END + 400 * DAY; t += 3600) {
    const [[, v]] = synthetic({ ...spec, noise: 0 }, [t]);
    if ((v + 1.2816 * spec.noise) * 1.2 >= CAPACITY) return (t - END) / DAY;
  }
  return Infinity;
}

describe('sre-constructs forecast on a real Prometheus', () => {
  test('finds the runway of a growing series within 3 days of the known answer', async () => {
    const { code, stdout, stderr } = await forecastOf('growing', '--json');
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    const out = JSON.parse(stdout);
    expect(out.series).toHaveLength(1);
    const [s] = out.series;
    expect(s.labels).toEqual({ __name__: 'capacity_demo', series: 'growing' });
    const expected = knownRunway(SERIES.growing);
    expect(expected).toBeGreaterThan(20);
    expect(expected).toBeLessThan(60);
    expect(Math.abs(s.runwayDays - expected)).toBeLessThanOrEqual(3);
    expect(s.current).toBeGreaterThan(1300);
    expect(Object.keys(s.forecast)).toEqual(['30d', '60d', '90d']);
    expect(s.forecast['90d']).toBeGreaterThan(s.forecast['30d']);
    expect(s.capacityNeeded90d).toBeGreaterThanOrEqual(s.forecast['90d']);
    expect(s.recommendation).toMatch(/^(Act within|Plan for it)/);
    expect(out.model).toMatchObject({ method: 'seasonal-trend-regression', seasonalities: ['daily', 'weekly', 'monthly'], interval: 0.8 });
    expect(out.model.mape).toBeGreaterThan(0);
    expect(out.model.mape).toBeLessThan(0.05);
  });

  test('a flat series gets no runway', async () => {
    const { code, stdout } = await forecastOf('flat', '--json');
    expect(code).toBe(0);
    const [s] = JSON.parse(stdout).series;
    expect(s.runwayDays).toBeNull();
    expect(s.recommendation).toMatch(/^No action needed/);
  });

  test('a series already above capacity is refused, and with --allow-over says so', async () => {
    const refused = await forecastOf('over');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/^error: capacity_demo\{series="over"\} is at [\d.]+, already at or above --capacity 2000: give the real capacity, or --allow-over/);
    const { code, stdout } = await forecastOf('over', '--allow-over', '--json');
    expect(code).toBe(0);
    const [s] = JSON.parse(stdout).series;
    expect(s.runwayDays).toBe(0);
    expect(s.recommendation).toMatch(/is already above the capacity \(2k\): add capacity now/);
  });

  test('--out writes a Markdown report with a well-formed SVG chart per series, and the terminal summary', async () => {
    const out = join(dir, 'capacity report.md');
    const { code, stdout } = await cli(['forecast', '--prometheus', prometheus.url, '--query', 'capacity_demo{series=~"growing|flat"}', '--capacity', '2000', '--end', String(END), '--out', out]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/capacity_demo\{series="growing"\}: now [\d.]+k of 2k/);
    const markdown = readFileSync(out, 'utf8');
    expect(markdown).toMatch(/^# Capacity forecast\n/);
    const charts = [...markdown.matchAll(/!\[[^\]]*\]\(([^)]+\.svg)\)/g)].map((m) => m[1]);
    expect(charts).toEqual(['capacity-report.forecast-1.svg', 'capacity-report.forecast-2.svg']);
    for (const chart of charts) {
      const svg = readFileSync(join(dir, chart), 'utf8');
      const doc = new DOMParser().parseFromString(svg, 'image/svg+xml');
      expect(doc.documentElement?.nodeName).toBe('svg');
      expect(svg).toMatch(/capacity minus 20% margin/);
    }
    // The series with the shorter runway comes first.
    expect(markdown.indexOf('series="growing"')).toBeLessThan(markdown.indexOf('series="flat"'));
  });

  test('draws a progress bar on a terminal only', async () => {
    let stderr = '';
    const code = await runCli(['forecast', '--prometheus', prometheus.url, '--query', 'capacity_demo{series="flat"}', '--capacity', '2000', '--end', String(END), '--step', '5m', '--json'], {
      ...processIO,
      stderrIsTTY: true,
      stdout: () => undefined,
      stderr: (t) => (stderr += t),
    });
    expect(code).toBe(0);
    expect(stderr).toMatch(/\rfetching history \[#+\.*\] +\d+%/);
    expect(stderr).toMatch(/100%/);
    const quiet = await forecastOf('flat', '--step', '5m', '--json');
    expect(quiet.stderr).toBe('');
  });
});

describe('bad forecast input: exit 1, one clear line, nothing written', () => {
  const expectRefused = async (argv: string[], message: RegExp, code = 1) => {
    const out = join(dir, 'report.md');
    const result = await cli([...argv, '--out', out]);
    expect({ code: result.code, stdout: result.stdout }).toEqual({ code, stdout: '' });
    expect(result.stderr.trimEnd()).toMatch(message);
    expect(result.stderr.trim().split('\n')).toHaveLength(code === 2 ? 2 : 1);
    expect(readdirSync(dir)).toEqual([]);
  };
  const args = (query: string, ...more: string[]) => ['forecast', '--prometheus', prometheus.url, '--query', query, '--capacity', '2000', '--end', String(END), ...more];

  test('a query that does not parse', async () => {
    await expectRefused(args('sum(rate(capacity_demo[5m])'), /^error: --query is not valid PromQL: it /);
  });

  test('a query returning nothing', async () => {
    await expectRefused(args('capacity_demo{series="missing"}'), /^error: the query returned no samples from .* to .*: check the metric name and labels/);
  });

  test('a query Prometheus refuses', async () => {
    await expectRefused(args('capacity_demo + on () capacity_demo'), /^error: Prometheus at http:\/\/127\.0\.0\.1:\d+ refused the query/);
  });

  test('a horizon longer than --history, and one longer than the history Prometheus has', async () => {
    await expectRefused(args('capacity_demo{series="flat"}', '--horizon', '120d'), /^error: --horizon 120d is longer than --history 90d: a forecast reaches at most as far ahead as the history it learns from/);
    await expectRefused(args('capacity_demo{series="flat"}', '--horizon', '100d', '--history', '120d'), /^error: capacity_demo\{series="flat"\} has 90 days of history, less than the 100 days horizon/);
  });

  test('a capacity of zero, and one below the current usage', async () => {
    await expectRefused([...args('capacity_demo{series="flat"}').slice(0, 5), '--capacity', '0'], /^error: --capacity 0 is not above zero/);
    await expectRefused([...args('capacity_demo{series="flat"}').slice(0, 5), '--capacity', '500', '--end', String(END)], /already at or above --capacity 500/);
  });

  test('an unreachable Prometheus and a silent one', async () => {
    const closed = `http://127.0.0.1:${await freePort()}`;
    await expectRefused(['forecast', '--prometheus', closed, '--query', 'up', '--capacity', '1'], /^error: cannot reach Prometheus at http:\/\/127\.0\.0\.1:\d+ \(ECONNREFUSED\)$/);
    const silent: Server = createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(silent.address() as AddressInfo).port}`;
      await expectRefused(['forecast', '--prometheus', url, '--query', 'up', '--capacity', '1', '--timeout', '300ms'], /^error: Prometheus at .* did not answer within 300 milliseconds$/);
    } finally {
      silent.closeAllConnections();
      silent.close();
    }
  });

  test('a margin that is not a percentage is a usage error', async () => {
    await expectRefused(args('capacity_demo', '--margin', '0.2'), /^error: --margin "0\.2" is not a percentage from 0% to 100%, such as 20%/, 2);
  });

  test('no report, chart or partial file is left behind when one of several series fails', async () => {
    await expectRefused(args('capacity_demo{series=~"flat|short"}'), /^error: capacity_demo\{series="short"\} has 20 days of history, less than the 90 days horizon/);
    expect(existsSync(join(dir, 'report.md'))).toBe(false);
  });
});

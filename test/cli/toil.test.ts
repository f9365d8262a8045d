import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DOMParser } from '@xmldom/xmldom';
import { runCli } from '../../lib/cli/main';
import { processIO } from '../../lib/cli/io';
import { RunningServer, freePort, startPrometheus } from '../support/servers';

/**
 * `sre-constructs toil` against Debian's Prometheus with backfilled ALERTS and ALERTS_FOR_STATE series whose
 * firings are known, and rules loaded so /api/v1/rules says which alerts have a runbook.
 */
const DAY = 86400;
const END = Math.floor(Date.now() / 1000 / 3600) * 3600 - 2 * 3600;
const MIDNIGHT = Math.floor(END / DAY) * DAY;
const at = (daysAgo: number, hhmm: string) => MIDNIGHT - daysAgo * DAY + Number(hhmm.slice(0, 2)) * 3600 + Number(hhmm.slice(3)) * 60;

interface Firing {
  readonly labels: Record<string, string>;
  /** Start (inclusive) and end (exclusive: the first minute no longer firing), and when it became active. */
  readonly from: number;
  readonly to: number;
  readonly activeAt?: number;
}

const checkoutDown = { alertname: 'CheckoutDown', service: 'checkout', severity: 'critical', sev: 'SEV2' };
const checkoutLatency = { alertname: 'CheckoutLatency', service: 'checkout', severity: 'warning', sev: 'SEV3' };
const quick = { alertname: 'QuickRetrigger', service: 'checkout', severity: 'warning' };
const FIRINGS: Firing[] = [
  { labels: checkoutDown, from: at(20, '03:00'), to: at(20, '03:30') },
  { labels: checkoutDown, from: at(10, '14:00'), to: at(10, '14:10') },
  { labels: checkoutDown, from: at(3, '15:00'), to: at(3, '15:20') },
  ...['10:00', '10:20', '10:45', '11:10'].map((hhmm) => ({ labels: checkoutLatency, from: at(5, hhmm), to: at(5, hhmm) + 4 * 60 })),
  { labels: { alertname: 'DiskAlmostFull', service: 'storage', severity: 'critical', persistentvolumeclaim: 'data-0' }, from: at(15, '23:30'), to: at(14, '00:30') },
  { labels: { alertname: 'DiskAlmostFull', service: 'storage', severity: 'critical', persistentvolumeclaim: 'data-1' }, from: at(2, '09:00'), to: at(2, '11:00') },
  { labels: { alertname: 'OldAlert', service: 'legacy', severity: 'warning' }, from: at(7, '12:00'), to: at(7, '12:15') },
  // Resolved and fired again at once: contiguous ALERTS samples, told apart only by ALERTS_FOR_STATE.
  { labels: quick, from: at(8, '12:00'), to: at(8, '12:10'), activeAt: at(8, '11:55') },
  { labels: quick, from: at(8, '12:10'), to: at(8, '12:20'), activeAt: at(8, '12:09') },
];

function openMetrics(): string {
  const series = (labels: Record<string, string>) =>
    Object.entries(labels)
      .map(([k, v]) => `${k}="${v}"`)
      .join(',');
  const alerts: string[] = [];
  const forState: string[] = [];
  // Per series, samples in time order: every minute while firing, a NaN (not firing) the minute it resolves.
  const byInstance = new Map<string, Firing[]>();
  for (const f of FIRINGS) byInstance.set(series(f.labels), [...(byInstance.get(series(f.labels)) ?? []), f]);
  for (const [labels, firings] of byInstance) {
    firings.forEach((f, i) => {
      for (let t = f.from; t < f.to; t += 60) {
        alerts.push(`ALERTS{${labels},alertstate="firing"} 1 ${t}`);
        forState.push(`ALERTS_FOR_STATE{${labels}} ${f.activeAt ?? f.from - 300} ${t}`);
      }
      if (firings[i + 1]?.from !== f.to) {
        alerts.push(`ALERTS{${labels},alertstate="firing"} NaN ${f.to}`);
        forState.push(`ALERTS_FOR_STATE{${labels}} NaN ${f.to}`);
      }
    });
  }
  return ['# TYPE ALERTS gauge', ...alerts, '# TYPE ALERTS_FOR_STATE gauge', ...forState, ''].join('\n');
}

const never = (alert: string, annotations: Record<string, string>) => ({ alert, expr: 'vector(1) < 0', for: '5m', labels: { severity: 'critical' }, annotations });

let prometheus: RunningServer;
let dir: string;

beforeAll(async () => {
  prometheus = await startPrometheus({
    openMetrics: openMetrics(),
    maxBlockDuration: '2400h',
    rules: [
      {
        groups: [
          {
            name: 'shop',
            rules: [
              never('CheckoutDown', { runbook_url: 'https://runbooks.example.com/checkout-down' }),
              never('CheckoutLatency', { runbook_url: 'https://runbooks.example.com/checkout-latency' }),
              never('QuickRetrigger', { runbook_url: 'https://runbooks.example.com/quick' }),
              never('DiskAlmostFull', { summary: 'A disk is almost full' }),
            ],
          },
        ],
      },
    ],
  });
});

afterAll(async () => {
  await prometheus?.stop();
});

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'sre-constructs-toil-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

async function toil(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(['toil', '--prometheus', prometheus.url, '--since', '28d', '--end', String(END), ...argv], {
    ...processIO,
    stderrIsTTY: false,
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
  });
  return { code, stdout, stderr };
}

interface AlertRow {
  alertname: string;
  service: string;
  fired: number;
  firingSeconds: number;
  medianFiringSeconds: number;
  flaps: number;
  flapping: boolean;
  nightFirings: number;
  runbook: boolean | null;
  pages: boolean;
  reasons: string[];
}

describe('sre-constructs toil on a real Prometheus', () => {
  let report: { totals: Record<string, number>; alerts: AlertRow[]; toilCandidates: AlertRow[]; services: Array<Record<string, unknown>>; weeks: Array<{ week: string; pages: number }> };
  const alert = (name: string) => report.alerts.find((a) => a.alertname === name)!;

  beforeAll(async () => {
    const { code, stdout, stderr } = await toil('--json');
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    report = JSON.parse(stdout);
  });

  test('counts each alert\'s firings, total and median firing time', () => {
    expect(report.alerts.map((a) => [a.alertname, a.service, a.fired, a.firingSeconds / 60, a.medianFiringSeconds / 60])).toEqual(
      expect.arrayContaining([
        ['CheckoutDown', 'checkout', 3, 60, 20],
        ['CheckoutLatency', 'checkout', 4, 16, 4],
        ['DiskAlmostFull', 'storage', 2, 180, 90],
        ['OldAlert', 'legacy', 1, 15, 15],
        ['QuickRetrigger', 'checkout', 2, 20, 10],
      ]),
    );
    expect(report.totals).toMatchObject({ fired: 12, pages: 5, nightPages: 2, alerts: 5 });
  });

  test('finds flapping, night firings (UTC by default) and missing runbooks', () => {
    expect([alert('CheckoutLatency').flaps, alert('CheckoutLatency').flapping]).toEqual([3, true]);
    expect([alert('QuickRetrigger').flaps, alert('QuickRetrigger').flapping]).toEqual([1, false]);
    expect([alert('CheckoutDown').nightFirings, alert('DiskAlmostFull').nightFirings, alert('CheckoutLatency').nightFirings]).toEqual([1, 1, 0]);
    expect([alert('CheckoutDown').runbook, alert('DiskAlmostFull').runbook, alert('OldAlert').runbook]).toEqual([true, false, null]);
    expect(alert('DiskAlmostFull').reasons).toContain('no runbook');
    expect(alert('CheckoutLatency').reasons).toContain('median firing under 5 minutes: it resolves before anyone can act');
  });

  test('ranks the noisiest alerts as toil candidates', () => {
    expect(report.toilCandidates.map((a) => a.alertname)).toEqual(['CheckoutLatency', 'CheckoutDown', 'DiskAlmostFull', 'QuickRetrigger']);
  });

  test('gives the share of pages per service and per week', () => {
    expect(report.services.map((s) => [s.service, s.pages, s.pageShare, s.nightPages])).toEqual([
      ['checkout', 3, 0.6, 1],
      ['storage', 2, 0.4, 1],
      ['legacy', 0, 0, 0],
    ]);
    expect(report.weeks.length).toBeGreaterThanOrEqual(5);
    expect(report.weeks.reduce((n, w) => n + w.pages, 0)).toBe(5);
  });

  test('counts night in the time zone given', async () => {
    const { stdout } = await toil('--json', '--timezone', 'Asia/Tokyo');
    const tokyo = JSON.parse(stdout).alerts as AlertRow[];
    // 03:00, 14:00 and 15:00 UTC are 12:00, 23:00 and 00:00 in Tokyo.
    expect(tokyo.find((a) => a.alertname === 'CheckoutDown')!.nightFirings).toBe(2);
    expect(tokyo.find((a) => a.alertname === 'DiskAlmostFull')!.nightFirings).toBe(0);
  });

  test('tells firings apart by ALERTS_FOR_STATE at a coarse step', async () => {
    const { stdout } = await toil('--json', '--step', '5m');
    const coarse = JSON.parse(stdout).alerts as AlertRow[];
    expect(coarse.find((a) => a.alertname === 'QuickRetrigger')!.fired).toBe(2);
    expect(coarse.find((a) => a.alertname === 'CheckoutLatency')!.fired).toBe(4);
    expect(coarse.find((a) => a.alertname === 'CheckoutDown')!.fired).toBe(3);
  });

  test('--out writes a Markdown report with an SVG chart of pages per week', async () => {
    const out = join(dir, 'toil.md');
    const { code, stdout } = await toil('--out', out);
    expect(code).toBe(0);
    expect(stdout).toMatch(/5 alerts fired 12 times, 5 pages \(2 at night, 22:00-07:00 UTC\)/);
    expect(stdout).toMatch(/1\. CheckoutLatency \(checkout\): fired 4 times; flapping: fired again within an hour of resolving 3 times/);
    const markdown = readFileSync(out, 'utf8');
    expect(markdown).toMatch(/^# On-call load and toil\n/);
    expect(markdown).toContain('![Pages per week, stacked by service](toil.pages-per-week.svg)');
    const svg = readFileSync(join(dir, 'toil.pages-per-week.svg'), 'utf8');
    expect(new DOMParser().parseFromString(svg, 'image/svg+xml').documentElement?.nodeName).toBe('svg');
    expect((svg.match(/<rect [^>]*><title>/g) ?? []).length).toBeGreaterThanOrEqual(4);
  });
});

describe('bad toil input: exit 1, one clear line, nothing written', () => {
  test('a range with no ALERTS data is an error, never an empty report', async () => {
    const out = join(dir, 'toil.md');
    let stderr = '';
    const code = await runCli(['toil', '--prometheus', prometheus.url, '--since', '7d', '--end', String(END - 60 * DAY), '--out', out], {
      ...processIO,
      stdout: () => undefined,
      stderr: (t) => (stderr += t),
    });
    expect(code).toBe(1);
    expect(stderr.trimEnd()).toMatch(/^error: Prometheus at http:\/\/127\.0\.0\.1:\d+ has no firing ALERTS from .* to .*: either no alert fired, or the rules or their history are missing/);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(readdirSync(dir)).toEqual([]);
  });

  test('an unreachable Prometheus', async () => {
    let stderr = '';
    const code = await runCli(['toil', '--prometheus', `http://127.0.0.1:${await freePort()}`, '--out', join(dir, 'toil.md')], { ...processIO, stdout: () => undefined, stderr: (t) => (stderr += t) });
    expect(code).toBe(1);
    expect(stderr.trimEnd()).toMatch(/^error: cannot reach Prometheus at http:\/\/127\.0\.0\.1:\d+ \(ECONNREFUSED\)$/);
    expect(readdirSync(dir)).toEqual([]);
  });

  test('a time zone or night hours that are not ones are usage errors', async () => {
    expect((await toil('--timezone', 'Mars/Olympus')).stderr).toMatch(/^error: --timezone "Mars\/Olympus" is not an IANA time zone/);
    expect((await toil('--night', '22-7')).code).toBe(2);
  });
});

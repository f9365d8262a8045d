import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Duration, IncidentRoutingDefinition, IncidentRoutingProps, InhibitionProps, Receiver, toYaml } from 'sre-constructs';
import { RunningServer, startAlertmanager } from '../support/servers';
import { Notification, WebhookReceiver, startWebhookReceiver } from '../support/webhook';

/**
 * The generated routing on Debian's real Alertmanager: every receiver is a webhook this test serves on
 * loopback, alerts go in through the API, and what arrives is what the routing promises. Timings are the
 * test-only override (1 s waits, escalation after 3 s) so the whole file runs in seconds; the derived
 * timings are checked with amtool in incident-routing.test.ts.
 */
let hook: WebhookReceiver;
let am: RunningServer;

function routing(inhibitions: InhibitionProps = {}): IncidentRoutingProps {
  const to = (name: string) => Receiver.webhook(name, { url: `${hook.url}/${name}` });
  return {
    name: 'identity',
    receivers: [to('pager'), to('senior'), to('tickets'), to('deadman')],
    paging: 'pager',
    tickets: 'tickets',
    senior: 'senior',
    watchdog: { receiver: 'deadman' },
    inhibitions,
    testTimings: { groupWait: Duration.seconds(1), groupInterval: Duration.seconds(1), repeatInterval: Duration.hours(1), escalateAfter: Duration.seconds(3) },
  };
}

function configYaml(inhibitions?: InhibitionProps): string {
  return toYaml(IncidentRoutingDefinition.create(routing(inhibitions)).alertmanagerYaml());
}

/** Loads another configuration into the running Alertmanager. */
async function reload(inhibitions: InhibitionProps): Promise<void> {
  writeFileSync(join(am.dir, 'alertmanager.yml'), configYaml(inhibitions));
  const r = await fetch(`${am.url}/-/reload`, { method: 'POST' });
  expect(r.status).toBe(200);
}

interface TestAlert {
  readonly labels: Record<string, string>;
  readonly resolved?: boolean;
}

async function post(alerts: readonly TestAlert[]): Promise<void> {
  const body = alerts.map((a) => ({ labels: a.labels, annotations: { summary: a.labels.alertname }, ...(a.resolved ? { endsAt: new Date().toISOString() } : {}) }));
  const r = await fetch(`${am.url}/api/v2/alerts`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  expect(r.status).toBe(200);
}

/** Alertmanager's own view of the alerts of one service: which are inhibited. */
async function inhibited(service: string): Promise<Record<string, boolean>> {
  const r = await fetch(`${am.url}/api/v2/alerts?filter=${encodeURIComponent(`service="${service}"`)}`);
  const alerts = (await r.json()) as Array<{ labels: Record<string, string>; status: { inhibitedBy: string[] } }>;
  return Object.fromEntries(alerts.map((a) => [`${a.labels.alertname}/${a.labels.slo ?? '-'}/${a.labels.sev}`, a.status.inhibitedBy.length > 0]));
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const of = (service: string) => (n: Notification) => n.alerts.some((a) => a.labels.service === service);
const at = (path: string, service: string, status = 'firing') => (n: Notification) => n.path === `/${path}` && n.status === status && of(service)(n);
const arrivedFor = (service: string) => hook.received.filter(of(service)).map((n) => `${n.path} ${n.status} ${n.alerts.map((a) => `${a.labels.alertname}/${a.labels.slo ?? '-'}/${a.labels.sev ?? '-'}`).sort().join(',')}`).sort();

beforeAll(async () => {
  hook = await startWebhookReceiver();
  am = await startAlertmanager(configYaml());
});

afterAll(async () => {
  await am?.stop();
  await hook?.close();
});

describe('the routing on a real Alertmanager', () => {
  test('each SEV reaches its receivers: SEV1 the pager and the senior rotation at once, SEV2 the pager, SEV3/SEV4 and unclassified alerts the tickets', async () => {
    await post([
      { labels: { alertname: 'Outage', service: 'r1', sev: 'SEV1', severity: 'critical' } },
      { labels: { alertname: 'Major', service: 'r2', sev: 'SEV2', severity: 'critical' } },
      { labels: { alertname: 'Degraded', service: 'r3', sev: 'SEV3', severity: 'warning' } },
      { labels: { alertname: 'Minor', service: 'r4', sev: 'SEV4', severity: 'info' } },
      { labels: { alertname: 'KubePodCrashLooping', service: 'r5', severity: 'warning' } },
    ]);
    await Promise.all([
      hook.waitFor(at('pager', 'r1')),
      hook.waitFor(at('senior', 'r1')),
      hook.waitFor(at('pager', 'r2')),
      hook.waitFor(at('tickets', 'r3')),
      hook.waitFor(at('tickets', 'r4')),
      hook.waitFor(at('tickets', 'r5')),
    ]);
    // The escalation route waits 3 s: by then the SEV2 has reached the senior rotation too, and nothing else has.
    await hook.waitFor(at('senior', 'r2'));
    expect(['r1', 'r2', 'r3', 'r4', 'r5'].map(arrivedFor)).toEqual([
      ['/pager firing Outage/-/SEV1', '/senior firing Outage/-/SEV1'],
      ['/pager firing Major/-/SEV2', '/senior firing Major/-/SEV2'],
      ['/tickets firing Degraded/-/SEV3'],
      ['/tickets firing Minor/-/SEV4'],
      ['/tickets firing KubePodCrashLooping/-/-'],
    ]);
  });

  test('a SEV2 escalates to the senior rotation only when still firing after the escalation delay', async () => {
    const start = Date.now();
    await post([
      { labels: { alertname: 'Major', service: 'e1', sev: 'SEV2' } },
      { labels: { alertname: 'Major', service: 'e2', sev: 'SEV2' } },
    ]);
    await hook.waitFor(at('pager', 'e2'));
    await post([{ labels: { alertname: 'Major', service: 'e2', sev: 'SEV2' }, resolved: true }]);
    const escalated = await hook.waitFor(at('senior', 'e1'));
    expect(escalated.at - start).toBeGreaterThanOrEqual(2900);
    await sleep(1500);
    expect(hook.received.filter(at('senior', 'e2'))).toEqual([]);
  });

  test('alerts of one SLO that fire together make one notification; another SLO makes its own', async () => {
    const burn = (slo: string, long: string) => ({ labels: { alertname: 'SloErrorBudgetBurn', service: 'g1', slo, sev: 'SEV2', long } });
    await post([burn('availability', '1h'), burn('availability', '6h'), burn('latency', '1h')]);
    await hook.waitFor((n) => at('pager', 'g1')(n) && n.groupLabels.slo === 'latency');
    await hook.waitFor((n) => at('pager', 'g1')(n) && n.groupLabels.slo === 'availability');
    await sleep(1500);
    const pages = hook.received.filter(at('pager', 'g1'));
    expect(pages.map((n) => [n.groupLabels.slo, n.alerts.map((a) => a.labels.long).sort()]).sort()).toEqual([
      ['availability', ['1h', '6h']],
      ['latency', ['1h']],
    ]);
  });

  test('the Watchdog reaches the dead-man\'s switch and nothing else', async () => {
    await post([{ labels: { alertname: 'Watchdog', severity: 'none' } }]);
    await hook.waitFor((n) => n.path === '/deadman' && n.alerts.some((a) => a.labels.alertname === 'Watchdog'));
    await sleep(1500);
    expect(hook.received.filter((n) => n.alerts.some((a) => a.labels.alertname === 'Watchdog')).map((n) => n.path)).toEqual(['/deadman']);
  });

  test('a resolved alert is announced as resolved', async () => {
    const alert = { labels: { alertname: 'Degraded', service: 'z1', sev: 'SEV3' } };
    await post([alert]);
    await hook.waitFor(at('tickets', 'z1'));
    await post([{ ...alert, resolved: true }]);
    const resolved = await hook.waitFor(at('tickets', 'z1', 'resolved'));
    expect(resolved.alerts.map((a) => a.status)).toEqual(['resolved']);
  });
});

/** What reached the pager and the tickets (the SEV2 escalation to the senior rotation is tested above). */
const pagesAndTickets = (service: string) => arrivedFor(service).filter((line) => !line.startsWith('/senior'));

describe('each inhibition on its own, on a real Alertmanager', () => {
  test('a page about an SLO silences the tickets of the same SLO, not those of another', async () => {
    await reload({ pageSilencesTicketsOfSameSlo: true, severeSilencesLesserOfService: false, absentDataSilencesBurnRate: false });
    await post([{ labels: { alertname: 'SloErrorBudgetBurn', service: 'i1', slo: 'availability', sev: 'SEV2', long: '1h' } }]);
    await hook.waitFor(at('pager', 'i1'));
    await post([
      { labels: { alertname: 'SloErrorBudgetBurn', service: 'i1', slo: 'availability', sev: 'SEV3', long: '6h' } },
      { labels: { alertname: 'SloErrorBudgetBurn', service: 'i1', slo: 'latency', sev: 'SEV3', long: '6h' } },
    ]);
    await hook.waitFor(at('tickets', 'i1'));
    await sleep(1500);
    expect(await inhibited('i1')).toEqual({ 'SloErrorBudgetBurn/availability/SEV2': false, 'SloErrorBudgetBurn/availability/SEV3': true, 'SloErrorBudgetBurn/latency/SEV3': false });
    expect(pagesAndTickets('i1')).toEqual(['/pager firing SloErrorBudgetBurn/availability/SEV2', '/tickets firing SloErrorBudgetBurn/latency/SEV3']);
  });

  test('a SEV1 or SEV2 of a service silences its SEV3 and SEV4 alerts, not another service\'s', async () => {
    await reload({ pageSilencesTicketsOfSameSlo: false, severeSilencesLesserOfService: true, absentDataSilencesBurnRate: false });
    await post([{ labels: { alertname: 'HighErrorRate', service: 'i2', sev: 'SEV2' } }]);
    await hook.waitFor(at('pager', 'i2'));
    await post([
      { labels: { alertname: 'HighLatency', service: 'i2', sev: 'SEV3' } },
      { labels: { alertname: 'ContainerCpuThrottled', service: 'i2', sev: 'SEV4' } },
      { labels: { alertname: 'HighLatency', service: 'i3', sev: 'SEV3' } },
    ]);
    await hook.waitFor(at('tickets', 'i3'));
    await sleep(1500);
    expect(await inhibited('i2')).toEqual({ 'HighErrorRate/-/SEV2': false, 'HighLatency/-/SEV3': true, 'ContainerCpuThrottled/-/SEV4': true });
    expect(pagesAndTickets('i2')).toEqual(['/pager firing HighErrorRate/-/SEV2']);
  });

  test('missing data silences the burn-rate tickets of its SLO, but never a page', async () => {
    await reload({ pageSilencesTicketsOfSameSlo: false, severeSilencesLesserOfService: false, absentDataSilencesBurnRate: true });
    await post([{ labels: { alertname: 'SloDataMissing', service: 'i4', slo: 'availability', sev: 'SEV3' } }]);
    await hook.waitFor(at('tickets', 'i4'));
    await post([
      { labels: { alertname: 'SloErrorBudgetBurn', service: 'i4', slo: 'availability', sev: 'SEV3', long: '6h' } },
      { labels: { alertname: 'SloErrorBudgetBurn', service: 'i4', slo: 'availability', sev: 'SEV2', long: '1h' } },
      { labels: { alertname: 'SloErrorBudgetBurn', service: 'i4', slo: 'latency', sev: 'SEV3', long: '6h' } },
    ]);
    await hook.waitFor(at('pager', 'i4'));
    await sleep(1500);
    expect(await inhibited('i4')).toEqual({
      'SloDataMissing/availability/SEV3': false,
      'SloErrorBudgetBurn/availability/SEV3': true,
      'SloErrorBudgetBurn/availability/SEV2': false,
      'SloErrorBudgetBurn/latency/SEV3': false,
    });
    expect(pagesAndTickets('i4')).toEqual([
      '/pager firing SloErrorBudgetBurn/availability/SEV2',
      '/tickets firing SloDataMissing/availability/SEV3',
      '/tickets firing SloErrorBudgetBurn/latency/SEV3',
    ]);
  });
});

import { Duration, ResourceAlertsDefinition, ResourceAlertsProps, SpecError, UseDashboardDefinition } from 'sre-constructs';
import { danglingMetrics, grafanaProblems, promqlProblems } from '../support/grafana';
import { InputSeries, checkRules, counter, evaluate, firedAlerts, promtoolVersion } from '../support/promtool';
import { firingProbes } from '../support/traffic';

const pack = ResourceAlertsDefinition.create({ name: 'identity', namespaces: ['identity'], runbookUrl: 'https://runbooks.internal/resources' });
const rules = pack.ruleFile();
const CONTAINER = 'namespace="identity", pod="auth-1", container="app"';

beforeAll(() => {
  promtoolVersion();
});

/** How many times an alert started firing up to `untilMinute` (rising edges of its ALERTS series). */
function episodes(series: InputSeries[], alertSelector: string, untilMinute: number): number {
  const firing = `ALERTS{alertstate="firing", ${alertSelector}}`;
  const [n] = evaluate(rules, series, [{ expr: `sum(sum_over_time((${firing} unless ${firing} offset 1m)[${untilMinute}m:1m]))`, atMinute: untilMinute }]);
  return n ?? 0;
}

/** A container killed at the given minutes for `reason`, over three hours (kube-state-metrics series). */
function kills(atMinutes: number[], reason = 'OOMKilled'): InputSeries[] {
  const minutes = Array.from({ length: 181 }, (_, m) => m);
  return [
    { series: `kube_pod_container_status_restarts_total{${CONTAINER}}`, values: minutes.map((m) => atMinutes.filter((k) => k <= m).length).join(' ') },
    // The reason appears with the first termination and stays until the next one.
    { series: `kube_pod_container_status_last_terminated_reason{${CONTAINER}, reason="${reason}"}`, values: minutes.map((m) => (m >= atMinutes[0] ? '1' : '_')).join(' ') },
  ];
}

describe('the resource alert pack', () => {
  test('passes promtool check rules (lint included)', () => {
    expect(checkRules(rules).output).toMatch(/SUCCESS/);
  });

  test('every alert has a for clause, a severity and a runbook', () => {
    for (const r of rules.groups.flatMap((g) => g.rules)) {
      expect('alert' in r && r.for && r.labels?.severity && r.annotations?.runbook_url).toBeTruthy();
    }
  });

  test('ContainerOOMKilled fires once for one kill, although the OOMKilled reason stays for hours', () => {
    const series = kills([30]);
    expect(episodes(series, 'alertname="ContainerOOMKilled"', 180)).toBe(1);
    const [first, last] = evaluate(rules, series, firingProbes('{alertname="ContainerOOMKilled"}', 180));
    expect(first).toBeGreaterThanOrEqual(31);
    expect(first).toBeLessThanOrEqual(33);
    expect(last).toBeLessThanOrEqual(30 + 11);
  });

  test('ContainerOOMKilled fires again for a second kill, and never for a crash of another reason', () => {
    expect(episodes(kills([30, 100]), 'alertname="ContainerOOMKilled"', 180)).toBe(2);
    expect(episodes(kills([30], 'Error'), 'alertname="ContainerOOMKilled"', 180)).toBe(0);
  });

  test('ContainerOOMKilled ignores namespaces outside the pack', () => {
    const elsewhere = kills([30]).map((s) => ({ ...s, series: s.series.replace('namespace="identity"', 'namespace="payments"') }));
    expect(episodes(elsewhere, 'alertname="ContainerOOMKilled"', 180)).toBe(0);
  });

  const certificate = (daysLeft: number): InputSeries[] => [
    {
      series: 'certmanager_certificate_expiration_timestamp_seconds{namespace="identity", name="auth-tls", issuer_name="letsencrypt"}',
      values: `${daysLeft * 86400}x120`,
    },
  ];

  // The near tier (7 days) is SEV3, the far one (30 days) SEV4; their severity labels follow.
  test.each([
    [6, 'critical'],
    [20, 'warning'],
    [40, undefined],
  ])('a certificate with %p days left raises the %p tier only', (days, tier) => {
    const series = certificate(days);
    const [criticalFirst, , warningFirst] = evaluate(rules, series, [
      ...firingProbes('{alertname="CertificateExpiring", sev="SEV3", severity="warning"}', 120),
      ...firingProbes('{alertname="CertificateExpiring", sev="SEV4", severity="info"}', 120),
    ]);
    expect(criticalFirst === undefined ? undefined : 'critical').toBe(tier === 'critical' ? 'critical' : undefined);
    expect(warningFirst === undefined ? undefined : 'warning').toBe(tier === 'warning' ? 'warning' : undefined);
    // After their `for`: 10 minutes for critical, an hour for warning.
    if (tier === 'critical') expect(criticalFirst).toBeGreaterThanOrEqual(10);
    if (tier === 'warning') expect(warningFirst).toBeGreaterThanOrEqual(60);
  });

  test('the certificate alert humanizes the time left', () => {
    const [alert] = firedAlerts(rules, certificate(6), 'CertificateExpiring', 30);
    expect(alert.labels).toMatch(/sev="SEV3", severity="warning"/);
    expect(alert.annotations).toMatch(/identity\/auth-tls \(issuer letsencrypt\) expires in 5d 23h 30m/);
  });

  test('ContainerCpuThrottled says, when it fires, the CPU limit and what the container used', () => {
    const series: InputSeries[] = [
      { series: `container_cpu_cfs_periods_total{${CONTAINER}}`, values: counter([{ minutes: 40, perMinute: 600 }]) },
      { series: `container_cpu_cfs_throttled_periods_total{${CONTAINER}}`, values: counter([{ minutes: 40, perMinute: 300 }]) },
      { series: `container_cpu_usage_seconds_total{${CONTAINER}}`, values: counter([{ minutes: 40, perMinute: 27 }]) },
      { series: `kube_pod_container_resource_limits{${CONTAINER}, resource="cpu", unit="core"}`, values: '0.5x40' },
    ];
    expect(firedAlerts(rules, series, 'ContainerCpuThrottled', 10)).toEqual([]);
    const [alert] = firedAlerts(rules, series, 'ContainerCpuThrottled', 30);
    expect(alert.annotations).toMatch(/50% of the CPU periods of container app in pod identity\/auth-1 were throttled/);
    expect(alert.annotations).toMatch(/CPU limit: 500m cores; used: 450m cores\./);
  });

  test('ContainerCpuThrottled stays quiet at 10% throttled periods', () => {
    const series: InputSeries[] = [
      { series: `container_cpu_cfs_periods_total{${CONTAINER}}`, values: counter([{ minutes: 60, perMinute: 600 }]) },
      { series: `container_cpu_cfs_throttled_periods_total{${CONTAINER}}`, values: counter([{ minutes: 60, perMinute: 60 }]) },
    ];
    expect(episodes(series, 'alertname="ContainerCpuThrottled"', 60)).toBe(0);
  });
});

describe('bad resource-alert input fails at construction', () => {
  const cases: Array<[string, Partial<ResourceAlertsProps>, RegExp]> = [
    ['a namespace that is not a DNS label', { namespaces: ['Identity'] }, /namespaces\[0\] \("Identity"\) is not a valid namespace/],
    ['a throttling ratio written as a percentage', { cpuThrottling: { threshold: 25 } }, /cpuThrottling\.threshold \(25\) is not a number above 0 and below 1/],
    ['tiers the wrong way round', { certificateExpiry: { critical: Duration.days(30), warning: Duration.days(7) } }, /certificateExpiry\.critical \("30d"\) is not shorter than warning \(7d\)/],
    ['an OOM for as long as its window', { oomKilled: { for: Duration.minutes(10) } }, /oomKilled\.for \("10m"\) is not shorter than window/],
    ['a reserved label', { labels: { severity: 'x' } }, /labels\.severity .* is a label this library sets itself/],
  ];
  test.each(cases)('%s', (_name, override, message) => {
    expect(() => ResourceAlertsDefinition.create({ name: 'identity', ...override }, 'prod/resources')).toThrow(SpecError);
    expect(() => ResourceAlertsDefinition.create({ name: 'identity', ...override }, 'prod/resources')).toThrow(message);
  });
});

describe('the USE dashboard', () => {
  const dashboard = UseDashboardDefinition.create({ workload: 'user-authentication', namespace: 'identity', resourceAlerts: pack });

  test('is a dashboard Grafana accepts, with datasource, namespace and pod variables, and every query is PromQL', () => {
    expect(grafanaProblems(dashboard.model)).toEqual([]);
    expect(dashboard.model.templating.list!.map((v) => v.name)).toEqual(['datasource', 'namespace', 'pod']);
    expect(promqlProblems(dashboard.promqlQueries())).toEqual([]);
  });

  test('reads only the cAdvisor, kube-state-metrics and kubelet metrics it declares', () => {
    expect(danglingMetrics([dashboard], [])).toEqual([]);
    expect(dashboard.metricNames()).toEqual(expect.arrayContaining(['container_cpu_cfs_throttled_periods_total', 'container_memory_working_set_bytes', 'kube_pod_container_status_last_terminated_reason']));
    const undeclared = { promqlQueries: () => ['container_memory_usage_bytes{namespace="identity"}'], sourceMetrics: dashboard.sourceMetrics };
    expect(danglingMetrics([undeclared], [])).toEqual(['container_memory_usage_bytes']);
  });

  test('filters every selector on the namespace and pod variables', () => {
    for (const q of dashboard.queries()) {
      for (const s of q.match(/[a-z_]+\{[^}]*\}/g) ?? []) expect(s).toContain('namespace="$namespace"');
    }
    expect(dashboard.model.templating.list![2]).toMatchObject({ multi: true, includeAll: true, allValue: 'user-authentication-.*' });
  });

  test('draws the pack\'s throttling threshold', () => {
    const panel = (dashboard.model.panels as ReadonlyArray<{ title: string; fieldConfig: any }>).find((p) => p.title === 'CPU throttling')!;
    expect(panel.fieldConfig.defaults.thresholds.steps.map((s: { value: number | null }) => s.value)).toEqual([null, 0.25]);
  });

  test.each([
    [{ namespace: 'Identity' }, /namespace \("Identity"\) is not a valid namespace/],
    [{ pods: '.*' }, /pods \("\.\*"\) matches the empty string/],
    [{ pods: '(' }, /pods \("\("\) is not a regular expression/],
    [{ workload: 'User_Auth' }, /workload \("User_Auth"\) is not a valid name/],
  ])('refuses %p', (override, message) => {
    expect(() => UseDashboardDefinition.create({ workload: 'user-authentication', namespace: 'identity', ...override }, 'prod/use')).toThrow(message);
  });
});

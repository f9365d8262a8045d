import { CapacityPlanDefinition, CapacityPlanProps, CapacityResource, Duration, Headroom, Severity, SpecError } from 'sre-constructs';
import { InputSeries, checkRules, counter, evaluate, promtoolVersion } from '../support/promtool';

const RUNBOOK = 'https://runbooks.internal/capacity';
const HOUR = 60;

beforeAll(() => {
  promtoolVersion();
});

/** A plan on one gauge (queue depth) against a fixed capacity of 1000, margin 20%, runway 30 days on a 7-day trend. */
const queuePlan = (override: Partial<CapacityPlanProps> = {}) =>
  CapacityPlanDefinition.create({
    service: 'orders',
    runbookUrl: RUNBOOK,
    resources: [CapacityResource.gauge({ name: 'queue', usage: 'sum(queue_depth{queue="orders"})', capacity: 1000 })],
    ...override,
  });

/** An hourly gauge: `start` plus `perHour` each hour, for `hours` hours. */
const hourly = (start: number, perHour: number, hours: number): InputSeries[] => [{ series: 'queue_depth{queue="orders"}', values: `${start}+${perHour}x${hours}` }];

/** The first and last hour an alert was firing, read from promtool's evaluation at an hourly interval. */
function firingHours(plan: CapacityPlanDefinition, series: InputSeries[], alertname: string, untilHour: number): [number | undefined, number | undefined] {
  const firing = `ALERTS{alertstate="firing", alertname="${alertname}"}`;
  const [first, last] = evaluate(
    plan.ruleFile(),
    series,
    [
      { expr: `min(min_over_time(timestamp(${firing})[${untilHour}h:1h])) / 3600`, atMinute: untilHour * HOUR },
      { expr: `max(max_over_time(timestamp(${firing})[${untilHour}h:1h])) / 3600`, atMinute: untilHour * HOUR },
    ],
    '1h',
  );
  return [first, last];
}

describe('CapacityPlan rules', () => {
  test('every resource kind renders rules that pass promtool check rules (lint included)', () => {
    const plan = CapacityPlanDefinition.create({
      service: 'user-authentication',
      namespace: 'identity',
      runbookUrl: RUNBOOK,
      resources: [
        CapacityResource.cpu(),
        CapacityResource.memory({ against: 'requests' }),
        CapacityResource.nodeCpu(),
        CapacityResource.nodeMemory(),
        CapacityResource.volumes({ claims: 'data-.*' }),
        CapacityResource.databaseConnections({ current: 'pg_stat_activity_count{instance="db"}', max: 'pg_settings_max_connections{instance="db"}', by: ['instance'] }),
        CapacityResource.gauge({ name: 'queue', usage: 'sum(queue_depth)', capacity: 'sum(queue_capacity)' }),
      ],
    });
    expect(checkRules(plan.ruleFile()).output).toMatch(/SUCCESS: 35 rules found/);
    for (const rule of plan.ruleGroups()[0].rules) {
      if (!('alert' in rule)) continue;
      expect(rule.labels).toMatchObject({ service: 'user-authentication', severity: 'warning', sev: 'SEV3' });
      expect(rule.annotations?.runbook_url).toBe(RUNBOOK);
    }
  });

  test('the growing series fires the runway alert on the day its 7-day trend, margin included, reaches capacity 30 days ahead', () => {
    // Utilisation 0.4 + 0.012 a day: x 1.2 it reaches 1 thirty days ahead once 0.4 + 0.012 (d + 30) > 1 / 1.2,
    // on day 6.11 (hour 146.7); the first hourly evaluation past it is hour 147, and `for: 1h` fires at hour 148.
    const plan = queuePlan();
    const [first] = firingHours(plan, hourly(400, 0.5, 24 * 12), 'CapacityRunwayShort', 24 * 12);
    expect(first).toBe(148);
    expect(Math.floor(first! / 24)).toBe(6);
  });

  test('a flat series well within its margin never fires either alert in 60 days', () => {
    const plan = queuePlan();
    const series = hourly(600, 0, 24 * 60);
    expect(firingHours(plan, series, 'CapacityRunwayShort', 24 * 60)).toEqual([undefined, undefined]);
    expect(firingHours(plan, series, 'CapacityHeadroomExhausted', 24 * 60)).toEqual([undefined, undefined]);
  });

  test('a series already past its margin raises the headroom alert once, not the runway alert as well', () => {
    const plan = queuePlan();
    const series = hourly(900, 0, 24 * 10);
    expect(firingHours(plan, series, 'CapacityHeadroomExhausted', 24 * 10)[0]).toBe(1);
    expect(firingHours(plan, series, 'CapacityRunwayShort', 24 * 10)).toEqual([undefined, undefined]);
    // Without the headroom alert, the runway alert covers it.
    const runwayOnly = queuePlan({ headroomAlert: false });
    expect(firingHours(runwayOnly, series, 'CapacityRunwayShort', 24 * 10)[0]).toBe(85);
  });

  test('a fresh series waits for half its trend window before it is extrapolated', () => {
    // Steep from the first hour: the trend alone would fire at once; the plan waits 3.5 days (84 hours) plus for.
    const [first] = firingHours(queuePlan(), hourly(300, 1, 24 * 6), 'CapacityRunwayShort', 24 * 6);
    expect(first).toBe(85);
  });

  test('the margin, the runway and the trend window come from the plan or the resource', () => {
    // Margin 0: the same series reaches 1 thirty days ahead once 0.4 + 0.012 (d + 30) > 1, on day 20.
    const noMargin = queuePlan({ headroom: Headroom.percent(0) });
    expect(firingHours(noMargin, hourly(400, 0.5, 24 * 22), 'CapacityRunwayShort', 24 * 22)[0]).toBe(24 * 20 + 2);
    // A 60-day runway on the resource: 0.4 + 0.012 (d + 60) > 1 / 1.2 on day 6.11 - 30 = never negative: at once after the wait.
    const longRunway = queuePlan({
      resources: [CapacityResource.gauge({ name: 'queue', usage: 'sum(queue_depth{queue="orders"})', capacity: 1000, runway: Duration.days(60) })],
    });
    expect(firingHours(longRunway, hourly(400, 0.5, 24 * 6), 'CapacityRunwayShort', 24 * 6)[0]).toBe(85);
  });
});

describe('CapacityPlan recordings measure what they say', () => {
  const ns = 'namespace="identity"';
  const plan = CapacityPlanDefinition.create({
    service: 'auth',
    namespace: 'identity',
    runbookUrl: RUNBOOK,
    resources: [
      CapacityResource.cpu(),
      CapacityResource.memory(),
      CapacityResource.nodeCpu(),
      CapacityResource.volumes(),
      CapacityResource.databaseConnections({ current: 'sum by (instance) (pg_stat_activity_count)', max: 'pg_settings_max_connections', by: ['instance'] }),
      CapacityResource.gauge({ name: 'queue', usage: 'sum(queue_depth)', capacity: 1000 }),
    ],
  });
  const container = (pod: string, name: string) => `${ns}, pod="${pod}", container="${name}"`;
  const series: InputSeries[] = [
    // Two pods using 0.25 cores each under a 0.5-core limit; a sidecar without a limit (1 core) is left out.
    { series: `container_cpu_usage_seconds_total{${container('auth-1', 'app')}}`, values: counter([{ minutes: 30, perMinute: 15 }]) },
    { series: `container_cpu_usage_seconds_total{${container('auth-2', 'app')}}`, values: counter([{ minutes: 30, perMinute: 15 }]) },
    { series: `container_cpu_usage_seconds_total{${container('auth-2', 'proxy')}}`, values: counter([{ minutes: 30, perMinute: 60 }]) },
    { series: `kube_pod_container_resource_limits{${container('auth-1', 'app')}, resource="cpu", unit="core"}`, values: '0.5x30' },
    { series: `kube_pod_container_resource_limits{${container('auth-2', 'app')}, resource="cpu", unit="core"}`, values: '0.5x30' },
    { series: `container_memory_working_set_bytes{${container('auth-1', 'app')}}`, values: '300x30' },
    { series: `kube_pod_container_resource_limits{${container('auth-1', 'app')}, resource="memory", unit="byte"}`, values: '1000x30' },
    // A completed pod's limit no longer counts.
    { series: `kube_pod_container_resource_limits{${container('auth-old', 'app')}, resource="cpu", unit="core"}`, values: '4x30' },
    { series: `kube_pod_status_phase{${ns}, pod="auth-1", phase="Running"}`, values: '1x30' },
    { series: `kube_pod_status_phase{${ns}, pod="auth-2", phase="Running"}`, values: '1x30' },
    { series: `kube_pod_status_phase{${ns}, pod="auth-old", phase="Succeeded"}`, values: '1x30' },
    { series: `kube_pod_status_phase{${ns}, pod="auth-old", phase="Running"}`, values: '0x30' },
    // Cluster: 3 cores requested by running or pending pods, 8 allocatable.
    { series: `kube_pod_container_resource_requests{${container('auth-1', 'app')}, resource="cpu"}`, values: '1x30' },
    { series: `kube_pod_container_resource_requests{${container('auth-2', 'app')}, resource="cpu"}`, values: '1x30' },
    { series: 'kube_pod_container_resource_requests{namespace="batch", pod="job-1", container="run", resource="cpu"}', values: '1x30' },
    { series: 'kube_pod_status_phase{namespace="batch", pod="job-1", phase="Pending"}', values: '1x30' },
    { series: 'kube_node_status_allocatable{node="a", resource="cpu"}', values: '4x30' },
    { series: 'kube_node_status_allocatable{node="b", resource="cpu"}', values: '4x30' },
    // Volumes, seen by two kubelets.
    { series: `kubelet_volume_stats_used_bytes{${ns}, persistentvolumeclaim="data-0", node="a"}`, values: '25x30' },
    { series: `kubelet_volume_stats_used_bytes{${ns}, persistentvolumeclaim="data-0", node="b"}`, values: '25x30' },
    { series: `kubelet_volume_stats_capacity_bytes{${ns}, persistentvolumeclaim="data-0", node="a"}`, values: '100x30' },
    { series: `kubelet_volume_stats_capacity_bytes{${ns}, persistentvolumeclaim="data-0", node="b"}`, values: '100x30' },
    { series: 'pg_stat_activity_count{instance="db", datname="auth", state="active"}', values: '300x30' },
    { series: 'pg_stat_activity_count{instance="db", datname="auth", state="idle"}', values: '150x30' },
    { series: 'pg_settings_max_connections{instance="db"}', values: '500x30' },
    { series: 'queue_depth{queue="a"}', values: '100x30' },
    { series: 'queue_depth{queue="b"}', values: '150x30' },
  ];
  const utilisation = (resource: string, extra = '') => `capacity:utilisation:ratio{service="auth", resource="${resource}"${extra}}`;

  test.each([
    ['cpu', '', 0.5],
    ['memory', '', 0.3],
    ['node-cpu', '', 0.375],
    ['volumes', ', persistentvolumeclaim="data-0"', 0.25],
    ['database-connections', ', instance="db"', 0.9],
    ['queue', '', 0.25],
  ])('%s utilisation', (resource, extra, expected) => {
    const [value] = evaluate(plan.ruleFile(), series, [{ expr: utilisation(resource, extra), atMinute: 20 }]);
    expect(value).toBeCloseTo(expected, 6);
  });
});

describe('bad CapacityPlan input fails at construction', () => {
  const base: CapacityPlanProps = { service: 'orders', namespace: 'shop', runbookUrl: RUNBOOK, resources: [CapacityResource.cpu()] };
  const cases: Array<[string, Partial<CapacityPlanProps>, RegExp]> = [
    ['no resources', { resources: [] }, /^prod\/capacity: resources \(\[\]\) is empty\. /],
    ['a margin above 100%', { headroom: Headroom.percent(120) }, /headroom \(120%\) is not a percentage from 0 to 100/],
    ['a margin given as a number', { headroom: 20 as unknown as Headroom }, /headroom \(20\) is not a Headroom\. Use Headroom\.percent\(20\)/],
    ['cpu without a namespace', { namespace: undefined }, /resources\[0\]\.kind \("cpu"\) needs the namespace of the plan's pods/],
    ['two resources of one name', { resources: [CapacityResource.cpu(), CapacityResource.gauge({ name: 'cpu', usage: 'up', capacity: 1 })] }, /resources\[1\]\.name \("cpu"\) is already the name/],
    ['a capacity of zero', { resources: [CapacityResource.gauge({ name: 'queue', usage: 'up', capacity: 0 })] }, /resources\[0\]\.capacity \(0\) is not a positive number/],
    ['usage that is not PromQL', { resources: [CapacityResource.gauge({ name: 'queue', usage: 'sum(queue_depth', capacity: 1 })] }, /resources\[0\]\.usage \("sum\(queue_depth"\) is not valid PromQL/],
    ['a grouping label the plan sets', { resources: [CapacityResource.databaseConnections({ current: 'a', max: 'b', by: ['service'] })] }, /resources\[0\]\.by\[0\] \("service"\) is a label this library sets itself/],
    ['alerts without a runbook', { runbookUrl: undefined }, /runbookUrl \(not set\) is required while an alert is on/],
    ['a trend window of minutes', { runwayAlert: { trendWindow: Duration.minutes(30) } }, /resources\[0\]\.trendWindow \("30m"\) is shorter than an hour/],
    ['a severity that is not one', { runwayAlert: { sev: 'P1' as unknown as Severity } }, /runwayAlert\.sev \("P1"\) is not a severity/],
    ['a reserved label', { labels: { resource: 'x' } }, /labels\.resource .* is a label this library sets itself/],
    ['pods matching everything', { pods: '.*' }, /pods \("\.\*"\) matches the empty string/],
  ];
  test.each(cases)('%s', (_name, override, message) => {
    let error: unknown;
    try {
      CapacityPlanDefinition.create({ ...base, ...override }, 'prod/capacity');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SpecError);
    expect((error as Error).message).toMatch(message);
  });

  test('the SEV of the alerts can be raised to page', () => {
    const plan = queuePlan({ runwayAlert: { sev: Severity.SEV2 } });
    const runway = plan.ruleGroups()[0].rules.find((r) => 'alert' in r && r.alert === 'CapacityRunwayShort');
    expect(runway?.labels).toMatchObject({ sev: 'SEV2', severity: 'critical' });
  });

  test('the headroom is exposed plainly for whatever sizes the service', () => {
    const plan = queuePlan({ headroom: Headroom.percent(25) });
    expect([plan.headroom.percent, plan.headroom.ratio, plan.headroom.multiplier, plan.headroom.usableShare]).toEqual([25, 0.25, 1.25, 0.8]);
  });
});

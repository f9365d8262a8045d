import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AutoscalingDefinition, AutoscalingProps, Duration, Headroom, MemoryPolicy, REQUESTS_EXTERNAL_METRIC, Severity, SpecError, toYaml } from 'sre-constructs';
import { InputSeries, checkRules, evaluate, firedAlerts, promtoolVersion } from '../support/promtool';
import { schemaErrors } from '../support/schema';
import { firingProbes } from '../support/traffic';

const base: AutoscalingProps = {
  workload: { name: 'user-authentication' },
  namespace: 'identity',
  labels: { team: 'identity' },
  runbookUrl: 'https://runbooks.internal/user-authentication/autoscaling',
  horizontal: { minReplicas: 3, maxReplicas: 10, requestsPerPod: { service: 'user-authentication', capacity: 100 } },
  memory: MemoryPolicy.raiseOnOom({ factor: 1.5, ceiling: '2Gi' }),
};
const scaling = AutoscalingDefinition.create(base, 'prod/autoscaling');
const rules = scaling.ruleFile();

beforeAll(() => {
  promtoolVersion();
});

describe('Autoscaling objects', () => {
  test('the HPA, the VPA and the PrometheusRule are valid against their upstream schemas', () => {
    const manifests = scaling.manifests();
    expect(manifests.map((m) => m.kind)).toEqual(['HorizontalPodAutoscaler', 'VerticalPodAutoscaler', 'PrometheusRule']);
    for (const m of manifests) expect({ kind: m.kind, errors: schemaErrors(m) }).toEqual({ kind: m.kind, errors: [] });
  });

  test('targets CPU and requests per pod at their capacity divided by the headroom (20% by default)', () => {
    const spec = scaling.horizontalPodAutoscaler()!.spec as any;
    expect(spec.scaleTargetRef).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', name: 'user-authentication' });
    expect(spec.metrics[0].resource.target).toEqual({ type: 'Utilization', averageUtilization: 83 });
    expect(spec.metrics[1].external).toEqual({
      metric: { name: REQUESTS_EXTERNAL_METRIC, selector: { matchLabels: { service: 'user-authentication' } } },
      target: { type: 'AverageValue', averageValue: 83.333 },
    });
  });

  test('takes the headroom as a percentage or a Headroom', () => {
    const h = AutoscalingDefinition.create({ ...base, horizontal: { minReplicas: 2, maxReplicas: 8, headroom: Headroom.percent(25) } }).horizontal!;
    expect(h.headroom).toMatchObject({ percent: 25, source: '25% headroom' });
    expect(h.cpuTargetUtilization).toBe(80);
    expect(AutoscalingDefinition.create({ ...base, horizontal: { minReplicas: 2, maxReplicas: 8, headroom: 0 } }).horizontal!.cpuTargetUtilization).toBe(100);
  });

  test('writes Kubernetes\' default scaling behaviour out, with the chosen scale-down cooldown', () => {
    const d = AutoscalingDefinition.create({ ...base, horizontal: { minReplicas: 3, maxReplicas: 10, scaleDown: { stabilizationWindow: Duration.minutes(10), maxPercent: 50, period: Duration.minutes(1) } } });
    expect((d.horizontalPodAutoscaler()!.spec as any).behavior).toEqual({
      scaleUp: { policies: [{ type: 'Percent', value: 100, periodSeconds: 15 }, { type: 'Pods', value: 4, periodSeconds: 15 }], selectPolicy: 'Max', stabilizationWindowSeconds: 0 },
      scaleDown: { policies: [{ type: 'Percent', value: 50, periodSeconds: 60 }], selectPolicy: 'Max', stabilizationWindowSeconds: 600 },
    });
  });

  test('raises memory on OOM within the ceiling: requests and limits, evicting only to grow, with the runbook on the VPA', () => {
    const vpa = scaling.verticalPodAutoscaler()!;
    expect(vpa.metadata.annotations).toEqual({ 'sre-constructs.dev/runbook-url': 'https://runbooks.internal/user-authentication/autoscaling' });
    expect(vpa.spec).toEqual({
      targetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'user-authentication' },
      updatePolicy: { updateMode: 'Recreate', evictionRequirements: [{ resources: ['memory'], changeRequirement: 'TargetHigherThanRequests' }] },
      resourcePolicy: { containerPolicies: [{ containerName: '*', controlledResources: ['memory'], controlledValues: 'RequestsAndLimits', maxAllowed: { memory: '2Gi' }, oomBumpUpRatio: '1.5' }] },
    });
  });

  test('recommends memory only, changing nothing, when asked for right-sizing', () => {
    const d = AutoscalingDefinition.create({ ...base, memory: MemoryPolicy.recommend({ maxAllowed: '4Gi' }) });
    const vpa = d.verticalPodAutoscaler()!;
    expect(schemaErrors(vpa)).toEqual([]);
    expect(vpa.spec).toMatchObject({ updatePolicy: { updateMode: 'Off' }, resourcePolicy: { containerPolicies: [{ containerName: '*', controlledResources: ['memory'], maxAllowed: { memory: '4Gi' } }] } });
  });

  test('a known leak gets no VPA: its OOM kills open a ticket through labels, and the general OOM alert is inhibited for it', () => {
    const d = AutoscalingDefinition.create({ ...base, memory: MemoryPolicy.restartAndTicket({ ticketLabels: { ticket_priority: 'P2', ticket_assignee: 'service-owner' } }) });
    expect(d.verticalPodAutoscaler()).toBeUndefined();
    const dir = mkdtempSync(join(tmpdir(), 'sre-constructs-amtool-'));
    try {
      const config = { route: { receiver: 'oncall', routes: [{ receiver: 'tickets', matchers: ['remediation="restart-and-ticket"'] }] }, receivers: [{ name: 'oncall' }, { name: 'tickets' }], inhibit_rules: d.alertmanagerInhibitRules() };
      writeFileSync(join(dir, 'alertmanager.yml'), toYaml(config));
      const check = spawnSync('amtool', ['check-config', join(dir, 'alertmanager.yml')], { encoding: 'utf8' });
      expect(check.stdout + check.stderr).toMatch(/SUCCESS/);
      const route = spawnSync('amtool', ['config', 'routes', 'test', `--config.file=${join(dir, 'alertmanager.yml')}`, 'alertname=KnownMemoryLeakOomKilled', 'remediation=restart-and-ticket'], { encoding: 'utf8' });
      expect(route.stdout.trim()).toBe('tickets');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('serves the RED request rate to the HPA through a prometheus-adapter external rule', () => {
    const [rule] = scaling.prometheusAdapterRules().externalRules as any[];
    expect(rule).toEqual({
      seriesQuery: 'red:requests:rate5m{service!=""}',
      resources: { namespaced: false },
      name: { matches: '^red:requests:rate5m$', as: REQUESTS_EXTERNAL_METRIC },
      metricsQuery: 'sum by (service) (<<.Series>>{<<.LabelMatchers>>})',
    });
    const cpuOnly = AutoscalingDefinition.create({ ...base, horizontal: { minReplicas: 1, maxReplicas: 3 } });
    expect(cpuOnly.prometheusAdapterRules().externalRules).toEqual([]);
  });
});

describe('alerts on automation that keeps acting', () => {
  const hpa = 'namespace="identity", horizontalpodautoscaler="user-authentication"';
  const replicas = (current: string, max = '10x240'): InputSeries[] => [
    { series: `kube_horizontalpodautoscaler_status_current_replicas{${hpa}}`, values: current },
    { series: `kube_horizontalpodautoscaler_spec_max_replicas{${hpa}}`, values: max },
  ];

  test('pass promtool check rules, and every alert carries severity, sev and the runbook', () => {
    expect(checkRules(rules).output).toMatch(/SUCCESS/);
    for (const r of rules.groups.flatMap((g) => g.rules)) {
      expect('alert' in r && r.for && r.labels?.severity && r.labels?.sev && r.annotations?.runbook_url).toBeTruthy();
    }
  });

  test('HpaPinnedAtMaxReplicas fires once the HPA has run at max replicas for 30 minutes', () => {
    const [first] = evaluate(rules, replicas('3x60 10x180'), firingProbes('{alertname="HpaPinnedAtMaxReplicas"}', 240));
    expect(first).toBeGreaterThanOrEqual(90);
    expect(first).toBeLessThanOrEqual(92);
    const [alert] = firedAlerts(rules, replicas('3x60 10x180'), 'HpaPinnedAtMaxReplicas', 120);
    expect(alert.labels).toMatch(/sev="SEV3".*severity="warning"/);
    expect(alert.annotations).toMatch(/maximum of 10 replicas for 30 minutes/);
  });

  test('HpaPinnedAtMaxReplicas never fires one replica below max, nor for a peak shorter than 30 minutes', () => {
    const [below] = evaluate(rules, replicas('9x240'), firingProbes('{alertname="HpaPinnedAtMaxReplicas"}', 240));
    expect(below).toBeUndefined();
    const [short] = evaluate(rules, replicas('3x60 10x25 4x150'), firingProbes('{alertname="HpaPinnedAtMaxReplicas"}', 240));
    expect(short).toBeUndefined();
  });

  test('with no kube-state-metrics data the state is unknown: the pinned alert cannot fire and HpaMetricsAbsent says so', () => {
    const other: InputSeries[] = [{ series: 'up{job="other"}', values: '1x60' }];
    const [pinned, , absent] = evaluate(rules, other, [...firingProbes('{alertname="HpaPinnedAtMaxReplicas"}', 60), ...firingProbes('{alertname="HpaMetricsAbsent"}', 60)]);
    expect(pinned).toBeUndefined();
    expect(absent).toBeGreaterThanOrEqual(15);
    const [alert] = firedAlerts(rules, other, 'HpaMetricsAbsent', 30);
    expect(alert.labels).toMatch(/horizontalpodautoscaler="user-authentication".*namespace="identity".*sev="SEV4"/);
    const [healthy] = evaluate(rules, replicas('3x60'), firingProbes('{alertname="HpaMetricsAbsent"}', 60));
    expect(healthy).toBeUndefined();
  });

  /** OOM kills of the workload's pods at the given minutes; each kill replaces the pod, as a VPA raise does. */
  function kills(atMinutes: number[], reason = 'OOMKilled', minutes = 480): InputSeries[] {
    return atMinutes.flatMap((kill, i) => {
      const pod = `namespace="identity", pod="user-authentication-7d9f-${i}", container="app"`;
      const until = atMinutes[i + 1] ?? minutes;
      const values = Array.from({ length: minutes + 1 }, (_, m) => (m < (atMinutes[i - 1] ?? 0) || m > until ? '_' : m >= kill ? '1' : '0'));
      const reasonValues = values.map((v) => (v === '1' ? '1' : '_'));
      return [
        { series: `kube_pod_container_status_restarts_total{${pod}}`, values: values.join(' ') },
        { series: `kube_pod_container_status_last_terminated_reason{${pod}, reason="${reason}"}`, values: reasonValues.join(' ') },
      ];
    });
  }

  test('RepeatedOomKills fires when the workload is OOM-killed three times within 6 hours despite the raises', () => {
    const [first] = evaluate(rules, kills([30, 90, 150]), firingProbes('{alertname="RepeatedOomKills"}', 480));
    expect(first).toBeGreaterThanOrEqual(151);
    expect(first).toBeLessThanOrEqual(153);
    const [alert] = firedAlerts(rules, kills([30, 90, 150]), 'RepeatedOomKills', 160);
    expect(alert.annotations).toMatch(/OOM-killed 3 times in 6 hours despite memory raises/);
    expect(alert.annotations).toMatch(/by 1\.5x after each OOM kill, up to 2Gi/);
  });

  test('RepeatedOomKills stays quiet for two kills, for kills spread beyond the window, and for crashes of another reason', () => {
    for (const series of [kills([30, 150]), kills([10, 300, 700], 'OOMKilled', 800), kills([30, 90, 150], 'Error')]) {
      const [first] = evaluate(rules, series, firingProbes('{alertname="RepeatedOomKills"}', 800));
      expect(first).toBeUndefined();
    }
  });

  test('a known leak raises a ticket alert once per kill, labelled for the ticket queue', () => {
    const leak = AutoscalingDefinition.create({ ...base, memory: MemoryPolicy.restartAndTicket({ ticketLabels: { ticket_priority: 'P2', ticket_assignee: 'service-owner' } }) });
    const series = kills([30]);
    const [alert] = firedAlerts(leak.ruleFile(), series, 'KnownMemoryLeakOomKilled', 33);
    expect(alert.labels).toMatch(/remediation="restart-and-ticket".*sev="SEV4".*severity="info".*team="identity".*ticket_assignee="service-owner".*ticket_priority="P2"/);
    expect(alert.annotations).toMatch(/Memory leak in identity\/user-authentication-7d9f-0/);
    expect(firedAlerts(leak.ruleFile(), series, 'KnownMemoryLeakOomKilled', 60)).toEqual([]);
  });

  test('hostile label values read literally, a container-scoped policy selects only that container, and StatefulSets scale too', () => {
    const leak = AutoscalingDefinition.create({
      ...base,
      workload: { kind: 'StatefulSet', name: 'user-authentication' },
      container: 'app',
      labels: { team: 'id {{ $value }} "quoted"' },
      memory: MemoryPolicy.restartAndTicket(),
    });
    expect(checkRules(leak.ruleFile()).output).toMatch(/SUCCESS/);
    const [alert] = firedAlerts(leak.ruleFile(), kills([30]), 'KnownMemoryLeakOomKilled', 33);
    expect(alert.labels).toContain('team="id {{ $value }} \\"quoted\\""');
    const sidecar = kills([30]).map((s) => ({ ...s, series: s.series.replace('container="app"', 'container="envoy"') }));
    expect(firedAlerts(leak.ruleFile(), sidecar, 'KnownMemoryLeakOomKilled', 33)).toEqual([]);
    expect((leak.horizontalPodAutoscaler()!.spec as any).scaleTargetRef.kind).toBe('StatefulSet');
  });

  test('the SEV of each alert can be chosen', () => {
    const d = AutoscalingDefinition.create({ ...base, horizontal: { minReplicas: 3, maxReplicas: 10, pinnedAtMaxAlert: { sev: Severity.SEV2, for: Duration.minutes(20) } } });
    const pinned = d.ruleFile().groups[0].rules.find((r) => 'alert' in r && r.alert === 'HpaPinnedAtMaxReplicas') as any;
    expect(pinned.labels).toMatchObject({ sev: 'SEV2', severity: 'critical' });
    expect(pinned.for).toBe('20m');
  });
});

describe('bad autoscaling input fails at construction, naming the field and the value', () => {
  const horizontal = { minReplicas: 3, maxReplicas: 10 };
  const cases: Array<[string, Partial<AutoscalingProps>, RegExp]> = [
    ['min replicas above max', { horizontal: { minReplicas: 12, maxReplicas: 10 } }, /prod\/autoscaling: horizontal\.minReplicas \(12\) is above maxReplicas \(10\)/],
    ['a CPU target that is not a percentage', { horizontal: { ...horizontal, cpu: { capacity: 150 } } }, /horizontal\.cpu\.capacity \(150\) is not a percentage above 0 and at most 100/],
    ['a requests-per-pod target that is not a positive number', { horizontal: { ...horizontal, requestsPerPod: { service: 'user-authentication', capacity: -5 } } }, /horizontal\.requestsPerPod\.capacity \(-5\) is not a positive number/],
    ['a requests-per-pod target given as text', { horizontal: { ...horizontal, requestsPerPod: { service: 'user-authentication', capacity: '50' as never } } }, /horizontal\.requestsPerPod\.capacity \("50"\) is not a positive number/],
    ['a memory raise factor of 1', { memory: MemoryPolicy.raiseOnOom({ factor: 1, ceiling: '2Gi' }) }, /memory\.factor \(1\) is not a raise: it must be above 1/],
    ['a memory raise factor below 1', { memory: MemoryPolicy.raiseOnOom({ factor: 0.8, ceiling: '2Gi' }) }, /memory\.factor \(0\.8\) is not a raise/],
    ['a memory raise without a ceiling', { memory: MemoryPolicy.raiseOnOom({ factor: 1.5 } as never) }, /memory\.ceiling \(not set\) is missing, so raises would have no upper bound/],
    ['a ceiling that is not a quantity', { memory: MemoryPolicy.raiseOnOom({ factor: 1.5, ceiling: '2 GB' }) }, /memory\.ceiling \("2 GB"\) is not a memory quantity/],
    ['no metric at all', { horizontal: { ...horizontal, cpu: false } }, /horizontal\.cpu \(false\) is off and requestsPerPod is not set/],
    ['a stabilization window over an hour', { horizontal: { ...horizontal, scaleDown: { stabilizationWindow: Duration.hours(2) } } }, /horizontal\.scaleDown\.stabilizationWindow .* is not whole seconds from 0 to 1 hour/],
    ['a headroom written as a ratio below zero', { horizontal: { ...horizontal, headroom: -0.2 } }, /horizontal\.headroom \(-0\.2\) is not a headroom from 0 to 400%/],
    ['nothing to automate', { horizontal: false, memory: undefined }, /horizontal \(false\) is off and no memory policy is set/],
    ['a pod pattern that matches every pod', { pods: '.*' }, /pods \("\.\*"\) matches the empty string/],
    ['a reserved alert label', { labels: { sev: 'SEV1' } }, /labels\.sev .* is a label this library sets itself/],
  ];
  test.each(cases)('%s', (_name, override, message) => {
    const create = () => AutoscalingDefinition.create({ ...base, ...override }, 'prod/autoscaling');
    expect(create).toThrow(SpecError);
    expect(create).toThrow(message);
  });
});

import { CHAOS_MESH_PAUSE_ANNOTATION, ChaosCondition, ChaosScheduleDefinition, Duration, KubernetesManifest, LITMUS_EXPERIMENTS } from 'sre-constructs';
import { paymentService, paymentServiceChaos } from '../../examples/payment-service';
import { schemaErrors } from '../support/schema';
import { ALL_FAULTS, paymentSlos, schedule } from './fixtures';

/**
 * What a ChaosSchedule renders for each engine: every object valid against the upstream CRDs and the
 * Kubernetes definitions, workflows that gate before injecting and abort on their guards, probes in the
 * right modes, RBAC that grants only what the runner and the trigger need, and the kill switch.
 */
interface Template {
  name: string;
  templateType: string;
  deadline?: string;
  children?: string[];
  abortWithStatusCheck?: boolean;
  statusCheck?: { mode: string; duration: string; failureThreshold: number; http: { url: string } };
  [chaos: string]: unknown;
}

function templates(m: KubernetesManifest): Template[] {
  return (m.spec as { workflow: { templates: Template[] } }).workflow.templates;
}

const CHAOS_KIND: Record<string, [string, string]> = {
  NetworkChaos: ['networkChaos', 'NetworkChaos'],
  PodChaos: ['podChaos', 'PodChaos'],
  StressChaos: ['stressChaos', 'StressChaos'],
  HTTPChaos: ['httpChaos', 'HTTPChaos'],
};

describe('Chaos Mesh', () => {
  test.each(Object.entries(ALL_FAULTS))('%s: the Schedule, its fault and its status checks validate against the upstream CRDs', (_kind, fault) => {
    const [m] = ChaosScheduleDefinition.create(schedule({}, { fault })).chaosMeshSchedules();
    expect(schemaErrors(m)).toEqual([]);
    const faultTemplate = templates(m).find((t) => t.name === 'fault')!;
    const [field, chaosKind] = CHAOS_KIND[faultTemplate.templateType];
    expect(schemaErrors({ apiVersion: 'chaos-mesh.org/v1alpha1', kind: chaosKind, metadata: { name: 'x' }, spec: faultTemplate[field] })).toEqual([]);
    for (const t of templates(m).filter((t) => t.statusCheck)) {
      expect(schemaErrors({ apiVersion: 'chaos-mesh.org/v1alpha1', kind: 'StatusCheck', metadata: { name: t.name }, spec: t.statusCheck })).toEqual([]);
    }
  });

  test('the validator is not a rubber stamp: a misspelt field or a numeric status code is refused', () => {
    const [m] = ChaosScheduleDefinition.create(schedule()).chaosMeshSchedules();
    const spec = m.spec as Record<string, unknown>;
    expect(schemaErrors({ ...m, spec: { ...spec, concurencyPolicy: 'Forbid' } })).toContain('/spec must NOT have additional properties (concurencyPolicy)');
    const check = templates(m).find((t) => t.statusCheck)!.statusCheck!;
    const broken = { ...check, http: { ...check.http, criteria: { statusCode: 200 } } };
    expect(schemaErrors({ apiVersion: 'chaos-mesh.org/v1alpha1', kind: 'StatusCheck', metadata: { name: 'x' }, spec: broken })).toContain('/spec/http/criteria/statusCode must be string');
  });

  test('one run is a Serial of the steady-state gate, then the fault beside its abort and observation checks', () => {
    const [m] = ChaosScheduleDefinition.create(paymentServiceChaos(paymentSlos)).chaosMeshSchedules();
    expect(m.spec).toMatchObject({ schedule: '0 10 * * 2', concurrencyPolicy: 'Forbid', historyLimit: 5, startingDeadlineSeconds: 300, type: 'Workflow' });
    const all = templates(m);
    const byName = new Map(all.map((t) => [t.name, t]));
    expect(byName.size).toBe(all.length);
    expect((m.spec as { workflow: { entry: string } }).workflow.entry).toBe('run');
    expect(byName.get('run')).toMatchObject({ templateType: 'Serial', children: ['steady-state', 'inject'], deadline: '720s' });
    for (const t of all) for (const child of t.children ?? []) expect(byName.has(child)).toBe(true);

    const gate = byName.get('steady-state')!;
    expect(gate).toMatchObject({ templateType: 'Parallel', deadline: '120s' });
    for (const name of gate.children!) {
      expect(byName.get(name)).toMatchObject({ templateType: 'StatusCheck', abortWithStatusCheck: true, statusCheck: { mode: 'Synchronous' } });
    }
    expect(gate.children).toEqual([
      'steady-latency-p99-slow-requests',
      'steady-availability-error-ratio',
      'guard-availability-error-ratio',
      'guard-availability-page-fast-burn',
      'guard-availability-error-budget',
    ]);

    const inject = byName.get('inject')!;
    expect(inject).toMatchObject({ templateType: 'Parallel', deadline: '600s' });
    expect(inject.children![0]).toBe('fault');
    expect(byName.get('fault')).toMatchObject({
      templateType: 'NetworkChaos',
      deadline: '600s',
      networkChaos: { action: 'delay', mode: 'fixed-percent', value: '50', direction: 'to', delay: { latency: '200ms' }, selector: { namespaces: ['payments'], labelSelectors: { 'app.kubernetes.io/name': 'payment-service' } } },
    });
    const aborts = inject.children!.filter((c) => c.startsWith('abort-')).map((c) => byName.get(c)!);
    const observers = inject.children!.filter((c) => c.startsWith('observe-')).map((c) => byName.get(c)!);
    expect(aborts.map((t) => t.name)).toEqual(['abort-availability-error-ratio', 'abort-availability-page-fast-burn', 'abort-availability-error-budget']);
    for (const t of aborts) expect(t).toMatchObject({ abortWithStatusCheck: true, statusCheck: { mode: 'Continuous', duration: '600s', failureThreshold: 2 } });
    expect(observers).toHaveLength(2);
    for (const t of observers) expect(t).toMatchObject({ abortWithStatusCheck: false, statusCheck: { mode: 'Continuous' } });
  });

  test('the status checks call the Prometheus query API with the condition built to fail as HTTP 422', () => {
    const [m] = ChaosScheduleDefinition.create(schedule()).chaosMeshSchedules();
    const url = new URL(templates(m).find((t) => t.name === 'abort-availability-error-ratio')!.statusCheck!.http.url);
    expect(`${url.origin}${url.pathname}`).toBe('http://prometheus-operated.monitoring.svc:9090/api/v1/query');
    expect(url.searchParams.get('query')).toBe(
      'topk(scalar((slo:sli_error:ratio_rate5m{service="payment-service", slo="availability"} and on () (slo:sli_total:rate5m{service="payment-service", slo="availability"} > 0)) <= 0.05), vector(1))',
    );
  });

  test('pods are chosen by share, by count, or (opted in) all of them', () => {
    const mode = (target: object) => {
      const [m] = ChaosScheduleDefinition.create(schedule({}, { target: { namespace: 'payments', selector: { app: 'pay' }, ...target } })).chaosMeshSchedules();
      const fault = templates(m).find((t) => t.name === 'fault')!.networkChaos as { mode: string; value?: string };
      return [fault.mode, fault.value, m.metadata.annotations?.['sre-constructs.dev/all-pods-opt-in']];
    };
    expect(mode({ percent: 25 })).toEqual(['fixed-percent', '25', undefined]);
    expect(mode({ count: 2 })).toEqual(['fixed', '2', undefined]);
    expect(mode({ percent: 100, allowAllPods: { reason: 'two replicas only' } })).toEqual(['all', undefined, 'two replicas only']);
  });
});

describe('Litmus', () => {
  const litmusFaults = Object.entries(ALL_FAULTS).filter(([kind]) => LITMUS_EXPERIMENTS[kind as keyof typeof LITMUS_EXPERIMENTS]);

  test.each(litmusFaults)('%s: the ChaosEngine, the trigger CronJob and the RBAC validate', (kind, fault) => {
    const target = kind === 'network-partition' ? { namespace: 'payments', selector: { app: 'pay' }, percent: 100, allowAllPods: { reason: 'a partition cuts every pod' } } : undefined;
    const props = { engine: 'litmus' as const };
    const definition = ChaosScheduleDefinition.create(schedule(props, { fault, ...(target ? { target } : {}) }));
    const manifests = definition.manifests();
    expect(manifests.map((m) => m.kind)).toEqual(['ChaosEngine', 'CronJob', 'ServiceAccount', 'Role', 'RoleBinding', 'ServiceAccount', 'Role', 'RoleBinding', 'PrometheusRule']);
    for (const m of manifests) expect({ kind: m.kind, errors: schemaErrors(m) }).toEqual({ kind: m.kind, errors: [] });
    const engine = definition.litmusEngines()[0].spec as { experiments: Array<{ name: string }> };
    expect(engine.experiments[0].name).toBe(LITMUS_EXPERIMENTS[kind as keyof typeof LITMUS_EXPERIMENTS]);
  });

  test('the Litmus schema is checked for real: a wrong engineState is refused', () => {
    const [engine] = ChaosScheduleDefinition.create(schedule({ engine: 'litmus' })).litmusEngines();
    expect(schemaErrors({ ...engine, spec: { ...(engine.spec as object), engineState: 'paused' } })).toEqual(['/spec/engineState must match pattern "^(active|stop)$"']);
  });

  test('the engine is armed, not running; probes gate before injecting, abort with stopOnFailure, and observe', () => {
    const [engine] = ChaosScheduleDefinition.create({ ...paymentServiceChaos(paymentSlos), engine: 'litmus' }).litmusEngines();
    const spec = engine.spec as {
      engineState: string;
      appinfo: object;
      chaosServiceAccount: string;
      experiments: Array<{ spec: { components: { env: Array<{ name: string; value: string }> }; probe: Array<{ name: string; mode: string; runProperties: { stopOnFailure?: boolean; attempt: number } }> } }>;
    };
    expect(spec.engineState).toBe('stop');
    expect(spec.appinfo).toEqual({ appns: 'payments', applabel: 'app.kubernetes.io/name=payment-service', appkind: 'deployment' });
    expect(spec.chaosServiceAccount).toBe('payment-service-network-latency-runner');
    const env = Object.fromEntries(spec.experiments[0].spec.components.env.map((e) => [e.name, e.value]));
    expect(env).toMatchObject({ TOTAL_CHAOS_DURATION: '600', NETWORK_LATENCY: '200', PODS_AFFECTED_PERC: '50' });
    const probes = spec.experiments[0].spec.probe.map((p) => [p.name, p.mode, p.runProperties.stopOnFailure ?? false, p.runProperties.attempt]);
    expect(probes).toEqual([
      ['steady-latency-p99-slow-requests', 'SOT', false, 2],
      ['steady-availability-error-ratio', 'SOT', false, 2],
      ['guard-availability-error-ratio', 'SOT', false, 2],
      ['guard-availability-page-fast-burn', 'SOT', false, 2],
      ['guard-availability-error-budget', 'SOT', false, 2],
      ['abort-availability-error-ratio', 'Continuous', true, 2],
      ['abort-availability-page-fast-burn', 'Continuous', true, 2],
      ['abort-availability-error-budget', 'Continuous', true, 2],
      ['observe-latency-p99-slow-requests', 'Continuous', false, 2],
      ['observe-availability-error-ratio', 'Continuous', false, 2],
    ]);
  });

  test('the trigger CronJob starts a run by patching its engine active, in UTC, never twice at once, never late', () => {
    const [cron] = ChaosScheduleDefinition.create(schedule({ engine: 'litmus' })).litmusTriggers();
    const spec = cron.spec as Record<string, unknown> & { jobTemplate: { spec: { template: { spec: { serviceAccountName: string; containers: Array<{ args: string[]; image: string }> } } } } };
    expect(spec).toMatchObject({ schedule: '0 10 * * 2', timeZone: 'Etc/UTC', suspend: false, concurrencyPolicy: 'Forbid', startingDeadlineSeconds: 300 });
    const pod = spec.jobTemplate.spec.template.spec;
    expect(pod.serviceAccountName).toBe('payment-service-latency-trigger');
    expect(pod.containers[0].image).toBe('registry.k8s.io/kubectl:v1.35.0');
    expect(pod.containers[0].args.slice(0, 9)).toEqual(['patch', 'chaosengines.litmuschaos.io', 'payment-service-latency', '--namespace', 'payments', '--type', 'merge', '--patch', '{"spec":{"engineState":"active"}}']);
  });

  test('least privilege: the trigger may only get and patch its own engine; the runner gets no secrets, no wildcards, no cluster scope', () => {
    const definition = ChaosScheduleDefinition.create(schedule({ engine: 'litmus' }));
    const [runner, trigger] = definition.identities();
    expect(trigger.rules.map(({ apiGroup, resources, resourceNames, verbs }) => ({ apiGroup, resources, resourceNames, verbs }))).toEqual([
      { apiGroup: 'litmuschaos.io', resources: ['chaosengines'], resourceNames: ['payment-service-latency'], verbs: ['get', 'patch'] },
    ]);
    const granted = runner.rules.flatMap((r) => r.resources.map((res) => `${r.apiGroup}/${res}`));
    expect(granted).not.toContain('/secrets');
    expect(granted).not.toContain('/configmaps');
    expect(granted).not.toContain('/pods/exec');
    expect(granted).toContain('apps/replicasets');
    for (const r of runner.rules) {
      expect(r.verbs).not.toContain('*');
      expect(r.resources).not.toContain('*');
      expect(r.why.length).toBeGreaterThan(10);
    }
    const kinds = definition.rbacManifests().map((m) => m.kind);
    expect(kinds).not.toContain('ClusterRole');
    const [account] = definition.rbacManifests();
    expect(account).toMatchObject({ kind: 'ServiceAccount', automountServiceAccountToken: true, metadata: { namespace: 'payments' } });
  });

  test('faults that need them get exec and NetworkPolicy rights, and only they', () => {
    const rights = (fault: (typeof ALL_FAULTS)[keyof typeof ALL_FAULTS], target?: object) => {
      const [runner] = ChaosScheduleDefinition.create(schedule({ engine: 'litmus' }, { fault, ...(target ? { target: target as never } : {}) })).identities();
      return runner.rules.flatMap((r) => r.resources);
    };
    expect(rights(ALL_FAULTS['cpu-stress'])).toContain('pods/exec');
    const all = { namespace: 'payments', selector: { app: 'pay' }, percent: 100, allowAllPods: { reason: 'partition' } };
    expect(rights(ALL_FAULTS['network-partition'], all)).toEqual(expect.arrayContaining(['networkpolicies', 'pods/exec']));
    expect(rights(ALL_FAULTS['network-latency'])).not.toContain('networkpolicies');
  });
});

describe('the kill switch', () => {
  const reason = 'error budget of availability exhausted';

  test('on the schedule, it pauses every Chaos Mesh Schedule with the pause annotation and drops the alerts', () => {
    const definition = ChaosScheduleDefinition.create({ ...paymentServiceChaos(paymentSlos), paused: { reason } });
    const [m] = definition.chaosMeshSchedules();
    expect(m.metadata.annotations).toEqual({ [CHAOS_MESH_PAUSE_ANNOTATION]: 'true', 'sre-constructs.dev/paused': reason });
    expect(CHAOS_MESH_PAUSE_ANNOTATION).toBe('experiment.chaos-mesh.org/pause');
    expect(definition.ruleGroups()).toEqual([]);
    expect(definition.manifests().map((x) => x.kind)).toEqual(['Schedule']);
    expect(schemaErrors(m)).toEqual([]);
  });

  test('on Litmus, it suspends the CronJob and leaves the engine stopped', () => {
    const definition = ChaosScheduleDefinition.create({ ...paymentServiceChaos(paymentSlos), engine: 'litmus', paused: { reason } });
    const [engine] = definition.litmusEngines();
    const [cron] = definition.litmusTriggers();
    expect((engine.spec as { engineState: string }).engineState).toBe('stop');
    expect((cron.spec as { suspend: boolean }).suspend).toBe(true);
    expect(cron.metadata.annotations).toEqual({ 'sre-constructs.dev/paused': reason });
  });

  test('on one experiment, it pauses that one only', () => {
    const props = schedule({}, {});
    const definition = ChaosScheduleDefinition.create({ ...props, experiments: [props.experiments[0], { ...props.experiments[0], name: 'other', schedule: '0 10 * * 4', paused: { reason: 'flaky dependency' } }] });
    expect(definition.chaosMeshSchedules().map((m) => m.metadata.annotations?.[CHAOS_MESH_PAUSE_ANNOTATION])).toEqual([undefined, 'true']);
    expect(definition.ruleGroups().map((g) => g.name)).toEqual(['chaos/payment-service/latency']);
    expect(definition.experiments[1].paused).toEqual({ reason: 'flaky dependency', by: 'experiment' });
  });
});

describe('opt-ins and determinism', () => {
  test('a production experiment carries its opt-in as an annotation', () => {
    const [m] = ChaosScheduleDefinition.create(
      schedule({}, { environment: { name: 'prod-eu', production: true }, allowProduction: { reason: 'game day 2025-06, approved by the payments lead' } }),
    ).chaosMeshSchedules();
    expect(m.metadata.annotations).toEqual({ 'sre-constructs.dev/production-opt-in': 'game day 2025-06, approved by the payments lead' });
  });

  test('the same spec renders the same bytes', () => {
    const once = JSON.stringify(ChaosScheduleDefinition.create(paymentServiceChaos(paymentSlos)).manifests());
    const again = JSON.stringify(ChaosScheduleDefinition.create(paymentServiceChaos(paymentSlos)).manifests());
    expect(again).toBe(once);
  });

  test('a derived condition reads the SloService given, which must be the service\'s own', () => {
    expect(paymentService.service).toBe('payment-service');
    const definition = ChaosScheduleDefinition.create(schedule({}, { hypothesis: [ChaosCondition.sloLatency('latency-p99', { window: Duration.minutes(30) })] }));
    expect(definition.experiments[0].hypothesis[0].query).toContain('slo:sli_error:ratio_rate30m{service="payment-service", slo="latency-p99"}');
  });
});

import { container, deployment, described, manifest, prometheusRule, runRule } from './fixtures';
import { schemaErrors } from '../support/schema';

const pdb = (spec: object, name = 'checkout', namespace = 'shop') => manifest('policy/v1', 'PodDisruptionBudget', name, namespace, { spec: { selector: { matchLabels: { 'app.kubernetes.io/name': 'checkout' } }, ...spec } });
const hpa = (min: number | undefined, max: number, name = 'checkout') =>
  manifest('autoscaling/v2', 'HorizontalPodAutoscaler', name, 'shop', { spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'checkout' }, ...(min !== undefined ? { minReplicas: min } : {}), maxReplicas: max } });
const sloRule = (service: string, namespace = 'shop') =>
  prometheusRule(`${service}-slos`, namespace, [{ name: 'b', rules: [{ record: 'slo:objective:ratio', expr: 'vector(0.999)', labels: { service, slo: 'availability' } }] }]);

test('the hand-written manifests these tests use are valid Kubernetes objects', () => {
  for (const m of [deployment(), pdb({ maxUnavailable: 1 }), hpa(2, 5)]) expect(schemaErrors(m)).toEqual([]);
});

describe('SRE-ARC-003: workloads of every SLO service are in the tree', () => {
  test('names the PrometheusRule of a service whose workload is missing', () => {
    expect(described(runRule('SRE-ARC-003', [sloRule('checkout')]))).toEqual([
      'PrometheusRule shop/checkout-slos (service checkout): it has SLOs but no Deployment or StatefulSet of it is in the tree, so its replicas, disruption budget, probes, limits, network policy and tracing cannot be reviewed',
    ]);
  });

  test('ties workloads to services by sre-constructs.dev/service, then app.kubernetes.io/name on the object or its pods, then the name', () => {
    expect(runRule('SRE-ARC-003', [sloRule('checkout'), deployment({ name: 'web', podLabels: { x: 'y' }, labels: { 'sre-constructs.dev/service': 'checkout' } })]).status).toBe('pass');
    expect(runRule('SRE-ARC-003', [sloRule('checkout'), deployment({ name: 'web', podLabels: { 'app.kubernetes.io/name': 'checkout' } })]).status).toBe('pass');
    expect(runRule('SRE-ARC-003', [sloRule('checkout'), deployment({ name: 'checkout', podLabels: { x: 'y' } })]).status).toBe('pass');
    expect(runRule('SRE-ARC-003', [sloRule('checkout'), deployment({ name: 'web', podLabels: { x: 'y' } })]).status).toBe('fail');
  });
});

describe('SRE-ARC-004: more than one replica, or a stated reason', () => {
  test('counts an unset replicas as Kubernetes does: one', () => {
    expect(described(runRule('SRE-ARC-004', [deployment()]))).toEqual([
      'Deployment shop/checkout: it runs 1 replica (spec.replicas is unset, and 1 is the default), a single point of failure',
    ]);
  });

  test('accepts a reason in the annotation, and an autoscaler that keeps at least two', () => {
    expect(runRule('SRE-ARC-004', [deployment({ replicas: 1, annotations: { 'sre-constructs.dev/single-replica-reason': 'leader-elected singleton; the standby is in another zone' } })]).status).toBe('pass');
    expect(runRule('SRE-ARC-004', [deployment({ replicas: 1, annotations: { 'sre-constructs.dev/single-replica-reason': '  ' } })]).status).toBe('fail');
    expect(runRule('SRE-ARC-004', [deployment({ replicas: 1 }), hpa(2, 5)]).status).toBe('pass');
    expect(described(runRule('SRE-ARC-004', [deployment({ replicas: 3 }), hpa(undefined, 5)]))[0]).toMatch(/its HorizontalPodAutoscaler checkout lets it scale down to 1 replica/);
  });
});

describe('SRE-ARC-005: a PodDisruptionBudget that still lets a node drain', () => {
  test('passes with maxUnavailable 1, fails without a budget or with one in another namespace', () => {
    expect(runRule('SRE-ARC-005', [deployment({ replicas: 3 }), pdb({ maxUnavailable: 1 })]).status).toBe('pass');
    expect(described(runRule('SRE-ARC-005', [deployment({ replicas: 3 }), pdb({ maxUnavailable: 1 }, 'checkout', 'other')]))).toEqual([
      'Deployment shop/checkout: no PodDisruptionBudget selects its pods, so a node drain or a cluster upgrade may evict all of them at once',
    ]);
  });

  test('names a budget that blocks every eviction, by count or percentage', () => {
    for (const spec of [{ minAvailable: 3 }, { minAvailable: '100%' }, { maxUnavailable: 0 }, { maxUnavailable: '10%' }]) {
      const [line] = described(runRule('SRE-ARC-005', [deployment({ replicas: 3 }), pdb(spec)]));
      expect(line).toMatch(/^PodDisruptionBudget shop\/checkout \(for Deployment checkout\): (minAvailable|maxUnavailable) is .* with 3 replicas, so no pod may ever be evicted/);
    }
    expect(runRule('SRE-ARC-005', [deployment({ replicas: 3 }), pdb({ minAvailable: 2 })]).status).toBe('pass');
    expect(runRule('SRE-ARC-005', [deployment({ replicas: 3 }), pdb({ maxUnavailable: '34%' })]).status).toBe('pass');
  });

  test('refuses two budgets over the same pods, which the eviction API cannot honour', () => {
    expect(described(runRule('SRE-ARC-005', [deployment({ replicas: 3 }), pdb({ maxUnavailable: 1 }), pdb({ maxUnavailable: 1 }, 'second')]))[0]).toMatch(/2 PodDisruptionBudgets select its pods \(checkout, second\)/);
  });
});

describe('SRE-ARC-006: readiness and liveness probes', () => {
  test('names each container and the probe it lacks; init containers need none', () => {
    const d = deployment({
      containers: [container({ name: 'app', livenessProbe: undefined }), container({ name: 'proxy', readinessProbe: undefined, livenessProbe: undefined })],
      initContainers: [container({ name: 'migrate', readinessProbe: undefined, livenessProbe: undefined })],
    });
    expect(described(runRule('SRE-ARC-006', [d]))).toEqual([
      'Deployment shop/checkout (container app): it has no liveness probe',
      'Deployment shop/checkout (container proxy): it has no readiness and no liveness probe',
    ]);
  });
});

describe('SRE-CAP-004: requests and a memory limit', () => {
  test('asks every container, init containers too, for CPU and memory requests and a memory limit, not a CPU limit', () => {
    const d = deployment({
      containers: [container({ resources: { requests: { cpu: '1' } } })],
      initContainers: [container({ name: 'migrate', resources: {} })],
    });
    expect(described(runRule('SRE-CAP-004', [d]))).toEqual([
      'Deployment shop/checkout (container app): it has no memory request and memory limit',
      'Deployment shop/checkout (init container migrate): it has no CPU request, memory request and memory limit',
    ]);
    expect(runRule('SRE-CAP-004', [deployment()]).status).toBe('pass');
  });
});

describe('SRE-CAP-003: autoscaling (a warning)', () => {
  test('wants a HorizontalPodAutoscaler that can scale', () => {
    const r = runRule('SRE-CAP-003', [deployment()]);
    expect([r.level, r.status]).toEqual(['warning', 'fail']);
    expect(described(runRule('SRE-CAP-003', [deployment(), hpa(3, 3)]))).toEqual(['HorizontalPodAutoscaler shop/checkout (for Deployment checkout): maxReplicas (3) is not above minReplicas (3), so it never scales']);
    expect(runRule('SRE-CAP-003', [deployment(), hpa(3, 10)]).status).toBe('pass');
  });
});

describe('SRE-SEC-003: network policies', () => {
  const np = (spec: object, name = 'checkout') => manifest('networking.k8s.io/v1', 'NetworkPolicy', name, 'shop', { spec });
  const select = { podSelector: { matchExpressions: [{ key: 'app.kubernetes.io/name', operator: 'In', values: ['checkout', 'cart'] }] } };

  test('wants an ingress policy selecting the pods (matchExpressions count), and refuses an allow-all rule', () => {
    expect(schemaErrors(np({ ...select, ingress: [{ from: [{ podSelector: {} }] }] }))).toEqual([]);
    expect(runRule('SRE-SEC-003', [deployment(), np({ ...select, ingress: [{ from: [{ podSelector: {} }] }] })]).status).toBe('pass');
    expect(described(runRule('SRE-SEC-003', [deployment(), np({ ...select, ingress: [{}] })]))).toEqual([
      'NetworkPolicy shop/checkout (for Deployment checkout): it has an empty ingress rule, which lets every source in on every port',
    ]);
    expect(described(runRule('SRE-SEC-003', [deployment(), np({ ...select, policyTypes: ['Egress'], egress: [] })]))).toEqual([
      'Deployment shop/checkout: no NetworkPolicy selects its pods, so anything in the cluster can connect to them',
    ]);
    expect(runRule('SRE-SEC-003', [deployment(), np({ podSelector: { matchExpressions: [{ key: 'app.kubernetes.io/name', operator: 'NotIn', values: ['checkout'] }] } })]).status).toBe('fail');
  });
});

describe('SRE-OBS-001: metrics scraped', () => {
  const service = (selector: object, labels: object = { app: 'checkout' }) => manifest('v1', 'Service', 'checkout', 'shop', { spec: { selector, ports: [{ name: 'http-metrics', port: 9090 }] } }, { labels });
  const monitor = (kind: string, namespace: string, extra: object = {}) =>
    manifest('monitoring.coreos.com/v1', kind, 'checkout', namespace, { spec: { selector: { matchLabels: { app: 'checkout' } }, ...(kind === 'ServiceMonitor' ? { endpoints: [{ port: 'http-metrics' }] } : { podMetricsEndpoints: [{ port: 'http-metrics' }] }), ...extra } });
  const pods = { 'app.kubernetes.io/name': 'checkout', app: 'checkout' };

  test('follows a ServiceMonitor through the Service to the pods, in the namespaces it looks in', () => {
    const d = deployment({ podLabels: pods });
    expect(runRule('SRE-OBS-001', [d, service({ app: 'checkout' }), monitor('ServiceMonitor', 'shop')]).status).toBe('pass');
    expect(runRule('SRE-OBS-001', [d, service({ app: 'other' }), monitor('ServiceMonitor', 'shop')]).status).toBe('fail');
    expect(runRule('SRE-OBS-001', [d, service({ app: 'checkout' }), monitor('ServiceMonitor', 'monitoring')]).status).toBe('fail');
    expect(runRule('SRE-OBS-001', [d, service({ app: 'checkout' }), monitor('ServiceMonitor', 'monitoring', { namespaceSelector: { matchNames: ['shop'] } })]).status).toBe('pass');
    expect(runRule('SRE-OBS-001', [d, service({ app: 'checkout' }), monitor('ServiceMonitor', 'monitoring', { namespaceSelector: { any: true } })]).status).toBe('pass');
    expect(runRule('SRE-OBS-001', [d, monitor('PodMonitor', 'shop')]).status).toBe('pass');
    for (const m of [service({ app: 'checkout' }), monitor('ServiceMonitor', 'shop'), monitor('PodMonitor', 'shop')]) expect(schemaErrors(m)).toEqual([]);
  });
});

describe('SRE-OBS-003: tracing', () => {
  const instrumentation = (name: string, namespace = 'shop', ratio = '0.1') =>
    manifest('opentelemetry.io/v1alpha1', 'Instrumentation', name, namespace, { spec: { exporter: { endpoint: 'http://otel:4317' }, sampler: { type: 'parentbased_traceidratio', argument: ratio } } });
  const traced = (value: string) => deployment({ podAnnotations: { 'instrumentation.opentelemetry.io/inject-java': value } });

  test('resolves "true", a name and namespace/name to an Instrumentation of the tree', () => {
    expect(runRule('SRE-OBS-003', [traced('true'), instrumentation('tracing')]).status).toBe('pass');
    expect(runRule('SRE-OBS-003', [traced('tracing'), instrumentation('tracing')]).status).toBe('pass');
    expect(runRule('SRE-OBS-003', [traced('observability/shared'), instrumentation('shared', 'observability')]).status).toBe('pass');
    expect(described(runRule('SRE-OBS-003', [traced('true'), instrumentation('a'), instrumentation('b')]))[0]).toMatch(/"true" picks the only Instrumentation of namespace shop, and the tree has 2 \(a, b\) there/);
    expect(described(runRule('SRE-OBS-003', [traced('observability/shared')]))[0]).toMatch(/names Instrumentation observability\/shared, which is not in the tree/);
  });

  test('reads the Namespace\'s annotation, refuses "false" and a sampling ratio of 0', () => {
    const ns = manifest('v1', 'Namespace', 'shop', undefined, {}, { annotations: { 'instrumentation.opentelemetry.io/inject-python': 'true' } });
    expect(runRule('SRE-OBS-003', [deployment(), ns, instrumentation('tracing')]).status).toBe('pass');
    expect(described(runRule('SRE-OBS-003', [traced('false'), instrumentation('tracing')]))[0]).toMatch(/its pods are not instrumented/);
    expect(described(runRule('SRE-OBS-003', [traced('true'), instrumentation('tracing', 'shop', '0')]))[0]).toMatch(/Instrumentation shop\/tracing samples 0% of traces/);
  });

  test('counts a container that exports traces with an SDK of its own, unless it turns them off', () => {
    const sdk = (env: object[]) => deployment({ containers: [container({ env })] });
    const endpoint = { name: 'OTEL_EXPORTER_OTLP_ENDPOINT', valueFrom: { configMapKeyRef: { name: 'otel', key: 'endpoint' } } };
    expect(runRule('SRE-OBS-003', [sdk([endpoint])]).status).toBe('pass');
    expect(runRule('SRE-OBS-003', [sdk([endpoint, { name: 'OTEL_TRACES_SAMPLER', value: 'always_off' }])]).status).toBe('fail');
    expect(runRule('SRE-OBS-003', [sdk([endpoint, { name: 'OTEL_SDK_DISABLED', value: 'true' }])]).status).toBe('fail');
  });
});

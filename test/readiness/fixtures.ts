import { Chart, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-34';
import * as k8s from '@pulumi/kubernetes';
import type * as pulumi from '@pulumi/pulumi';
import { Construct } from 'constructs';
import {
  AttestationProps,
  ChaosCondition,
  ChaosFault,
  ChaosScheduleProps,
  Duration,
  ManifestSource,
  Objective,
  ReadinessAcknowledgementProps,
  ReadinessFinding,
  ReadinessPack,
  ReadinessReviewDefinition,
  ReadinessReviewProps,
  describeObject,
  ServiceMonitoringProps,
  Sli,
  SloServiceDefinition,
  SloServiceProps,
  TracingProps,
  toYamlDocuments,
} from 'sre-constructs';
import * as cdk8sDoor from 'sre-constructs/cdk8s';
import * as pulumiDoor from 'sre-constructs/pulumi';
import { parseAllDocuments } from 'yaml';
import { RegisteredResource } from '../../scripts/pulumi-offline';

/** The day the tests review as of. */
export const DAY = '2026-11-29';

/** An attestation of every item the seed's checklist attests, recent on {@link DAY}. */
export function attestEverything(date = '2026-11-01'): AttestationProps[] {
  return ReadinessPack.seedChecklist()
    .attestedItems()
    .map((item) => ({ item, by: 'sre-team', date, link: `https://wiki.example.com/${item}` }));
}

/** Acknowledgements of the concerns the test trees leave out on purpose (routing, capacity, gates, autoscaling). */
export const OUT_OF_SCOPE: ReadinessAcknowledgementProps[] = ['SRE-OPS-002', 'SRE-CAP-002', 'SRE-CAP-003', 'SRE-QC-002'].map((rule) => ({
  rule,
  reason: 'not what this test is about',
}));

/** The review the gap tree gets: the seed's checklist, everything attested, the out-of-scope concerns acknowledged. */
export const gapReview: ReadinessReviewProps = { attestations: attestEverything(), acknowledgements: OUT_OF_SCOPE, asOf: DAY };

/**
 * A service with four gaps: its paging burn-rate alert has no runbook, its container has no probes and no
 * memory limit, and nothing backs it up. Everything else the checklist asks for is there.
 */
const SERVICE = 'checkout';
const NAMESPACE = 'shop';
const labels = { 'app.kubernetes.io/name': SERVICE };
const requests = 'http_requests_total{service="checkout"}';
export const checkoutSlos: SloServiceProps = {
  service: SERVICE,
  labels: { team: 'shop' },
  alerting: {
    tiers: {
      'page-fast': { longWindow: Duration.hours(1), shortWindow: Duration.minutes(5), budgetPercent: 2, page: true },
      'ticket-slow': { longWindow: Duration.days(3), shortWindow: Duration.hours(6), budgetPercent: 10, page: false },
    },
    // The gap the review must find: the construct's own synth check is told to let it through.
    acknowledgeNoRunbook: 'left out on purpose, for the readiness review to report',
  },
  slos: [{ name: 'availability', sli: Sli.availability({ requests }), objective: Objective.percent(99.9) }],
  metadata: { namespace: NAMESPACE },
};
const monitoring: ServiceMonitoringProps = {
  service: SERVICE,
  requests,
  histogram: 'http_request_duration_seconds_bucket{service="checkout"}',
  latencyAlert: false,
  scrape: { selector: labels, port: 'http-metrics', metadata: { namespace: NAMESPACE } },
  runbookUrl: 'https://runbooks.example.com/checkout/errors',
  metadata: { namespace: NAMESPACE },
};
const tracing: TracingProps = { endpoint: 'http://otel-collector.observability:4317', metadata: { name: SERVICE, namespace: NAMESPACE } };
const placement = { folder: 'Shop', metadata: { namespace: 'monitoring' } } as const;
function chaos(slos: SloServiceDefinition): ChaosScheduleProps {
  return {
    service: SERVICE,
    engine: 'chaos-mesh',
    prometheusUrl: 'http://prometheus-operated.monitoring.svc:9090',
    slos,
    alerts: { runbookUrl: 'https://runbooks.example.com/checkout/chaos' },
    prometheusRule: { namespace: NAMESPACE },
    experiments: [
      {
        name: 'pod-kill',
        fault: ChaosFault.podKill(),
        target: { namespace: NAMESPACE, selector: labels, percent: 34 },
        duration: Duration.minutes(5),
        schedule: '0 10 * * 3',
        environment: { name: 'staging', production: false },
        hypothesis: [ChaosCondition.sloErrorRatio('availability', { below: 0.001 })],
        abortUnless: [ChaosCondition.sloErrorRatio('availability', { atMost: 0.05 })],
      },
    ],
  };
}

/** The gap tree in a cdk8s chart, with a cdk8s-plus workload. */
export function gapTreeCdk8s(scope: Construct): Chart {
  const chart = new Chart(scope, 'checkout', { namespace: NAMESPACE, disableResourceNameHashes: true });
  const slos = new cdk8sDoor.SloService(chart, 'slos', checkoutSlos);
  const red = new cdk8sDoor.ServiceMonitoring(chart, 'red', monitoring);
  new cdk8sDoor.Tracing(chart, 'tracing', tracing);
  new cdk8sDoor.SloDashboard(chart, 'slo-dashboard', { service: slos, ...placement });
  new cdk8sDoor.RedDashboard(chart, 'red-dashboard', { monitoring: red, ...placement });
  new cdk8sDoor.ChaosSchedule(chart, 'chaos', chaos(slos.definition));
  const deployment = new kplus.Deployment(chart, 'deployment', {
    metadata: { name: SERVICE, labels },
    replicas: 3,
    podMetadata: { labels, annotations: { 'instrumentation.opentelemetry.io/inject-nodejs': 'true' } },
    containers: [
      {
        name: 'app',
        image: 'ghcr.io/example/checkout:2.0.0',
        ports: [{ number: 9090, name: 'http-metrics' }],
        resources: { cpu: { request: kplus.Cpu.millis(200) }, memory: { request: Size.mebibytes(256) } },
      },
    ],
  });
  new kplus.Service(chart, 'service', { metadata: { name: SERVICE, labels }, selector: deployment, ports: [{ name: 'http-metrics', port: 9090 }] });
  new kplus.NetworkPolicy(chart, 'network-policy', {
    metadata: { name: SERVICE },
    selector: deployment,
    ingress: { rules: [{ peer: kplus.Namespaces.select(chart, 'prometheus', { names: ['monitoring'] }), ports: [kplus.NetworkPolicyPort.tcp(9090)] }] },
  });
  new kplus.k8s.KubePodDisruptionBudget(chart, 'pdb', { metadata: { name: SERVICE }, spec: { maxUnavailable: kplus.k8s.IntOrString.fromNumber(1), selector: { matchLabels: labels } } });
  return chart;
}

/** The same tree as a Pulumi program, with a @pulumi/kubernetes workload. */
export function gapTreePulumi(): pulumi.Resource[] {
  const slos = new pulumiDoor.SloService('checkout', checkoutSlos);
  const red = new pulumiDoor.ServiceMonitoring('checkout-red', monitoring);
  const meta = { name: SERVICE, namespace: NAMESPACE, labels };
  return [
    slos,
    red,
    new pulumiDoor.Tracing('checkout-tracing', tracing),
    new pulumiDoor.SloDashboard('checkout-slo', { service: slos, ...placement }),
    new pulumiDoor.RedDashboard('checkout-red', { monitoring: red, ...placement }),
    new pulumiDoor.ChaosSchedule('checkout-chaos', chaos(slos.definition)),
    new k8s.apps.v1.Deployment('checkout', {
      metadata: meta,
      spec: {
        replicas: 3,
        selector: { matchLabels: labels },
        template: {
          metadata: { labels, annotations: { 'instrumentation.opentelemetry.io/inject-nodejs': 'true' } },
          spec: { containers: [{ name: 'app', image: 'ghcr.io/example/checkout:2.0.0', ports: [{ containerPort: 9090, name: 'http-metrics' }], resources: { requests: { cpu: '200m', memory: '256Mi' } } }] },
        },
      },
    }),
    new k8s.core.v1.Service('checkout', { metadata: meta, spec: { selector: labels, ports: [{ name: 'http-metrics', port: 9090 }] } }),
    new k8s.networking.v1.NetworkPolicy('checkout', {
      metadata: meta,
      spec: { podSelector: { matchLabels: labels }, policyTypes: ['Ingress'], ingress: [{ from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } } }], ports: [{ port: 9090 }] }] },
    }),
    new k8s.policy.v1.PodDisruptionBudget('checkout', { metadata: meta, spec: { maxUnavailable: 1, selector: { matchLabels: labels } } }),
  ];
}

/** A stack's resources as CrossGuard hands them to a stack policy (the fields the policies read). */
export function policyResources(registered: readonly RegisteredResource[]): Array<{ type: string; name: string; urn: string; props: Record<string, unknown> }> {
  return registered.map((r) => ({ type: r.type, name: r.name, urn: `urn:pulumi:test::sre-constructs::${r.type}::${r.name}`, props: r.inputs }));
}

/** One reported violation. */
export interface Violation {
  readonly policy: string;
  readonly enforcementLevel: string;
  readonly message: string;
  readonly urn?: string;
}

/**
 * Runs stack policies the way Pulumi documents testing them without the CLI: call each policy's
 * validateStack with an args object and collect what it reports.
 */
export async function runStackPolicies(policies: readonly pulumiDoor.ReadinessPolicy[], resources: ReturnType<typeof policyResources>): Promise<Violation[]> {
  const violations: Violation[] = [];
  for (const p of policies) {
    const args = { resources, stackTags: new Map<string, string>(), getConfig: <T>() => ({}) as T, notApplicable: (): never => { throw new Error('not applicable'); } };
    await p.validateStack(args, (message, urn) => violations.push({ policy: p.name, enforcementLevel: p.enforcementLevel, message, ...(urn ? { urn } : {}) }));
  }
  return violations;
}

/** Manifests as the CLI would read them, from a chart's synthesized objects. */
export function chartSources(chart: Chart): ManifestSource[] {
  return parseAllDocuments(toYamlDocuments(chart.toJson())).map((d, i) => ({ manifest: d.toJS(), origin: `${chart.node.id}#${i + 1}` }));
}

/** A Deployment manifest to vary. */
export function deployment(opts: {
  name?: string;
  namespace?: string;
  replicas?: number;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  podLabels?: Record<string, string>;
  podAnnotations?: Record<string, string>;
  containers?: object[];
  initContainers?: object[];
} = {}): ReturnType<typeof manifest> {
  const name = opts.name ?? 'checkout';
  const podLabels = opts.podLabels ?? { 'app.kubernetes.io/name': name };
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: opts.namespace ?? 'shop', ...(opts.labels ? { labels: opts.labels } : {}), ...(opts.annotations ? { annotations: opts.annotations } : {}) },
    spec: {
      ...(opts.replicas !== undefined ? { replicas: opts.replicas } : {}),
      selector: { matchLabels: podLabels },
      template: {
        metadata: { labels: podLabels, ...(opts.podAnnotations ? { annotations: opts.podAnnotations } : {}) },
        spec: { containers: opts.containers ?? [container()], ...(opts.initContainers ? { initContainers: opts.initContainers } : {}) },
      },
    },
  };
}

/** A container with probes, requests and a memory limit, to vary. */
export function container(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: 'app',
    image: 'ghcr.io/example/app:1.0.0',
    readinessProbe: { httpGet: { path: '/ready', port: 8080 } },
    livenessProbe: { httpGet: { path: '/healthz', port: 8080 } },
    resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { memory: '128Mi' } },
    ...overrides,
  };
}

/** A manifest of any kind. */
export function manifest(
  apiVersion: string,
  kind: string,
  name: string,
  namespace: string | undefined,
  body: Record<string, unknown>,
  metadata: Record<string, unknown> = {},
): { apiVersion: string; kind: string; [key: string]: unknown } {
  return { apiVersion, kind, metadata: { name, ...(namespace ? { namespace } : {}), ...metadata }, ...body };
}

/** A PrometheusRule holding these groups. */
export function prometheusRule(name: string, namespace: string, groups: object[]): ReturnType<typeof manifest> {
  return manifest('monitoring.coreos.com/v1', 'PrometheusRule', name, namespace, { spec: { groups } });
}

/** Runs one rule of the library over manifests and returns its result. */
export function runRule(id: string, manifests: readonly unknown[], props: Omit<ReadinessReviewProps, 'pack'> = {}) {
  const pack = ReadinessPack.create({ name: 'one', rules: { [id]: true } });
  const review = ReadinessReviewDefinition.create({ asOf: DAY, ...props, pack });
  return review.review(manifests.map((m, i) => ({ manifest: m, origin: `#${i + 1}` }))).results[0];
}

/** `Kind namespace/name (subject): problem` of each finding of a result. */
export function described(result: { findings: readonly ReadinessFinding[] }): string[] {
  return result.findings.map((f) => `${f.object ? describeObject(f.object) : 'tree'}${f.subject ? ` (${f.subject})` : ''}: ${f.problem}`);
}

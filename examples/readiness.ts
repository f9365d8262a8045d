import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ReadinessPack, ReadinessReviewProps, readReadinessFile, reviewPropsFromFile } from 'sre-constructs';

/**
 * The example's production readiness review: the attestations and acknowledgements of readiness.yaml, the
 * seed's checklist, and the day of the review. The day is pinned so the example's output is the same bytes
 * on every run; a pipeline leaves asOf out and reviews as of today, so attestations expire.
 */
export const READINESS_FILE = join(__dirname, 'readiness.yaml');
export const REVIEW_DAY = '2026-11-29';
export const readinessReview: ReadinessReviewProps = reviewPropsFromFile(
  readReadinessFile(readFileSync(READINESS_FILE, 'utf8'), 'examples/readiness.yaml'),
  ReadinessPack.seedChecklist(),
  REVIEW_DAY,
);

/** What a service's workload is: the same for the cdk8s-plus Deployment and the Pulumi one. */
export interface ExampleWorkload {
  /** Service name: the Deployment's name and its `app.kubernetes.io/name` label. */
  readonly service: string;
  /** Namespace. */
  readonly namespace: string;
  /** Container image. */
  readonly image: string;
  /** Replicas. */
  readonly replicas: number;
  /** Port of the API. */
  readonly port: number;
  /** Port of /metrics, named `http-metrics` for the ServiceMonitor. */
  readonly metricsPort: number;
  /** CPU request, in millicores. */
  readonly cpuMillis: number;
  /** Memory request and limit, in MiB. */
  readonly memoryMebibytes: number;
  /** The Instrumentation (in the same namespace) that injects the Java agent. */
  readonly instrumentation: string;
  /** Namespace whose pods call the API (the ingress controller). */
  readonly callersNamespace: string;
}

/** The seed's user-authentication service as it runs: 3 replicas, sized by the load test. */
export const userAuthenticationWorkload: ExampleWorkload = {
  service: 'user-authentication',
  namespace: 'identity',
  image: 'ghcr.io/example/user-authentication:1.14.2',
  replicas: 3,
  port: 8080,
  metricsPort: 9090,
  cpuMillis: 250,
  memoryMebibytes: 512,
  instrumentation: 'user-authentication',
  callersNamespace: 'ingress-nginx',
};

/** The seed's payment-service as it runs. */
export const paymentServiceWorkload: ExampleWorkload = {
  service: 'payment-service',
  namespace: 'payments',
  image: 'ghcr.io/example/payment-service:3.2.0',
  replicas: 3,
  port: 8080,
  metricsPort: 9090,
  cpuMillis: 500,
  memoryMebibytes: 1024,
  instrumentation: 'payment-service',
  callersNamespace: 'ingress-nginx',
};

/** Labels of a workload's pods, Service and disruption budget. */
export const workloadLabels = (w: ExampleWorkload) => ({ 'app.kubernetes.io/name': w.service });

/** The pod annotation that has the OpenTelemetry operator inject its Java agent. */
export const tracingAnnotations = (w: ExampleWorkload) => ({ 'instrumentation.opentelemetry.io/inject-java': w.instrumentation });

import { Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-34';
import { Construct } from 'constructs';
import { ExampleWorkload, tracingAnnotations, workloadLabels } from '../readiness';

/**
 * A service's workload with cdk8s-plus, the way the example's users declare theirs: a Deployment with
 * probes and resources, its Service (the ServiceMonitor scrapes `http-metrics`), a NetworkPolicy that lets
 * in only the ingress controller and Prometheus, and a PodDisruptionBudget.
 */
export class ServiceWorkload extends Construct {
  /** The Deployment. */
  public readonly deployment: kplus.Deployment;

  constructor(scope: Construct, id: string, w: ExampleWorkload) {
    super(scope, id);
    const labels = workloadLabels(w);
    this.deployment = new kplus.Deployment(this, 'deployment', {
      metadata: { name: w.service, labels },
      replicas: w.replicas,
      podMetadata: { labels, annotations: tracingAnnotations(w) },
      containers: [
        {
          name: 'app',
          image: w.image,
          ports: [
            { number: w.port, name: 'http' },
            { number: w.metricsPort, name: 'http-metrics' },
          ],
          readiness: kplus.Probe.fromHttpGet('/ready', { port: w.port }),
          liveness: kplus.Probe.fromHttpGet('/healthz', { port: w.port, failureThreshold: 6 }),
          resources: {
            cpu: { request: kplus.Cpu.millis(w.cpuMillis) },
            memory: { request: Size.mebibytes(w.memoryMebibytes), limit: Size.mebibytes(w.memoryMebibytes) },
          },
        },
      ],
    });
    new kplus.Service(this, 'service', {
      metadata: { name: w.service, labels },
      selector: this.deployment,
      ports: [
        { name: 'http', port: 80, targetPort: w.port },
        { name: 'http-metrics', port: w.metricsPort, targetPort: w.metricsPort },
      ],
    });
    new kplus.NetworkPolicy(this, 'network-policy', {
      metadata: { name: w.service },
      selector: this.deployment,
      ingress: {
        rules: [
          { peer: kplus.Namespaces.select(this, 'callers', { names: [w.callersNamespace] }), ports: [kplus.NetworkPolicyPort.tcp(w.port)] },
          { peer: kplus.Namespaces.select(this, 'prometheus', { names: ['monitoring'] }), ports: [kplus.NetworkPolicyPort.tcp(w.metricsPort)] },
        ],
      },
    });
    new kplus.k8s.KubePodDisruptionBudget(this, 'disruption-budget', {
      metadata: { name: w.service },
      spec: { maxUnavailable: kplus.k8s.IntOrString.fromNumber(1), selector: { matchLabels: labels } },
    });
  }
}

import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { ExampleWorkload, tracingAnnotations, workloadLabels } from '../readiness';

/**
 * The same workload as the cdk8s example's ServiceWorkload, with @pulumi/kubernetes: a Deployment with
 * probes and resources, its Service, a NetworkPolicy that lets in only the ingress controller and
 * Prometheus, and a PodDisruptionBudget.
 */
export class ServiceWorkload extends pulumi.ComponentResource {
  constructor(name: string, w: ExampleWorkload, opts?: pulumi.ComponentResourceOptions) {
    super('examples:index:ServiceWorkload', name, {}, opts);
    const labels = workloadLabels(w);
    const metadata = { name: w.service, namespace: w.namespace, labels };
    const parent = { parent: this };
    new k8s.apps.v1.Deployment(`${name}-deployment`, {
      metadata,
      spec: {
        replicas: w.replicas,
        selector: { matchLabels: labels },
        template: {
          metadata: { labels, annotations: tracingAnnotations(w) },
          spec: {
            automountServiceAccountToken: false,
            securityContext: { runAsNonRoot: true },
            containers: [
              {
                name: 'app',
                image: w.image,
                ports: [
                  { containerPort: w.port, name: 'http' },
                  { containerPort: w.metricsPort, name: 'http-metrics' },
                ],
                readinessProbe: { httpGet: { path: '/ready', port: w.port } },
                livenessProbe: { httpGet: { path: '/healthz', port: w.port }, failureThreshold: 6 },
                resources: { requests: { cpu: `${w.cpuMillis}m`, memory: `${w.memoryMebibytes}Mi` }, limits: { memory: `${w.memoryMebibytes}Mi` } },
                securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, runAsNonRoot: true },
              },
            ],
          },
        },
      },
    }, parent);
    new k8s.core.v1.Service(`${name}-service`, {
      metadata,
      spec: {
        selector: labels,
        ports: [
          { name: 'http', port: 80, targetPort: w.port },
          { name: 'http-metrics', port: w.metricsPort, targetPort: w.metricsPort },
        ],
      },
    }, parent);
    const from = (ns: string, port: number) => ({ from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': ns } } }], ports: [{ port, protocol: 'TCP' }] });
    new k8s.networking.v1.NetworkPolicy(`${name}-network-policy`, {
      metadata: { name: w.service, namespace: w.namespace },
      spec: { podSelector: { matchLabels: labels }, policyTypes: ['Ingress'], ingress: [from(w.callersNamespace, w.port), from('monitoring', w.metricsPort)] },
    }, parent);
    new k8s.policy.v1.PodDisruptionBudget(`${name}-disruption-budget`, {
      metadata: { name: w.service, namespace: w.namespace },
      spec: { maxUnavailable: 1, selector: { matchLabels: labels } },
    }, parent);
    this.registerOutputs({});
  }
}

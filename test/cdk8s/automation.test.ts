import { Chart, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-34';
import { AutoscalingDefinition, AutoscalingProps, Duration, MemoryPolicy, SpecError } from 'sre-constructs';
import { Autoscaling, CertificateRenewal, LogPolicy } from 'sre-constructs/cdk8s';
import { schemaErrors } from '../support/schema';

const props: AutoscalingProps = {
  workload: { name: 'checkout' },
  namespace: 'shop',
  horizontal: { minReplicas: 2, maxReplicas: 12, requestsPerPod: { service: 'checkout', capacity: 40 }, scaleDown: { stabilizationWindow: Duration.minutes(10) } },
  memory: MemoryPolicy.recommend(),
};

describe('cdk8s automation and logging constructs', () => {
  test('build the HPA with cdk8s-plus, rendering exactly what the core renders, and emit objects valid against their schemas', () => {
    const chart = new Chart(Testing.app(), 'shop', { namespace: 'shop' });
    new Autoscaling(chart, 'autoscaling', props);
    new CertificateRenewal(chart, 'tls', { name: 'checkout', dnsNames: ['shop.example.com'], issuer: { name: 'letsencrypt' } });
    new LogPolicy(chart, 'logs', { name: 'logs', retention: { hot: Duration.days(7), warm: Duration.days(30), cold: Duration.days(365) }, exporters: { 'otlphttp/loki': { endpoint: 'http://loki:3100/otlp' } } });
    const manifests = Testing.synth(chart);
    expect(manifests.map((m) => m.kind)).toEqual(['HorizontalPodAutoscaler', 'VerticalPodAutoscaler', 'PrometheusRule', 'Certificate', 'OpenTelemetryCollector', 'PodMonitor', 'PrometheusRule']);
    for (const m of manifests) expect({ kind: m.kind, errors: schemaErrors(m) }).toEqual({ kind: m.kind, errors: [] });
    const core = AutoscalingDefinition.create(props).horizontalPodAutoscaler()!;
    expect(manifests[0]).toEqual(JSON.parse(JSON.stringify(core)));
  });

  test('take over the replica count of a cdk8s-plus Deployment they scale', () => {
    const chart = new Chart(Testing.app(), 'shop', { namespace: 'shop' });
    const deployment = new kplus.Deployment(chart, 'checkout', { metadata: { name: 'checkout' }, containers: [{ image: 'shop/checkout:1.0', portNumber: 8080 }] });
    const scaling = new Autoscaling(chart, 'autoscaling', { ...props, workload: deployment });
    expect(scaling.definition.workload).toEqual({ kind: 'Deployment', name: 'checkout' });
    const manifests = Testing.synth(chart);
    const synthesized = manifests.find((m) => m.kind === 'Deployment')!;
    expect(synthesized.spec.replicas).toBeUndefined();
    expect(manifests.find((m) => m.kind === 'HorizontalPodAutoscaler')!.spec.scaleTargetRef).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', name: 'checkout' });
  });

  test('emit nothing when the spec is wrong, naming the construct path', () => {
    const chart = new Chart(Testing.app(), 'shop');
    expect(() => new Autoscaling(chart, 'autoscaling', { ...props, horizontal: { minReplicas: 5, maxReplicas: 2 } })).toThrow(SpecError);
    expect(() => new Autoscaling(chart, 'autoscaling', { ...props, horizontal: { minReplicas: 5, maxReplicas: 2 } })).toThrow(/^shop\/autoscaling: horizontal\.minReplicas \(5\) is above maxReplicas \(2\)/);
    expect(() => new CertificateRenewal(chart, 'tls', { name: 'checkout', dnsNames: ['shop.example.com'], issuer: { name: 'letsencrypt' }, renewBefore: Duration.days(100) })).toThrow(/^shop\/tls: renewBefore \("100d"\) is not shorter than the certificate's duration/);
    expect(Testing.synth(chart)).toEqual([]);
  });
});

import * as pulumi from '@pulumi/pulumi';
import { DashboardDelivery, KubernetesManifest, Objective, Sli, SloServiceProps, SpecError } from 'sre-constructs';
import {
  BurnRateAlerts,
  MetadataArgs,
  RedDashboard,
  ResourceAlerts,
  ServiceMonitoring,
  SloDashboard,
  SloService,
  Tracing,
  UseDashboard,
} from 'sre-constructs/pulumi';
import { requireNamespace } from '../../lib/common/names';
import { requireScrapeSelector } from '../../lib/monitoring/service-monitoring';
import { requireEndpoint } from '../../lib/monitoring/tracing';
import { PendingInputs } from '../../lib/pulumi/inputs';
import { RegisteredResource, registerOffline } from '../../scripts/pulumi-offline';
import { schemaErrors } from '../support/schema';

const slos: SloServiceProps = {
  service: 'checkout',
  alerting: false,
  slos: [{ name: 'availability', sli: Sli.availability({ requests: 'http_requests_total{job="checkout"}' }), objective: Objective.percent(99.9) }],
};

/** What each component's objects carry: the same values, once plain and once as Inputs that resolve later. */
interface References {
  readonly metadata: MetadataArgs;
  readonly selector: pulumi.Input<Readonly<Record<string, pulumi.Input<string>>>>;
  readonly appNamespace: pulumi.Input<string>;
  readonly collector: pulumi.Input<string>;
}

const plain: References = {
  metadata: { namespace: 'shop', labels: { release: 'kube-prometheus-stack' }, annotations: { owner: 'team-shop' } },
  selector: { 'app.kubernetes.io/name': 'checkout' },
  appNamespace: 'apps',
  collector: 'http://otel-collector.observability:4317',
};

/** As a program would write them: from other resources (Outputs), Promises, and Outputs inside maps. */
function late(): References {
  const ns = pulumi.output('shop');
  return {
    metadata: { namespace: ns, labels: pulumi.output({ release: 'kube-prometheus-stack' }), annotations: { owner: Promise.resolve('team-shop') } },
    selector: { 'app.kubernetes.io/name': pulumi.output('checkout') },
    appNamespace: pulumi.output('apps'),
    collector: pulumi.interpolate`http://${pulumi.output('otel-collector')}.observability:4317`,
  };
}

interface Program {
  readonly components: pulumi.ComponentResource[];
  /** The core's rendering of each registered object, by Pulumi resource name. */
  readonly rendered: () => Record<string, KubernetesManifest | object>;
}

function program(refs: References): Program {
  const { metadata } = refs;
  const service = new SloService('checkout', { ...slos, metadata });
  const alerts = new BurnRateAlerts('checkout-alerts', { service, metadata });
  const monitoring = new ServiceMonitoring('checkout-red', {
    service: 'checkout',
    requests: 'http_requests_total{job="checkout"}',
    histogram: 'http_request_duration_seconds_bucket{job="checkout"}',
    scrape: { selector: refs.selector, port: 'metrics', namespaces: [refs.appNamespace], metadata },
    metadata,
  });
  const resources = new ResourceAlerts('shop', { name: 'shop', metadata });
  const tracing = new Tracing('shop-tracing', { endpoint: refs.collector, metadata });
  const sloDashboard = new SloDashboard('checkout-slo', { service, metadata });
  const operator = DashboardDelivery.grafanaOperator({ instanceSelector: { dashboards: 'grafana' } });
  const redDashboard = new RedDashboard('checkout-red', { monitoring, delivery: operator, metadata });
  const useDashboard = new UseDashboard('checkout-use', { workload: 'checkout', namespace: 'apps', resourceAlerts: resources, metadata });
  return {
    components: [service, alerts, monitoring, resources, tracing, sloDashboard, redDashboard, useDashboard],
    rendered: () => ({
      'checkout-prometheus-rule': service.definition.prometheusRule(),
      'checkout-alerts-prometheus-rule': alerts.definition.prometheusRule(),
      'checkout-red-servicemonitor': monitoring.definition.scrapeManifest()!,
      'checkout-red-prometheus-rule': monitoring.definition.prometheusRule(),
      'shop-prometheus-rule': resources.definition.prometheusRule(),
      'shop-tracing-instrumentation': tracing.definition.instrumentation(),
      'checkout-slo-dashboard': sloDashboard.definition.manifest(),
      'checkout-red-dashboard': redDashboard.definition.manifest(),
      'checkout-use-dashboard': useDashboard.definition.manifest(),
    }),
  };
}

const objects = (resources: RegisteredResource[]) =>
  Object.fromEntries(resources.filter((r) => r.type.startsWith('kubernetes:')).map((r) => [r.name, r.inputs as Record<string, any>]));

describe('Pulumi components take Inputs for what lands in metadata or names another resource', () => {
  let fromPlain: Record<string, Record<string, any>>;
  let fromLate: Record<string, Record<string, any>>;
  let rendered: Record<string, object>;

  beforeAll(async () => {
    let plainProgram: Program | undefined;
    fromPlain = objects(await registerOffline(() => (plainProgram = program(plain)).components));
    rendered = plainProgram!.rendered();
    fromLate = objects(await registerOffline(() => program(late()).components));
  });

  test('plain values register exactly the core rendering, object by object', () => {
    expect(Object.keys(fromPlain).sort()).toEqual(Object.keys(rendered).sort());
    for (const [name, manifest] of Object.entries(rendered)) {
      expect({ name, inputs: fromPlain[name] }).toEqual({ name, inputs: JSON.parse(JSON.stringify(manifest)) });
    }
  });

  test('Outputs and Promises land in every object: the same objects as the plain values give, valid against their schemas', () => {
    expect(Object.keys(fromLate).sort()).toEqual(Object.keys(fromPlain).sort());
    for (const [name, inputs] of Object.entries(fromLate)) {
      expect({ name, inputs }).toEqual({ name, inputs: fromPlain[name] });
      expect({ name, namespace: inputs.metadata.namespace, release: inputs.metadata.labels.release, owner: inputs.metadata.annotations.owner }).toEqual({
        name,
        namespace: 'shop',
        release: 'kube-prometheus-stack',
        owner: 'team-shop',
      });
      expect({ name, errors: schemaErrors(inputs as never) }).toEqual({ name, errors: [] });
    }
  });

  test('the scrape object selects and looks where the Outputs say, and the collector endpoint is the interpolated one', () => {
    const monitor = fromLate['checkout-red-servicemonitor'];
    expect(monitor.spec.selector).toEqual({ matchLabels: { 'app.kubernetes.io/name': 'checkout' } });
    expect(monitor.spec.namespaceSelector).toEqual({ matchNames: ['apps'] });
    expect(fromLate['shop-tracing-instrumentation'].spec.exporter).toEqual({ endpoint: 'http://otel-collector.observability:4317' });
  });
});

describe('a value that arrives late is checked as a plain one is, with the same message', () => {
  test('a scrape namespace', () => {
    const pending = PendingInputs.fromMetadata(undefined, 'checkout-red');
    const standIn = pending.value(pulumi.output('later'), (value, place) => requireNamespace(place.at('scrape'), 'namespaces[0]', value));
    expect(pending.fill({ matchNames: [standIn] }, ['apps'], [])).toEqual({ matchNames: ['apps'] });
    expect(() => pending.fill({ matchNames: [standIn] }, ['Apps_Prod'], [])).toThrow(
      /^checkout-red: scrape\.namespaces\[0\] \("Apps_Prod"\) is not a valid namespace\. Use lowercase letters/,
    );
  });

  test('a scrape selector that resolves empty would scrape everything, and is refused', () => {
    const pending = PendingInputs.fromMetadata(undefined, 'checkout-red');
    const standIn = pending.labels(pulumi.output({}), (value, place) => requireScrapeSelector(place.at('scrape'), value));
    expect(pending.fill({ matchLabels: standIn }, [], [{ app: 'checkout' }])).toEqual({ matchLabels: { app: 'checkout' } });
    expect(() => pending.fill({ matchLabels: standIn }, [], [{}])).toThrow(/^checkout-red: scrape\.selector \(\{\}\) is empty, which would scrape every Service/);
  });

  test('an endpoint stands in as an URL for the core and is swapped whole', () => {
    const pending = PendingInputs.fromMetadata(undefined, 'shop-tracing');
    const standIn = pending.url(pulumi.output('later'), (value, place) => requireEndpoint(place, 'endpoint', value));
    expect(() => new URL(standIn)).not.toThrow();
    expect(pending.fill({ exporter: { endpoint: standIn } }, ['http://collector:4317'], [])).toEqual({ exporter: { endpoint: 'http://collector:4317' } });
    expect(() => pending.fill({ exporter: { endpoint: standIn } }, ['collector:4317 '], [])).toThrow(/^shop-tracing: endpoint \("collector:4317 "\) is not an http\(s\) URL/);
  });

  test('an Input that resolves to nothing is refused, never written as "undefined"', () => {
    const pending = PendingInputs.fromMetadata({ name: pulumi.output('checkout-slos'), namespace: pulumi.output('later') }, 'checkout');
    const rendered = { kind: 'PrometheusRule', metadata: pending.metadata };
    expect(pending.fill(rendered, ['checkout-slos', 'shop'], []).metadata).toEqual({ name: 'checkout-slos', namespace: 'shop' });
    expect(() => pending.fill(rendered, ['checkout-slos', undefined], [])).toThrow(/^checkout: metadata\.namespace \(not set\) is not a valid namespace/);
    expect(() => pending.fill(rendered, [undefined, 'shop'], [])).toThrow(/^checkout: metadata\.name \(not set\) is not a valid Kubernetes object name/);
  });

  test('a plain value that is wrong still fails at construction, before anything registers', async () => {
    const errors: unknown[] = [];
    const registered = await registerOffline(() => {
      for (const build of [
        () => new Tracing('t', { endpoint: 'otel-collector:4317' }),
        () => new ServiceMonitoring('m', { service: 'm', requests: 'r_total', histogram: 'h_bucket', scrape: { selector: {}, port: 'metrics' } }),
        () => new UseDashboard('u', { workload: 'w', namespace: 'apps', metadata: { namespace: 'Not Valid' } }),
      ]) {
        try {
          build();
        } catch (e) {
          errors.push(e);
        }
      }
      return [];
    });
    expect(errors.map((e) => (e as SpecError).message.split(' (')[0])).toEqual(['t: endpoint', 'm: scrape.selector', 'u: metadata.namespace']);
    expect(registered).toEqual([]);
  });
});

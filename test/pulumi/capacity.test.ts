import * as pulumi from '@pulumi/pulumi';
import { CapacityResource, SpecError } from 'sre-constructs';
import { CapacityDashboard, CapacityPlan } from 'sre-constructs/pulumi';
import { buildApp } from '../../examples/cdk8s/main';
import { RegisteredResource, promiseOf, registerOffline } from '../../scripts/pulumi-offline';
import { schemaErrors } from '../support/schema';

const props = { service: 'checkout', namespace: 'shop', runbookUrl: 'https://runbooks.example.com/capacity', resources: [CapacityResource.cpu()] };

describe('Pulumi CapacityPlan and CapacityDashboard', () => {
  let registered: RegisteredResource[];
  let plan: CapacityPlan;
  let dashboard: CapacityDashboard;

  beforeAll(async () => {
    registered = await registerOffline(() => {
      const namespace = pulumi.output('shop');
      plan = new CapacityPlan('checkout-capacity', { ...props, metadata: { namespace, labels: { release: pulumi.output('kube-prometheus-stack') } } });
      dashboard = new CapacityDashboard('checkout-capacity', { plan, metadata: { namespace: pulumi.output('monitoring') } });
      return [plan, dashboard];
    });
  });

  test('register a PrometheusRule and a ConfigMap, metadata from Inputs, valid against their schemas', () => {
    const objects = registered.filter((r) => r.type.startsWith('kubernetes:'));
    expect(objects.map((r) => r.type).sort()).toEqual(['kubernetes:core/v1:ConfigMap', 'kubernetes:monitoring.coreos.com/v1:PrometheusRule']);
    for (const r of objects) {
      const manifest = r.type === 'kubernetes:core/v1:ConfigMap' ? { apiVersion: 'v1', kind: 'ConfigMap', ...r.inputs } : r.inputs;
      expect(schemaErrors(manifest as never)).toEqual([]);
    }
    const rule = objects.find((r) => r.type.endsWith('PrometheusRule'))!.inputs as { metadata: { namespace: string; labels: Record<string, string> } };
    expect(rule.metadata).toMatchObject({ namespace: 'shop', labels: { release: 'kube-prometheus-stack' } });
    const map = objects.find((r) => r.type.endsWith('ConfigMap'))!.inputs as { metadata: { namespace: string } };
    expect(map.metadata.namespace).toBe('monitoring');
  });

  test('parent their children and register the headroom as an output', async () => {
    expect(await promiseOf(plan.prometheusRule.urn)).toMatch(/sre-constructs:index:CapacityPlan\$kubernetes:monitoring\.coreos\.com\/v1:PrometheusRule::checkout-capacity-prometheus-rule$/);
    expect(await promiseOf(dashboard.dashboard.urn)).toMatch(/sre-constructs:index:CapacityDashboard\$kubernetes:core\/v1:ConfigMap::checkout-capacity-dashboard$/);
    const component = registered.find((r) => r.type === 'sre-constructs:index:CapacityPlan');
    expect(component).toBeDefined();
    expect(plan.definition.headroom.percent).toBe(20);
  });

  test('a wrong plan throws before anything registers', async () => {
    let error: unknown;
    const resources = await registerOffline(() => {
      try {
        new CapacityPlan('bad', { ...props, resources: [] });
      } catch (e) {
        error = e;
      }
      return [];
    });
    expect(error).toBeInstanceOf(SpecError);
    expect((error as Error).message).toMatch(/^bad: resources \(\[\]\) is empty/);
    expect(resources).toEqual([]);
  });

  test('the Pulumi and cdk8s doors emit the same capacity rules and dashboard for the example', async () => {
    const resources = await registerOffline(async () => {
      const program = await import('../../examples/pulumi/index.js');
      return [program.capacity, program.capacityDashboard];
    });
    const fromCdk8s = buildApp().charts.flatMap((c) => c.toJson());
    const twins = resources
      .filter((r) => r.type.startsWith('kubernetes:') && r.name.startsWith('user-authentication-capacity'))
      .map((r) => r.inputs as { metadata: { name: string }; spec?: object; data?: object });
    expect(twins).toHaveLength(2);
    for (const p of twins) {
      const m = fromCdk8s.find((c) => c.metadata.name === p.metadata.name)!;
      expect(JSON.parse(JSON.stringify(p.spec ?? p.data))).toEqual(m.spec ?? m.data);
    }
  });
});

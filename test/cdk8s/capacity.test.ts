import { Testing } from 'cdk8s';
import { CapacityResource, SpecError } from 'sre-constructs';
import { CapacityDashboard, CapacityPlan } from 'sre-constructs/cdk8s';
import { buildApp } from '../../examples/cdk8s/main';
import { grafanaProblems } from '../support/grafana';
import { checkRules } from '../support/promtool';
import { schemaErrors } from '../support/schema';

const props = { service: 'checkout', namespace: 'shop', runbookUrl: 'https://runbooks.example.com/capacity', resources: [CapacityResource.cpu(), CapacityResource.volumes()] };

describe('cdk8s CapacityPlan and CapacityDashboard', () => {
  test('emit a PrometheusRule and a dashboard ConfigMap valid against their schemas', () => {
    const chart = Testing.chart();
    const plan = new CapacityPlan(chart, 'capacity', props);
    new CapacityDashboard(chart, 'capacity-dashboard', { plan, metadata: { namespace: 'monitoring' } });
    const manifests = Testing.synth(chart);
    expect(manifests.map((m) => `${m.kind} ${m.metadata.name}`)).toEqual(['PrometheusRule checkout-capacity', 'ConfigMap checkout-capacity-dashboard']);
    for (const m of manifests) expect(schemaErrors(m)).toEqual([]);
    expect(checkRules(manifests[0].spec).output).toMatch(/SUCCESS/);
    expect(grafanaProblems(JSON.parse(Object.values(manifests[1].data as Record<string, string>)[0]))).toEqual([]);
    expect(plan.definition.headroom.usableShare).toBeCloseTo(1 / 1.2, 9);
  });

  test('a wrong plan throws with the construct path before anything joins the tree', () => {
    const chart = Testing.chart();
    expect(() => new CapacityPlan(chart, 'capacity', { ...props, namespace: undefined })).toThrow(SpecError);
    expect(() => new CapacityPlan(chart, 'capacity', { ...props, namespace: undefined })).toThrow(/^test\/capacity: resources\[0\]\.kind \("cpu"\) needs the namespace/);
    expect(chart.node.children).toHaveLength(0);
  });

  test('the example carries the seed\'s capacity plan with its dashboard', () => {
    const manifests = buildApp().charts.flatMap((c) => c.toJson());
    const rule = manifests.find((m) => m.kind === 'PrometheusRule' && m.metadata.name === 'user-authentication-capacity')!;
    expect(rule.spec.groups[0].rules.filter((r: { alert?: string }) => r.alert === 'CapacityRunwayShort')).toHaveLength(6);
    expect(manifests.some((m) => m.kind === 'ConfigMap' && m.metadata.name === 'user-authentication-capacity-dashboard')).toBe(true);
  });
});

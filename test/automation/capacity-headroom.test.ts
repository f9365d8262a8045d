import { Chart, Testing } from 'cdk8s';
import * as pulumi from '@pulumi/pulumi';
import { AutoscalingDefinition, AutoscalingProps, CapacityPlanDefinition, CapacityPlanProps, CapacityResource, Headroom, SpecError } from 'sre-constructs';
import { Autoscaling as Cdk8sAutoscaling, CapacityPlan as Cdk8sCapacityPlan } from 'sre-constructs/cdk8s';
import { Autoscaling as PulumiAutoscaling, CapacityPlan as PulumiCapacityPlan } from 'sre-constructs/pulumi';
import { userAuthenticationAutoscaling, userAuthenticationCapacity } from '../../examples/user-authentication';
import { registerOffline } from '../../scripts/pulumi-offline';
import { evaluate, promtoolVersion } from '../support/promtool';

/**
 * The capacity plan's headroom drives the autoscaler: an Autoscaling takes the plan (its definition, or the
 * CapacityPlan of either door) where it takes `headroom`, and both read "20% headroom" the same way: demand ×
 * 1.2 must fit, so the HPA targets capacity ÷ 1.2.
 */
const plan = (percent: number): CapacityPlanProps => ({ ...userAuthenticationCapacity, headroom: Headroom.percent(percent) });
const targets = (props: AutoscalingProps) => {
  const h = AutoscalingDefinition.create(props).horizontal!;
  return { cpu: h.cpuTargetUtilization, requestsPerPod: h.requestsPerPod!.target };
};

beforeAll(() => {
  promtoolVersion();
});

test('the HPA targets follow the plan margin: 20% targets 83% of a pod, 50% targets 66%, no margin the whole pod', () => {
  expect(targets(userAuthenticationAutoscaling(CapacityPlanDefinition.create(plan(20))))).toEqual({ cpu: 83, requestsPerPod: 41.666 });
  expect(targets(userAuthenticationAutoscaling(CapacityPlanDefinition.create(plan(50))))).toEqual({ cpu: 66, requestsPerPod: 33.333 });
  expect(targets(userAuthenticationAutoscaling(CapacityPlanDefinition.create(plan(0))))).toEqual({ cpu: 100, requestsPerPod: 50 });
  // A plan and the same figure written by hand give the same HPA.
  expect(targets(userAuthenticationAutoscaling(CapacityPlanDefinition.create(plan(25))))).toEqual(targets(userAuthenticationAutoscaling(25)));
});

test('the autoscaler names the plan its headroom comes from', () => {
  const h = AutoscalingDefinition.create(userAuthenticationAutoscaling(CapacityPlanDefinition.create(userAuthenticationCapacity))).horizontal!;
  expect(h.headroom.source).toBe('the 20% headroom of capacity plan user-authentication');
  expect(h.headroom.headroom).toBe(CapacityPlanDefinition.create(userAuthenticationCapacity).headroom);
});

test.each([20, 50])('with %i%% headroom, the HPA target is the highest whole percent at which the plan\'s headroom alert stays quiet (promtool)', (percent) => {
  const capacity = CapacityPlanDefinition.create({ service: 'checkout', namespace: 'shop', runbookUrl: 'https://runbooks.example.com/capacity', headroom: Headroom.percent(percent), resources: [CapacityResource.cpu()] });
  const cpu = AutoscalingDefinition.create({ ...userAuthenticationAutoscaling(capacity), horizontal: { minReplicas: 1, maxReplicas: 4, headroom: capacity } }).horizontal!.cpuTargetUtilization!;
  const alert = capacity
    .ruleGroups()
    .flatMap((g) => g.rules as Array<{ alert?: string; expr: string }>)
    .find((r) => r.alert === 'CapacityHeadroomExhausted')!;
  const utilisation = (share: number) => ({ series: 'capacity:utilisation:ratio{service="checkout", resource="cpu"}', values: `${share}x10` });
  const fires = (share: number) => evaluate({ groups: [] }, [utilisation(share)], [{ expr: `count(${alert.expr})`, atMinute: 5 }])[0] === 1;
  expect(fires(cpu / 100)).toBe(false);
  expect(fires((cpu + 1) / 100)).toBe(true);
});

test('the cdk8s door: an Autoscaling takes the CapacityPlan construct, and its HPA changes with the plan margin', () => {
  const hpaTargets = (percent: number) => {
    const chart = new Chart(Testing.app(), 'identity', { namespace: 'identity' });
    const capacity = new Cdk8sCapacityPlan(chart, 'capacity', plan(percent));
    new Cdk8sAutoscaling(chart, 'autoscaling', userAuthenticationAutoscaling(capacity));
    const hpa = Testing.synth(chart).find((m) => m.kind === 'HorizontalPodAutoscaler')!;
    return hpa.spec.metrics.map((m: { resource?: { target: object }; external?: { target: object } }) => (m.resource ?? m.external)!.target);
  };
  expect(hpaTargets(20)).toEqual([{ type: 'Utilization', averageUtilization: 83 }, { type: 'AverageValue', averageValue: 41.666 }]);
  expect(hpaTargets(50)).toEqual([{ type: 'Utilization', averageUtilization: 66 }, { type: 'AverageValue', averageValue: 33.333 }]);
});

test('the Pulumi door: an Autoscaling takes the CapacityPlan component, and its HPA changes with the plan margin', async () => {
  const hpaTargets = async (percent: number) => {
    const registered = await registerOffline(() => {
      const capacity = new PulumiCapacityPlan(`capacity-${percent}`, { ...plan(percent), metadata: { namespace: pulumi.output('identity') } });
      return [capacity, new PulumiAutoscaling(`autoscaling-${percent}`, userAuthenticationAutoscaling(capacity))];
    });
    const hpa = registered.find((r) => r.type === 'kubernetes:autoscaling/v2:HorizontalPodAutoscaler')!;
    return (hpa.inputs.spec as { metrics: Array<{ resource?: { target: object }; external?: { target: object } }> }).metrics.map((m) => (m.resource ?? m.external)!.target);
  };
  expect(await hpaTargets(20)).toEqual([{ type: 'Utilization', averageUtilization: 83 }, { type: 'AverageValue', averageValue: 41.666 }]);
  expect(await hpaTargets(50)).toEqual([{ type: 'Utilization', averageUtilization: 66 }, { type: 'AverageValue', averageValue: 33.333 }]);
});

test('a margin beyond what an autoscaler accepts is refused, naming where it came from', () => {
  const wide = { service: 'checkout', headroom: Headroom.percent(500) };
  expect(() => AutoscalingDefinition.create({ ...userAuthenticationAutoscaling(wide) }, 'prod/autoscaling')).toThrow(SpecError);
  expect(() => AutoscalingDefinition.create({ ...userAuthenticationAutoscaling(wide) }, 'prod/autoscaling')).toThrow(/prod\/autoscaling: horizontal\.headroom .* is not a headroom from 0 to 400%/);
});

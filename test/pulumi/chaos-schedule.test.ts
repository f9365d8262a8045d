import * as pulumi from '@pulumi/pulumi';
import { ChaosScheduleDefinition, SloServiceDefinition, SpecError } from 'sre-constructs';
import { ChaosSchedule, SloService } from 'sre-constructs/pulumi';
import { paymentService, paymentServiceChaos } from '../../examples/payment-service';
import { RegisteredResource, promiseOf, registerOffline } from '../../scripts/pulumi-offline';
import { schemaErrors } from '../support/schema';

/** The Pulumi door: the core's manifests registered under one component, namespaces that may come from other resources. */
const slos = SloServiceDefinition.create(paymentService);
const kubernetes = (resources: RegisteredResource[]) => resources.filter((r) => r.type.startsWith('kubernetes:'));

describe('Pulumi ChaosSchedule', () => {
  let registered: RegisteredResource[];
  let component: ChaosSchedule;

  beforeAll(async () => {
    registered = await registerOffline(() => {
      const service = new SloService('payment-service', paymentService);
      component = new ChaosSchedule('payment-service-chaos', { ...paymentServiceChaos(service.definition), engine: 'litmus' });
      return [service, component];
    });
  });

  test('registers the engine objects, typed RBAC and the PrometheusRule, inputs equal to the core rendering', () => {
    const expected = ChaosScheduleDefinition.create({ ...paymentServiceChaos(slos), engine: 'litmus' }).manifests();
    const objects = kubernetes(registered).filter((r) => r.name.startsWith('payment-service-chaos'));
    expect(objects.map((r) => r.type).sort()).toEqual([
      'kubernetes:batch/v1:CronJob',
      'kubernetes:core/v1:ServiceAccount',
      'kubernetes:core/v1:ServiceAccount',
      'kubernetes:litmuschaos.io/v1alpha1:ChaosEngine',
      'kubernetes:monitoring.coreos.com/v1:PrometheusRule',
      'kubernetes:rbac.authorization.k8s.io/v1:Role',
      'kubernetes:rbac.authorization.k8s.io/v1:Role',
      'kubernetes:rbac.authorization.k8s.io/v1:RoleBinding',
      'kubernetes:rbac.authorization.k8s.io/v1:RoleBinding',
    ]);
    for (const m of expected) {
      const name = m.kind === 'PrometheusRule' ? 'payment-service-chaos-prometheus-rule' : `payment-service-chaos-${m.kind.toLowerCase()}-${m.metadata.name}`;
      const r = objects.find((o) => o.name === name)!;
      expect(r.inputs).toEqual(JSON.parse(JSON.stringify(m)));
      expect({ name, errors: schemaErrors(r.inputs as never) }).toEqual({ name, errors: [] });
    }
  });

  test('parents every object to the component and exposes the experiment card', async () => {
    const urns = await Promise.all(component.resources.map((r) => promiseOf(r.urn)));
    for (const urn of urns) expect(urn).toMatch(/::sre-constructs:index:ChaosSchedule\$kubernetes:/);
    expect(await promiseOf(component.card)).toContain('## network-latency');
  });

  test('a target namespace and label values from other resources land in metadata, selectors, the CronJob\'s arguments and the card', async () => {
    let schedule: ChaosSchedule | undefined;
    const resources = await registerOffline(() => {
      const base = paymentServiceChaos(slos);
      const namespace = pulumi.output('payments-staging');
      const team = Promise.resolve('payments-sre');
      schedule = new ChaosSchedule('chaos', { ...base, engine: 'litmus', labels: { team }, experiments: base.experiments.map((e) => ({ ...e, target: { ...e.target, namespace } })) });
      return [schedule];
    });
    const text = JSON.stringify(kubernetes(resources).filter((r) => r.type !== 'kubernetes:monitoring.coreos.com/v1:PrometheusRule').map((r) => r.inputs));
    expect(text).not.toMatch(/latevalue/);
    const engine = resources.find((r) => r.type.endsWith(':ChaosEngine'))!.inputs as { metadata: { namespace: string }; spec: { appinfo: { appns: string } } };
    expect(engine.metadata.namespace).toBe('payments-staging');
    for (const r of kubernetes(resources)) expect((r.inputs.metadata as { labels: Record<string, string> }).labels.team).toBe('payments-sre');
    expect(engine.spec.appinfo.appns).toBe('payments-staging');
    const cron = resources.find((r) => r.type.endsWith(':CronJob'))!.inputs as { spec: { jobTemplate: { spec: { template: { spec: { containers: Array<{ args: string[] }> } } } } } };
    expect(cron.spec.jobTemplate.spec.template.spec.containers[0].args).toContain('payments-staging');
    const binding = resources.find((r) => r.type.endsWith(':RoleBinding'))!.inputs as { subjects: Array<{ namespace: string }> };
    expect(binding.subjects[0].namespace).toBe('payments-staging');
    expect(await promiseOf(schedule!.card)).toContain('--namespace payments-staging');
  });

  test('a wrong spec throws before any resource is registered', async () => {
    let error: unknown;
    const resources = await registerOffline(() => {
      try {
        new ChaosSchedule('chaos', { ...paymentServiceChaos(slos), engine: 'litmus', experiments: [{ ...paymentServiceChaos(slos).experiments[0], abortUnless: [] }] });
      } catch (e) {
        error = e;
      }
      return [];
    });
    expect(error).toBeInstanceOf(SpecError);
    expect((error as Error).message).toMatch(/^chaos: experiments\[network-latency\]\.abortUnless \(\[\]\) is empty/);
    expect(resources).toEqual([]);
  });
});

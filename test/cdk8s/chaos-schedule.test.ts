import { Chart, Testing } from 'cdk8s';
import { ChaosScheduleDefinition, ChaosScheduleProps, SloServiceDefinition } from 'sre-constructs';
import { ChaosSchedule, SloService } from 'sre-constructs/cdk8s';
import { paymentService, paymentServiceChaos } from '../../examples/payment-service';
import { checkRules } from '../support/promtool';
import { schemaErrors } from '../support/schema';

/** The cdk8s door: the core's engine objects as ApiObjects, Litmus RBAC built with cdk8s-plus, the alerts' PrometheusRule. */
function synth(props: (slos: SloService) => ChaosScheduleProps) {
  const app = Testing.app();
  const chart = new Chart(app, 'payments', { namespace: 'payments', disableResourceNameHashes: true });
  const slos = new SloService(chart, 'slos', paymentService);
  const chaos = new ChaosSchedule(chart, 'chaos', props(slos));
  return { chaos, manifests: Testing.synth(chart).filter((m) => m.metadata.name !== 'payment-service-slos') };
}

/** A Role's rules as comparable strings (cdk8s-plus and the core write keys in different orders). */
function rules(role: { rules: Array<{ apiGroups: string[]; resources: string[]; verbs: string[]; resourceNames?: string[] }> }): string[] {
  return role.rules.map((r) => `${r.apiGroups.join()}|${r.resources.join()}|${r.resourceNames?.join() ?? ''}|${r.verbs.join()}`).sort();
}

test('Chaos Mesh: a Schedule and the PrometheusRule, valid, in the target namespace', () => {
  const { manifests } = synth((slos) => paymentServiceChaos(slos.definition));
  expect(manifests.map((m) => `${m.kind} ${m.metadata.namespace}/${m.metadata.name}`)).toEqual([
    'Schedule payments/payment-service-network-latency',
    'PrometheusRule payments/payment-service-chaos',
  ]);
  for (const m of manifests) expect(schemaErrors(m)).toEqual([]);
  expect(checkRules(manifests[1].spec).output).toMatch(/SUCCESS/);
});

test('Litmus: the RBAC cdk8s-plus builds is the RBAC the core renders for Pulumi and plain YAML', () => {
  const { chaos, manifests } = synth((slos) => ({ ...paymentServiceChaos(slos.definition), engine: 'litmus' }));
  expect(manifests.map((m) => m.kind).sort()).toEqual(['ChaosEngine', 'CronJob', 'PrometheusRule', 'Role', 'Role', 'RoleBinding', 'RoleBinding', 'ServiceAccount', 'ServiceAccount']);
  for (const m of manifests) expect({ kind: m.kind, errors: schemaErrors(m) }).toEqual({ kind: m.kind, errors: [] });
  const core = chaos.definition.rbacManifests();
  for (const expected of core) {
    const actual = manifests.find((m) => m.kind === expected.kind && m.metadata.name === expected.metadata.name)!;
    expect(actual.metadata).toMatchObject({ namespace: 'payments', labels: expected.metadata.labels });
    if (expected.kind === 'ServiceAccount') expect(actual.automountServiceAccountToken).toBe(true);
    if (expected.kind === 'Role') expect(rules(actual)).toEqual(rules(expected as never));
    if (expected.kind === 'RoleBinding') {
      expect(actual.roleRef).toEqual(expected.roleRef);
      expect(actual.subjects.map((s: { kind: string; name: string; namespace: string }) => [s.kind, s.name, s.namespace])).toEqual([['ServiceAccount', expected.metadata.name, 'payments']]);
    }
  }
  expect(chaos.serviceAccounts.map((a) => a.name)).toEqual(['payment-service-network-latency-runner', 'payment-service-network-latency-trigger']);
});

test('the same definition drives both: the engine objects are the core rendering', () => {
  const { manifests } = synth((slos) => paymentServiceChaos(slos.definition));
  const core = ChaosScheduleDefinition.create(paymentServiceChaos(SloServiceDefinition.create(paymentService)));
  expect(manifests[0]).toEqual(JSON.parse(JSON.stringify(core.chaosMeshSchedules()[0])));
});

test('with every experiment paused there is no PrometheusRule to emit', () => {
  const { chaos, manifests } = synth((slos) => ({ ...paymentServiceChaos(slos.definition), paused: { reason: 'error budget exhausted' } }));
  expect(manifests.map((m) => m.kind)).toEqual(['Schedule']);
  expect(chaos.prometheusRule).toBeUndefined();
  expect(manifests[0].metadata.annotations['experiment.chaos-mesh.org/pause']).toBe('true');
});
